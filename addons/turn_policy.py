"""Base of the project's untrained dialogue policies, which decide from the current turn alone."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData


def form_name(domain: Domain) -> Text:
    """The interview form: the domain's only form (domain.yml defines its name)."""
    return domain.form_names[0]


def turn_events(tracker: DialogueStateTracker) -> List[Any]:
    """The events since the latest user message (empty if there is none)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1 :]
    return []


class TurnPolicy(Policy):
    """A policy with nothing to learn: `decide` names the next action, or None."""

    PRIORITY = 7

    @classmethod
    def get_default_config(cls) -> Dict[Text, Any]:
        return {"priority": cls.PRIORITY}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> Tuple[Optional[Text], bool]:
        """The action to predict (or None) and whether it overrules "no user" predictions."""
        raise NotImplementedError

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action, no_user = self.decide(tracker, domain)
        probabilities = self._default_predictions(domain)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=no_user)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TurnPolicy":
        return cls(config, model_storage, resource, execution_context)
