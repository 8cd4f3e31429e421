"""action_answer_question and action_greet: exact messages and events."""

from __future__ import annotations

from actions.answers import AnswerQuestion, Greet, answers
from tests.actions.support import make_tracker, run

answer = AnswerQuestion()
SELECTOR = {"response_selector": {"faq": {"response": {"intent_response_key": "faq/xray"}}}}


def test_the_chosen_topic_is_answered_and_a_check_offered(dispatcher):
    tracker = make_tracker(text="is sciatica something that comes back?", intent="describe_symptoms",
                           slots={"answer_key": "prognosis"})
    assert run(answer, dispatcher, tracker) == []
    assert dispatcher.messages[0]["text"] == answers()["prognosis"]
    assert dispatcher.messages[1]["response"] == "utter_offer_check"
    assert len(dispatcher.messages) == 2


def test_inside_the_interview_only_the_answer_the_form_asks_again(dispatcher):
    tracker = make_tracker(text="what is an x-ray for?", intent="faq", asking="fever",
                           parse_data=SELECTOR)
    assert run(answer, dispatcher, tracker) == []
    assert [m["text"] for m in dispatcher.messages] == [answers()["xray"]]


def test_a_question_that_also_described_symptoms_gets_no_offer(dispatcher):
    tracker = make_tracker(text="I've got sciatica, can it make my toes numb?",
                           slots={"answer_key": "pinched_nerve_foot_numbness", "described": True})
    run(answer, dispatcher, tracker)
    assert [m.get("text") for m in dispatcher.messages] == [answers()["pinched_nerve_foot_numbness"]]


def test_after_the_recommendation_it_says_how_to_come_back(dispatcher):
    tracker = make_tracker(text="will it get better?", intent="faq", parse_data=SELECTOR,
                           slots={"assessed": True})
    run(answer, dispatcher, tracker)
    assert [m.get("response") for m in dispatcher.messages] == [None, "utter_after_assessment"]


def test_no_topic_gets_a_kind_no_answer(dispatcher):
    run(answer, dispatcher, make_tracker(text="what's the best mattress?", intent="faq"))
    assert dispatcher.messages[0]["response"] == "utter_no_answer"


def test_every_answer_matches_the_generated_response(dispatcher):
    import yaml
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    responses = yaml.safe_load((root / "data/nlu/faq_responses.yml").read_text())["responses"]
    assert {f"utter_faq/{k}": [{"text": v}] for k, v in answers().items()} == responses


def test_the_greeting_names_the_configured_emergency_number(dispatcher, monkeypatch):
    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    assert run(Greet(), dispatcher, make_tracker(text="hi", intent="greet")) == []
    assert dispatcher.messages == [{
        "text": None, "buttons": [], "elements": [], "custom": {}, "template": "utter_greet",
        "response": "utter_greet", "image": None, "attachment": None, "emergency_number": "112",
    }]
