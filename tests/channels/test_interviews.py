"""Whole interviews on each channel through the REAL Rasa and action servers, checked on what the
fake platform API recorded: the routine interview to its ending, a red flag mid-interview, the
choices within the platform's limits, numbered replies mapped back, the ending said once and in
order, the body map as a picture where the channel shows pictures, pseudonymous sender ids."""

from __future__ import annotations

import re
import sqlite3
from typing import Any, Dict, List

import pytest

from tests.channels.clients import MessengerPatient, SlackPatient, SmsPatient, TelegramPatient
from tests.channels.conftest import EMERGENCY_NUMBER
from tests.channels.interview import red_flag, routine, slots, user_texts

pytestmark = pytest.mark.integration
PATIENTS = {"slack": SlackPatient, "facebook": MessengerPatient, "twilio": SmsPatient, "telegram": TelegramPatient}
FIRST_LINE = f"Call {EMERGENCY_NUMBER} or go to the nearest emergency department now."


def texts(patient: Any, calls: List[Dict[str, Any]]) -> List[str]:
    return [patient.describe(c) for c in calls]


def check_limits(platform: str, calls: List[Dict[str, Any]]) -> None:
    for call in calls:
        body = call["body"]
        if platform == "slack":
            assert len(body.get("blocks") or []) <= 50
            for block in body.get("blocks") or []:
                if block["type"] == "section":
                    assert len(block["text"]["text"]) <= 3000
                if block["type"] == "actions":
                    assert 1 <= len(block["elements"]) <= 5
                    for e in block["elements"]:
                        assert len(e["text"]["text"]) <= 75 and len(e["value"]) <= 2000
        elif platform == "facebook":
            message = body["message"]
            assert len(message.get("text", "")) <= 2000
            assert len(message.get("quick_replies") or []) <= 13
            for q in message.get("quick_replies") or []:
                assert len(q["title"]) <= 20 and len(q["payload"]) <= 1000
            payload = (message.get("attachment") or {}).get("payload") or {}
            if payload.get("template_type") == "button":
                assert len(payload["text"]) <= 640 and 1 <= len(payload["buttons"]) <= 3
                assert all(len(b["title"]) <= 20 for b in payload["buttons"])
        elif platform == "twilio":
            assert len(body.get("Body", "")) <= 1600
        elif platform == "telegram":
            assert len(body.get("text", "")) <= 4096
            for row in (body.get("reply_markup") or {}).get("inline_keyboard") or []:
                for key in row:
                    assert 1 <= len(key["callback_data"].encode()) <= 64


def ending_checks(platform: str, patient: Any, calls: List[Dict[str, Any]]) -> None:
    """The ending: each part once and in order; the body map as a picture where supported."""
    said = texts(patient, calls)
    joined = "\n".join(said)
    summary = re.findall(r"https://bot\.example\.org/summary/[\w.-]+", joined)
    assert len(summary) == 1, f"summary link {len(summary)} times: {joined}"
    for heading in ("Why I'm saying this:", "Please remember:", "I'm not a doctor"):
        assert joined.count(heading) == 1, f"{heading!r} not exactly once"
    assert joined.index("Why I'm saying this:") < joined.index("Please remember:") < joined.index(summary[0]) < joined.index("I'm not a doctor")
    bodymap = "https://bot.example.org/bodymap.png?"
    if platform == "slack":
        images = [b for c in calls for b in c["body"].get("blocks") or [] if b["type"] == "image"]
        assert len(images) == 1 and images[0]["image_url"].startswith(bodymap)
    elif platform == "facebook":
        images = [c for c in calls if (c["body"]["message"].get("attachment") or {}).get("type") == "image"]
        assert len(images) == 1 and images[0]["body"]["message"]["attachment"]["payload"]["url"].startswith(bodymap)
    elif platform == "telegram":
        photos = [c for c in calls if c["path"].endswith("/sendPhoto")]
        assert len(photos) == 1 and photos[0]["body"]["photo"].startswith(bodymap)
    elif platform == "twilio":  # an SMS number: the picture as a link (WhatsApp: test_renderers.py)
        assert joined.count(bodymap) == 1 and not any(c["body"].get("MediaUrl") for c in calls)


@pytest.mark.parametrize("platform", list(PATIENTS))
def test_a_routine_interview_to_its_ending(platform, channel_stack, fake, transcripts):
    patient = PATIENTS[platform](channel_stack, fake)
    asked = routine(channel_stack, patient)
    values = slots(channel_stack, patient)
    assert values["requested_slot"] is None, f"still asking after {asked}"
    assert len(asked) == len(set(asked)), f"a question was asked twice: {asked}"
    assert asked[:2] == ["bladder_bowel_change", "saddle_numbness"]
    assert values["triage_level"] == "routine" and values["red_flags"] == []
    assert values["likely_pattern"] == "disc_herniation" and "L5" in values["suspected_roots"]
    calls = patient.sent()
    check_limits(platform, calls)
    ending_checks(platform, patient, calls[patient.ending_from:])
    said = user_texts(channel_stack, patient)
    assert not any(t.strip().isdigit() for t in said), f"a numbered reply reached Rasa unmapped: {said}"
    if platform == "twilio":
        assert "No" in said and "I can do it fine" in said, "numbered replies were not mapped back"
    transcripts[f"{platform} routine"] = patient.transcript()


@pytest.mark.parametrize("platform", list(PATIENTS))
def test_a_red_flag_says_what_to_do_now_in_the_first_line(platform, channel_stack, fake, transcripts):
    patient = PATIENTS[platform](channel_stack, fake)
    before = red_flag(channel_stack, patient)
    values = slots(channel_stack, patient)
    assert values["triage_level"] == "emergency" and "cauda_equina" in values["red_flags"]
    assert values["requested_slot"] is None
    calls = patient.sent()[before:]
    first = patient.describe(calls[0])
    if platform == "slack":
        first = first.strip("*").replace("*", "")
    assert first.splitlines()[0] == FIRST_LINE, first
    assert "stopping the questions" in first
    check_limits(platform, calls)
    ending_checks(platform, patient, calls)
    transcripts[f"{platform} red flag"] = patient.transcript()


def test_no_raw_platform_id_in_the_tracker_store(channel_stack, fake):
    patients = [P(channel_stack, fake) for P in PATIENTS.values()]
    for patient in patients:
        patient.say("hello")
    db = sqlite3.connect(channel_stack.tracker_db)
    try:
        rows = db.execute("select sender_id, data from events").fetchall()
    finally:
        db.close()
    senders = {r[0] for r in rows}
    for patient in patients:
        assert patient.sender_id in senders
        raw = patient.slack_user if isinstance(patient, SlackPatient) else patient.user
        assert not any(raw in r[0] or raw in (r[1] or "") for r in rows), f"{raw} stored raw"
        assert re.fullmatch(rf"{patient.platform}-[0-9a-f]{{32}}", patient.sender_id)
