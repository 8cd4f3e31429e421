"""A dialogue policy that starts the interview whenever a message describes symptoms.

The intent classifier routes most descriptions to the interview through the rules, but a
description it files under another intent ("my feet are killing me..." read as out of scope,
or below the fallback threshold) must not be answered with "sorry, I didn't understand".
`action_validate_slot_mappings` sets the `described` slot when the clinical engine read
symptoms from a message outside the interview; this policy then predicts the interview form,
over the rules (higher priority), unless a red flag was raised (SafetyPolicy handles that),
a recommendation was already given, or the message is a correction.
"""

from __future__ import annotations

from typing import Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from addons.safety_policy import ALERT_SLOT
from addons.turn_policy import TurnPolicy, form_name, turn_events

DESCRIBED_SLOT = "described"


def should_start_interview(tracker: DialogueStateTracker) -> bool:
    """Whether this turn described symptoms that no rule has taken into the interview yet."""
    if tracker.active_loop_name or tracker.latest_action_name != ACTION_LISTEN_NAME:
        return False
    if tracker.get_slot("assessed") or (tracker.latest_message.intent or {}).get("name") == "correct":
        return False
    events = turn_events(tracker)
    said = {e.key: e.value for e in events if isinstance(e, SlotSet)}
    return bool(said.get(DESCRIBED_SLOT)) and not said.get(ALERT_SLOT)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class IntakePolicy(TurnPolicy):
    """Starts the interview on any description of symptoms (see module docstring)."""

    PRIORITY = 7

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> Tuple[Optional[Text], bool]:
        return (form_name(domain) if should_start_interview(tracker) else None), False
