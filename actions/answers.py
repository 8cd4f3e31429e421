"""Answers a patient's question about the condition, and greets with the configured number.

`action_answer_question` runs when `addons/answer_policy.py` (or the FAQ rules) sees a question
the FAQ answers, in any position: as the first message, inside the interview or after it. It
sends the answer of the topic the response selector chose (`answer_key`, set by extraction.py,
or the selector's own choice when the intent is `faq`), worded from
actions/triage/knowledge/<language>/faq.yml, then, outside the interview, offers a symptom check (or,
after a recommendation, says how to come back). Inside the interview it says nothing more: the
form asks the same question again right after it.

`action_greet` sends `utter_greet` (domain.yml) with `{emergency_number}` filled from
EMERGENCY_NUMBER (actions/links.py), so the greeting names the number of this deployment.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import FORM
from actions.links import emergency_number
from actions.triage import knowledge


@lru_cache(maxsize=1)
def answers() -> Dict[Text, Text]:
    """The FAQ answers by key, one paragraph each (as data/nlu/faq_responses.yml has them)."""
    return {key: entry.answer for key, entry in knowledge.load().faq.items()}


def chosen_key(tracker: Tracker) -> Optional[Text]:
    """The topic to answer: the turn's `answer_key`, else the response selector's choice."""
    key = tracker.get_slot("answer_key")
    if key:
        return key
    selector = ((tracker.latest_message or {}).get("response_selector") or {}).get("faq") or {}
    full = (selector.get("response") or {}).get("intent_response_key") or ""
    return full.partition("/")[2] or None


class AnswerQuestion(Action):
    """Answers a question about the condition (see module docstring)."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        answer = answers().get(chosen_key(tracker) or "")
        if answer:
            dispatcher.utter_message(text=answer)
        else:
            dispatcher.utter_message(response="utter_no_answer")
        if tracker.active_loop_name == FORM:
            return []
        if tracker.get_slot("assessed"):
            dispatcher.utter_message(response="utter_after_assessment")
        elif not tracker.get_slot("described"):
            dispatcher.utter_message(response="utter_offer_check")
        return []


class Greet(Action):
    """The greeting, with the emergency number of this deployment."""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_greet", emergency_number=emergency_number())
        return []
