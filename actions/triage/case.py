"""Read facts from a case dict (docs/architecture.md) the same way in every rule module.

Keys are contract question names, or "extras.NAME" for a fact kept in case["extras"].
"""
from __future__ import annotations

from .knowledge import load


def get(case: dict, key: str):
    if key.startswith("extras."):
        return (case.get("extras") or {}).get(key[len("extras."):])
    return case.get(key)


def yes(case: dict, key: str) -> bool:
    """True when the answer is yes (or an extras fact is true)."""
    value = get(case, key)
    return value is True or value == "yes"


def unsure(case: dict, key: str) -> bool:
    return get(case, key) == "unsure" or key in ((case.get("extras") or {}).get("unsure") or [])


def answered(case: dict, key: str) -> bool:
    """Asked or told already (a "not sure" counts as an answer)."""
    return get(case, key) is not None or unsure(case, key)


def items(case: dict, key: str) -> list:
    value = get(case, key)
    return list(value) if isinstance(value, (list, tuple)) else []


def regions(case: dict) -> list:
    """Known region ids where the patient has symptoms (unknown ids are ignored)."""
    known = load().regions
    return [r for r in items(case, "symptom_location") if r in known]


def zones(case: dict) -> set:
    known = load().regions
    return {known[r].zone for r in regions(case)}


def number(case: dict, key: str):
    """A numeric answer (weeks, age) or None when unknown or "unsure"."""
    value = get(case, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def radicular(case: dict) -> bool:
    """Nerve-type pain down the leg: told by the interpreter, or a radicular character word."""
    chars = set(items(case, "symptom_character"))
    return yes(case, "extras.radicular") or bool(chars & set(load().radicular_characters))


def both_sides(case: dict) -> bool:
    return get(case, "symptom_side") == "both"
