"""Where the symptoms are and on which side; back pain.

Reads symptom_location (region ids), symptom_side and back_pain. Outside the symptom questions a
region counts only in a sentence that describes symptoms; "bum" / "bottom" without altered
feeling is the buttock (the saddle reader decides); a region named in the plural ("my calves")
is on both sides; "above the knee" that marks where something ends is not the lower front of the
thigh; "the back of it" is not the lower back; "right down my leg" is not the right side.

Follows clinical-reference §1.1 and §1.3 (region map), §7 (glossary) and §8.1. Words: lexicon
groups regions, sides, region_words, side_words, grammar.
"""
from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from ..knowledge import load as load_knowledge
from . import saddle
from .answers import topic
from .core import PARTS, POSTURE_QUESTIONS, SELF_TESTS, SYMPTOM_QUESTIONS, Ent, part_named, words

THIGH_REGIONS = {"outer_thigh", "back_thigh", "inner_thigh", "thigh", "upper_front_thigh", "front_thigh",
                 "outside_leg", "inside_leg", "back_leg"}


def read(r) -> None:
    q = r.question
    if q in SELF_TESTS or q in POSTURE_QUESTIONS or q == "calf_swelling":
        return  # body words there are about the test, the posture or the other calf
    keep = None if q in SYMPTOM_QUESTIONS else r.symptom_sents()
    regions, sides = [], set()
    named = r.pos("REGION", sents=keep)
    for e in named + buttock_words(r, keep):
        if e in unaffected(r):
            continue  # "the left leg is my good one"
        value = exact(r, e)
        if value not in regions and not only_where(r, e, named):
            regions.append(value)
        sides |= sides_near(r, e)
    for e in r.pos("SIDE"):
        if q == "symptom_side" or q in SYMPTOM_QUESTIONS and e.sent in r.symptom_sents() \
                or keep is not None and e.sent in keep:
            if not intensifier(r, e):
                sides.add(e.value)
    if regions:
        r.set("symptom_location", regions)
    back = [e for e in r.pos("REGION", ["lower_back"]) if not r.past(e)]
    if "lower_back" in regions and (back or q != "back_pain"):
        topic(r, "back_pain", next(e.sent for e in r.ents if e.value == "lower_back"), False)
    elif q == "back_pain" and r.pos("REGION", ["lower_back"]):
        topic(r, "back_pain", None, True, True)  # "I had back pain last year but it went"
    elif q == "back_pain":
        topic(r, "back_pain", None, bool(r.neg("REGION", ["lower_back"])))
    side = "both" if "both" in sides or {"left", "right"} <= sides else next(iter(sides), None)
    if side:
        r.set("symptom_side", side)
    elif q == "symptom_side" and r.has_cue("answers.unsure"):
        r.set("symptom_side", "unsure")


# (part named, region named) -> the region that part is (regions.yml ids, clinical-reference §1.3)
EXACT = {
    ("inner", "knee"): "inner_knee", ("inner", "ankle"): "inner_ankle", ("inner", "shin"): "inner_shin",
    ("inner", "calf"): "inner_shin", ("inner", "thigh"): "inner_thigh", ("inner", "foot"): "inner_foot_edge",
    ("inner", "leg"): "inside_leg",
    ("outer", "knee"): "knee", ("outer", "shin"): "outer_shin", ("outer", "calf"): "outer_calf",
    ("outer", "ankle"): "outer_ankle", ("outer", "thigh"): "outer_thigh", ("outer", "foot"): "outer_foot_edge",
    ("outer", "leg"): "outside_leg",
    ("back", "thigh"): "back_thigh", ("back", "knee"): "back_knee", ("back", "leg"): "back_leg",
    ("front", "thigh"): "front_thigh", ("front", "knee"): "front_knee",
    ("top", "foot"): "top_of_foot", ("top", "front_thigh"): "upper_front_thigh",
    ("top", "thigh"): "upper_front_thigh", ("bottom", "foot"): "sole",
}


def exact(r, e: Ent) -> str:
    """The region a part word makes of a coarse region named with it, before ("the top bit of my
    foot", "high up at the front of my thigh") or after it ("my knee, on the inside", "round the
    ankle bone on the inside")."""
    if not any((p, e.value) in EXACT for p in PARTS):
        return e.value
    part = part_named(r, e, [p for p in PARTS if (p, e.value) in EXACT])
    return EXACT[part, e.value] if part else e.value


def only_where(r, e: Ent, named: list) -> bool:
    """"the toes on that foot", "the calf of my left leg": a coarse region that only says where
    the region named just before it lies adds nothing (its side still counts)."""
    if e.value not in ("foot", "leg", "thigh", "ankle"):
        return False
    fill = words("fillers") - words("region_words", "within")
    i = e.start - 1
    while i >= 0 and r.doc[i].lower_ in fill:
        i -= 1
    if i < 0 or r.doc[i].lower_ not in words("region_words", "within"):
        return False
    i -= 1
    while i >= 0 and (r.doc[i].lower_ in fill or r.doc[i].like_num):
        i -= 1
    zones = {x.value: load_knowledge().regions[x.value].zone for x in named if x.end == i + 1}
    return any(zone == e.value or e.value == "leg" and zone not in ("back", "buttock", "hip", "leg")
               for zone in zones.values())


def false_entity(r, e: Ent) -> bool:
    """Region words that name no region here: "the back of it" is not the lower back; "above the
    knee" marking where another region or the pain ends is not the lower front of the thigh; a
    side said to be unaffected ("the left's fine") adds nothing (§8.1; a region said so is left
    out of the location by read(), but still denies, e.g. a swollen calf); "top to bottom" is the
    whole length, not the buttock; "the back" or "bottom" naming the part of a region is neither
    the lower back nor the buttock."""
    if e.label == "SIDE" and e in unaffected(r):
        return True
    if e.label == "SADDLE" and whole_length(r, e):
        return True
    if (e.label == "REGION" and e.value == "lower_back" or e.label == "SADDLE") and part_word(r, e):
        return True
    if (e.label == "REGION" and e.value == "lower_back" and e.end < len(r.doc)
            and r.doc[e.end].lower_ in words("region_words", "part_of") and len(e.text.split()) == 2):
        return True
    if e.label == "REGION" and (measure(r, e) or landing_site(r, e)):
        return True
    return e.label == "REGION" and e.value == "lower_front_thigh" and knee_boundary(r, e)


def measure(r, e: Ent) -> bool:
    """"fell about eight feet", "a six-foot wall": feet after a number measure a height, unless
    they are the patient's own ("my two feet", "both feet")."""
    if e.value != "foot" or e.text not in words("region_words", "length_units"):
        return False
    i = e.start - 1
    while i >= 0 and r.doc[i].text in ("-", "‐"):
        i -= 1
    if i < 0 or not (r.doc[i].like_num or r.doc[i].lower_ in words("number_words", "units")):
        return False
    return i == 0 or r.doc[i - 1].lower_ not in words("grammar", "determiners") | words("side_words", "both")


def landing_site(r, e: Ent) -> bool:
    """"I tripped and went down on one knee": the part they landed on or hit is where they were
    hurt, not where the symptoms are, unless the message names it again."""
    i = e.start - 1
    fill = words("fillers") | words("grammar", "determiners")
    while i >= 0 and (r.doc[i].lower_ in fill or r.doc[i].lower_ in ("one", "both")):
        i -= 1
    if not any(c.key == "trauma_cues.landing" and c.end == i + 1 for c in r.cues):
        return False
    return not any(x.label == "REGION" and x.value == e.value and x.start != e.start for x in r.ents)


def part_word(r, e: Ent) -> bool:
    """"my knee, at the back", "the bottom part of my foot": "back" / "bottom" names the part of
    a region next to it, not the lower back or the buttock."""
    links, fill = words("region_words", "part_links"), words("fillers")
    nouns = words("region_words", "part_nouns")
    part = next((p for p in ("back", "bottom") if e.text.split()[-1] in words("region_words", p)), None)
    if part is None:
        return False
    j = e.end  # before the region: "the bottom part of my foot"
    while j < len(r.doc) and (r.doc[j].lower_ in fill or r.doc[j].lower_ in nouns):
        j += 1
    if any(x.label == "REGION" and x.start == j and (part, x.value) in EXACT for x in r.ents):
        return True
    i = e.start - 1  # after it: "my knee, at the back"
    while i >= 0 and r.doc[i].lower_ in fill and r.doc[i].lower_ not in links:
        i -= 1
    if i < 0 or r.doc[i].lower_ not in links:
        return False
    i -= 1
    while i >= 0 and (r.doc[i].lower_ in fill or r.doc[i].text == ","):
        i -= 1
    return any(x.label == "REGION" and x.end == i + 1 and (part, x.value) in EXACT for x in r.ents)


def whole_length(r, e: Ent) -> bool:
    """"top to bottom", "from top to the bottom": the whole length of a limb, not the buttock."""
    before = [t.lower_ for t in r.doc[max(0, e.start - 4):e.start]
              if t.lower_ not in words("grammar", "determiners")]
    return len(before) >= 2 and before[-1] in words("region_words", "span_link") \
        and before[-2] in words("region_words", "span_start")


def unaffected(r) -> set:
    """The sides and regions a phrase of side_cues.unaffected speaks of: in its clause, the side
    and the region nearest to it ("the right, the left's sweet", "my good leg's the left", "it's
    fine on the left but the right burns"). A one-word cue ("fine", "ok") speaks of what comes
    after it only through a preposition ("a fine tingling in my foot" does not deny the foot)."""
    if "regions.unaffected" in r.memo:
        return r.memo["regions.unaffected"]
    out = set()
    for c in r.cues:
        if c.key != "side_cues.unaffected":
            continue
        a, b = r.clause(c.start)
        # a one-word cue speaks of what follows it only through a preposition ("fine on the left")
        after = c.end - c.start > 1 or (c.end < len(r.doc) and r.doc[c.end].lower_ in words("side_words", "unaffected_through"))
        for label in ("SIDE", "REGION"):
            near = [(_distance(c, e), e) for e in r.ents if e.label == label and a <= e.start < b
                    and (after or e.start < c.end)]
            if near:
                out.add(min(near, key=lambda x: (x[0], x[1].start))[1])
    r.memo["regions.unaffected"] = out
    return out


def _distance(c, e: Ent) -> int:
    if e.end <= c.start:
        return c.start - e.end
    if e.start >= c.end:
        return e.start - c.end
    return 0


def knee_boundary(r, e: Ent) -> bool:
    """"above the knee" marks where another thigh region or the pain ends (§1.3): not the
    lower front of the thigh unless said so ("just above the knee", "front of my thigh ...")."""
    first = e.text.split()[0]
    near = words("region_words", "near_edge")
    if first not in words("region_words", "edge") | near or any(
            w in e.text for w in words("region_words", "not_edge")):
        return False
    sent = r.sents[r.sent_of[e.start]]
    other = any(x.label == "REGION" and x.value in THIGH_REGIONS and x.sent == r.sent_of[e.start]
                for x in r.ents)
    window = r.doc[max(sent.start, e.start - 5):e.start]
    bound = bool({t.lower_ for t in window} & words("region_words", "limits")) or any(
        t.lemma_ in words("region_words", "limit_lemmas") for t in window)
    if first in near:
        return bound and other
    return bound or other


@lru_cache(maxsize=1)
def _side_names() -> dict:
    """Side word -> side value, for the words a region phrase may carry ("left calf")."""
    return {w: side for side in ("left", "right", "both") for w in lexicon.words("side_words", side)}


def sides_near(r, e: Ent) -> set:
    """Sides named inside a region phrase or right before it, or "both" for a plural region."""
    names = _side_names()
    out = {names[t.lower_] for t in r.doc[e.start:e.end] if t.lower_ in names}
    for t in reversed(r.doc[max(0, e.start - 3):e.start]):
        if t.is_punct or t.lower_ in words("side_words", "stops"):
            break
        if t.lower_ in names:
            out.add(names[t.lower_])
    last = r.doc[e.end - 1]
    plural = tuple(words("grammar", "plural_endings") | words("grammar", "irregular_plurals"))
    # "back aches": a plural-looking verb after a region that has no pair is not two legs
    if not out and e.value not in words("side_words", "unpaired") and last.lower_ != last.lemma_ \
            and last.lower_ not in words("side_words", "plural_not_both") and last.lower_.endswith(plural):
        out.add("both")
    return out


def intensifier(r, e: Ent) -> bool:
    """"right down my leg", "right now": the word "right" that is not the right side."""
    nxt = r.doc[e.end].lower_ if e.end < len(r.doc) else ""
    return e.text in words("side_words", "intensifier") and nxt in words("side_words", "intensified")


def buttock_words(r, keep) -> list:
    """"bum"/"bottom" without altered feeling is the buttock, not the saddle (§7, §8.1)."""
    return [Ent("REGION", "buttock", e.start, e.end, False, e.sent, e.text)
            for e in r.pos("SADDLE", sents=keep)
            if e.text in words("saddle_words", "buttock") and not saddle.altered(r, e)]
