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

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData

from addons.safety_policy import ALERT_SLOT, turn_events

DESCRIBED_SLOT = "described"
FORM = "symptom_form"


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
class IntakePolicy(Policy):
    """Starts the interview on any description of symptoms (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def train(
        self,
        training_trackers: List[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if should_start_interview(tracker):
            probabilities[domain.index_for_action(FORM)] = 1.0
        return self._prediction(probabilities)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "IntakePolicy":
        return cls(config, model_storage, resource, execution_context)
