"""The real servers, end to end: REST and socketio channels, the HTTP API's token, and a tracker
that survives a restart of the Rasa server. Generic about wording: the interview itself is tested
elsewhere (test stories, engine tests)."""

from __future__ import annotations

import queue
import threading

import pytest
import requests
import socketio
import yaml

from tools.stack import ROOT, new_sender

pytestmark = pytest.mark.integration

NOT_SURE = "I'm not sure"  # the contract says any question may be answered so


def texts(messages):
    return [m["text"] for m in messages if isinstance(m.get("text"), str) and m["text"].strip()]


def user_texts(events):
    return [e.get("text") for e in events if e["event"] == "user"]


def test_action_server_serves_every_custom_action_of_the_domain(stack):
    r = requests.get(f"http://127.0.0.1:{stack.action_port}/actions", timeout=10)
    assert r.status_code == 200
    served = {a["name"] for a in r.json()}
    assert served, "the action server registered no action"
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    custom = {a if isinstance(a, str) else next(iter(a)) for a in domain.get("actions") or []}
    custom = {a for a in custom if a.startswith(("action_", "validate_"))}
    assert custom <= served, f"custom actions in domain.yml that the action server lacks: {custom - served}"


def test_action_server_runs_without_tensorflow_or_rasa(stack, sender):
    stack.say(sender, "pain down the back of my left leg")  # a message read: spaCy is loaded by now
    maps = open(f"/proc/{stack.actions.proc.pid}/maps").read()
    assert "spacy" in maps, "the action server has not loaded spaCy: the check below would prove nothing"
    assert "tensorflow" not in maps, "the action server loaded TensorFlow (python -m actions keeps it out)"


def test_rest_channel_greets(stack, sender):
    replies = stack.say(sender, "hello")
    assert isinstance(replies, list) and replies, "no reply to 'hello' on the REST channel"
    assert all(m.get("recipient_id") == sender for m in replies)
    assert texts(replies), f"no text in the bot's replies: {replies}"

    tracker = stack.tracker(sender)
    assert tracker["sender_id"] == sender
    assert user_texts(tracker["events"]) == ["hello"]
    bot_texts = [e.get("text") for e in tracker["events"] if e["event"] == "bot"]
    assert set(texts(replies)) <= set(bot_texts)


def test_socketio_channel_answers(stack):
    session_id = new_sender("socketio")
    replies: "queue.Queue[dict]" = queue.Queue()
    confirmed = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("session_confirm", lambda data: confirmed.set())
    client.on("bot_uttered", lambda data: replies.put(data))

    client.connect(stack.url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(20), "no session_confirm after session_request"
        client.emit("user_uttered", {"message": "hello", "session_id": session_id})
        first = replies.get(timeout=60)
        received = [first]
        while True:  # the rest of this turn's messages
            try:
                received.append(replies.get(timeout=3))
            except queue.Empty:
                break
    finally:
        client.disconnect()

    assert texts(received), f"no text in bot_uttered events: {received}"
    # session_persistence: the conversation id is the session id the client chose.
    tracker = stack.tracker(session_id)
    assert "hello" in user_texts(tracker["events"])


def test_tracker_survives_a_restart_of_the_rasa_server(stack, sender):
    assert texts(stack.say(sender, "hello"))
    before = stack.tracker(sender)["events"]
    assert user_texts(before) == ["hello"]
    old_pid = stack.rasa.proc.pid

    stack.restart_rasa()  # only the Rasa server: the action server keeps running
    assert stack.rasa.proc.pid != old_pid and stack.actions.running

    assert stack.tracker(sender)["events"] == before, "the tracker changed across the restart"
    replies = stack.say(sender, NOT_SURE)
    assert texts(replies), "no reply after the restart"
    after = stack.tracker(sender)["events"]
    assert after[: len(before)] == before, "earlier events were lost or rewritten"
    new = after[len(before):]
    assert user_texts(new) == [NOT_SURE]
    assert any(e["event"] == "bot" for e in new)


def test_http_api_refuses_requests_without_the_token(stack, sender):
    stack.say(sender, "hello")
    tracker_url = f"{stack.url}/conversations/{sender}/tracker"
    assert requests.get(tracker_url, timeout=10).status_code in (401, 403)
    assert requests.get(tracker_url, params={"token": "wrong"}, timeout=10).status_code in (401, 403)
    assert requests.get(f"{stack.url}/status", timeout=10).status_code in (401, 403)
    injected = requests.post(f"{stack.url}/conversations/{sender}/tracker/events",
                             json={"event": "slot", "name": "triage_level", "value": "routine"}, timeout=10)
    assert injected.status_code in (401, 403)
    assert requests.get(tracker_url, params={"token": stack.token}, timeout=10).status_code == 200


def test_restart_command_names_the_configured_number_and_starts_afresh(stack, sender):
    from tests.conftest import EMERGENCY_NUMBER

    stack.say(sender, "pain down my left leg")
    said = texts(stack.say(sender, "/restart"))
    assert any(f"call {EMERGENCY_NUMBER} now" in t for t in said), said
    events = stack.tracker(sender)["events"]
    assert [e["event"] for e in events].count("restart") == 1
    assert not stack.tracker(sender)["slots"].get("case")
