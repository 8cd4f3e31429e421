"""Numbers, durations and ages in patient words ("sixty-eight", "a fortnight", "I'm 66").

Number words and duration units come from knowledge/lexicon.yml (groups numbers, duration_units,
duration_fixed, age_cues); durations are returned in weeks (clinical-reference §5.3).
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from . import lexicon

TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?|/")
HALF = {"half"}
# "since Monday", "since the weekend": within the last week; read as half a week (§5.3: under 6 weeks).
RECENT_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "weekend", "mon", "tues", "wed", "thurs", "fri", "sat", "sun"}
RECENT_WEEKS = 0.5
# "since Christmas": the last such day before today (month, day), approximately.
HOLIDAYS = {"christmas": (12, 25), "xmas": (12, 25), "new year": (1, 1), "easter": (4, 5),
            "bonfire night": (11, 5), "halloween": (10, 31), "the summer": (7, 20),
            "summer": (7, 20), "the summer holidays": (7, 25), "summer holidays": (7, 25),
            "thanksgiving": (11, 25), "the new year": (1, 1), "boxing day": (12, 26),
            "valentine's": (2, 14), "valentines": (2, 14), "the spring": (4, 1), "spring": (4, 1),
            "the autumn": (10, 1), "autumn": (10, 1), "the fall": (10, 1), "the winter": (12, 20)}
# Ages given as a decade ("in my seventies", "late 60s"): the decade's lower bound (plus 5 for
# "mid", 8 for "late"), so an age threshold on a decade boundary (fracture: 70) is met exactly
# when every age the words allow meets it.
DECADES = {"teens": 10, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
           "seventies": 70, "eighties": 80, "nineties": 90}
DECADE = re.compile(r"\b(?:in (?:my|his|her|their) |i'?m |i am |aged )(early|mid|late)?[- ]?"
                    r"(teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|"
                    r"[2-9]0'?s)\b")
DECADE_STEP = {None: 0, "early": 0, "mid": 5, "late": 8}
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
            if total >= 100 and toks[j] == "and" and _longest(toks, j + 1, words)[0]:
                j += 1  # "a hundred and two"
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


def duration_weeks(text: str, asked: bool = False):
    """Weeks for the first duration in the text ("ten days" -> 1.43, "a year and a half" -> 78).

    asked: the patient is answering the duration question, so also read a unit without a number
    ("for months" = a couple of them) and plain words ("since yesterday").
    """
    toks = tokens(text)
    _, units, fixed = _tables()
    explicit = _explicit_weeks(toks, units)
    if explicit is not None:
        return explicit
    for i in range(len(toks)):
        if toks[i] == "since" and i + 1 < len(toks):
            weeks = _since(toks[i + 1:i + 4])
            if weeks is not None:
                return weeks
        if not asked:
            continue
        value, n = read_number(toks, i)
        if not n:
            unit, k = _longest(toks, i, units)
            if unit is not None and toks[i].endswith("s"):
                return round(2 * unit, 3)
        when, _ = _longest(toks, i, fixed)
        if when is not None:
            return round(when, 3)
    return None


def _since(after: list, today=None):
    """Weeks since a weekday, the weekend or a holiday ("since last Tuesday", "since Christmas")."""
    words = [w for w in after if w not in ("last", "the", "this", "past")] or [""]
    if words[0] in RECENT_DAYS:
        return RECENT_WEEKS
    today = today or datetime.date.today()
    for n in (3, 2, 1):
        when = HOLIDAYS.get(" ".join(after[:n])) or HOLIDAYS.get(" ".join(words[:n]))
        if when:
            day = datetime.date(today.year, *when)
            if day >= today:
                day = datetime.date(today.year - 1, *when)
            return round(max((today - day).days, 1) / 7, 3)
    return None


def _explicit_weeks(toks: list, units: dict):
    """Weeks for the first number + unit ("ten days", "a year and a half"), else None."""
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if value is None and toks[i] in HALF and i + 1 < len(toks) and toks[i + 1] in ("a", "an"):
            value, n = 0.5, 2
        half = 0.5 if n and toks[i + n:i + n + 3] == ["and", "a", "half"] else 0.0
        unit, k = _longest(toks, i + n + (3 if half else 0), units) if n else (None, 0)
        if unit is not None:
            after = toks[i + n + k:i + n + k + 3]
            if after == ["and", "a", "half"]:  # "a year and a half"
                half = 0.5
            return round((value + half) * unit, 3)
    return None


@lru_cache(maxsize=1)
def _age_cues():
    return [tuple(p.split()) for p in lexicon.words("age_cues", "age")]


def _upcoming(before: list, after: list) -> bool:
    """"I'll be 70 in March", "sixty-eight next month": the age now is one less (whole years)."""
    return bool(before[-1:] and before[-1] in lexicon.words("age_cues", "upcoming_before")
                or after[:1] and after[0] in lexicon.words("age_cues", "upcoming_after"))


def age_years(text: str, asked: bool = False):
    """Age in whole years: any plausible number when the age was asked, else only with a cue
    ("I'm 66", "aged sixty-two", "a 45 year old")."""
    decade = DECADE.search(str(text).lower())
    if decade:
        step, word = decade.groups()
        base = DECADES.get(word) or int(word[0]) * 10
        return base + (3 if word == "teens" else 0) + DECADE_STEP[step]
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
            return int(value) - (1 if _upcoming(before, after) else 0)
    return None
