"""Privacy and security over the REAL servers (the session's stack: action server, Rasa server,
page server, SQLite tracker store): forget me, no patient data in the logs, the per-sender rate
limit, and markup shown as text on the summary page."""

from __future__ import annotations

import asyncio
import base64
import sqlite3
import time
import uuid

import pytest
import requests

from actions import links
from addons import guard
from actions.triage.knowledge import message
from tests.conftest import EMERGENCY_NUMBER, SUMMARY_SECRET
from tools.stack import new_sender

pytestmark = pytest.mark.integration


def rows(stack, sender: str) -> int:
    with sqlite3.connect(stack.tracker_db) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def texts(replies) -> str:
    return " ".join(r.get("text") or "" for r in replies)


def summary(stack, sender: str) -> requests.Response:
    token = links.make_token(sender, key=SUMMARY_SECRET.encode())
    return requests.get(f"{stack.web_url}/summary/{token}", timeout=30)


def wait_empty(stack, sender: str, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if rows(stack, sender) == 0:
            break
        time.sleep(0.3)
    return rows(stack, sender)


def test_forget_me_leaves_nothing_in_the_tracker_store(forget_model):
    stack = forget_model
    sender = new_sender("forget")
    other = new_sender("bystander")
    stack.say(other, "burning pain down the back of my left leg")
    stack.say(sender, "burning pain down the back of my left leg into the heel")
    stack.say(sender, "no")
    assert rows(stack, sender) > 5
    assert summary(stack, sender).status_code == 200

    asked = stack.say(sender, "delete my data")
    assert message("privacy", "ask") in texts(asked)
    assert [b["payload"] for b in asked[0]["buttons"]] == ["/confirm_forget", "/keep_data"]
    done = stack.say(sender, "/confirm_forget")
    assert "Done. I deleted this conversation" in texts(done)

    assert wait_empty(stack, sender) == 0
    time.sleep(3)  # nothing comes back once Rasa has saved the turn
    assert rows(stack, sender) == 0
    assert [e for e in stack.tracker(sender)["events"] if e["event"] == "user"] == []
    assert summary(stack, sender).status_code == 404
    assert rows(stack, other) > 0  # only that conversation


def test_a_typed_no_keeps_and_a_typed_yes_deletes(forget_model):
    stack = forget_model
    sender = new_sender("forget")
    stack.say(sender, "tingling in my right foot")
    assert message("privacy", "ask") in texts(stack.say(sender, "forget me"))
    assert message("privacy", "kept") in texts(stack.say(sender, "no"))
    before = rows(stack, sender)
    assert before > 5
    time.sleep(1)
    assert rows(stack, sender) >= before

    assert message("privacy", "ask") in texts(stack.say(sender, "please delete this conversation"))
    assert "Done. I deleted" in texts(stack.say(sender, "yes"))
    assert wait_empty(stack, sender) == 0


def test_keeping_during_the_interview_carries_on_with_the_questions(forget_model):
    stack = forget_model
    sender = new_sender("forget")
    first = stack.say(sender, "shooting pain down my left leg")
    question = first[-1]["text"]
    assert message("privacy", "ask") in texts(stack.say(sender, "delete my data"))
    kept = stack.say(sender, "/keep_data")
    assert kept[0]["text"] == message("privacy", "kept")
    assert len(kept) >= 2 and kept[-1]["text"] != message("privacy", "kept")  # the interview asks again
    assert question[:40] in texts(kept)


def test_no_patient_text_slot_value_or_id_in_any_log(stack):
    sender = f"whatsapp:+4477009{uuid.uuid4().int % 10**5:05d}"
    words = ["Quillonbury", "07700 900461", "zebrafinch"]
    messages = [
        f"Hi, my name is Ada {words[0]}, call me on {words[1]}",
        f"burning pain down the back of my left leg into the heel since the {words[2]} incident",
        "no", "no", "left", "sitting makes it worse", "about 3 weeks", "45",
        f"<script>alert('{words[0]}')</script>",
        f"/inform{{\"note\": \"{words[2]}\"",  # a malformed command: Rasa warns about it
        f"/{words[2]}",
    ]
    for m in messages:
        stack.say(sender, m)
    summary(stack, sender)  # the page server logs the request too
    time.sleep(1)
    encoded = base64.urlsafe_b64encode(sender.encode()).decode().rstrip("=")
    needles = words + [sender, sender.split("+")[1], encoded, "back of my left leg into the heel",
                       "'symptom_location': [", '"symptom_location": [']
    logs = sorted(stack.logs.glob("*.log"))
    assert {p.name for p in logs} >= {"actions.log", "rasa.log"}
    found = [(p.name, n) for p in logs for n in needles if n in p.read_text(errors="replace")]
    assert found == []


def test_socketio_flood_and_malformed_events_get_kind_messages(stack):
    socketio = pytest.importorskip("socketio")

    async def talk():
        sio = socketio.AsyncClient(reconnection=False)
        got = []
        sio.on("bot_uttered", lambda data: got.append(data))
        session = uuid.uuid4().hex
        await sio.connect(stack.url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
        await sio.emit("session_request", {"session_id": session})
        await asyncio.sleep(0.5)
        for bad in ["just text", {"message": 5, "session_id": session}, {"message": "x" * (guard.MAX_TEXT + 1), "session_id": session},
                    {"message": "/session_start", "session_id": session}]:
            await sio.emit("user_uttered", bad)
        for _ in range(45):
            await sio.emit("user_uttered", {"message": "hello", "session_id": session})
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not any(m.get("text") == message("guard", "slow_down", number=EMERGENCY_NUMBER) for m in got):
            await asyncio.sleep(0.5)
        connected = sio.connected
        await sio.disconnect()
        return got, connected

    got, connected = asyncio.run(talk())
    said = [m.get("text") for m in got]
    assert connected
    assert said.count(guard.BAD_EVENT) == 3  # two malformed events and Rasa's own /session_start
    assert message("guard", "too_long", number=EMERGENCY_NUMBER) in said
    assert message("guard", "slow_down", number=EMERGENCY_NUMBER) in said


MARKUP = ["<script>alert('xss')</script> burning pain in my left calf",
          "<img src=x onerror=alert(1)> it is numb",
          "[click here](javascript:alert(1)) and <a href=\"javascript:alert(2)\">this</a>"]


def test_the_summary_page_shows_markup_as_text(stack):
    sender = new_sender("markup")
    for m in MARKUP:
        stack.say(sender, m)
    page = summary(stack, sender)
    assert page.status_code == 200
    body = page.text
    for raw in ["<script>alert('xss')", "<img src=x", "href=\"javascript:", "<a href=\"javascript"]:
        assert raw not in body
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "[click here](javascript:alert(1))" in body  # shown, not turned into a link
