"""Conversation repair: "why do you ask?", "stop", "start over" and Rasa's `/restart` command."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, Restarted
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import case_of, current_question, higher_level
from actions.handoff import outcome_events
from actions.links import emergency_number
from actions.triage import assess, knowledge, next_questions

GENERAL_WHY = knowledge.message("repair", "why")  # "why do you ask?" when no question is open


class ExplainQuestion(Action):
    """Says why the current question matters; the form then asks it again."""

    def name(self) -> Text:
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        question = current_question(tracker)
        if question:
            dispatcher.utter_message(text=knowledge.load().questions[question].why)
        else:
            dispatcher.utter_message(text=GENERAL_WHY)
        return []


class StopInterview(Action):
    """Ends the interview politely, with the advice that fits what is known so far.

    An unfinished interview cannot rule warning signs out, so the advice is at least
    "see a doctor soon", never "routine".
    """

    def name(self) -> Text:
        return "action_stop_interview"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        case = case_of(tracker)
        result = assess(case).to_dict()
        level = higher_level(tracker.get_slot("triage_level"), result["triage_level"])
        if next_questions(case):
            level = higher_level(level, "soon")
        wording = knowledge.load().levels[level]
        dispatcher.utter_message(response="utter_stopping")
        dispatcher.utter_message(text=f"{wording.headline} {wording.extra}".strip())
        if result.get("safety_net"):
            dispatcher.utter_message(
                text=knowledge.message("render", "safety_net") + "\n"
                + "\n".join(f"- {s}" for s in result["safety_net"])
            )
        events = outcome_events(tracker, result, level)
        # The stop rules end with `active_loop: null` whether or not the form was running.
        return events if tracker.active_loop_name else events + [ActiveLoop(None)]


def repeat_urgent_advice(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Names a warning sign's advice again before the answers are cleared."""
    level = tracker.get_slot("triage_level")
    if tracker.get_slot("red_flags") and level:
        wording = knowledge.load().levels[level]
        dispatcher.utter_message(text=knowledge.message("repair", "before_again", headline=wording.headline))


class StartOver(Action):
    """Forgets the answers and begins a new check, but first repeats any urgent advice.

    A new check must not quietly replace advice to get help now, so a warning sign found
    earlier is named again before the answers are cleared.
    """

    def name(self) -> Text:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        repeat_urgent_advice(dispatcher, tracker)
        dispatcher.utter_message(response="utter_restarting")
        dispatcher.utter_message(response="utter_ask_describe")
        return [AllSlotsReset(), ActiveLoop(None)]


class Restart(Action):
    """Rasa's `/restart` command, overriding Rasa's own `action_restart`: the same care as "start
    over" (urgent advice said again first), and the restart message names this deployment's
    emergency number."""

    def name(self) -> Text:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        repeat_urgent_advice(dispatcher, tracker)
        dispatcher.utter_message(response="utter_restart", emergency_number=emergency_number())
        return [Restarted()]
