"""Ends the interview with a "see a doctor" recommendation (`action_handoff`).

Runs when the form has nothing left to ask, or at once when a red flag is found
(`addons/safety_policy.py`). It sets the contract's outcome slots from the engine's
assessment and words the advice for its urgency: where to go and when, the reasons in
plain words, the safety net, self-care meanwhile and a summary to show a doctor. The
urgency never drops below what the conversation already reached.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import case_of, higher_level
from actions.links import handoff_extras
from actions.triage import assess, knowledge


def bullets(lines: List[Text]) -> Text:
    return "\n".join(f"- {line}" for line in lines if line)


def advice(result: Dict[Text, Any], level: Text, early: bool) -> List[Text]:
    """The messages of the recommendation, most important first."""
    wording = knowledge.load().levels[level]
    first = wording.headline
    if wording.extra:
        first = f"{first} {wording.extra}"
    if early:
        first = f"I'm stopping the questions here because of what you just told me. {first}"
    messages = [first]
    reasons = [r["text"] for r in result.get("reasons", [])]
    if reasons:
        messages.append("Why I'm saying this:\n" + bullets(reasons))
    if result.get("self_care") and level in ("soon", "routine"):
        messages.append("Until then:\n" + bullets(result["self_care"]))
    if result.get("safety_net"):
        messages.append("Please remember:\n" + bullets(result["safety_net"]))
    if result.get("summary"):
        messages.append("A summary you can show a doctor:\n" + result["summary"])
    messages.append(
        "I'm not a doctor and this is not a diagnosis; it is advice on how soon to get checked."
    )
    return messages


def text_message(text: Text) -> Dict[Text, Any]:
    return {"text": text}


def outcome_events(tracker: Tracker, result: Dict[Text, Any], level: Text) -> List[Dict]:
    """Events that end the interview with this outcome (flags are never dropped)."""
    flags = sorted(set(tracker.get_slot("red_flags") or []) | set(result["red_flags"]))
    events = [
        SlotSet("triage_level", level),
        SlotSet("red_flags", flags),
        SlotSet("suspected_roots", result["suspected_roots"]),
        SlotSet("likely_pattern", result["likely_pattern"]),
        SlotSet("requested_slot", None),
        SlotSet("assessed", True),
    ]
    if tracker.active_loop_name:
        events.append(ActiveLoop(None))
    return events


class Handoff(Action):
    """Sets the outcome slots and gives the recommendation (see module docstring)."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        result = assess(case_of(tracker)).to_dict()
        level = higher_level(tracker.get_slot("triage_level"), result["triage_level"])
        flagged = bool(tracker.get_slot("red_flags") or result["red_flags"])
        early = flagged and tracker.active_loop_name is not None
        extras = handoff_extras(tracker.sender_id, result, level, case_of(tracker))
        if level in ("emergency", "urgent"):
            # the card that cannot be missed comes first, before any explanation
            cards = [m for m in extras if "json_message" in m]
            extras = cards + [text_message(t) for t in advice(result, level, early)] + [
                m for m in extras if "json_message" not in m
            ]
        else:
            extras = [text_message(t) for t in advice(result, level, early)] + extras
        for message in extras:
            dispatcher.utter_message(**message)
        return outcome_events(tracker, result, level)
