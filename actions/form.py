"""Drives the interview form: which question comes next, and answers not understood.

`validate_symptom_form` does not read answers itself (`extraction.py` already did, for
every message); it asks the engine's next-question policy what still matters and names
that question in `requested_slot`, or ends the form when nothing is left or a red flag
was found.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    NOT_ANSWERS,
    case_of,
    current_question,
    intent_of,
    learned_this_turn,
    mirror,
    this_turn,
)
from actions.triage import merge, next_questions

MAX_RETRIES = 2
MAX_ASKS = 4  # however the turns went, a question is not asked more often than this
# Intents that leave the question to a rule (explain, answer, restart, stop) and come back.
INTERRUPTIONS = NOT_ANSWERS - {"greet", "thanks"}


FORM_MACHINERY = {"action_listen", "action_extract_slots", "symptom_form", None}


def resumed(events: List[Dict[Text, Any]]) -> bool:
    """Whether the form comes back after another action answered the patient."""
    return any(
        e.get("event") == "action" and e.get("name") not in FORM_MACHINERY for e in events
    )


def times_asked(tracker: Tracker, question: Text) -> int:
    """How often the form has asked this question in the conversation."""
    return sum(
        1
        for e in tracker.events
        if e.get("event") == "slot" and e.get("name") == "requested_slot" and e.get("value") == question
    )


class ValidateSymptomForm(Action):
    """Chooses the next question from the clinical engine (see module docstring)."""

    def name(self) -> Text:
        return "validate_symptom_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = case_of(tracker)
        events: List[Dict[Text, Any]] = []
        asked = current_question(tracker)
        answered_now = asked is not None and asked in case
        turn = this_turn(tracker)
        if asked and not answered_now and not learned_this_turn(turn) and not resumed(turn):
            intent = intent_of(tracker)
            worn_out = times_asked(tracker, asked) >= MAX_ASKS
            if intent in INTERRUPTIONS and not worn_out:
                return []  # nothing extracted: Rasa rejects the form and a rule takes over
            retries = int(tracker.get_slot("retries") or 0) + 1
            if retries > MAX_RETRIES or worn_out:
                # Noted as "not sure" rather than asked for ever; the safety net covers it.
                updated = merge(case, {asked: "unsure"}, replace=asked)
                events += mirror(case, updated)
                case = updated
                retries = 0
                dispatcher.utter_message(response="utter_noted_unsure")
            else:
                dispatcher.utter_message(
                    response="utter_redirect" if intent == "out_of_scope" else "utter_not_understood"
                )
            events.append(SlotSet("retries", retries))
        elif answered_now and tracker.get_slot("retries"):
            events.append(SlotSet("retries", 0))
        remaining = next_questions(case)
        events.append(SlotSet("requested_slot", remaining[0] if remaining else None))
        return events
