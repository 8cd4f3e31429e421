"""validate_symptom_form: the next question comes from the engine's policy."""

from __future__ import annotations

from actions.form import ValidateSymptomForm
from actions.triage import next_questions
from tests.actions.support import make_tracker, run, slot_values

form = ValidateSymptomForm()
CASE_EVENT = {"event": "slot", "name": "case", "value": {}}


def test_asks_what_the_policy_puts_first(dispatcher):
    case = {"symptom_location": ["calf"], "symptom_side": "left"}
    events = run(form, dispatcher, make_tracker(slots={"case": case}))
    assert slot_values(events)["requested_slot"] == next_questions(case)[0]


def test_red_flag_questions_come_first(dispatcher):
    events = run(form, dispatcher, make_tracker(slots={"case": {}}))
    assert slot_values(events)["requested_slot"] == "bladder_bowel_change"


def test_a_red_flag_ends_the_form(dispatcher):
    case = {"bladder_bowel_change": "yes"}
    tracker = make_tracker(slots={"case": case, "bladder_bowel_change": "yes"}, asking="bladder_bowel_change")
    events = run(form, dispatcher, tracker)
    assert slot_values(events)["requested_slot"] is None


def test_why_question_leaves_the_turn_to_a_rule(dispatcher):
    tracker = make_tracker(text="why do you ask?", intent="ask_why", asking="fever", slots={"case": {}})
    assert run(form, dispatcher, tracker) == []


def test_an_answer_not_understood_is_asked_again_kindly(dispatcher):
    tracker = make_tracker(text="blorp", intent="nlu_fallback", asking="symptom_side", slots={"case": {}})
    values = slot_values(run(form, dispatcher, tracker))
    assert values["retries"] == 1
    assert values["requested_slot"] == next_questions({})[0]
    assert dispatcher.messages[0]["response"] == "utter_not_understood"


def test_out_of_scope_inside_the_form_gets_a_redirect(dispatcher):
    tracker = make_tracker(text="what's the weather", intent="out_of_scope", asking="fever", slots={"case": {}})
    run(form, dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_redirect"


def test_after_two_misses_the_answer_is_noted_as_unsure(dispatcher):
    tracker = make_tracker(
        text="blorp", intent="nlu_fallback", asking="fever", slots={"case": {}, "retries": 2}
    )
    values = slot_values(run(form, dispatcher, tracker))
    assert values["fever"] == "unsure"
    assert values["case"]["fever"] == "unsure"
    assert values["retries"] == 0
    assert values["requested_slot"] != "fever"


def test_something_learned_is_not_a_miss(dispatcher):
    tracker = make_tracker(
        text="it burns", asking="symptom_side", slots={"case": {"symptom_character": ["burning"]}},
        events_after_user=[CASE_EVENT],
    )
    values = slot_values(run(form, dispatcher, tracker))
    assert "retries" not in values
    assert dispatcher.messages == []


def test_coming_back_after_an_explanation_is_not_a_miss(dispatcher):
    tracker = make_tracker(
        text="why?", intent="ask_why", asking="fever", slots={"case": {}},
        events_after_user=[{"event": "action", "name": "action_explain_question"}],
    )
    values = slot_values(run(form, dispatcher, tracker))
    assert "retries" not in values
    assert values["requested_slot"] == next_questions({})[0]


def test_a_question_is_not_asked_for_ever(dispatcher):
    asked = [{"event": "slot", "name": "requested_slot", "value": "fever"}] * 4
    tracker = make_tracker(text="is that relevant?", intent="faq", asking="fever", slots={"case": {}})
    tracker.events[:0] = asked
    values = slot_values(run(form, dispatcher, tracker))
    assert values["fever"] == "unsure"
    assert values["requested_slot"] != "fever"
