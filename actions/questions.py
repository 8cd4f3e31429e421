"""Asks the interview questions (`action_ask_<question>`), worded from questions.yml.

One action per contract question, so that Rasa's form finds `action_ask_<slot>`; all of
them share `ask()`, which adds the fixed-choice buttons (typed answers still work: a
button only sends its own words) and, for the self-checks, the steps to follow.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import knowledge
from actions.triage.contract import QUESTIONS


def prompt(name: Text) -> Dict[Text, Any]:
    """The message that asks one question: text, buttons and, for self-checks, steps."""
    question = knowledge.load().questions[name]
    text = question.text
    if question.steps:
        steps = "\n".join(f"{i}. {step}" for i, step in enumerate(question.steps, 1))
        text = f"{text}\n\n{steps}"
    buttons = [{"title": title, "payload": title} for title, _ in question.buttons]
    return {"text": text, "buttons": buttons}


def ask(name: Text, dispatcher: CollectingDispatcher) -> None:
    message = prompt(name)
    dispatcher.utter_message(text=message["text"], buttons=message["buttons"])


class AskQuestion(Action):
    """Base of the generated `action_ask_<question>` actions."""

    question = ""

    def name(self) -> Text:
        return f"action_ask_{self.question}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ask(self.question, dispatcher)
        return []


ASK_ACTIONS = [
    type(f"Ask_{name}", (AskQuestion,), {"question": name}) for name in QUESTIONS
]
