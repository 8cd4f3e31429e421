"""Numbers, durations and ages in patient words ("sixty-eight", "a fortnight", "I'm 66").

Every word comes from knowledge/<language>/lexicon.yml: number words (numbers), duration units and plain
durations (duration_units, duration_fixed), age cues (age_cues), the small words around them
(number_words, grammar), days and dates after "since" (since_days, since_dates) and ages given as
a decade (decades, decade_steps). Durations are returned in weeks (clinical-reference §5.3).
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from . import lexicon

TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:'[a-z]+)?|/")
MIN_AGE, MAX_AGE = 1, 115
SHORT_OF = 0.92  # "nearly six weeks" = 5.5 weeks: just short of the number said


@lru_cache(maxsize=None)
def _words(group: str, value: str) -> frozenset:
    return frozenset(lexicon.words(group, value))


@lru_cache(maxsize=None)
def _phrases(group: str, value: str) -> tuple:
    """The phrases of a lexicon entry as token tuples."""
    return tuple(tuple(p.split()) for p in lexicon.words(group, value))


def _starts(toks: list, i: int, phrases: tuple) -> int:
    """The length of the first phrase (token tuple) that starts at toks[i], else 0."""
    for p in phrases:
        if tuple(toks[i:i + len(p)]) == p:
            return len(p)
    return 0


@lru_cache(maxsize=1)
def _tables():
    def table(group):
        return {tuple(p.split()): float(v) for v, ps in lexicon.load()[group].values.items()
                for p in ps}
    return table("numbers"), table("duration_units"), table("duration_fixed")


@lru_cache(maxsize=1)
def _since_tables():
    """Word -> weeks (since_days); phrase -> (month, day) (since_dates)."""
    groups = lexicon.load()
    days = {p: float(v) for v, ps in groups["since_days"].values.items() for p in ps}
    dates = {p: tuple(int(x) for x in v.split("-")) for v, ps in groups["since_dates"].values.items()
             for p in ps}
    return days, dates


@lru_cache(maxsize=1)
def _decades():
    """The decade pattern ("in my late sixties", "I'm in my 70s"), decade -> years, step -> years."""
    def table(group):
        return {p: int(v) for v, ps in lexicon.load()[group].values.items() for p in ps}

    def either(phrases):
        return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    decades, steps = table("decades"), table("decade_steps")
    before = either(lexicon.words("age_cues", "decade_before"))
    pattern = re.compile(rf"\b(?:{before}) ({either(steps)})?[- ]?({either(decades)})\b")
    return pattern, decades, steps


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
    """(number, tokens used) at position i: "68", "sixty-eight", "sixty 4", "a hundred and two", "a couple of",
    "three score and ten" (a score is twenty), "six-oh" (sixty)."""
    if i < len(toks) and re.fullmatch(r"\d+(?:\.\d+)?", toks[i]):
        return float(toks[i]), 1
    words, _, _ = _tables()
    joiner = _words("number_words", "joiner")
    scores, tens = _words("number_words", "score"), _words("number_words", "tens_oh")
    total, j, seen, scored = 0.0, i, False, False
    while j < len(toks):
        value, n = _longest(toks, j, words)
        if value is None and seen and re.fullmatch(r"[1-9]", toks[j]):
            value, n = float(toks[j]), 1  # "sixty 4"
        if value is None:
            if seen and not scored and toks[j] in scores:
                total, scored, j = total * 20, True, j + 1  # "three score"
                continue
            if seen and 0 < total < 10 and toks[j] in tens:
                return total * 10, j + 1 - i  # "six-oh"
            if (total >= 100 or scored) and toks[j] in joiner and _longest(toks, j + 1, words)[0]:
                j += 1  # "a hundred and two", "three score and ten"
                continue
            break
        if not seen:
            total = value
        elif scored and value < 20:
            total += value
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
    articles = _words("grammar", "articles")
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if n and (toks[i] not in articles or n > 1):
            return value
    return None


def duration_weeks(text: str, asked: bool = False):
    """Weeks for the first duration in the text ("ten days" -> 1.43, "a year and a half" -> 78).

    asked: the patient is answering the duration question, so also read a unit without a number
    ("for months" = a couple of them; "years, five at least" = five of them) and plain words
    ("since yesterday").
    """
    toks = tokens(text)
    _, units, fixed = _tables()
    explicit = _explicit_weeks(toks, units)
    if explicit is not None:
        return explicit
    since = _words("number_words", "since")
    plural = tuple(_words("grammar", "plural_endings"))
    for i in range(len(toks)):
        if toks[i] in since and i + 1 < len(toks):
            weeks = _since(toks[i + 1:i + 4])
            if weeks is not None:
                return weeks
        if not asked:
            continue
        value, n = read_number(toks, i)
        if not n:
            unit, k = _longest(toks, i, units)
            if unit is not None and toks[i].endswith(plural):
                later = _bare_number(toks[i + k:i + k + 4], units)
                return round(_in_weeks(later, unit) if later else 2 * unit, 3)  # "Years. Five at least"
        when, _ = _longest(toks, i, fixed)
        if when is not None:
            return round(when, 3)
    return None


def _bare_number(toks: list, units: dict):
    """A number with no unit of its own among the few words after a bare unit ("years ... five")."""
    articles = _words("grammar", "articles")
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if n and toks[i] not in articles:
            return None if _longest(toks, i + n, units)[0] is not None else value
    return None


def _since(after: list, today=None):
    """Weeks since a weekday, the weekend or a holiday ("since last Tuesday", "since Christmas")."""
    days, dates = _since_tables()
    skip = _words("number_words", "since_skip")
    words = [w for w in after if w not in skip] or [""]
    if words[0] in days:
        return days[words[0]]
    today = today or datetime.date.today()
    for n in (3, 2, 1):
        when = dates.get(" ".join(after[:n])) or dates.get(" ".join(words[:n]))
        if when:
            day = datetime.date(today.year, *when)
            if day >= today:
                day = datetime.date(today.year - 1, *when)
            return round(max((today - day).days, 1) / 7, 3)
    return None


def _explicit_weeks(toks: list, units: dict):
    """Weeks for the first number + unit ("ten days", "a year and a half"), else None."""
    halves = _phrases("number_words", "and_a_half")
    half_word, articles = _words("number_words", "half"), _words("grammar", "articles")
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if value is None and toks[i] in half_word and i + 1 < len(toks) and toks[i + 1] in articles:
            value, n = 0.5, 2  # "half a week"
        skip = _starts(toks, i + n, halves) if n else 0  # "two and a half weeks"
        half = 0.5 if skip else 0.0
        unit, k = _longest(toks, i + n + skip, units) if n else (None, 0)
        if unit is not None:
            if _starts(toks, i + n + k, halves):  # "a year and a half"
                half = 0.5
            weeks = _in_weeks(value + half, unit)
            return round(weeks * SHORT_OF if _short_of(toks, i) else weeks, 3)
    return None


def _short_of(toks: list, i: int) -> bool:
    """"nearly six weeks", "just under a month": the duration before toks[i] is not yet reached."""
    return any(tuple(toks[max(0, i - len(p)):i]) == p for p in _phrases("number_words", "short_of"))


def _in_weeks(value: float, unit: float) -> float:
    """value units in weeks; a year or more counted in months is counted as years ("eighteen
    months" = 78 weeks, not 72: §5.3's month of 4 weeks is a short-span rounding)."""
    month, year = _unit("month"), _unit("year")
    if unit == month and value >= 12:
        return value / 12 * year
    return value * unit


def _unit(word: str) -> float:
    return _tables()[1][(word,)]


def unit_weeks(text: str):
    """The unit of the first number + unit in the text, in weeks ("four weeks" -> 1), else None."""
    toks = tokens(text)
    units = _tables()[1]
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        unit, _ = _longest(toks, i + n, units) if n else (None, 0)
        if unit is not None:
            return unit
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
    pattern, decades, steps = _decades()
    decade = pattern.search(str(text).lower())
    if decade:
        step, word = decade.groups()
        return decades[word] + (steps[step] if step else 0)
    toks = tokens(text)
    _, units, _ = _tables()
    articles = _words("grammar", "articles")
    years_old, not_age = _phrases("age_cues", "after"), _phrases("age_cues", "not_after")
    for i in range(len(toks)):
        value, n = read_number(toks, i)
        if not n or toks[i] in articles or not MIN_AGE <= value <= MAX_AGE or value % 1:
            continue
        after = toks[i + n:i + n + 3]
        unit, _ = _longest(toks, i + n, units)
        said_years = bool(_starts(toks, i + n, years_old))
        if unit is not None and not said_years or _starts(toks, i + n, not_age):
            continue
        before = toks[max(0, i - 2):i]
        cue = said_years or any(tuple(before[-len(c):]) == c for c in _age_cues() if len(c) <= 2)
        if asked or cue:
            return int(value) - (1 if _upcoming(before, after) else 0)
    return None
