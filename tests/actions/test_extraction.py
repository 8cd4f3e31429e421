"""action_validate_slot_mappings: every message is read for findings and red flags."""

from __future__ import annotations

import pytest

from actions.extraction import ReadEveryMessage
from tests.actions.support import make_tracker, run, slot_values

action = ReadEveryMessage()


def read(dispatcher, **kwargs):
    return slot_values(run(action, dispatcher, make_tracker(**kwargs)))


def test_opening_prefills_location_side_and_character(dispatcher):
    slots = read(
        dispatcher, text="numb on the top of my left foot, worse when I sit", intent="describe_symptoms"
    )
    assert "top_of_foot" in slots["symptom_location"]
    assert slots["symptom_side"] == "left"
    assert "numbness" in slots["symptom_character"]
    assert "sitting" in slots["aggravating_posture"]
    assert slots["case"]["symptom_side"] == "left"
    assert not slots.get("alert")
    assert "triage_level" not in slots


def test_red_flag_in_the_opening_raises_the_alert(dispatcher):
    slots = read(
        dispatcher,
        text="sciatica down my left leg and since yesterday I can't pee properly, only a dribble",
        intent="describe_symptoms",
    )
    assert slots["alert"] is True
    assert slots["triage_level"] == "emergency"
    assert slots["red_flags"] == ["cauda_equina"]


def test_red_flag_mentioned_as_an_aside_to_another_question(dispatcher):
    slots = read(
        dispatcher,
        text="sitting makes it worse, and I've wet myself twice without noticing",
        asking="aggravating_posture",
        slots={"case": {"symptom_side": "left"}},
    )
    assert slots["alert"] is True
    assert "cauda_equina" in slots["red_flags"]
    assert "sitting" in slots["aggravating_posture"]


def test_a_denial_sets_no_flag(dispatcher):
    slots = read(dispatcher, text="no, wee and poo are both normal", asking="bladder_bowel_change")
    assert slots["bladder_bowel_change"] == "no"
    assert "alert" not in slots


def test_urgency_is_never_lowered(dispatcher):
    slots = read(
        dispatcher,
        text="yes my calf is swollen red and hot",
        asking="calf_swelling",
        slots={"triage_level": "emergency", "red_flags": ["infection"], "case": {"fever": "yes"}},
    )
    assert slots["triage_level"] == "emergency"
    assert set(slots["red_flags"]) == {"infection", "dvt"}
    assert slots["alert"] is True


def test_the_same_flag_again_does_not_alert_twice(dispatcher):
    case = {"bladder_bowel_change": "yes"}
    slots = read(
        dispatcher,
        text="I still can't pee properly",
        intent="report_red_flag",
        slots={"triage_level": "emergency", "red_flags": ["cauda_equina"], "case": case, "alert": True},
    )
    assert slots.get("alert") is False


def test_a_question_to_the_bot_is_not_read_as_symptoms(dispatcher):
    slots = read(dispatcher, text="can a pinched nerve make your feet numb?", intent="faq")
    assert "symptom_location" not in slots
    assert "symptom_character" not in slots


def test_a_correction_replaces_the_earlier_answer(dispatcher):
    case = {"symptom_side": "left", "symptom_location": ["calf"]}
    slots = read(
        dispatcher, text="actually it's my right leg", intent="correct", slots={"case": case}
    )
    assert slots["symptom_side"] == "right"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "/restart", "🙂🙂🙂", "<script>alert(1)</script>", "asdf qwer zxcv", "x" * 20000,
     "hola, me duele la pierna"],
)
def test_odd_input_never_breaks_the_conversation(dispatcher, text):
    slots = read(dispatcher, text=text, intent="nlu_fallback")
    assert "alert" not in slots
    assert "triage_level" not in slots


def test_an_answer_is_read_whatever_the_intent(dispatcher):
    slots = read(dispatcher, text="I can get up on my toes okay", intent="faq", asking="toe_walk_difficulty")
    assert slots["toe_walk_difficulty"] == "no"


def test_a_question_to_the_bot_during_the_interview_is_not_an_answer(dispatcher):
    slots = read(dispatcher, text="what does my bladder have to do with it?", intent="ask_why",
                 asking="bladder_bowel_change")
    assert "bladder_bowel_change" not in slots


def test_a_warning_sign_inside_a_question_still_counts(dispatcher):
    slots = read(dispatcher, text="is it bad that I wet myself without noticing?", intent="faq")
    assert slots["alert"] is True
    assert "cauda_equina" in slots["red_flags"]


def test_a_bare_answer_with_a_question_mark_records_nothing_yet(dispatcher):
    # "left?" may be the patient asking back: nothing is guessed; the form asks again, rephrased
    slots = read(dispatcher, text="left?", asking="symptom_side")
    assert "symptom_side" not in slots and "symptom_side" not in slots.get("case", {})


def test_a_no_followed_by_a_question_about_family_is_confirmed_not_guessed(dispatcher):
    slots = read(dispatcher, text="no, not me - my mother had cancer though, is that relevant?",
                 intent="faq", asking="cancer_history")
    assert slots.get("cancer_history") != "yes" and not slots.get("alert")
    assert slots["to_confirm"] == ["cancer_history"]


def test_a_description_outside_the_interview_is_marked(dispatcher):
    slots = read(dispatcher, text="my feet are killing me, both burn at night", intent="out_of_scope")
    assert slots["described"] is True


def test_an_answer_inside_the_interview_is_not_a_new_description(dispatcher):
    slots = read(dispatcher, text="both feet", asking="symptom_location")
    assert "described" not in slots


def test_small_talk_is_not_a_description(dispatcher):
    slots = read(dispatcher, text="hello there", intent="greet")
    assert "described" not in slots


# --- the adapter's own mechanisms, with the engine's reading fixed (exact event lists) --------

from rasa_sdk.events import SlotSet  # noqa: E402

import actions.extraction as extraction  # noqa: E402


@pytest.fixture
def reading(monkeypatch):
    """Makes the engine read every message as `reading.findings` (and records the calls)."""

    class Fixed:
        findings: dict = {}
        calls: list = []

    def fake(text, question=None, case=None):
        Fixed.calls.append((text, question))
        return dict(Fixed.findings)

    Fixed.calls = []
    monkeypatch.setattr(extraction, "interpret", fake)
    extraction._cache.clear()
    return Fixed


def test_a_request_to_confirm_is_kept_out_of_the_case_and_queued(dispatcher, reading):
    reading.findings = {"heel_walk_difficulty": "no", "extras": {"confirm": ["saddle_numbness"]}}
    tracker = make_tracker(text="managed it, sort of", asking="heel_walk_difficulty", slots={"case": {}})
    events = run(action, dispatcher, tracker)
    assert events == [
        SlotSet("heel_walk_difficulty", "no"),
        SlotSet("case", {"heel_walk_difficulty": "no"}),
        SlotSet("to_confirm", ["saddle_numbness"]),
    ]


def test_a_clear_answer_settles_the_confirmation_being_asked(dispatcher, reading):
    reading.findings = {"saddle_numbness": "no"}
    tracker = make_tracker(text="no, all normal down there", asking="saddle_numbness",
                           slots={"case": {}, "to_confirm": ["saddle_numbness", "fever"]})
    events = run(action, dispatcher, tracker)
    assert events == [SlotSet("saddle_numbness", "no"), SlotSet("case", {"saddle_numbness": "no"}),
                      SlotSet("to_confirm", ["fever"])]


def test_an_unclear_answer_to_a_confirmation_keeps_it_open(dispatcher, reading):
    reading.findings = {"extras": {"confirm": ["saddle_numbness"]}}
    tracker = make_tracker(text="hmm maybe", asking="saddle_numbness",
                           slots={"case": {}, "to_confirm": ["saddle_numbness"]})
    assert run(action, dispatcher, tracker) == []


def test_a_question_about_the_condition_is_marked_for_an_answer(dispatcher, reading):
    reading.findings = {}
    parse = {"intent_ranking": [{"name": "describe_symptoms", "confidence": 0.6},
                                {"name": "faq", "confidence": 0.3}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/prognosis"}}}}
    tracker = make_tracker(text="is sciatica something that comes back?", intent="describe_symptoms",
                           parse_data=parse, slots={"case": {}})
    assert run(action, dispatcher, tracker) == [SlotSet("answer_key", "prognosis")]


def test_a_statement_is_not_answered_from_the_faq_unless_classified_so(dispatcher, reading):
    reading.findings = {}
    parse = {"intent_ranking": [{"name": "describe_symptoms", "confidence": 0.6},
                                {"name": "faq", "confidence": 0.3}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/prognosis"}}}}
    tracker = make_tracker(text="my sciatica keeps coming back", intent="describe_symptoms",
                           parse_data=parse, slots={"case": {}})
    assert run(action, dispatcher, tracker) == []


def test_the_turn_markers_are_cleared_first(dispatcher, reading):
    reading.findings = {}
    tracker = make_tracker(text="ok", slots={"case": {}, "alert": True, "described": True,
                                             "answer_key": "xray"})
    assert run(action, dispatcher, tracker) == [
        SlotSet("alert", False), SlotSet("described", False), SlotSet("answer_key", None)]


def test_the_second_extraction_of_a_turn_reads_nothing_again(dispatcher, reading):
    """Rasa runs the extraction again when a form starts: the message is read only once."""
    reading.findings = {"symptom_side": "left"}
    tracker = make_tracker(text="left leg", slots={"case": {}},
                           events_after_user=[{"event": "slot", "name": "symptom_side", "value": "left"}])
    assert run(action, dispatcher, tracker) == []
    assert reading.calls == []


def test_only_what_the_patient_states_in_a_question_counts(dispatcher, reading):
    reading.findings = {"symptom_location": ["toes"]}
    run(action, dispatcher, make_tracker(text="I've got sciatica, can it make my toes numb?",
                                         intent="faq", slots={"case": {}}))
    # the statement is read as a message; the question part only for warning signs
    assert reading.calls == [("I've got sciatica", None), ("can it make my toes numb?", None)]


def test_a_supposition_asks_for_confirmation_instead_of_raising_a_flag(dispatcher, reading):
    reading.findings = {"bladder_bowel_change": "yes"}
    events = run(action, dispatcher, make_tracker(
        text="what should I do if I lose control of my bladder?", intent="faq", slots={"case": {}}))
    assert events == [SlotSet("to_confirm", ["bladder_bowel_change"])]


def test_a_very_long_message_is_read_whole_and_gets_a_note(dispatcher, reading):
    reading.findings = {"symptom_side": "left"}
    text = "my left leg aches when I sit. " * 3500  # about 100 kB
    events = run(action, dispatcher, make_tracker(text=text, intent="describe_symptoms", slots={"case": {}}))
    assert reading.calls == [(text, None)]
    assert events == [SlotSet("symptom_side", "left"), SlotSet("case", {"symptom_side": "left"}),
                      SlotSet("described", True)]
    assert [m["text"] for m in dispatcher.messages] == [extraction.LONG_NOTE]


def test_a_long_message_with_a_red_flag_gets_the_flag_not_the_note(dispatcher, reading):
    reading.findings = {"bladder_bowel_change": "yes"}
    text = "my left leg aches when I sit. " * 100 + "and I have wet myself without noticing"
    events = run(action, dispatcher, make_tracker(text=text, slots={"case": {}}))
    assert SlotSet("alert", True) in events
    assert dispatcher.messages == []


def test_the_whole_text_comes_from_the_user_event_not_the_nlu_prefix(dispatcher, reading):
    reading.findings = {}
    tracker = make_tracker(text="short prefix", slots={"case": {}})
    tracker.events[-1] = {**tracker.events[-1], "text": "short prefix and the whole rest"}
    run(action, dispatcher, tracker)
    assert reading.calls == [("short prefix and the whole rest", None)]


def test_a_reading_error_is_logged_and_the_conversation_goes_on(dispatcher, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(extraction, "read_message", broken)
    extraction._cache.clear()
    assert run(action, dispatcher, make_tracker(text="my back", slots={"case": {}})) == []
    assert any(r.levelname == "ERROR" for r in caplog.records)


def test_a_statement_filed_under_faq_that_answers_the_question_gets_no_faq_answer(dispatcher, reading):
    reading.findings = {"aggravating_posture": ["sitting"]}
    parse = {"response_selector": {"faq": {"response": {"intent_response_key": "faq/posture_weight_activity"}}}}
    tracker = make_tracker(text="sitting for a long time", intent="faq", asking="aggravating_posture",
                           parse_data=parse, slots={"case": {}})
    events = run(action, dispatcher, tracker)
    assert SlotSet("answer_key", "posture_weight_activity") not in events


def test_a_question_classified_as_help_is_answered_when_faq_has_a_fair_share(dispatcher, reading):
    reading.findings = {}
    parse = {"intent_ranking": [{"name": "help", "confidence": 0.5}, {"name": "faq", "confidence": 0.15}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/what_is_sciatica"}}}}
    tracker = make_tracker(text="can you explain sciatica to me?", intent="help", parse_data=parse,
                           slots={"case": {}})
    assert run(action, dispatcher, tracker) == [SlotSet("answer_key", "what_is_sciatica")]
    dispatcher.messages.clear()
    parse["intent_ranking"] = [{"name": "help", "confidence": 0.95}, {"name": "faq", "confidence": 0.04}]
    tracker = make_tracker(text="what can you do for me?", intent="help", parse_data=parse, slots={"case": {}})
    assert run(action, dispatcher, tracker) == []


def words_parse(intent: str, confidence: float, words: list, topic: str = "physiotherapy") -> dict:
    """A parse whose intent is not `faq` (no share of it), with the selector's topic and words."""
    return {"intent_ranking": [{"name": intent, "confidence": 0.99}, {"name": "faq", "confidence": 0.0}],
            "response_selector": {"faq": {"response": {"intent_response_key": "faq/physiotherapy",
                                                       "confidence": confidence}}},
            "faq_words": {"topic": topic, "words": words}}


@pytest.mark.parametrize("confidence, words, topic, answered", [
    (0.95, ["physio", "worth"], "physiotherapy", True),
    (0.60, ["physio", "worth"], "physiotherapy", True),   # at the confidence threshold
    (0.59, ["physio", "worth"], "physiotherapy", False),  # just below it
    (0.95, ["physio"], "physiotherapy", False),           # one shared word is not enough
    (0.95, ["physio", "worth"], "medicines", False),      # words of another topic
    (0.95, [], "physiotherapy", False),
])
def test_a_question_under_another_intent_is_answered_on_the_topics_own_words(
        dispatcher, reading, confidence, words, topic, answered):
    reading.findings = {}
    tracker = make_tracker(text="is physio worth trying?", intent="unsure",
                           parse_data=words_parse("unsure", confidence, words, topic), slots={"case": {}})
    expected = [SlotSet("answer_key", "physiotherapy")] if answered else []
    assert run(action, dispatcher, tracker) == expected


def test_the_topics_words_do_not_make_a_statement_or_a_request_a_question(dispatcher, reading):
    reading.findings = {}
    parse = words_parse("describe_symptoms", 0.99, ["physio", "worth"])
    tracker = make_tracker(text="physio was worth it last time", intent="describe_symptoms",
                           parse_data=parse, slots={"case": {}})
    assert run(action, dispatcher, tracker) == []
    tracker = make_tracker(text="can you stop asking about physio and whether it is worth it?",
                           intent="stop", parse_data=words_parse("stop", 0.99, ["physio", "worth"]),
                           slots={"case": {}})
    assert run(action, dispatcher, tracker) == []
