"""Infection: fever and the risk factors for a spinal infection.

Reads fever and the extra infection_risk (spinal procedure, immunosuppression, injected drugs,
HIV). A fever that is over ("had the flu last month, fine now") does not count; answering the
fever question, an illness ("I've got a cold") or a raised temperature given as a number
("38.5") counts.

Follows clinical-reference §3.2 (infection: fever, shivers, feeling really unwell; risk factors).
Words: lexicon groups fever, risks, history_cues, patterns.temperature.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from .answers import topic
from .core import PATTERNS
from .trauma import FRACTURE_RISKS


def read(r) -> None:
    q = r.question
    resolved = {e.sent for e in r.ents if r.has_cue("history_cues.resolved", e.sent)
                or r.has_cue("history_cues.longstanding", e.sent)}
    fever = [e for e in r.pos("FEVER", ["fever"] + (["illness"] if q == "fever" else []))
             if e.sent not in resolved]
    temp = q == "fever" and temperature(r.text)
    denied = bool(r.neg("FEVER") or r.pos("FEVER", sents=resolved))
    topic(r, "fever", fever[0].sent if fever else (0 if temp else None), denied)
    for e in r.pos("RISK"):
        if e.value not in FRACTURE_RISKS:
            risks = r.extras.setdefault("infection_risk", [])
            if e.value not in risks:
                risks.append(e.value)


@lru_cache(maxsize=1)
def _temperatures() -> tuple:
    return tuple(re.compile(p) for p in lexicon.words(PATTERNS, "temperature"))


def temperature(text: str) -> bool:
    """A raised temperature given as a number ("38.5", "101 F")."""
    return any(p.search(text) for p in _temperatures())
