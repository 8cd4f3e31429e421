"""The interview over the real servers, read through the conversation contract.

A red flag in the opening ends the interview in that turn; a full interview ends with the
outcome slots set; odd input gets a reply and never breaks the conversation.
"""

from __future__ import annotations

import pytest

from actions.triage.contract import QUESTIONS
from tools.interviews import ANSWERS as ROUTINE_ANSWERS

pytestmark = pytest.mark.integration

CONTRACT_QUESTIONS = set(QUESTIONS)
ANSWERS = dict(ROUTINE_ANSWERS)  # a routine interview, the same one the cluster tests play

def slots(stack, sender):
    return stack.tracker(sender, include_events="NONE")["slots"]


def all_text(replies):
    return " ".join(m.get("text") or "" for m in replies)


def test_red_flag_in_the_opening_ends_the_interview_in_that_turn(stack, sender):
    replies = stack.say(sender, "my back went on Monday and since yesterday I can't pee properly, only a dribble")
    values = slots(stack, sender)
    assert values["requested_slot"] is None
    assert values["triage_level"] == "emergency"
    assert values["red_flags"] == ["cauda_equina"]
    assert "emergency" in all_text(replies).lower()


def test_a_full_interview_ends_with_the_outcome(stack, sender):
    stack.say(sender, "shooting pain down the outside of my right shin into the top of my foot")
    asked = []
    values = slots(stack, sender)
    while values["requested_slot"] and len(asked) < 25:
        question = values["requested_slot"]
        assert question in CONTRACT_QUESTIONS
        asked.append(question)
        stack.say(sender, ANSWERS[question])
        values = slots(stack, sender)
    assert values["requested_slot"] is None
    assert asked[:2] == ["bladder_bowel_change", "saddle_numbness"]
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    assert values["triage_level"] == "routine"
    assert values["red_flags"] == []
    assert values["likely_pattern"] == "disc_herniation"
    assert "L5" in values["suspected_roots"]


def test_the_urgency_is_not_lowered_by_what_comes_later(stack, sender):
    stack.say(sender, "my left calf is swollen, red and hot")
    assert slots(stack, sender)["triage_level"] == "urgent"
    stack.say(sender, "and I'm short of breath with chest pain")
    assert slots(stack, sender)["triage_level"] == "emergency"
    stack.say(sender, "actually it's fine now, forget it")
    values = slots(stack, sender)
    assert values["triage_level"] == "emergency"
    assert values["red_flags"] == ["dvt"]


@pytest.mark.parametrize(
    "text",
    ["", "🙂🙂🙂", "<b>hi</b><script>alert(1)</script>", "asdkjh qwpoeiru zmxn", "x" * 20000,
     "j'ai mal au dos et à la jambe", "/resart"],
)
def test_odd_input_gets_a_reply_and_keeps_the_conversation(stack, sender, text):
    first = stack.say(sender, "numbness on the top of my left foot")
    assert first
    replies = stack.say(sender, text)
    assert replies, f"no reply to {text[:30]!r}"
    events = stack.tracker(sender)["events"]
    assert any(e["event"] == "user" and e.get("text") == "numbness on the top of my left foot" for e in events)
