"""AnswerPolicy: a question about the condition is answered first, then the interview goes on."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.answer_policy import next_answer_action

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def tracker(*events, before=()) -> DialogueStateTracker:
    base = list(before) + [ActionExecuted("action_listen"),
                           UserUttered("is sciatica something that comes back?", {"name": "describe_symptoms"})]
    return DialogueStateTracker.from_events("t", base + list(events), slots=DOMAIN.slots)


def test_the_answer_comes_first_whatever_the_intent():
    assert next_answer_action(tracker(SlotSet("answer_key", "prognosis")), DOMAIN) == "action_answer_question"


def test_no_question_no_answer():
    assert next_answer_action(tracker(), DOMAIN) is None
    assert next_answer_action(tracker(SlotSet("answer_key", None)), DOMAIN) is None


def test_a_red_flag_in_the_same_message_is_left_to_the_safety_policy():
    t = tracker(SlotSet("answer_key", "prognosis"), SlotSet("alert", True))
    assert next_answer_action(t, DOMAIN) is None


def test_inside_the_interview_the_form_comes_back_after_the_answer():
    t = tracker(SlotSet("answer_key", "prognosis"), ActionExecuted("action_answer_question"),
                before=[ActionExecuted("symptom_form"), ActiveLoop("symptom_form"),
                        SlotSet("requested_slot", "fever")])
    assert next_answer_action(t, DOMAIN) == "symptom_form"


def test_a_question_that_also_describes_symptoms_starts_the_interview_after_the_answer():
    t = tracker(SlotSet("answer_key", "prognosis"), SlotSet("described", True),
                ActionExecuted("action_answer_question"))
    assert next_answer_action(t, DOMAIN) == "symptom_form"


def test_a_plain_question_waits_for_the_patient_after_the_answer():
    t = tracker(SlotSet("answer_key", "prognosis"), ActionExecuted("action_answer_question"))
    assert next_answer_action(t, DOMAIN) == "action_listen"


def test_after_the_recommendation_a_description_does_not_restart_the_interview():
    t = tracker(SlotSet("answer_key", "prognosis"), SlotSet("described", True),
                ActionExecuted("action_answer_question"), before=[SlotSet("assessed", True)])
    assert next_answer_action(t, DOMAIN) == "action_listen"


def test_nothing_more_once_the_turn_moved_on():
    t = tracker(SlotSet("answer_key", "prognosis"), ActionExecuted("action_answer_question"),
                ActionExecuted("action_listen"))
    assert next_answer_action(t, DOMAIN) is None
