"""`make report` (tools/report.py) on a tracker store written by the real store, SQLite and PostgreSQL:
exact counts for a set of known conversations, the date range, and the PNG chart."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import datetime, timezone

import pytest

from addons.tracker_store import SafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Restarted, SlotSet, UserUttered
from tests.cluster.conftest import _admin
from tools import report

pytestmark = pytest.mark.cluster

DOMAIN = Domain.from_yaml("""
version: '3.1'
intents: [greet]
slots:
  requested_slot: {type: any, mappings: [{type: custom}]}
  triage_level: {type: any, mappings: [{type: custom}]}
  red_flags: {type: any, mappings: [{type: custom}]}
""")
DAY1 = datetime(2026, 3, 2, 10, tzinfo=timezone.utc).timestamp()
DAY2 = datetime(2026, 3, 3, 10, tzinfo=timezone.utc).timestamp()
OUTSIDE = datetime(2026, 2, 20, 10, tzinfo=timezone.utc).timestamp()


def conversation(store, sender, at, steps):
    """steps: ("q", slot) asks, ("end", level, flags) gives the outcome, ("restart",)."""
    tracker = store.init_tracker(sender)
    t = at
    for step in steps:
        t += 10
        tracker.update(UserUttered("something", {"name": "greet", "confidence": 1.0}, timestamp=t))
        if step[0] == "q":
            tracker.update(SlotSet("requested_slot", step[1], timestamp=t + 1))
        elif step[0] == "end":
            tracker.update(SlotSet("red_flags", step[2], timestamp=t + 1))
            tracker.update(SlotSet("requested_slot", None, timestamp=t + 1))
            tracker.update(SlotSet("triage_level", step[1], timestamp=t + 2))
        else:
            tracker.update(Restarted(timestamp=t + 1))
        tracker.update(BotUttered("ok", timestamp=t + 3))
    asyncio.run(store.save(tracker))


@pytest.fixture
def own_database(pg_admin):
    """A database for this test alone (the session's one holds other tests' conversations)."""
    name = f"spine_test_{secrets.token_hex(4)}_report"
    _admin(pg_admin, f"CREATE DATABASE {name}")
    yield f"{pg_admin.rsplit('/', 1)[0]}/{name}"
    _admin(pg_admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'report.db'}"
        store = SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "report.db"))
    else:
        url = request.getfixturevalue("own_database")
        store = SafeTrackerStore(domain=DOMAIN, url=url)
    conversation(store, "p1", DAY1, [("q", "symptom_side"), ("q", "bladder_bowel_change"),
                                     ("end", "emergency", ["cauda_equina"])])
    conversation(store, "p2", DAY1, [("q", "symptom_side"), ("q", "age"), ("q", "age"), ("end", "routine", [])])
    conversation(store, "p3", DAY2, [("end", "urgent", ["foot_drop", "progressive_weakness"])])
    conversation(store, "p4", DAY2, [("q", "symptom_side"), ("q", "fever"), ("restart",),
                                     ("q", "symptom_side"), ("end", "soon", [])])
    conversation(store, "p5", DAY2, [("q", "symptom_side"), ("q", "leg_weakness")])  # idle: abandoned
    conversation(store, "p6", DAY2, [("restart",)])  # said hello, no interview
    conversation(store, "p7", OUTSIDE, [("q", "symptom_side"), ("end", "routine", [])])
    return url


def test_report_counts_exactly_what_was_stored(db_url, tmp_path, capsys):
    png = tmp_path / "chart.png"
    assert report.main(["--db", db_url, "--from", "2026-03-01", "--to", "2026-03-03",
                        "--chart", str(png), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["started"], summary["finished"], summary["abandoned"], summary["in_progress"]) == (6, 4, 2, 0)
    assert summary["outcomes"] == {"emergency": 1, "urgent": 1, "soon": 1, "routine": 1}
    assert summary["red_flags"] == {"cauda_equina": 1, "foot_drop": 1, "progressive_weakness": 1}
    # questions per finished interview: p1 2, p2 3, p3 0, p4's second interview 1
    assert summary["questions"] == {"mean": 1.5, "median": 1.5, "max": 3}
    assert summary["abandoned_at"] == {"fever": 1, "leg_weakness": 1}
    assert summary["per_day"] == {"2026-03-02": {"emergency": 1, "routine": 1},
                                  "2026-03-03": {"urgent": 1, "soon": 1}}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_text_and_an_unreadable_database(db_url, tmp_path, capsys):
    assert report.main(["--db", db_url, "--from", "2026-02-01", "--to", "2026-03-31",
                        "--chart", str(tmp_path / "c.png")]) == 0
    text = capsys.readouterr().out
    assert "started     7" in text and "finished    5" in text and "routine    2" in text
    assert report.main(["--db", "postgresql://postgres@127.0.0.1:1/none", "--chart", str(tmp_path / "x.png")]) == 2
    assert "cannot read the tracker store" in capsys.readouterr().err
