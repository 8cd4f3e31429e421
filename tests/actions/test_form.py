"""validate_symptom_form: the next question, confirmations, misses and the end of every loop.

Each test asserts the exact list of events the action returns (order and duplicates count)
and the exact messages it sends.
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.form import MAX_ASKS, ValidateSymptomForm
from actions.triage import merge, next_questions
from tests.actions.support import make_tracker, run

form = ValidateSymptomForm()
CASE_EVENT = {"event": "slot", "name": "case", "value": {}}


def asked_before(question, times):
    """Earlier turns in which the form asked `question` (and the patient answered something)."""
    turn = [{"event": "slot", "name": "requested_slot", "value": question},
            {"event": "bot", "text": "the question"},
            {"event": "action", "name": "action_listen"},
            {"event": "user", "text": "something", "parse_data": {}}]
    return turn * times


def validation_tracker_event(question):
    """What Rasa inserts into the tracker it sends to the validation action."""
    return [{"event": "slot", "name": "requested_slot", "value": question},
            {"event": "action", "name": "symptom_form"}]


def responses(dispatcher):
    return [m.get("response") or m.get("text") for m in dispatcher.messages]


def test_the_first_question_is_the_policys_first(dispatcher):
    events = run(form, dispatcher, make_tracker(slots={"case": {}}))
    assert events == [SlotSet("retries", 0), SlotSet("requested_slot", next_questions({})[0])]
    assert next_questions({})[0] == "bladder_bowel_change"  # red-flag questions come first
    assert dispatcher.messages == []


def test_an_answered_question_moves_on(dispatcher):
    case = {"bladder_bowel_change": "no"}
    tracker = make_tracker(text="no", intent="deny", slots={"case": case}, asking="bladder_bowel_change",
                           events_after_user=[CASE_EVENT])
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("retries", 0), SlotSet("requested_slot", next_questions(case)[0])]
    assert next_questions(case)[0] != "bladder_bowel_change"


def test_a_red_flag_ends_the_form(dispatcher):
    case = {"bladder_bowel_change": "yes"}
    tracker = make_tracker(slots={"case": case, "bladder_bowel_change": "yes"}, asking="bladder_bowel_change")
    assert run(form, dispatcher, tracker) == [SlotSet("retries", 0), SlotSet("requested_slot", None)]


def test_why_question_leaves_the_turn_to_a_rule(dispatcher):
    tracker = make_tracker(text="why do you ask?", intent="ask_why", asking="fever", slots={"case": {}})
    assert run(form, dispatcher, tracker) == []
    assert dispatcher.messages == []


def test_a_first_miss_rephrases_the_same_question_with_its_buttons(dispatcher):
    tracker = make_tracker(text="blorp", intent="nlu_fallback", asking="fever", slots={"case": {}})
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("retries", 1), SlotSet("ask_mode", "rephrase"), SlotSet("requested_slot", "fever")]
    assert dispatcher.messages == []  # the ask action words the rephrased question


def test_a_miss_that_told_something_else_is_thanked_for_not_called_unreadable(dispatcher):
    case = {"symptom_character": ["burning"]}
    tracker = make_tracker(text="it burns", asking="fever", slots={"case": case}, events_after_user=[CASE_EVENT])
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("retries", 1), SlotSet("ask_mode", "rephrase_noted"),
                      SlotSet("requested_slot", "fever")]


def test_after_two_misses_the_answer_is_noted_as_unsure_and_the_interview_goes_on(dispatcher):
    tracker = make_tracker(text="blorp", intent="nlu_fallback", asking="fever",
                           slots={"case": {}, "retries": 1, "ask_mode": "rephrase"})
    events = run(form, dispatcher, tracker)
    updated = merge({}, {"fever": "unsure"}, replace="fever")
    assert events == [
        SlotSet("fever", "unsure"), SlotSet("case", updated), SlotSet("retries", 0),
        SlotSet("ask_mode", None), SlotSet("requested_slot", next_questions(updated)[0]),
    ]
    assert next_questions(updated)[0] != "fever"
    assert responses(dispatcher) == ["utter_noted_unsure"]


def test_coming_back_after_an_answer_to_a_question_asks_the_same_question(dispatcher):
    tracker = make_tracker(
        text="is sciatica something that comes back?", intent="describe_symptoms", asking="fever",
        slots={"case": {}}, events_before=asked_before("fever", 1),
        events_after_user=[{"event": "action", "name": "action_answer_question"}],
    )
    assert run(form, dispatcher, tracker) == [SlotSet("retries", 0), SlotSet("requested_slot", "fever")]
    assert dispatcher.messages == []


def test_the_reported_loop_an_answer_the_nlu_files_as_a_question_every_time(dispatcher):
    """Issue #10: one answer the NLU could not place got the same question 40 times.

    Each turn the classifier calls the answer a question about the condition, a rule answers
    it and the form comes back: before the fix the form asked the same question again for
    ever (a turn that "resumed" was never counted). Now the third time is the last.
    """
    for times in range(1, MAX_ASKS):
        dispatcher.messages.clear()
        tracker = make_tracker(
            text="dunno really", intent="faq", asking="fever", slots={"case": {}},
            events_before=asked_before("fever", times),
            events_after_user=[{"event": "action", "name": "action_answer_question"}],
        )
        assert run(form, dispatcher, tracker)[-1] == SlotSet("requested_slot", "fever")
    dispatcher.messages.clear()
    tracker = make_tracker(
        text="dunno really", intent="faq", asking="fever", slots={"case": {}},
        events_before=asked_before("fever", MAX_ASKS),
        events_after_user=[{"event": "action", "name": "action_answer_question"}],
    )
    events = run(form, dispatcher, tracker)
    updated = merge({}, {"fever": "unsure"}, replace="fever")
    assert events == [SlotSet("fever", "unsure"), SlotSet("case", updated), SlotSet("retries", 0),
                      SlotSet("requested_slot", next_questions(updated)[0])]
    assert responses(dispatcher) == ["utter_noted_unsure"]


def test_no_question_is_asked_a_fourth_time_even_for_a_why(dispatcher):
    tracker = make_tracker(text="why?", intent="ask_why", asking="fever", slots={"case": {}},
                           events_before=asked_before("fever", MAX_ASKS))
    events = run(form, dispatcher, tracker)
    assert SlotSet("fever", "unsure") in events
    assert events[-1] != SlotSet("requested_slot", "fever")


def test_a_question_to_confirm_is_asked_next_as_a_confirmation(dispatcher):
    case = {"fever": "no"}
    tracker = make_tracker(text="no fever", intent="deny", asking="fever",
                           slots={"case": case, "to_confirm": ["saddle_numbness"]},
                           events_after_user=[CASE_EVENT])
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("retries", 0), SlotSet("ask_mode", "confirm"),
                      SlotSet("requested_slot", "saddle_numbness")]


def test_an_answered_question_can_still_be_confirmed(dispatcher):
    case = {"heel_walk_difficulty": "no"}
    tracker = make_tracker(text="managed it, sort of", intent="affirm", asking="heel_walk_difficulty",
                           slots={"case": case, "to_confirm": ["heel_walk_difficulty"]},
                           events_after_user=[CASE_EVENT])
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("retries", 1), SlotSet("ask_mode", "confirm"),
                      SlotSet("requested_slot", "heel_walk_difficulty")]


def test_a_confirmation_that_stays_unclear_is_noted_as_unsure(dispatcher):
    tracker = make_tracker(text="hmm", intent="nlu_fallback", asking="saddle_numbness",
                           slots={"case": {}, "to_confirm": ["saddle_numbness"], "retries": 1,
                                  "ask_mode": "confirm"},
                           events_before=asked_before("saddle_numbness", 2))
    events = run(form, dispatcher, tracker)
    updated = merge({}, {"saddle_numbness": "unsure"}, replace="saddle_numbness")
    assert events == [SlotSet("saddle_numbness", "unsure"), SlotSet("case", updated),
                      SlotSet("to_confirm", []), SlotSet("retries", 0), SlotSet("ask_mode", None),
                      SlotSet("requested_slot", next_questions(updated)[0])]
    assert responses(dispatcher) == ["utter_noted_unsure"]


def test_a_raised_flag_needs_no_confirmation(dispatcher):
    case = {"saddle_numbness": "yes"}
    tracker = make_tracker(slots={"case": case, "to_confirm": ["saddle_numbness"]})
    events = run(form, dispatcher, tracker)
    assert events == [SlotSet("to_confirm", []), SlotSet("retries", 0),
                      SlotSet("requested_slot", next_questions(case)[0] if next_questions(case) else None)]


def test_the_slot_event_rasa_inserts_for_validation_is_not_an_ask(dispatcher):
    tracker = make_tracker(
        text="what's a bulging disc?", intent="faq", asking="fever", slots={"case": {}},
        events_before=asked_before("fever", MAX_ASKS - 1),
        events_after_user=[{"event": "action", "name": "action_answer_question"},
                           {"event": "bot", "text": "the answer"}] + validation_tracker_event("fever"),
    )
    assert run(form, dispatcher, tracker) == [SlotSet("retries", 0), SlotSet("requested_slot", "fever")]
