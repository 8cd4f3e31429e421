"""Ends the interview with a "see a doctor" recommendation (`action_handoff`).

Runs when the form has nothing left to ask, or at once when a red flag is found
(`addons/safety_policy.py`). It sets the contract's outcome slots from the engine's
assessment and sends the advice as ONE channel-neutral message (`actions.links.ending`):
what to do now first, then where and when, the reasons in plain words, self-care meanwhile,
the safety net and the doctor's summary link, each once; every channel renders it its own
way (web card, Slack blocks, Messenger, Telegram, SMS text; see channels/). The urgency
never drops below what the conversation already reached.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import case_of, higher_level
from actions.links import ending
from actions.triage import assess


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
        message = ending(tracker.sender_id, result, level, case_of(tracker), early)
        dispatcher.utter_message(json_message={"data": message})
        return outcome_events(tracker, result, level)
