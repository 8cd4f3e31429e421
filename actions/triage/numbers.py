"""Numbers, durations and ages in patient words ("sixty-eight", "a fortnight", "I'm 66").

Number words and duration units come from knowledge/lexicon.yml (groups numbers, duration_units,
duration_fixed, age_cues); durations are returned in weeks (clinical-reference §5.3).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon

TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?|/")
HALF = {"half"}
MIN_AGE, MAX_AGE = 1, 115


@lru_cache(maxsize=1)
def _tables():
    def table(group):
        return {tuple(p.split()): float(v) for v, ps in lexicon.load()[group].values.items()
                for p in ps}
    return table("numbers"), table("duration_units"), table("duration_fixed")


def tokens(text: str) -> list:
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", str(text).lower())
    return TOKEN.findall(text)


def _longest(toks, i, table):
    """(value, length) of the longest table phrase starting at toks[i], else (None, 0)."""
    for n in range(min(4, len(toks) - i), 0, -1):
        value = table.get(tuple(toks[i:i + n]))
        if value is not None:
            return value, n
    return None, 0


def read_number(toks: list, i: int):
    """(number, tokens used) at position i: "68", "sixty-eight", "a hundred and two", "a couple of"."""
    if i < len(toks) and re.fullmatch(r"\d+(?:\.\d+)?", toks[i]):
        return float(toks[i]), 1
    words, _, _ = _tables()
    total, j, seen = 0.0, i, False
    while j < len(toks):
        value, n = _longest(toks, j, words)
        if value is None:
            if seen and toks[j] == "and" and j + 1 < len(toks) and _longest(toks, j + 1, words)[0]:
                j += 1
                continue
            break
        if not seen:
            total = value
        elif value == 100:
            total *= 100
        elif value < 10 <= total and total % 10 == 0 or total >= 100 and total % 100 == 0:
            total += value  # "sixty" + "eight", "a hundred and" + "two"
        else:
            break
        seen, j = True, j + n
    return (total, j - i) if seen else (None, 0)


def number(text: str):
    """The first number in the text, in digits or words, or None."""
    toks = tokens(text)
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if n and (toks[i] not in ("a", "an") or n > 1):
            return value
    return None


def duration_weeks(text: str, bare_units: bool = False):
    """Weeks for the first duration in the text ("ten days" -> 1.43, "a year and a half" -> 78).

    bare_units: also read a unit without a number ("for months" = a couple of them), used when
    the patient is answering the duration question.
    """
    toks = tokens(text)
    _, units, fixed = _tables()
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if value is None and toks[i] in HALF and i + 1 < len(toks) and toks[i + 1] in ("a", "an"):
            value, n = 0.5, 2
        unit, k = _longest(toks, i + n, units) if n else (None, 0)
        if unit is not None:
            rest = toks[i + n + k:i + n + k + 3]
            extra = 0.5 if rest[:3] == ["and", "a", "half"] else 0.0
            return round((value + extra) * unit, 3)
        if bare_units and not n:
            unit, k = _longest(toks, i, units)
            if unit is not None and toks[i].endswith("s"):
                return round(2 * unit, 3)
        when, k = _longest(toks, i, fixed)
        if when is not None:
            return round(when, 3)
    return None


@lru_cache(maxsize=1)
def _age_cues():
    return [tuple(p.split()) for p in lexicon.words("age_cues")]


def age_years(text: str, asked: bool = False):
    """Age in whole years: any plausible number when the age was asked, else only with a cue
    ("I'm 66", "aged sixty-two", "a 45 year old")."""
    toks = tokens(text.replace("i'm", "i am"))
    _, units, _ = _tables()
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if not n or toks[i] in ("a", "an") or not MIN_AGE <= value <= MAX_AGE or value % 1:
            continue
        after = toks[i + n:i + n + 3]
        unit, _ = _longest(toks, i + n, units)
        said_years = after[:2] in (["years", "old"], ["year", "old"], ["yrs", "old"]) or after[:1] in (["yo"],)
        if unit is not None and not said_years or after[:2] == ["out", "of"] or after[:1] == ["/"]:
            continue
        before = toks[max(0, i - 2):i]
        cue = said_years or any(tuple(before[-len(c):]) == c for c in _age_cues() if len(c) <= 2)
        if asked or cue:
            return int(value)
    return None
