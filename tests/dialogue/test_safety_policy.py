"""SafetyPolicy: a red flag found in a message is answered in that same turn."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.safety_policy import next_safety_action

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


def tracker(*events) -> DialogueStateTracker:
    base = [ActionExecuted("action_listen"), UserUttered("earlier", {"name": "inform"})]
    return DialogueStateTracker.from_events("t", base + list(events), slots=DOMAIN.slots)


def test_alert_in_this_turn_predicts_the_handoff():
    t = tracker(UserUttered("I can't pee", {"name": "inform"}), SlotSet("alert", True))
    assert next_safety_action(t) == "action_handoff"


def test_after_the_handoff_the_bot_listens():
    t = tracker(
        UserUttered("I can't pee", {"name": "inform"}),
        SlotSet("alert", True),
        ActionExecuted("action_handoff"),
    )
    assert next_safety_action(t) == "action_listen"


def test_an_alert_from_an_earlier_turn_does_not_repeat_the_handoff():
    t = tracker(
        UserUttered("I can't pee", {"name": "inform"}),
        SlotSet("alert", True),
        ActionExecuted("action_handoff"),
        ActionExecuted("action_listen"),
        UserUttered("thanks", {"name": "thanks"}),
    )
    assert next_safety_action(t) is None


@pytest.mark.parametrize("value", [False, None])
def test_no_alert_no_prediction(value):
    t = tracker(UserUttered("my calf aches", {"name": "inform"}), SlotSet("alert", value))
    assert next_safety_action(t) is None
