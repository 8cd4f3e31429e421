"""Retention and the forget-me deletion against real tracker stores: Rasa's own SQLTrackerStore
on SQLite and on the local PostgreSQL (a scratch database, dropped after)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions import privacy
from tools.stack import ROOT

DAY = 86400.0
PG = dict(host="127.0.0.1", port=5432, username="postgres", login_db="test")


def run(coro):
    return asyncio.run(coro)


def conversation(sender: str, start: float, words: str = "burning pain in my left calf") -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, [])
    for i, event in enumerate([
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered(words, {"name": "describe_symptoms"}), SlotSet("case", {"symptom_location": ["calf"]}),
        BotUttered("Which side?"), ActionExecuted("action_listen"),
    ]):
        event.timestamp = start + i
        tracker.update(event)
    return tracker


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """(Rasa's SQLTrackerStore, our Store) on the same database."""
    if request.param == "sqlite":
        db = tmp_path / "tracker.db"
        rasa_store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
        yield rasa_store, privacy.Store(f"sqlite:///{db}")
        return
    name = f"privacy_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine("postgresql://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
    try:
        admin.connect().close()
    except sa.exc.OperationalError as err:
        pytest.skip(f"local PostgreSQL (127.0.0.1:5432) not reachable: {err}")
    rasa_store = SQLTrackerStore(Domain.empty(), dialect="postgresql", db=name, **PG)
    ours = privacy.Store(f"postgresql://postgres@127.0.0.1:5432/{name}")
    try:
        yield rasa_store, ours
    finally:
        rasa_store.engine.dispose()
        ours.engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_retention_deletes_only_conversations_older_than_the_limit(store):
    rasa_store, ours = store
    now = time.time()
    run(rasa_store.save(conversation("old", now - 40 * DAY)))
    run(rasa_store.save(conversation("recent", now - 2 * DAY)))
    # started long ago, but spoke again yesterday: its latest event counts, not its first
    revived = conversation("revived", now - 90 * DAY)
    late = UserUttered("still hurts", {"name": "inform"})
    late.timestamp = now - 1 * DAY
    revived.update(late)
    run(rasa_store.save(revived))

    assert privacy.sweep(ours, days=30) == 1
    assert ours.count("old") == 0
    assert run(rasa_store.retrieve("old")) is None
    assert ours.count("recent") == 7
    assert ours.count("revived") == 8
    assert privacy.sweep(ours, days=30) == 0


def test_forget_survives_rasas_save_after_the_action(store):
    """Rasa re-writes the in-memory session after the action returns; the final state is empty."""
    rasa_store, ours = store
    now = time.time() - 60
    tracker = conversation("patient", now)
    run(rasa_store.save(tracker))
    run(rasa_store.save(conversation("someone-else", now)))

    since = time.time()
    ours.delete("patient")                        # inside the action
    for event in [ActionExecuted(privacy.FORGET_ACTION), BotUttered("Done."), ActionExecuted("action_listen")]:
        tracker.update(event)
    run(rasa_store.save(tracker))                 # what Rasa does after the action returned
    assert ours.count("patient") == 10            # the old events are back: a single deletion is not enough

    assert privacy.finish_forget(ours, "patient", since - 1, wait=10, repeats=(0.2,), poll=0.05)
    assert ours.count("patient") == 0
    assert run(rasa_store.retrieve("patient")) is None
    assert ours.count("someone-else") == 7


def test_forget_keeps_a_new_conversation_that_starts_after_it(store):
    rasa_store, ours = store
    tracker = conversation("patient", time.time() - 60)
    run(rasa_store.save(tracker))
    since = time.time()
    for event in [ActionExecuted(privacy.FORGET_ACTION), ActionExecuted("action_listen")]:
        tracker.update(event)
    run(rasa_store.save(tracker))
    time.sleep(0.05)
    fresh = conversation("patient", time.time(), words="hello again")
    # the new conversation is saved after the forget turn (later timestamps); written directly,
    # as Rasa would after a restart (its save only appends to the session it counts)
    with ours.engine.begin() as conn:
        for event in fresh.events:
            conn.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, :t, :ts, '{}')"),
                         {"s": "patient", "t": event.type_name, "ts": event.timestamp})
    privacy.finish_forget(ours, "patient", since - 1, wait=10, repeats=(), poll=0.05)
    assert ours.count("patient") == len(fresh.events)


def test_make_retention_says_how_many_were_removed(tmp_path):
    db = tmp_path / "tracker.db"
    rasa_store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    now = time.time()
    for i in range(3):
        run(rasa_store.save(conversation(f"old-{i}", now - 31 * DAY)))
    run(rasa_store.save(conversation("new", now)))
    out = subprocess.run([sys.executable, "tools/retention.py", "--url", f"sqlite:///{db}"], cwd=ROOT,
                         capture_output=True, text=True, env={"RETENTION_DAYS": "30", "PATH": "/usr/bin"},
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "3 conversation(s)" in out.stdout
    assert privacy.Store(f"sqlite:///{db}").count("new") == 7


def test_store_url_follows_endpoints_yml(monkeypatch, tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: ${PGHOST_X}\n"
                         "  port: 5432\n  db: ${PGDB_X}\n  username: rasa\n  password: ${PGPW_X}\n")
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    monkeypatch.setenv("ENDPOINTS", str(endpoints))
    monkeypatch.setenv("PGHOST_X", "db.internal")
    monkeypatch.setenv("PGDB_X", "rasa")
    monkeypatch.setenv("PGPW_X", "s3cret")
    assert privacy.store_url() == "postgresql://rasa:s3cret@db.internal:5432/rasa"
    (tmp_path / "endpoints.yml").write_text("tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: ${TDB_X}\n")
    monkeypatch.setenv("TDB_X", "/tmp/x.db")
    assert privacy.store_url() == "sqlite:////tmp/x.db"
    monkeypatch.setenv("TRACKER_DB_URL", "sqlite:////elsewhere.db")
    assert privacy.store_url() == "sqlite:////elsewhere.db"


def test_the_stores_apology_names_the_configured_emergency_number(monkeypatch):
    from addons.tracker_store import apology

    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    assert "112" in apology() and "999" not in apology()
    monkeypatch.delenv("EMERGENCY_NUMBER")
    from actions.links import DEFAULT_EMERGENCY_NUMBER

    assert DEFAULT_EMERGENCY_NUMBER in apology()
