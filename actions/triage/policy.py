"""Which contract questions are still worth asking, in order (the next-question policy).

Order: the cauda-equina and weakness screens, the other flag screens, then what the symptoms are,
the self-checks, posture, timing and background (the groups of questions.yml, in file order).
A question is skipped when it is answered (a "not sure" included) or cannot change the outcome.
After any red flag nothing is asked: the interview ends at once (§3.1).
"""
from __future__ import annotations

from . import case as c
from .knowledge import load
from .patterns import likely_pattern
from .redflags import fracture_pending, red_flags_now

_CALF_ZONES = {"calf"}
_CALF_REGIONS = {"leg", "back_leg"}  # whole leg or down the back of it: covers the calf


def _s1_territory(case: dict) -> bool:
    known = load().regions
    return any({"S1", "S2"} & set(known[r].core + known[r].also) for r in c.regions(case))


def _toe_walk(case: dict) -> bool:
    return _s1_territory(case) or c.yes(case, "leg_weakness") or not c.regions(case)


def _relieving(case: dict) -> bool:
    worse = c.get(case, "aggravating_posture")
    return (not isinstance(worse, list)
            or bool(set(worse) & set(load().claudication["aggravating_any"])))


def _calf(case: dict) -> bool:
    evidence = c.get(case, "extras.evidence") or {}
    return (bool(c.zones(case) & _CALF_ZONES) or bool(set(c.regions(case)) & _CALF_REGIONS)
            or "calf_swelling" in evidence)


def _diabetes(case: dict) -> bool:
    return c.both_sides(case) and "foot" in c.zones(case)


def _back_pain(case: dict) -> bool:
    return likely_pattern({**case, "back_pain": "yes"}) != likely_pattern({**case, "back_pain": "no"})


_WHEN = {
    "weakness_worsening": lambda k: c.yes(k, "leg_weakness"),
    "toe_walk_difficulty": _toe_walk,
    "relieving_posture": _relieving,
    "calf_swelling": _calf,
    "diabetes": _diabetes,
    "back_pain": _back_pain,
}


def next_questions(case: dict) -> list[str]:
    """Contract question names still worth asking, most important first; [] after a red flag."""
    if red_flags_now(case):
        return []
    order = list(load().questions)
    if fracture_pending(case):
        # a minor injury: age decides the fracture flag, so it comes right after the injury question
        order.remove("age")
        order.insert(order.index("recent_trauma") + 1, "age")
    return [q for q in order if not c.answered(case, q) and _WHEN.get(q, lambda k: True)(case)]
