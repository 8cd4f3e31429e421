"""Reads every user message for findings and red flags (`action_validate_slot_mappings`).

Rasa runs this action after every user message, in and out of the interview form. It
interprets the text with the clinical engine (using the question being asked as context),
merges the findings into the `case` slot, mirrors the contract slots and, when a red flag
appears or the urgency rises, sets `triage_level`, `red_flags` and `alert`, on which
`addons/safety_policy.py` ends the interview in this same turn. Outside the interview, a
message that describes symptoms sets `described`, on which `addons/intake_policy.py` starts
the interview whatever the intent.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    NOT_ANSWERS,
    case_of,
    current_question,
    higher_level,
    intent_of,
    mirror,
    text_of,
)
from actions.triage import interpret, merge, red_flags_now

logger = logging.getLogger(__name__)

MAX_TEXT = 2000  # longer messages are read in part; the start is where patients say most
ANSWER_STARTS = {
    "yes", "yeah", "yep", "yup", "aye", "no", "nope", "nah", "never", "not", "none", "nothing",
    "maybe", "both", "left", "right", "sometimes",
}
QUESTION_WORDS = {
    "what", "whats", "what's", "why", "how", "can", "could", "does", "do", "is", "are", "will",
    "would", "should", "when", "which", "who",
}


def read_message(text: Text, intent: Text, question: Any, case: Dict[Text, Any]) -> Dict:
    """The findings of one message, in the light of the question being asked.

    A question to the bot ("can a pinched nerve cause this?") is not an answer, but a warning
    sign it reports still counts. Any other message is read as an answer to the question
    being asked, whatever its intent: a classifier may call "I can get up on my toes okay"
    a question about the condition, but its words answer the self-check.
    """
    if not text.strip() or text.startswith("/"):
        return {}
    text = text[:MAX_TEXT]
    if is_question(text) or (intent in NOT_ANSWERS and question is None):
        findings = interpret(text, question=None, case=case)
        return flag_findings(findings) if is_question(text) or intent == "faq" else findings
    return interpret(text, question=question, case=case)


def is_question(text: Text) -> bool:
    """Whether the message asks the bot something rather than telling it something.

    "left?" is an unsure answer, and "no, not me - my mum had cancer, is that relevant?"
    answers first and asks after: both are read as answers.
    """
    words = [w.strip(",.!-") for w in text.strip().lower().split()]
    if len(words) < 3:
        return False
    if words[0] in QUESTION_WORDS:
        return True
    return text.rstrip().endswith("?") and words[0] not in ANSWER_STARTS


def describes_symptoms(findings: Dict[Text, Any]) -> bool:
    """Whether a message outside the interview told the engine anything about the symptoms."""
    return any(key != "extras" for key in findings)


def flag_findings(findings: Dict[Text, Any]) -> Dict[Text, Any]:
    """Only the positive warning-sign answers of a message (used for questions to the bot)."""
    kept = {k: v for k, v in findings.items() if k != "extras" and v == "yes"}
    if "extras" in findings:
        kept["extras"] = findings["extras"]
    return kept


def flag_events(tracker: Tracker, case: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Slot events for the red flags found so far; `alert` when something new is found."""
    flags = red_flags_now(case)
    if not flags:
        return []
    old_names = set(tracker.get_slot("red_flags") or [])
    old_level = tracker.get_slot("triage_level")
    names = sorted(old_names | {f["name"] for f in flags if f.get("name")})
    level = old_level
    for flag in flags:
        level = higher_level(level, flag.get("level"))
    if set(names) == old_names and level == old_level:
        return []
    return [SlotSet("red_flags", names), SlotSet("triage_level", level), SlotSet("alert", True)]


class ReadEveryMessage(Action):
    """Global slot extraction: runs after every user message (see module docstring)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        old = case_of(tracker)
        question = current_question(tracker)
        intent = intent_of(tracker)
        try:
            findings = read_message(text_of(tracker), intent, question, old)
        except Exception:  # a reading error must never lose the conversation
            logger.exception("could not interpret the message")
            findings = {}
        replace = True if intent == "correct" else question
        new = merge(old, findings, replace=replace) if findings else old
        events = mirror(old, new)
        for marker in ("alert", "described"):  # both speak only of the turn that set them
            if tracker.get_slot(marker):
                events.append(SlotSet(marker, False))
        if question is None and describes_symptoms(findings):
            events.append(SlotSet("described", True))
        return events + flag_events(tracker, new)
