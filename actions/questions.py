"""How the interview questions are worded: `prompt(question, mode)`, from <language>/questions.yml.

Rasa's form asks with the `utter_ask_<question>` responses of domain.yml, which
tools/gen_domain.py generates from `prompt()`, so asking costs no call to the action server.
`prompt()` adds the fixed-choice buttons (typed answers still work: a button only sends its
own words) and, for the self-checks, the steps to follow.

The form says how to ask in the `ask_mode` slot (actions/form.py); each mode is a variation of the
response, chosen by that slot:
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

from actions.triage import knowledge

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

