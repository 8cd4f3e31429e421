"""Reading a Rasa tracker and writing slot events: the glue every adapter shares.

`FORM` is the one place in Python that names the interview form (domain.yml defines it; the
custom policies in addons/ read it from the domain; tests/dialogue/test_domain.py checks that
the domain, the rules and this constant agree).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.triage import knowledge
from actions.triage.contract import QUESTIONS

FORM = "symptom_form"

# Intents whose text is not an answer to the current question.
NOT_ANSWERS = {
    "ask_why", "faq", "bot_challenge", "help", "start_over", "stop", "greet", "thanks", "goodbye",
    "forget_me", "confirm_forget", "keep_data",  # privacy: actions/privacy.py
}


def intent_of(tracker: Tracker) -> Text:
    """The latest intent name, with retrieval intents reduced to their base (`faq`)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return (intent.get("name") or "").split("/")[0]


def text_of(tracker: Tracker) -> Text:
    """The whole text of the latest user message.

    The NLU classifies only a prefix of a long message (addons/nlu_prefix.py), so the text is
    taken from the user event, which keeps what the channel received, before `latest_message`.
    """
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if isinstance(event.get("text"), str):
                return event["text"]
            break
    return (tracker.latest_message or {}).get("text") or ""


def since_restart(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The events since the last "start over" (all slots reset) or restart."""
    events = list(tracker.events or [])
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") in ("reset_slots", "restart", "session_started"):
            return events[index + 1 :]
    return events


def times_asked(tracker: Tracker, question: Text) -> int:
    """How often the form has asked this question since the check began.

    An ask is `requested_slot` set to the question followed by a bot message in the same turn.
    (Rasa also inserts a `requested_slot` event into the tracker it sends to the form's
    validation action, so counting the slot events alone would count one ask too many.)
    """
    count, named = 0, False
    for event in since_restart(tracker):
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            named = event.get("value") == question
        elif kind == "bot" and named:
            count, named = count + 1, False
        elif kind == "user":
            named = False
    return count


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
    """The more urgent of two triage levels (None counts as no level), ranked by triage.yml."""
    return knowledge.load().higher(a, b)


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
