"""Triage level (clinical-reference §5): flags first, then the no-flag rules and §5.4 safety rules.

Returns the level and the ids of the triage.yml rules that set it, for the explanation.
"""
from __future__ import annotations

from . import case as c
from .knowledge import load
from .roots import DERMATOMAL, positive_tests


def _motor_deficit(case: dict) -> bool:
    return c.yes(case, "leg_weakness") or any(t.motor_deficit for t in positive_tests(case))


def _persistent(case: dict, pattern: str) -> bool:
    weeks = c.number(case, "symptom_duration")  # unknown counts as under the threshold (§5.3)
    return (pattern in DERMATOMAL and weeks is not None
            and weeks >= load().thresholds["duration_soon_weeks"])


def _under_16(case: dict) -> bool:
    age = c.number(case, "age")
    return age is not None and age < load().thresholds["child_age"]


# §5.2 rules apply only without a flag; §5.4 rules always.
_NO_FLAG = {
    "stable_motor_deficit": lambda k, p: _motor_deficit(k),
    "persistent_nerve_pain": _persistent,
    "vascular": lambda k, p: p == "vascular_claudication",
    "severe_pain": lambda k, p: c.yes(k, "extras.severe_pain"),
}
_ALWAYS = {
    "acute_limb_ischaemia": lambda k, p: c.yes(k, "extras.acute_limb_ischaemia"),
    "chronic_limb_ischaemia": lambda k, p: c.yes(k, "extras.chronic_limb_ischaemia"),
    "under_16": lambda k, p: _under_16(k),
}

_missing = (set(_NO_FLAG) | set(_ALWAYS) | {"routine"}) ^ set(load().rules)
if _missing:
    raise RuntimeError(f"triage.yml rules and triage.py checks differ: {sorted(_missing)}")


def triage(case: dict, flags: list, pattern: str) -> tuple[str, list]:
    """(level, ids of the triage.yml rules that apply); flags are red_flags_now() dicts."""
    kn = load()
    checks = dict(_ALWAYS) if flags else {**_NO_FLAG, **_ALWAYS}
    fired = [rid for rid, check in checks.items() if check(case, pattern)]
    levels = [f["level"] for f in flags] + [kn.rules[rid].level for rid in fired]
    if not levels:
        return "routine", ["routine"]
    return max(levels, key=kn.rank), fired
