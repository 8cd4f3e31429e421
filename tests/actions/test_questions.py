"""action_ask_<question>: every contract question is asked, worded from questions.yml."""

from __future__ import annotations

import pytest

from actions.questions import ASK_ACTIONS
from actions.triage.contract import QUESTIONS
from tests.actions.support import make_tracker, run

ACTIONS = {a().name(): a() for a in ASK_ACTIONS}
YES_NO = {"bladder_bowel_change", "saddle_numbness", "leg_weakness", "fever", "cancer_history"}


def test_there_is_one_ask_action_per_contract_question():
    assert set(ACTIONS) == {f"action_ask_{q}" for q in QUESTIONS}


def test_the_domain_lists_every_ask_action():
    import yaml
    from pathlib import Path

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
    assert set(ACTIONS) <= set(domain["actions"])


@pytest.mark.parametrize("question", QUESTIONS)
def test_each_question_is_asked_in_words(dispatcher, question):
    run(ACTIONS[f"action_ask_{question}"], dispatcher, make_tracker())
    (message,) = dispatcher.messages
    assert len(message["text"]) > 10
    assert message["text"].rstrip().endswith(("?", ".")) or "\n" in message["text"]


@pytest.mark.parametrize("question", sorted(YES_NO | {"symptom_side"}))
def test_fixed_choice_questions_have_buttons_that_send_words(dispatcher, question):
    run(ACTIONS[f"action_ask_{question}"], dispatcher, make_tracker())
    buttons = dispatcher.messages[0]["buttons"]
    assert len(buttons) >= 2
    assert all(b["payload"] == b["title"] and not b["payload"].startswith("/") for b in buttons)


@pytest.mark.parametrize("question", ["heel_walk_difficulty", "toe_walk_difficulty"])
def test_self_checks_are_explained_step_by_step(dispatcher, question):
    run(ACTIONS[f"action_ask_{question}"], dispatcher, make_tracker())
    text = dispatcher.messages[0]["text"]
    assert "1. " in text and "2. " in text


def test_a_confirmation_asks_just_the_question_with_its_own_buttons(dispatcher):
    run(ACTIONS["action_ask_heel_walk_difficulty"], dispatcher,
        make_tracker(slots={"ask_mode": "confirm"}, asking="heel_walk_difficulty"))
    (message,) = dispatcher.messages
    assert message["text"] == "Just to check: can you walk on your heels like that on both sides?"
    assert [b["title"] for b in message["buttons"]] == [
        "I can do it fine", "I have trouble with it", "Not sure / can't try"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_question_can_be_confirmed_in_one_short_sentence(dispatcher, question):
    run(ACTIONS[f"action_ask_{question}"], dispatcher, make_tracker(slots={"ask_mode": "confirm"}))
    (message,) = dispatcher.messages
    assert message["text"].startswith("Just to check: ") and message["text"].endswith("?")
    assert "\n" not in message["text"]


def test_a_rephrased_question_is_short_and_keeps_its_buttons(dispatcher):
    run(ACTIONS["action_ask_fever"], dispatcher, make_tracker(slots={"ask_mode": "rephrase"}))
    (message,) = dispatcher.messages
    assert message["text"] == (
        "Sorry, I couldn't read an answer to that from your message. In short: Have you had a "
        "fever, chills or shivers, or felt generally unwell, with this? You can also tap one of "
        "the buttons.")
    assert [b["title"] for b in message["buttons"]] == ["Yes", "No", "Not sure"]


def test_a_rephrase_after_a_message_that_said_something_else_does_not_say_sorry(dispatcher):
    run(ACTIONS["action_ask_fever"], dispatcher, make_tracker(slots={"ask_mode": "rephrase_noted"}))
    text = dispatcher.messages[0]["text"]
    assert text.startswith("Thanks, I've noted that.") and "Sorry" not in text
