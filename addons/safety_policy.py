"""A dialogue policy that makes a red flag end the interview in the turn it is mentioned.

`action_validate_slot_mappings` runs the clinical red-flag check on every user message and
sets the `alert` slot when a new flag (or a higher urgency) appears. Whatever the intent,
the rules or the active form would do next, this policy then predicts `action_handoff`,
which tells the patient where to go now, and afterwards `action_listen`. Its predictions
beat the form's happy path (both are "no user" predictions; this one has the higher
priority), so neither a classifier error nor a missing rule can delay the advice.
"""

from __future__ import annotations

from typing import Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from addons.turn_policy import TurnPolicy, turn_events

ALERT_SLOT = "alert"
HANDOFF_ACTION = "action_handoff"


def next_safety_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """`action_handoff` when this turn raised an alert, `action_listen` right after it."""
    events = turn_events(tracker)
    alerted = any(
        isinstance(e, SlotSet) and e.key == ALERT_SLOT and e.value for e in events
    )
    if not alerted:
        return None
    handed_off = any(
        isinstance(e, ActionExecuted) and e.action_name == HANDOFF_ACTION for e in events
    )
    if not handed_off:
        return HANDOFF_ACTION
    if tracker.latest_action_name == HANDOFF_ACTION:
        return ACTION_LISTEN_NAME
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class SafetyPolicy(TurnPolicy):
    """Predicts the red-flag handoff in the turn the flag appears (see module docstring)."""

    PRIORITY = 9  # above every other policy, AnswerPolicy (8) included

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> Tuple[Optional[Text], bool]:
        return next_safety_action(tracker), True
