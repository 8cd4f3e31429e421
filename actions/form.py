"""Drives the interview form: which question comes next, confirmations, and answers not read.

`validate_symptom_form` does not read answers itself (`extraction.py` already did, for
every message); it decides what to ask next and names it in `requested_slot` (always a
contract question name), with `ask_mode` choosing how its `utter_ask_<question>` response words it
(actions/questions.py):

- a question the engine asked to confirm (`to_confirm`, kept by extraction.py) comes first:
  "Just to check: ...?" with its buttons;
- an answer that could not be read is a miss: after the first the question is rephrased
  with its buttons, after the second it is recorded as "not sure" and the interview goes on;
- no question is asked more than MAX_ASKS times, whatever happens in between (questions
  to the bot, "why do you ask?", misreadings): at that point it is recorded as "not sure";
- otherwise the engine's next-question policy chooses, and the form ends when nothing is
  left or a red flag was found.

A question to the bot or "why?" in the middle leaves the turn to the answering action or a
rule; the form then comes back to the SAME question.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    FORM,
    NOT_ANSWERS,
    case_of,
    current_question,
    intent_of,
    learned_this_turn,
    mirror,
    this_turn,
    times_asked,
)
from actions.triage import merge, next_questions
from actions.triage.contract import QUESTIONS

MAX_MISSES = 2  # answers not read before the question is recorded as "not sure"
MAX_ASKS = 3  # however the turns went, no question is asked more often than this
# Intents that leave the question to a rule (explain, help, restart, stop) and come back.
INTERRUPTIONS = NOT_ANSWERS - {"greet", "thanks"}
FORM_MACHINERY = {"action_listen", "action_extract_slots", FORM, None}


def resumed(events: List[Dict[Text, Any]]) -> bool:
    """Whether the form comes back after another action answered the patient."""
    return any(
        e.get("event") == "action" and e.get("name") not in FORM_MACHINERY for e in events
    )


def pending(tracker: Tracker, case: Dict[Text, Any]) -> List[Text]:
    """The questions still to confirm, in order (never one whose flag is already raised)."""
    return [q for q in tracker.get_slot("to_confirm") or [] if q in QUESTIONS and case.get(q) != "yes"]


def noted_unsure(case: Dict[Text, Any], question: Text) -> Dict[Text, Any]:
    """The case with `question` recorded as "not sure" (a raised flag is never undone)."""
    return merge(case, {question: "unsure"}, replace=question)


class ValidateSymptomForm(Action):
    """Chooses the next question (see module docstring)."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = case_of(tracker)
        confirm = pending(tracker, case)
        events: List[Dict[Text, Any]] = []
        asked = current_question(tracker)
        turn = this_turn(tracker)
        retries = int(tracker.get_slot("retries") or 0)
        mode: Optional[Text] = None
        give_up = False
        if asked and (asked not in case or asked in confirm):
            worn_out = times_asked(tracker, asked) >= MAX_ASKS
            learned = learned_this_turn(turn)
            if resumed(turn):
                give_up = worn_out  # an interruption was answered: ask the same again
            elif intent_of(tracker) in INTERRUPTIONS and not learned and not worn_out:
                return []  # nothing read: Rasa rejects the form and a rule takes over
            else:
                retries += 1
                give_up = worn_out or retries >= MAX_MISSES
                if not give_up and asked not in confirm:
                    mode = "rephrase_noted" if learned else "rephrase"
            if give_up:
                # Recorded as "not sure" rather than asked for ever; the safety net covers it.
                updated = noted_unsure(case, asked)
                events += mirror(case, updated)
                case = updated
                confirm = [q for q in confirm if q != asked]
                retries = 0
                dispatcher.utter_message(response="utter_noted_unsure")
        else:
            retries = 0
        for question in [q for q in confirm if q != asked and times_asked(tracker, q) >= MAX_ASKS]:
            updated = noted_unsure(case, question)  # asked often enough: no fourth time
            events += mirror(case, updated)
            case = updated
            confirm.remove(question)
        if confirm != list(tracker.get_slot("to_confirm") or []):
            events.append(SlotSet("to_confirm", confirm))
        remaining = next_questions(case)
        ask = next(iter(confirm), None)
        if ask is not None and remaining:
            mode = "confirm"
        elif give_up or not (asked and asked in remaining):
            ask = remaining[0] if remaining else None
        else:
            ask = asked  # the same question again: after an interruption, or rephrased
        if ask != asked:
            retries = 0
            if mode != "confirm":
                mode = None
        # always set, so that Rasa never rejects a form run that chose the next question
        events.append(SlotSet("retries", retries))
        if mode != tracker.get_slot("ask_mode"):
            events.append(SlotSet("ask_mode", mode))
        events.append(SlotSet("requested_slot", ask))
        return events
