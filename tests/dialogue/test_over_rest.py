"""The dialogue over the real servers (REST channel + tracker): loops, questions, confirmations,
long messages and the greeting, as a patient meets them.

Uses the session's server stack (tests/conftest.py: `stack`, `sender`; EMERGENCY_NUMBER=112).
"""

from __future__ import annotations

from collections import Counter

import pytest

from actions.answers import answers
from actions.extraction import LONG_NOTE
from actions.triage.contract import TRIAGE_LEVELS
from tests.conftest import EMERGENCY_NUMBER

pytestmark = pytest.mark.integration

OPENING = "I've had a dull ache in my right buttock and the back of my thigh for a few weeks"
GENERIC_SORRY = "Sorry, I didn't understand"


def tracker(stack, sender):
    return stack.tracker(sender, include_events="NONE")


def asking(stack, sender):
    state = tracker(stack, sender)
    return state["slots"]["requested_slot"] if (state.get("active_loop") or {}).get("name") else None


def texts(replies):
    return [m.get("text") or "" for m in replies]


@pytest.mark.parametrize("answer", ["dunno really", "hmm", "is that relevant?", "asdf qwerty"])
def test_an_answer_the_nlu_cannot_place_never_loops(stack, sender, answer):
    """Issue #10: one such answer got "Sorry, I didn't understand" 40 times inside the form.

    Whatever the patient keeps sending, no question is asked more than three times, the
    interview moves on to its end, and the generic "sorry" never appears inside it.
    """
    stack.say(sender, OPENING)
    asked = Counter()
    said = []
    for _ in range(80):
        question = asking(stack, sender)
        if question is None:
            break
        asked[question] += 1
        said += texts(stack.say(sender, answer))
    assert asking(stack, sender) is None, "the interview never ended"
    assert max(asked.values()) <= 3, asked
    assert not [t for t in said if GENERIC_SORRY in t]
    assert tracker(stack, sender)["slots"]["triage_level"] in TRIAGE_LEVELS  # a recommendation


def test_a_question_in_the_middle_is_answered_and_the_same_question_comes_back(stack, sender):
    stack.say(sender, OPENING)
    before = asking(stack, sender)
    replies = stack.say(sender, "sorry, what is sciatica exactly?")
    assert answers()["what_is_sciatica"] in texts(replies)
    assert asking(stack, sender) == before
    assert not tracker(stack, sender)["slots"]["red_flags"]


def test_a_question_as_the_first_message_is_answered_and_a_check_offered(stack, sender):
    replies = stack.say(sender, "what is a drop foot?")
    assert texts(replies)[0] == answers()["foot_drop"]
    assert "check your symptoms" in texts(replies)[-1]
    state = tracker(stack, sender)
    assert not state["slots"]["red_flags"] and not state["slots"]["triage_level"]


def test_a_red_flag_stated_inside_a_question_still_ends_the_interview(stack, sender):
    stack.say(sender, OPENING)
    stack.say(sender, "since this morning i can't feel the toilet paper when i wipe, what does that mean?")
    state = tracker(stack, sender)
    assert "cauda_equina" in state["slots"]["red_flags"]
    assert state["slots"]["triage_level"] == "emergency"
    assert asking(stack, sender) is None


def test_a_very_long_message_is_answered_with_a_note(stack, sender):
    text = ("My left calf has ached for a few weeks and it is worse when I sit for a long time. " * 1300)
    assert len(text) > 100_000
    replies = stack.say(sender, text)
    assert LONG_NOTE in texts(replies)
    assert asking(stack, sender) is not None  # the description started the interview


def test_a_red_flag_at_the_end_of_a_very_long_message_is_raised_in_that_turn(stack, sender):
    text = "My left calf has ached for weeks and sitting makes it worse. " * 1700
    stack.say(sender, text + " Since yesterday I can't pee, only a dribble comes out.")
    state = tracker(stack, sender)
    assert "cauda_equina" in state["slots"]["red_flags"]
    assert asking(stack, sender) is None


def test_the_greeting_names_the_configured_emergency_number(stack, sender):
    (greeting,) = texts(stack.say(sender, "hello"))
    assert f"call {EMERGENCY_NUMBER} now" in greeting
    assert "999" not in greeting and "911" not in greeting
