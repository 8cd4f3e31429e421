"""Trauma: a recent injury, how hard it was, and the risk factors for a fracture.

Reads recent_trauma and the extras trauma_kind (major: a crash, a fall down the stairs or from a
height; minor: a slip, trip or fall from standing; strain: lifting or twisting, which is not
trauma), osteoporosis and long_term_steroids. A healed, long-past injury is not recent; "fell
asleep" is not a fall; "accidents" on the toilet are not injuries (the sphincter reader).

Follows clinical-reference §3.2 (fracture: major vs minor trauma, osteoporosis, long-term
steroids) and §8.4. Words: lexicon groups trauma, trauma_cues, risks, history_extra.
"""
from __future__ import annotations

from ..knowledge import load as load_knowledge
from .answers import topic
from .core import POSTURE_QUESTIONS, SELF_TESTS, Ent, words
from .sphincter import toilet_accidents

FRACTURE_RISKS = ("osteoporosis", "long_term_steroids")


def read(r) -> None:
    q = r.question
    if q != "bladder_bowel_change" and q not in SELF_TESTS:
        injury(r)
    for e in r.pos("RISK", FRACTURE_RISKS):
        r.extra(e.value, True, e.sent)


def false_entity(r, e: Ent) -> bool:
    """"fell asleep" is neither a fall nor numbness; "felt the chill of the seat" is no fever; a
    "slipped disc" is the name of a condition, not a slip."""
    if e.label == "TRAUMA" and e.value == "strain" and e.text.lower() in words("trauma_words", "places"):
        return True  # "a tumble in the garden": where, not gardening
    if e.label == "TRAUMA" and e.value == "major" and r.doc[e.start].lower_ in words("trauma_words", "where_words"):
        # "my knee buckles when I go down stairs": a flight of stairs is a place unless a fall
        # word comes before it ("went flying down the stairs", "fell all the way down the stairs")
        falls = words("trauma_words", "fall_verbs")
        sent = r.sents[r.sent_of[e.start]]
        if not any(t.lower_ in falls or t.lemma_ in falls for t in r.doc[max(sent.start, e.start - 6):e.start]):
            return True
    return any(c.key in ("trauma_cues.asleep", "trauma_cues.sensed", "trauma_cues.condition") and (c.start <= e.start < c.end or e.start <= c.start < e.end)
               for c in r.cues)


def injury(r) -> None:
    q = r.question
    if q in POSTURE_QUESTIONS:
        return
    onset = {c.sent for c in r.cues if c.key == "trauma_cues.onset"}
    strain_ok = q == "recent_trauma" or bool(onset)
    strain = [e for e in r.pos("TRAUMA", ["strain"]) if (q == "recent_trauma" or e.sent in onset)
              and not r.past(e, resolved=False)]
    if q == "recent_trauma":
        strain += r.pos("POSTURE", ["bending_forward"])
    hits = r.pos("TRAUMA", ["major", "minor"])
    accidents = toilet_accidents(r)
    hits += [e for e in r.pos("TRAUMA", ["unspecified"]) if e not in accidents
             and not (strain_ok and any(s.sent == e.sent for s in strain))]
    hits += fragile_strain(r, strain)
    hits += [Ent("TRAUMA", "minor", e.start, e.end, False, e.sent, e.text)
             for e in r.pos("WEAKNESS", ["foot_drop"]) if single_trip(r, e)]
    hits += [Ent("TRAUMA", "unspecified", e.start, e.end, False, e.sent, e.text)
             for e in r.pos("WEIGHT", ["loss"]) if fall_not_weight(r, e)]
    healed = [e for e in hits if r.past(e, resolved=False)]
    hits = [e for e in hits if e not in healed]
    if healed and not hits and q == "recent_trauma":
        r.set("recent_trauma", "no", healed[0].sent)
        return
    if hits:
        kind = kind_of(r, hits)
        if kind:
            r.extra("trauma_kind", kind, hits[0].sent)
        r.set("recent_trauma", "yes", hits[0].sent)
    elif strain:
        r.extra("trauma_kind", "strain", strain[0].sent)
        r.set("recent_trauma", "no", strain[0].sent)
    else:
        topic(r, "recent_trauma", None, bool(r.neg("TRAUMA")))


def fall_not_weight(r, e: Ent) -> bool:
    """"I fell off the last step of the bus": a weight phrase like "fallen off" with an object
    after it ("the", "a", "my" ...) is a fall, not weight coming off."""
    if e.label != "WEIGHT" or e.value != "loss" or r.doc[e.start].lemma_ not in ("fall", "come"):
        return False
    return e.end < len(r.doc) and r.doc[e.end].lower_ in words("trauma_words", "fall_objects")


def strain_risk(r) -> None:
    """A lifting or twisting strain counts as minor trauma (recent_trauma = yes) in someone with a
    fracture risk said in this message or known already: osteoporosis, long-term steroids, age 70
    or over (§8.2). Runs after the age is read."""
    if r.extras.get("trauma_kind") != "strain":
        return
    known = {**(r.case.get("extras") or {}), **r.extras}
    age = r.out.get("age", r.case.get("age"))
    old = isinstance(age, (int, float)) and age >= load_knowledge().thresholds["fracture_age"]
    if old or any(known.get(k) is True for k in FRACTURE_RISKS):
        r.set("recent_trauma", "yes")


def single_trip(r, e: Ent) -> bool:
    """"I tripped on a kerb and went down": one past trip is how they were hurt (minor trauma,
    §3.2), not the repeated tripping of a weak foot lift (§7 "keep tripping"). Tripping over one's
    own foot or toes is a foot drop sign even once."""
    if e.label != "WEAKNESS" or e.value != "foot_drop" or r.doc[e.start].lower_ not in words("trauma_words", "trip_past"):
        return False
    if {t.lower_ for t in r.doc[e.start:e.end]} & words("trauma_words", "own_feet"):
        return False
    return not r.has_cue("trauma_cues.habitual", e.sent)


def fragile_strain(r, strain: list) -> list:
    """"I felt a crack while lifting, I have osteoporosis": with fragile bones (osteoporosis,
    long-term steroids) a crack or snap felt during a strain is minor trauma, not a strain (§3.2)."""
    if not r.pos("RISK", FRACTURE_RISKS):
        return []
    return [Ent("TRAUMA", "minor", e.start, e.end, False, e.sent, e.text) for e in strain
            if r.has_cue("trauma_cues.crack", e.sent)]


def kind_of(r, hits):
    """major: a high-energy cue (crash, down the stairs, from a ladder); minor: a slip, trip or
    fall from standing; None: a bare "I had a fall" (the rules then take the safe side, §3.2)."""
    if any(e.value == "major" for e in hits):
        return "major"
    # "fell on the stairs" is high, "missed the bottom step" / "fell from standing" is not
    sents = {e.sent for e in hits}
    if any(r.has_cue("trauma_cues.height", n) and not r.has_cue("trauma_cues.low", n) for n in sents):
        return "major"
    if any(e.value == "minor" for e in hits) or any(r.has_cue("trauma_cues.low", n) for n in sents):
        return "minor"
    return None
