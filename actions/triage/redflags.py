"""Red flags on any subset of answers (clinical-reference §3, §5.1, §8).

One check per trigger id of red_flags.yml. Negated and long-standing symptoms arrive from the
interpreter as "no"; "unsure" never sets a flag (it adds the flag's safety net, see explain.py).
`final=True` is the end of the interview: an injury whose kind or whose patient's age is still
unknown is then read the more urgent way (§3.1 "if unclear, treat as new").
"""
from __future__ import annotations

from . import case as c
from .contract import YES_NO_QUESTIONS
from .knowledge import load
from .patterns import claudication_posture, matches

_NERVE_CHARACTERS = {"numbness", "tingling", "burning", "shooting", "weakness"}
_WEAKNESS = ("leg_weakness", "heel_walk_difficulty", "toe_walk_difficulty",
             "extras.foot_drop_described", "extras.knee_buckling", "extras.big_toe_weak",
             "extras.hip_flexion_weak", "extras.bilateral_weakness")
_BACK_ONLY_ZONES = {"back", "buttock", "hip"}


def leg_nerve_symptoms(case: dict) -> bool:
    """Radicular pain, numbness, tingling, weakness or walking difficulty in the leg (§8.3).

    False only when the answers show symptoms confined to the back or a non-nerve ache above
    the knee; unknown counts as true, since this bot's users come with leg symptoms.
    """
    if c.radicular(case) or set(c.items(case, "symptom_character")) & _NERVE_CHARACTERS:
        return True
    if any(c.yes(case, k) for k in _WEAKNESS):
        return True
    known = load().regions
    regs = [known[r] for r in c.regions(case)]
    if any(r.below_knee for r in regs):
        return True
    if regs and {r.zone for r in regs} <= _BACK_ONLY_ZONES:
        return False
    return not (regs and c.items(case, "symptom_character"))


def _bilateral_radicular(case: dict, final: bool) -> bool:
    if c.yes(case, "extras.bilateral_radicular_recent"):
        recent = True
    elif c.both_sides(case) and c.radicular(case):
        weeks = c.number(case, "symptom_duration")
        recent = weeks is None or weeks <= load().thresholds["bilateral_radicular_max_weeks"]
    else:
        return False
    return recent and not (claudication_posture(case) or matches(case, "peripheral_neuropathy")
                           or matches(case, "vascular_claudication"))


def _fracture_risk(case: dict) -> bool:
    age = c.number(case, "age")
    return (c.yes(case, "extras.osteoporosis") or c.yes(case, "extras.long_term_steroids")
            or (age is not None and age >= load().thresholds["fracture_age"]))


def _trauma_kind(case: dict):
    return c.get(case, "extras.trauma_kind") if c.yes(case, "recent_trauma") else "none"


def fracture_pending(case: dict) -> bool:
    """A minor injury without a known risk factor while the age is still unknown: ask age next."""
    return (_trauma_kind(case) == "minor" and not _fracture_risk(case)
            and not c.answered(case, "age"))


def _major(case: dict, final: bool) -> bool:
    kind = _trauma_kind(case)
    return kind == "major" or (final and kind is None)


def _minor(case: dict, final: bool) -> bool:
    if c.get(case, "extras.trauma_kind") == "strain":
        # a lifting or twisting strain counts as minor trauma only with a known risk factor (§8.2)
        return _fracture_risk(case)
    if _trauma_kind(case) != "minor":
        return False
    return _fracture_risk(case) or (final and c.number(case, "age") is None)


def _unresolved(case: dict, trigger_id: str) -> bool:
    """Whether the fracture trigger fired only because something stayed unknown."""
    if trigger_id == "major_trauma":
        return _trauma_kind(case) is None
    return trigger_id == "minor_trauma_risk" and not _fracture_risk(case)


_CHECKS = {
    "bladder_bowel": lambda k, f: c.yes(k, "bladder_bowel_change"),
    "saddle": lambda k, f: c.yes(k, "saddle_numbness"),
    "sexual": lambda k, f: c.yes(k, "extras.sexual_dysfunction"),
    "bilateral_radicular": _bilateral_radicular,
    "worsening": lambda k, f: c.yes(k, "weakness_worsening") or c.yes(k, "extras.worsening_weakness"),
    "bilateral": lambda k, f: c.yes(k, "extras.bilateral_weakness"),
    "heel_walk_or_described": lambda k, f: (c.yes(k, "heel_walk_difficulty")
                                            or c.yes(k, "extras.foot_drop_described")),
    "fever": lambda k, f: c.yes(k, "fever"),
    "cancer_with_nerve_symptoms": lambda k, f: c.yes(k, "cancer_history") and leg_nerve_symptoms(k),
    "cancer_back_only": lambda k, f: c.yes(k, "cancer_history") and not leg_nerve_symptoms(k),
    "weight_loss": lambda k, f: c.yes(k, "weight_loss"),
    "major_trauma": _major,
    "minor_trauma_risk": _minor,
    "calf_with_chest": lambda k, f: c.yes(k, "calf_swelling") and c.yes(k, "extras.chest_symptoms"),
    "calf_swelling": lambda k, f: c.yes(k, "calf_swelling"),
}

_ids = {t.id for flag in load().flags.values() for t in flag.triggers}
if _ids != set(_CHECKS):
    raise RuntimeError(f"red_flags.yml trigger ids and redflags.py checks differ: {sorted(_ids ^ set(_CHECKS))}")


def red_flags_now(case: dict, final: bool = False) -> list[dict]:
    """Flags raised by what is known now: dicts with name, level, reason, answers, source."""
    kn = load()
    out = []
    for flag in kn.flags.values():
        fired = [t for t in flag.triggers if _CHECKS[t.id](case, final)]
        if not fired:
            continue
        top = max(fired, key=lambda t: kn.rank(t.level))
        reason = top.reason
        if top.unresolved and _unresolved(case, top.id):
            reason = f"{reason} {top.unresolved}"
        answers = {k: c.get(case, k) for t in fired for k in t.answers if c.get(case, k) is not None}
        out.append({"name": flag.name, "level": top.level, "reason": reason, "answers": answers,
                    "triggers": [t.id for t in fired], "source": flag.sources})
    return sorted(out, key=lambda f: -kn.rank(f["level"]))


def unsure_flags(case: dict) -> list[str]:
    """Flags whose yes/no screening question was answered "not sure" (§3.1)."""
    return [flag.name for flag in load().flags.values()
            if any(k in YES_NO_QUESTIONS and c.unsure(case, k) for t in flag.triggers for k in t.answers)]
