"""What the symptoms feel like; nerve pain down the leg; severe pain; pain at night.

Reads symptom_character and the extras radicular, severe_pain and night_pain. Outside the symptom
questions a feeling counts only in a sentence that also names a region. "Sharp" is shooting only
with a spreading word in the sentence, else plain pain; "hot" with swelling describes the calf.
Radicular: shooting, electric or burning pain with the leg, or pain travelling below the knee;
burning confined to the feet and calf cramp are not.

Follows clinical-reference §7 (glossary), §4.1 (how each pattern feels), §0 and §8.1 (radicular
pain), §5.2 rule 4 (severe pain) and §3.2 (night pain). Words: lexicon groups sensations,
travel, severity, night, character_words.
"""
from __future__ import annotations

from ..knowledge import load as load_knowledge
from .core import POSTURE_QUESTIONS, SELF_TESTS, SYMPTOM_QUESTIONS, words


def read(r) -> None:
    q = r.question
    if q in SELF_TESTS or q in POSTURE_QUESTIONS or q == "calf_swelling":
        return
    keep = None if q in SYMPTOM_QUESTIONS else symptom_regions_sents(r)
    values = []
    travel = {e.sent for e in r.pos("TRAVEL")}
    for e in r.pos("SENSATION", sents=keep):
        value = e.value
        if e.text in words("character_words", "sharp") and e.sent not in travel:
            value = "pain"
        if e.text in words("character_words", "hot") and r.pos("SWELLING", sents={e.sent}):
            continue  # "swollen and hot" describes the calf, not burning nerve pain
        if value not in values:
            values.append(value)
    if values:
        r.set("symptom_character", values)
    radicular(r, values)
    severe = r.pos("SEVERE", ["severe"])
    if severe:
        r.extra("severe_pain", True, severe[0].sent)
    night = r.pos("NIGHT", sents=r.symptom_sents() | ({0} if q is None else set()))
    if night:
        r.extra("night_pain", True, night[0].sent)


def symptom_regions_sents(r) -> set:
    return {e.sent for e in r.pos("REGION")} & r.symptom_sents()


def radicular(r, characters) -> None:
    """Nerve pain down the leg: shooting/electric/burning with the leg, or pain travelling
    below the knee (§0, §8.1). Burning confined to the feet and calf cramp are not."""
    known = load_knowledge().regions
    regions = set(r.out.get("symptom_location", [])) | set(r.case.get("symptom_location") or [])
    below = {x for x in regions if x in known and known[x].below_knee}
    feet_only = regions and all(x in known and known[x].zone in ("foot", "ankle") for x in regions)
    travel = r.pos("TRAVEL")
    sent = None
    if any(e.value == "sciatica" for e in travel):
        sent = next(e.sent for e in travel if e.value == "sciatica")
    elif {"shooting", "burning"} & set(characters) and (
            not feet_only and (travel or below or "leg" in regions)
            or any(t.lower_ in words("character_words", "descending") for e in travel for t in r.doc[e.start:e.end])):
        # "zapping all the way down to the foot": travelling down into the foot is not burning
        # confined to the feet
        sent = (travel or r.pos("SENSATION", ["shooting", "burning"]))[0].sent
    elif travel and below and not feet_only and set(characters) - {"cramping"}:
        sent = travel[0].sent
    if sent is not None:
        r.extra("radicular", True, sent)
