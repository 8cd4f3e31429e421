"""A dialogue policy that makes a red flag end the interview in the turn it is mentioned.

`action_validate_slot_mappings` runs the clinical red-flag check on every user message and
sets the `alert` slot when a new flag (or a higher urgency) appears. Whatever the intent,
the rules or the active form would do next, this policy then predicts `action_handoff`,
which tells the patient where to go now, and afterwards `action_listen`. Its predictions
beat the form's happy path (both are "no user" predictions; this one has the higher
priority), so neither a classifier error nor a missing rule can delay the advice.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData

ALERT_SLOT = "alert"
HANDOFF_ACTION = "action_handoff"


def turn_events(tracker: DialogueStateTracker) -> List[Any]:
    """The events since the latest user message (empty if there is none)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1 :]
    return []


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
class SafetyPolicy(Policy):
    """Predicts the red-flag handoff in the turn the flag appears (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 8}

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
        action = next_safety_action(tracker)
        probabilities = self._default_predictions(domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "SafetyPolicy":
        return cls(config, model_storage, resource, execution_context)
