"""DVT and chest: a swollen calf, breathlessness or chest pain; limb ischaemia.

Reads calf_swelling and the extras chest_symptoms, acute_limb_ischaemia and
chronic_limb_ischaemia. Swelling counts about the calf or leg (the sentence names it, or the one
before did: "... your calf swell up? Mine's swollen"); puffy ankles on both sides, or for years,
without redness are not a DVT sign, nor is a swelling word placed on the foot or toes alone.

Follows clinical-reference §3.2 (dvt: calf swollen, red, warm or tender; breathless, chest pain,
coughing blood), §5.4 (acute and chronic limb ischaemia) and §8.5. Words: lexicon groups swelling,
chest, ischaemia, swelling_words, history_cues.
"""
from __future__ import annotations

from ..knowledge import load as load_knowledge
from .answers import topic
from .core import words
from .regions import sides_near


def read(r) -> None:
    q = r.question
    legs = {e.sent for e in r.pos("REGION") if e.value in ("calf", "leg", "outer_calf", "back_leg", "shin", "ankle")}
    # "... your calf swell up? Mine's swollen": the next sentence speaks of the calf named before
    legs |= {e.sent + 1 for e in r.named_places if e.value in ("calf", "leg", "outer_calf", "back_leg")}
    said = [e for e in r.pos("SWELLING") if q == "calf_swelling" or e.sent in legs]
    said = [e for e in said if not foot_only(r, e.sent)]  # neither yes nor no: asked again
    swelling = [e for e in said if not old_ankles(r, e.sent)]
    legs_fine = q == "calf_swelling" and r.neg("REGION", ["calf", "leg", "ankle", "shin"])
    topic(r, "calf_swelling", swelling[0].sent if swelling else None,
          bool(r.neg("SWELLING") or legs_fine), bool(said) and not swelling)
    chest = r.pos("CHEST")
    if chest:
        r.extra("chest_symptoms", True, chest[0].sent)
    for e in r.pos("ISCHAEMIA"):
        r.extra(f"{e.value}_limb_ischaemia", True, e.sent)


def foot_only(r, sent: int) -> bool:
    """A sentence that places its swelling word on the foot or toes alone ("the skin on my foot
    is shiny and a toe has gone black"): not the calf or leg of a DVT (§3.2 dvt; a shiny foot with
    a sore that will not heal is the ischaemia of §5.4)."""
    places = r.pos("REGION", sents={sent})
    return bool(places) and all(load_knowledge().regions[e.value].zone == "foot" for e in places)


def old_ankles(r, sent: int) -> bool:
    """Puffy ankles on both sides, or for years, without redness (§3.2 dvt, §8.5)."""
    red = words("swelling_words", "red")
    if any(e.text.startswith(w) for e in r.pos("SWELLING", sents={sent}) for w in red):
        return False
    places = r.pos("REGION", sents={sent})
    both_ankles = places and all(e.value in ("ankle", "foot") and "both" in sides_near(r, e)
                                 for e in places)
    return bool(both_ankles or r.has_cue("history_cues.longstanding", sent))
