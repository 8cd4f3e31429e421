"""Suspected nerve roots (clinical-reference §1.3, §1.4, §2).

The union of core and also roots of the symptom regions and of the positive self-tests, ordered
L1..S2, and only for the dermatomal patterns (disc_herniation, lumbar_stenosis).
"""
from __future__ import annotations

from . import case as c
from .contract import ROOTS
from .knowledge import load

DERMATOMAL = ("disc_herniation", "lumbar_stenosis")


def positive_tests(case: dict) -> list:
    """Self-tests (or described weaknesses) with a positive answer, as SelfTest entries."""
    return [t for t in load().self_tests.values() if any(c.yes(case, k) for k in t.answers)]


def root_sources(case: dict) -> list:
    """(source entry, its core roots, its also roots) for every region named and positive test."""
    known = load().regions
    return ([(known[r], known[r].core, known[r].also) for r in c.regions(case)]
            + [(t, t.core, t.also) for t in positive_tests(case)])


def suspected_roots(case: dict, pattern: str) -> list:
    if pattern not in DERMATOMAL:
        return []
    found = {root for _, core, also in root_sources(case) for root in core + also}
    return [r for r in ROOTS if r in found]
