"""Asks the interview questions (`action_ask_<question>`), worded from <language>/questions.yml.

One action per contract question, so that Rasa's form finds `action_ask_<slot>`; all of
them share `prompt()`, which adds the fixed-choice buttons (typed answers still work: a
button only sends its own words) and, for the self-checks, the steps to follow.

The form says how to ask in the `ask_mode` slot (actions/form.py):
- None: the full question (with the steps of a self-check);
- "rephrase": after an answer that could not be read, the question itself in short, with its
  buttons, introduced by a line that says why it comes again ("rephrase_noted" when the
  message told the engine something else, so it is thanked for rather than "not read");
- "confirm": the engine was unsure what the patient meant, or its high-recall red-flag net
  fired: "Just to check: <the question>" with the same buttons.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import knowledge
from actions.triage.contract import QUESTIONS

# The leads of a question asked again (the `questions` section of knowledge/<language>/messages.yml).
REPHRASE_LEAD = knowledge.message("questions", "rephrase")
NOTED_LEAD = knowledge.message("questions", "noted")
CONFIRM_LEAD = knowledge.message("questions", "confirm")
BUTTON_HINT = knowledge.message("questions", "buttons")


def buttons(name: Text) -> List[Dict[Text, Text]]:
    return [{"title": title, "payload": title} for title, _ in knowledge.load().questions[name].buttons]


def short_question(name: Text) -> Text:
    """The sentence of the question that asks (the first one ending in "?")."""
    text = knowledge.load().questions[name].text
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        if sentence.endswith("?"):
            return sentence
    return text


def prompt(name: Text, mode: Optional[Text] = None) -> Dict[Text, Any]:
    """The message that asks one question: text and buttons (see module docstring)."""
    question = knowledge.load().questions[name]
    if mode == "confirm":
        short = short_question(name)
        text = f"{CONFIRM_LEAD} {short[0].lower()}{short[1:]}"
    elif mode in ("rephrase", "rephrase_noted"):
        lead = NOTED_LEAD if mode == "rephrase_noted" else REPHRASE_LEAD
        text = f"{lead} {short_question(name)}"
        if question.buttons:
            text = f"{text} {BUTTON_HINT}"
    else:
        text = question.text
        if question.steps:
            steps = "\n".join(f"{i}. {step}" for i, step in enumerate(question.steps, 1))
            text = f"{text}\n\n{steps}"
    return {"text": text, "buttons": buttons(name)}


MODES = ("confirm", "rephrase", "rephrase_noted")


def ask(name: Text, dispatcher: CollectingDispatcher, mode: Optional[Text] = None) -> None:
    message = prompt(name, mode if mode in MODES else None)
    dispatcher.utter_message(text=message["text"], buttons=message["buttons"])


class AskQuestion(Action):
    """Base of the generated `action_ask_<question>` actions."""

    question = ""

    def name(self) -> Text:
        return f"action_ask_{self.question}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        ask(self.question, dispatcher, tracker.get_slot("ask_mode"))
        return []


ASK_ACTIONS = [
    type(f"Ask_{name}", (AskQuestion,), {"question": name}) for name in QUESTIONS
]
