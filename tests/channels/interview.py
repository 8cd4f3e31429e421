"""Drives an interview through a channel patient (clients.py), read through the conversation
contract: the tracker's `requested_slot` says which question is asked; the patient taps the
choice when one fits (on SMS: replies its number) and types otherwise."""

from __future__ import annotations

from typing import Any, Dict, List

ROUTINE_OPENING = "shooting pain down the outside of my right shin into the top of my foot"
TYPED = {
    "symptom_location": "the outside of my right shin and the top of my foot",
    "symptom_side": "right",
    "symptom_character": "shooting pain with pins and needles",
    "aggravating_posture": "sitting and coughing",
    "back_pain": "a little",
    "symptom_duration": "two weeks",
    "age": "thirty-five",
    "relieving_posture": "walking about",
}
TAPPED = {
    "bladder_bowel_change": "No", "saddle_numbness": "No", "leg_weakness": "No", "weakness_worsening": "No",
    "fever": "No", "cancer_history": "No", "weight_loss": "No", "recent_trauma": "No", "calf_swelling": "No",
    "diabetes": "No", "symptom_side": "Right", "heel_walk_difficulty": "I can do it fine",
    "toe_walk_difficulty": "I can do it fine", "relieving_posture": "Walking about",
}


def slots(stack: Any, patient: Any) -> Dict[str, Any]:
    return stack.tracker(patient.sender_id, include_events="NONE")["slots"]


def user_texts(stack: Any, patient: Any) -> List[str]:
    events = stack.tracker(patient.sender_id)["events"]
    return [e.get("text") for e in events if e["event"] == "user"]


def routine(stack: Any, patient: Any, max_turns: int = 25) -> List[str]:
    """The whole routine interview; returns the questions in the order asked."""
    patient.say(ROUTINE_OPENING)
    asked: List[str] = []
    values = slots(stack, patient)
    while values["requested_slot"] and len(asked) < max_turns:
        question = values["requested_slot"]
        asked.append(question)
        titles = [t for t, _ in patient.last_choices()]
        patient.ending_from = len(patient.sent())  # the calls after the last answer: the ending
        if question in TAPPED and TAPPED[question] in titles:
            patient.choose(TAPPED[question])
        else:
            patient.say(TYPED.get(question, "not sure"))
        values = slots(stack, patient)
    return asked


def red_flag(stack: Any, patient: Any) -> int:
    """Opening, then "Yes" to the bladder question; returns how many calls came before the answer."""
    patient.say(ROUTINE_OPENING)
    assert slots(stack, patient)["requested_slot"] == "bladder_bowel_change"
    before = len(patient.sent())
    patient.choose("Yes")
    return before
