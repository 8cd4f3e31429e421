"""Pattern recognition (clinical-reference §4.2): first match wins, in the order of patterns.yml."""
from __future__ import annotations

from . import case as c
from .knowledge import load


def claudication_posture(case: dict) -> bool:
    """Worse standing and/or walking AND better sitting and/or bending forward."""
    rule = load().claudication
    worse = set(c.items(case, "aggravating_posture"))
    better = set(c.items(case, "relieving_posture"))
    return bool(worse & set(rule["aggravating_any"])) and bool(better & set(rule["relieving_any"]))


def _neuropathy(case: dict, params: dict) -> bool:
    zones = c.zones(case)
    sensory = set(c.items(case, "symptom_character")) & set(load().sensory_characters)
    return (c.both_sides(case) and bool(zones & set(params["zones_required"]))
            and zones <= set(params["zones_allowed"]) and bool(sensory)
            and not claudication_posture(case))


def _vascular(case: dict, params: dict) -> bool:
    chars = c.items(case, "symptom_character")
    worse = c.items(case, "aggravating_posture")
    return (bool(c.zones(case) & set(params["zones"]))
            and (not chars or bool(set(chars) & set(params["characters"])))
            and params["aggravating"] in worse and params["not_aggravating"] not in worse
            and params["relieving"] in c.items(case, "relieving_posture"))


def _stenosis(case: dict, params: dict) -> bool:
    return claudication_posture(case)


def _disc(case: dict, params: dict) -> bool:
    known = load().regions
    regs = [known[r] for r in c.regions(case)]
    side = c.get(case, "symptom_side")
    if side == "both":
        # §4.2 note: two-leg radicular pain older than the 12-week window is treated as a disc.
        weeks = c.number(case, "symptom_duration")
        limit = load().thresholds["bilateral_radicular_max_weeks"]
        return c.radicular(case) and weeks is not None and weeks > limit
    return (any(r.below_knee or r.core for r in regs) or c.radicular(case))


def _nonspecific(case: dict, params: dict) -> bool:
    return True


_MATCH = {"peripheral_neuropathy": _neuropathy, "vascular_claudication": _vascular,
          "lumbar_stenosis": _stenosis, "disc_herniation": _disc, "nonspecific": _nonspecific}


def matches(case: dict, name: str) -> bool:
    """Whether the case meets one pattern's own requirements (ignoring the order)."""
    return _MATCH[name](case, load().pattern(name).params)


def likely_pattern(case: dict) -> str:
    return next(p.name for p in load().patterns if _MATCH[p.name](case, p.params))
