"""action_handoff and action_stop_interview: the outcome slots and the advice."""

from __future__ import annotations

from actions.handoff import Handoff
from actions.repair import ExplainQuestion, StopInterview
from actions.triage import knowledge
from tests.actions.support import ends_form, make_tracker, run, slot_values, texts

ROUTINE_CASE = {
    "symptom_location": ["outer_shin", "middle_toes"], "symptom_side": "right",
    "symptom_character": ["shooting", "tingling"], "bladder_bowel_change": "no",
    "saddle_numbness": "no", "leg_weakness": "no", "heel_walk_difficulty": "no",
    "toe_walk_difficulty": "no", "fever": "no", "cancer_history": "no", "weight_loss": "no",
    "recent_trauma": "no", "aggravating_posture": ["sitting", "coughing_sneezing"],
    "relieving_posture": ["walking"], "symptom_duration": 1.5, "age": 34,
}


def ending_of(dispatcher):
    """The one message of the ending: the channel-neutral payload (actions/links.py)."""
    assert len(dispatcher.messages) == 1, "the ending is ONE message"
    [message] = dispatcher.messages
    assert not message.get("text") and not message.get("image"), "everything is in the payload, once"
    return message["custom"]["data"]


def test_a_finished_interview_sets_every_outcome_slot(dispatcher):
    values = slot_values(run(Handoff(), dispatcher, make_tracker(slots={"case": ROUTINE_CASE})))
    assert values["triage_level"] == "routine"
    assert values["red_flags"] == []
    assert values["suspected_roots"] == ["L5"]
    assert values["likely_pattern"] == "disc_herniation"
    assert values["requested_slot"] is None
    ending = ending_of(dispatcher)
    assert ending["type"] == "triage_ending" and ending["level"] == "routine" and ending["tone"] == "calm"
    assert ending["first_line"] == knowledge.load().levels["routine"].headline
    assert any("L5" in r for r in ending["reasons"])
    assert ending["safety_net"] and ending["self_care"]
    assert "not a diagnosis" in ending["disclaimer"]
    assert ending["stopped_early"] == ""


def test_a_red_flag_stops_the_form_and_says_where_to_go(dispatcher, monkeypatch):
    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    tracker = make_tracker(
        asking="fever",
        slots={"case": {"bladder_bowel_change": "yes"}, "triage_level": "emergency",
               "red_flags": ["cauda_equina"]},
    )
    events = run(Handoff(), dispatcher, tracker)
    values = slot_values(events)
    assert values["triage_level"] == "emergency"
    assert values["red_flags"] == ["cauda_equina"]
    assert ends_form(events)
    ending = ending_of(dispatcher)
    assert ending["first_line"] == "Call 112 or go to the nearest emergency department now."
    assert ending["call"] == "112" and ending["tone"] == "alert"
    assert "stopping the questions" in ending["stopped_early"]
    assert ending["reasons"], "the reasons in plain words"


def test_the_handoff_never_lowers_an_urgency_already_reached(dispatcher):
    tracker = make_tracker(slots={"case": ROUTINE_CASE, "triage_level": "urgent", "red_flags": ["dvt"]})
    values = slot_values(run(Handoff(), dispatcher, tracker))
    assert values["triage_level"] == "urgent"
    assert values["red_flags"] == ["dvt"]


def test_stopping_early_advises_at_least_soon(dispatcher):
    tracker = make_tracker(text="stop", intent="stop", asking="fever", slots={"case": {"symptom_side": "left"}})
    events = run(StopInterview(), dispatcher, tracker)
    values = slot_values(events)
    assert values["triage_level"] == "soon"
    assert values["requested_slot"] is None
    assert ends_form(events)
    assert any("emergency" in t.lower() for t in texts(dispatcher))


def test_stopping_keeps_a_flag_already_found(dispatcher):
    tracker = make_tracker(text="stop", intent="stop",
                           slots={"case": {"fever": "yes"}, "triage_level": "emergency", "red_flags": ["infection"]})
    values = slot_values(run(StopInterview(), dispatcher, tracker))
    assert values["triage_level"] == "emergency"
    assert values["red_flags"] == ["infection"]


def test_why_explains_the_question_being_asked(dispatcher):
    run(ExplainQuestion(), dispatcher, make_tracker(text="why?", intent="ask_why", asking="saddle_numbness"))
    assert texts(dispatcher) == [knowledge.load().questions["saddle_numbness"].why]


def test_why_outside_the_interview_explains_in_general(dispatcher):
    run(ExplainQuestion(), dispatcher, make_tracker(text="why?", intent="ask_why"))
    assert "doctor" in texts(dispatcher)[0]


def test_stopping_outside_the_interview_still_closes_it(dispatcher):
    events = run(StopInterview(), dispatcher, make_tracker(text="stop", intent="stop"))
    assert ends_form(events)


def test_starting_over_clears_the_answers(dispatcher):
    from actions.repair import StartOver

    events = run(StartOver(), dispatcher, make_tracker(text="start over", intent="start_over",
                                                       slots={"case": ROUTINE_CASE}))
    assert {"event": "reset_slots", "timestamp": None} in events
    assert [m["response"] for m in dispatcher.messages] == ["utter_restarting", "utter_ask_describe"]


def test_starting_over_repeats_urgent_advice_first(dispatcher):
    from actions.repair import StartOver

    tracker = make_tracker(text="start over", intent="start_over",
                           slots={"triage_level": "emergency", "red_flags": ["cauda_equina"]})
    run(StartOver(), dispatcher, tracker)
    assert knowledge.load().levels["emergency"].headline in texts(dispatcher)[0]


def test_restart_command_restarts_with_the_configured_emergency_number(dispatcher, monkeypatch):
    from actions.repair import Restart

    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    events = run(Restart(), dispatcher, make_tracker(text="/restart", intent="restart",
                                                     slots={"case": ROUTINE_CASE}))
    assert events == [{"event": "restart", "timestamp": None}]
    assert [(m["response"], m.get("emergency_number")) for m in dispatcher.messages] == [("utter_restart", "112")]


def test_restart_command_repeats_urgent_advice_first(dispatcher):
    from actions.repair import Restart

    tracker = make_tracker(text="/restart", intent="restart",
                           slots={"triage_level": "urgent", "red_flags": ["dvt"]})
    events = run(Restart(), dispatcher, tracker)
    assert events == [{"event": "restart", "timestamp": None}]
    assert knowledge.load().levels["urgent"].headline in texts(dispatcher)[0]
    assert dispatcher.messages[-1]["response"] == "utter_restart"
