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


def test_a_short_answer_with_a_question_mark_is_still_an_answer(dispatcher):
    slots = read(dispatcher, text="left?", asking="symptom_side")
    assert slots["symptom_side"] == "left"


def test_an_answer_followed_by_a_question_is_an_answer(dispatcher):
    slots = read(dispatcher, text="no, not me - my mother had cancer though, is that relevant?",
                 intent="faq", asking="cancer_history")
    assert slots["cancer_history"] == "no"


def test_a_description_outside_the_interview_is_marked(dispatcher):
    slots = read(dispatcher, text="my feet are killing me, both burn at night", intent="out_of_scope")
    assert slots["described"] is True


def test_an_answer_inside_the_interview_is_not_a_new_description(dispatcher):
    slots = read(dispatcher, text="both feet", asking="symptom_location")
    assert "described" not in slots


def test_small_talk_is_not_a_description(dispatcher):
    slots = read(dispatcher, text="hello there", intent="greet")
    assert "described" not in slots
