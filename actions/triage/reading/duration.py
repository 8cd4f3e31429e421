"""How long the symptoms have lasted, and the patient's age.

Reads symptom_duration (weeks) and age (years). Asked for the duration, any duration counts
("for months", "since yesterday"); otherwise a duration counts in a sentence about the symptoms
(in the opening message also in a sentence about nothing else: "came on 2 weeks ago"), never in
one about diabetes, cancer, bladder, fever, weight or the chest. An age counts with a cue ("I'm
66"), or any plausible number when the age was asked.

Follows clinical-reference §5.3 (durations in weeks) and the conversation contract (age). The
numbers themselves are read by actions/triage/numbers.py (words: lexicon groups numbers,
duration_units, duration_fixed, age_cues, number_words, since_days, since_dates, decades).
"""
from __future__ import annotations

from .. import numbers
from .core import SYMPTOM_QUESTIONS

# Sentences about these say nothing about how long the leg symptoms have lasted.
OTHER_TOPICS = {"DIABETES", "CANCER", "RISK", "SPHINCTER", "FEVER", "WEIGHT", "CHEST"}


def read(r) -> None:
    q = r.question
    if q == "symptom_duration":
        _asked_number(r, q, numbers.duration_weeks(r.text, asked=True))
    elif q in SYMPTOM_QUESTIONS:
        # symptom sentences first; in the opening message also the others ("came on 2 weeks ago")
        first = sorted(r.symptom_sents() | {e.sent for e in r.pos("REGION")})
        other = [n for n in range(len(r.sents)) if n not in first and q is None
                 and not any(e.sent == n and e.label in OTHER_TOPICS for e in r.ents)]
        for n in first + other:
            weeks = numbers.duration_weeks(r.sents[n].text)
            if weeks is not None and weeks >= 1 / 7:
                r.set("symptom_duration", weeks, n)
                break
    if q == "age":
        _asked_number(r, q, numbers.age_years(r.text, asked=True))
    elif numbers.age_years(r.text) is not None:
        r.set("age", numbers.age_years(r.text))


def _asked_number(r, key: str, value) -> None:
    if value is None and r.has_cue("answers.unsure"):
        value = "unsure"
    if value is not None:
        r.set(key, value, 0)
