"""IntakePolicy: a message the engine read symptoms from starts the interview."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.intake_policy import should_start_interview

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def tracker(*events, intent="out_of_scope") -> DialogueStateTracker:
    base = [ActionExecuted("action_listen"), UserUttered("my feet burn", {"name": intent})]
    return DialogueStateTracker.from_events("t", base + list(events), slots=DOMAIN.slots)


def test_a_description_under_any_intent_starts_the_interview():
    assert should_start_interview(tracker(SlotSet("described", True)))


def test_no_description_no_interview():
    assert not should_start_interview(tracker(SlotSet("described", False)))


def test_a_red_flag_is_left_to_the_safety_policy():
    assert not should_start_interview(tracker(SlotSet("described", True), SlotSet("alert", True)))


def test_not_while_the_interview_runs():
    t = tracker(ActiveLoop("symptom_form"), SlotSet("described", True))
    assert not should_start_interview(t)


def test_not_after_the_recommendation_or_for_a_correction():
    assert not should_start_interview(tracker(SlotSet("assessed", True), SlotSet("described", True)))
    assert not should_start_interview(tracker(SlotSet("described", True), intent="correct"))


def test_only_right_after_the_message():
    t = tracker(SlotSet("described", True), ActionExecuted("symptom_form"))
    assert not should_start_interview(t)
