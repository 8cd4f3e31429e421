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
from . import saddle
from .answers import topic
from .core import POSTURE_QUESTIONS, SELF_TESTS, SYMPTOM_QUESTIONS, Ent, words

THIGH_REGIONS = {"outer_thigh", "back_thigh", "inner_thigh", "thigh", "upper_front_thigh", "front_thigh",
                 "outside_leg", "inside_leg", "back_leg"}


def read(r) -> None:
    q = r.question
    if q in SELF_TESTS or q in POSTURE_QUESTIONS or q == "calf_swelling":
        return  # body words there are about the test, the posture or the other calf
    keep = None if q in SYMPTOM_QUESTIONS else r.symptom_sents()
    regions, sides = [], set()
    for e in r.pos("REGION", sents=keep) + buttock_words(r, keep):
        if e.value not in regions:
            regions.append(e.value)
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


def false_entity(r, e: Ent) -> bool:
    """Region words that name no region here: "the back of it" is not the lower back; "above the
    knee" marking where another region or the pain ends is not the lower front of the thigh."""
    if (e.label == "REGION" and e.value == "lower_back" and e.end < len(r.doc)
            and r.doc[e.end].lower_ in words("region_words", "part_of") and len(e.text.split()) == 2):
        return True
    return e.label == "REGION" and e.value == "lower_front_thigh" and knee_boundary(r, e)


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
    if not out and last.lower_ != last.lemma_ and last.lower_ not in words("side_words", "plural_not_both") \
            and last.lower_.endswith(plural):
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
