"""The forget-me actions (actions/privacy.py) with a Tracker and a CollectingDispatcher: exact
events, and the deletion itself against a real SQLite store."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.triage.knowledge import message

from actions import privacy
from tests.security.test_store import conversation


def tracker(intent: str, *, asking=None, slots=None, channel="rest", sender="patient") -> Tracker:
    message = {"text": "x", "intent": {"name": intent, "confidence": 0.99}, "entities": []}
    values = {"requested_slot": asking, "assessed": None, "forget_pending": None}
    values.update(slots or {})
    return Tracker(
        sender_id=sender, slots=values, latest_message=message,
        events=[{"event": "action", "name": "action_listen"},
                {"event": "user", "text": "x", "parse_data": message, "input_channel": channel}],
        paused=False, followup_action=None, active_loop={"name": "symptom_form"} if asking else {},
        latest_action_name="action_listen",
    )


def run(action, dispatcher, t):
    return asyncio.run(action.run(dispatcher, t, {}))


def test_asking_pauses_the_interview_and_offers_two_buttons():
    d = CollectingDispatcher()
    events = run(privacy.AskForget(), d, tracker("forget_me", asking="leg_weakness"))
    assert events == [{"event": "slot", "timestamp": None, "name": "forget_pending", "value": True},
                      {"event": "active_loop", "timestamp": None, "name": None}]
    assert [b["payload"] for b in d.messages[0]["buttons"]] == ["/confirm_forget", "/keep_data"]
    assert "cannot be undone" in d.messages[0]["text"]


def test_keeping_resumes_a_paused_interview_without_reading_the_no_as_an_answer():
    d = CollectingDispatcher()
    events = run(privacy.KeepData(), d, tracker("deny", slots={"requested_slot": "leg_weakness"}))
    assert events == [{"event": "slot", "timestamp": None, "name": "forget_pending", "value": False},
                      {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None},
                      {"event": "followup", "timestamp": None, "name": "symptom_form"}]
    assert d.messages[0]["text"] == message("privacy", "kept")


def test_keeping_after_the_recommendation_does_not_restart_the_form():
    events = run(privacy.KeepData(), CollectingDispatcher(),
                 tracker("keep_data", slots={"assessed": True, "requested_slot": None}))
    assert events == [{"event": "slot", "timestamp": None, "name": "forget_pending", "value": False}]


@pytest.fixture
def sqlite_store(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    rasa_store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{db}")
    started = []
    monkeypatch.setattr(privacy, "_forget_in_background", lambda store, sender, since: started.append(sender))
    return rasa_store, privacy.Store(f"sqlite:///{db}"), started


@pytest.mark.parametrize("channel, widget_payload", [("socketio", True), ("rest", False)])
def test_forgetting_deletes_and_says_what(sqlite_store, channel, widget_payload):
    rasa_store, ours, started = sqlite_store
    asyncio.run(rasa_store.save(conversation("patient", time.time() - 100)))
    asyncio.run(rasa_store.save(conversation("other", time.time() - 100)))
    d = CollectingDispatcher()
    events = run(privacy.ForgetMe(), d, tracker("confirm_forget", channel=channel))
    assert events == [{"event": "reset_slots", "timestamp": None},
                      {"event": "active_loop", "timestamp": None, "name": None}]
    # nothing deleted under Rasa's feet: the deletion waits for the turn's save (test_store.py)
    assert ours.count("patient") == 7 and started == ["patient"]
    assert d.messages[0]["text"] == privacy.done_text(2)  # the saved message and this one
    assert "your 2 messages" in d.messages[0]["text"]
    payloads = [m["custom"] for m in d.messages if m.get("custom")]
    assert payloads == ([{"data": {"type": "forgotten"}}] if widget_payload else [])


def test_forgetting_without_a_store_says_so_and_pretends_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    d = CollectingDispatcher()
    events = run(privacy.ForgetMe(), d, tracker("confirm_forget"))
    assert events == [{"event": "slot", "timestamp": None, "name": "forget_pending", "value": False}]
    assert d.messages[0]["text"] == message("privacy", "no_store")


def test_a_summary_link_outlives_a_deleted_conversation_only_if_it_is_the_same_one():
    from actions import links

    now = 1_700_000_000.0
    token = links.make_token("patient", now=now, ttl=24, key=b"k")
    _, expires = links.read_token(token, now=now + 60, key=b"k")
    same = [{"event": "action", "timestamp": now - 300}, {"event": "user", "timestamp": now - 200}]
    again = [{"event": "action", "timestamp": now + 3600}, {"event": "user", "timestamp": now + 3601}]
    assert not links.outlived(expires, same, ttl=24)
    assert links.outlived(expires, again, ttl=24)
    assert not links.outlived(expires, [], ttl=24)
