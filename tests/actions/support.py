"""Helpers for the custom-action tests: trackers as Rasa sends them, and running an action."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import FORM
from actions.triage.contract import QUESTIONS


def make_tracker(
    text: str = "",
    intent: str = "inform",
    slots: Optional[Dict[str, Any]] = None,
    asking: Optional[str] = None,
    events_after_user: Optional[List[Dict[str, Any]]] = None,
    confidence: float = 0.95,
    events_before: Optional[List[Dict[str, Any]]] = None,
    parse_data: Optional[Dict[str, Any]] = None,
) -> Tracker:
    """A tracker whose latest message is `text`, optionally with the form asking `asking`.

    `events_before` come before the latest message (earlier turns); `parse_data` adds to
    what the NLU said about it (intent ranking, response selector).
    """
    values: Dict[str, Any] = {name: None for name in QUESTIONS}
    values.update({"case": None, "red_flags": None, "triage_level": None, "alert": None,
                   "retries": 0, "requested_slot": asking})
    values.update(slots or {})
    message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []}
    message.update(parse_data or {})
    events: List[Dict[str, Any]] = list(events_before or []) + [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": message},
    ]
    events += events_after_user or []
    return Tracker(
        sender_id="test",
        slots=values,
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": FORM} if asking else {},
        latest_action_name="action_listen",
    )


def slot_values(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The last value each slot event sets."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher: CollectingDispatcher) -> List[str]:
    return [m.get("text") or m.get("response") or "" for m in dispatcher.messages]


def run(action, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    """Runs a custom action as the action server would, returning its events."""
    return asyncio.run(action.run(dispatcher, tracker, {}))


def ends_form(events: List[Dict[str, Any]]) -> bool:
    """Whether the events deactivate the active form."""
    return any(e.get("event") == "active_loop" and e.get("name") is None for e in events)
