"""A dialogue policy that answers a patient's question about the condition before anything else.

`action_validate_slot_mappings` sets `answer_key` in the turn a message asks something the FAQ
answers (whatever the intent: "is sciatica something that comes back?" is often classified as a
description). This policy then predicts `action_answer_question` first, over the form and the
rules, and afterwards:
- inside the interview, the form again, which asks the SAME question (actions/form.py);
- outside it, the form when the message also described symptoms ("I've got sciatica in my left
  leg, can it make my toes numb?") and no recommendation was given yet, else `action_listen`
  (the answering action has offered a symptom check).
A red flag in the same message wins: SafetyPolicy has the higher priority, and this policy steps
aside in a turn that raised an alert.
"""

from __future__ import annotations

from typing import Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from addons.safety_policy import ALERT_SLOT
from addons.turn_policy import TurnPolicy, form_name, turn_events

ANSWER_SLOT = "answer_key"
ANSWER_ACTION = "action_answer_question"
DESCRIBED_SLOT = "described"


def next_answer_action(tracker: DialogueStateTracker, domain: Domain) -> Optional[Text]:
    """The answering action, then what follows it (see module docstring), or None."""
    events = turn_events(tracker)
    said = {e.key: e.value for e in events if isinstance(e, SlotSet)}
    if not said.get(ANSWER_SLOT) or said.get(ALERT_SLOT):
        return None
    if not any(isinstance(e, ActionExecuted) and e.action_name == ANSWER_ACTION for e in events):
        return ANSWER_ACTION
    if tracker.latest_action_name != ANSWER_ACTION:
        return None
    form = form_name(domain)
    if tracker.active_loop_name == form:
        return form
    if said.get(DESCRIBED_SLOT) and not tracker.get_slot("assessed") and not tracker.active_loop_name:
        return form
    return ACTION_LISTEN_NAME


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class AnswerPolicy(TurnPolicy):
    """Answers questions about the condition first (see module docstring)."""

    PRIORITY = 8

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> Tuple[Optional[Text], bool]:
        return next_answer_action(tracker, domain), True
