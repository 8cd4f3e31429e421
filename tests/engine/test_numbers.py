"""Numbers, durations (weeks) and ages in patient words (clinical-reference §5.3, §7)."""
import pytest

from actions.triage.numbers import age_years, duration_weeks, number


@pytest.mark.parametrize("text, expected", [
    ("sixty-eight", 68), ("sixty seven", 67), ("forty-seven", 47), ("twenty", 20),
    ("seventy four", 74), ("a hundred and two", 102), ("41", 41), ("3.5", 3.5),
    ("nineteen", 19), ("ninety-nine", 99), ("no number here", None), ("", None),
])
def test_number_words(text, expected):
    assert number(text) == expected


@pytest.mark.parametrize("text, weeks", [
    ("three days", 3 / 7), ("ten days", 10 / 7), ("10 days", 10 / 7), ("a fortnight", 2),
    ("a month", 4), ("a couple of months", 8), ("a few months", 12), ("about three months", 12),
    ("2 years", 104), ("a year and a half", 78), ("since Monday, so four days", 4 / 7),
    ("about 3 weeks", 3), ("over a year", 52), ("maybe nine months", 36), ("six weeks ago", 6),
    ("a couple of years", 104), ("about two years", 104), ("eight weeks", 8), ("1.5 years", 78),
    ("a week", 1), ("half a year", 26), ("two and a half weeks", 2.5), ("twelve weeks", 12),
])
def test_durations_in_weeks(text, weeks):
    assert duration_weeks(text, asked=True) == pytest.approx(weeks, abs=0.01)


@pytest.mark.parametrize("text, weeks", [
    ("for years", 104), ("months", 8), ("since yesterday", 1 / 7), ("last week", 1),
])
def test_vague_durations_only_when_asked(text, weeks):
    assert duration_weeks(text, asked=True) == pytest.approx(weeks, abs=0.01)
    assert duration_weeks(text) is None


@pytest.mark.parametrize("text", ["", "no idea", "a while", "for a while now", "for a couple of minutes"])
def test_no_duration(text):
    assert duration_weeks(text, asked=True) is None


@pytest.mark.parametrize("text, age", [
    ("41", 41), ("thirty-six", 36), ("sixty seven", 67), ("I'm 66", 66), ("80", 80),
    ("seventy-four", 74), ("I am fifty two years old", 52), ("forty-nine", 49),
])
def test_age_when_asked(text, age):
    assert age_years(text, asked=True) == age


@pytest.mark.parametrize("text, age", [
    ("I'm 66 and for about four months I've had pain", 66),
    ("I'm sixty-two. My lower back aches", 62),
    ("I'm 80, diabetic, and both feet have gone numb", 80),
    ("a 45 year old with back pain", 45),
    ("aged 70, fell over last week", 70),
])
def test_age_volunteered_needs_a_cue(text, age):
    assert age_years(text) == age


@pytest.mark.parametrize("text", [
    "pain for 3 weeks", "it's like 9 out of 10", "I walk about 200 yards",
    "I'm 5 weeks into this", "type 2 diabetes", "",
])
def test_not_an_age(text):
    assert age_years(text) is None
