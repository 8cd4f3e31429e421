"""Reading a Rasa tracker and writing slot events: the glue every adapter shares."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.triage.contract import QUESTIONS, TRIAGE_LEVELS as LEVELS

FORM = "symptom_form"

# Intents whose text is not an answer to the current question.
NOT_ANSWERS = {
    "ask_why", "faq", "bot_challenge", "help", "start_over", "stop", "greet", "thanks", "goodbye",
}


def intent_of(tracker: Tracker) -> Text:
    """The latest intent name, with retrieval intents reduced to their base (`faq`)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return (intent.get("name") or "").split("/")[0]


def text_of(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def current_question(tracker: Tracker) -> Optional[Text]:
    """The contract question being asked, if the interview form is waiting for it."""
    if tracker.active_loop_name != FORM:
        return None
    question = tracker.get_slot("requested_slot")
    return question if question in QUESTIONS else None


def case_of(tracker: Tracker) -> Dict[Text, Any]:
    case = tracker.get_slot("case")
    return dict(case) if isinstance(case, dict) else {}


def mirror(old: Dict[Text, Any], new: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """Slot events for the contract questions whose values changed, plus the case itself."""
    events = [
        SlotSet(name, new.get(name))
        for name in QUESTIONS
        if new.get(name) != old.get(name)
    ]
    if new != old:
        events.append(SlotSet("case", new))
    return events


def higher_level(a: Optional[Text], b: Optional[Text]) -> Optional[Text]:
    """The more urgent of two triage levels (None counts as no level)."""
    ranked = [level for level in (a, b) if level in LEVELS]
    return max(ranked, key=LEVELS.index) if ranked else None


def this_turn(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events since the latest user message."""
    events: List[Dict[Text, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        events.append(event)
    return events[::-1]


def learned_this_turn(events: List[Dict[Text, Any]]) -> bool:
    """Whether the latest message added anything to the case."""
    return any(e.get("event") == "slot" and e.get("name") == "case" for e in events)
