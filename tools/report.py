"""Operator report from the tracker store (SQLite or PostgreSQL): `make report FROM=... TO=...`.

For interviews that started in the date range (UTC, both days included) it prints: interviews started
and finished, outcomes by triage level, red flags by kind, questions per interview, abandoned
interviews and the question they stopped at; and it draws outcomes per day as a PNG (matplotlib).

What counts, read from the stored events of each conversation (conversation contract):
- an interview starts with the first user message of a conversation (or after a restart) once the
  assistant asks a question (`requested_slot` set) or gives an outcome (`triage_level` set);
- it is finished when `triage_level` is set; its red flags are the `red_flags` slot at that moment;
- questions = how many times a `requested_slot` was put to the patient (a re-ask counts again);
- an unfinished interview is abandoned when it was closed (restart, new session) or has been idle for
  longer than --idle minutes; otherwise it is still in progress.

    python -m tools.report --db postgresql://postgres@127.0.0.1:5432/test --from 2026-01-01 --to 2026-01-31
The database: --db, else $DB_URL, else the SQLite file $TRACKER_DB (default rasa.db).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import sqlalchemy as sa

from actions.triage.knowledge import load

LEVELS = sorted(load().levels, key=load().rank, reverse=True)  # most urgent first (triage.yml)
COLOURS = {"emergency": "#b71c1c", "urgent": "#ef6c00", "soon": "#f9a825", "routine": "#2e7d32"}


@dataclass
class Interview:
    sender_id: str
    started: float
    last_activity: float
    questions: List[str] = field(default_factory=list)
    outcome: Optional[str] = None
    red_flags: List[str] = field(default_factory=list)
    closed: bool = False  # ended by a restart or a new session without an outcome
    counted: bool = False  # a question or an outcome was given: it is an interview

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def last_question(self) -> Optional[str]:
        return self.questions[-1] if self.questions else None


def db_url(arg: Optional[str]) -> str:
    if arg:
        return arg
    if os.environ.get("DB_URL"):
        return os.environ["DB_URL"]
    return f"sqlite:///{os.environ.get('TRACKER_DB', 'rasa.db')}"


def read_events(url: str, since: float) -> Iterable[Tuple[str, str, float, Dict[str, Any]]]:
    """(sender_id, type, timestamp, data) of the events that matter, per conversation in stored order."""
    engine = sa.create_engine(url)
    query = sa.text(
        "SELECT sender_id, type_name, timestamp, data FROM events "
        "WHERE type_name IN ('user', 'slot', 'restart', 'session_started') AND timestamp >= :since "
        "ORDER BY sender_id, id")
    try:
        with engine.connect() as conn:
            for sender_id, type_name, timestamp, data in conn.execute(query, {"since": since}):
                yield sender_id, type_name, float(timestamp or 0), json.loads(data)
    finally:
        engine.dispose()


def interviews_from(events: Iterable[Tuple[str, str, float, Dict[str, Any]]]) -> List[Interview]:
    found: List[Interview] = []
    current: Dict[str, Optional[Interview]] = {}
    flags: Dict[str, List[str]] = defaultdict(list)
    for sender, kind, ts, data in events:
        now = current.get(sender)
        if kind in ("restart", "session_started"):
            if now is not None:
                now.closed = True
            current[sender] = None
            flags[sender] = []
            continue
        if kind == "user":
            if now is None:
                now = current[sender] = Interview(sender, ts, ts)
                found.append(now)
            now.last_activity = ts
            continue
        name, value = data.get("name"), data.get("value")
        if name == "red_flags":
            flags[sender] = list(value or [])
        if now is None:
            continue
        now.last_activity = ts
        if name == "requested_slot" and value:
            now.questions.append(value)
            now.counted = True
        elif name == "triage_level" and value:
            now.outcome, now.red_flags, now.counted = str(value), list(flags[sender]), True
            current[sender] = None
    return [i for i in found if i.counted]


def day_range(first: date, last: date) -> Tuple[float, float]:
    start = datetime(first.year, first.month, first.day, tzinfo=timezone.utc).timestamp()
    end = datetime(last.year, last.month, last.day, tzinfo=timezone.utc).timestamp() + 86400
    return start, end


def summarise(interviews: List[Interview], first: date, last: date, idle_minutes: float,
              now: Optional[float] = None) -> Dict[str, Any]:
    now = time.time() if now is None else now
    start, end = day_range(first, last)
    chosen = [i for i in interviews if start <= i.started < end]
    finished = [i for i in chosen if i.finished]
    abandoned = [i for i in chosen if not i.finished and (i.closed or now - i.last_activity > idle_minutes * 60)]
    asked = [len(i.questions) for i in finished]
    per_day: Dict[str, Counter] = defaultdict(Counter)
    for i in finished:
        per_day[datetime.fromtimestamp(i.started, timezone.utc).date().isoformat()][i.outcome] += 1
    return {
        "from": first.isoformat(), "to": last.isoformat(),
        "started": len(chosen), "finished": len(finished), "abandoned": len(abandoned),
        "in_progress": len(chosen) - len(finished) - len(abandoned),
        "outcomes": {level: sum(1 for i in finished if i.outcome == level) for level in LEVELS},
        "red_flags": dict(Counter(flag for i in finished for flag in i.red_flags).most_common()),
        "questions": {
            "mean": round(statistics.mean(asked), 1) if asked else 0,
            "median": statistics.median(asked) if asked else 0,
            "max": max(asked) if asked else 0,
        },
        "abandoned_at": dict(Counter(i.last_question or "(before the first question)" for i in abandoned).most_common()),
        "per_day": {day: dict(counts) for day, counts in sorted(per_day.items())},
    }


def chart(summary: Dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    first, last = date.fromisoformat(summary["from"]), date.fromisoformat(summary["to"])
    days = [(first + timedelta(d)).isoformat() for d in range((last - first).days + 1)]
    fig, ax = plt.subplots(figsize=(max(6, len(days) * 0.35), 4))
    bottom = [0] * len(days)
    for level in LEVELS:
        values = [summary["per_day"].get(day, {}).get(level, 0) for day in days]
        ax.bar(days, values, bottom=bottom, label=level, color=COLOURS[level])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(f"Finished interviews per day by outcome, {summary['from']} to {summary['to']}")
    ax.set_ylabel("interviews")
    ax.legend()
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def render(summary: Dict[str, Any]) -> str:
    lines = [f"Interviews {summary['from']} .. {summary['to']} (UTC)",
             f"  started     {summary['started']}",
             f"  finished    {summary['finished']}",
             f"  abandoned   {summary['abandoned']}",
             f"  in progress {summary['in_progress']}",
             "Outcomes (finished interviews)"]
    lines += [f"  {level:<10} {count}" for level, count in summary["outcomes"].items()]
    lines.append("Red flags")
    lines += [f"  {flag:<22} {count}" for flag, count in summary["red_flags"].items()] or ["  (none)"]
    q = summary["questions"]
    lines.append(f"Questions per finished interview: mean {q['mean']}, median {q['median']}, max {q['max']}")
    lines.append("Abandoned at (the last question asked)")
    lines += [f"  {slot:<26} {count}" for slot, count in summary["abandoned_at"].items()] or ["  (none)"]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    today = datetime.now(timezone.utc).date()
    parser = argparse.ArgumentParser(description="Interview report from the tracker store.")
    parser.add_argument("--db", help="SQLAlchemy URL (default: $DB_URL, else sqlite:///$TRACKER_DB)")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, default=today - timedelta(days=29))
    parser.add_argument("--to", dest="last", type=date.fromisoformat, default=today)
    parser.add_argument("--idle", type=float, default=30, help="minutes without activity = abandoned (30)")
    parser.add_argument("--chart", type=Path, default=Path("results/report-outcomes.png"))
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.last < args.first:
        parser.error("--to is before --from")
    url = db_url(args.db)
    start, _ = day_range(args.first, args.last)
    try:
        found = interviews_from(read_events(url, since=start - 86400))
    except sa.exc.SQLAlchemyError as error:
        print(f"report: cannot read the tracker store at {sa.engine.make_url(url)!r}: "
              f"{str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    summary = summarise(found, args.first, args.last, args.idle)
    print(json.dumps(summary, indent=2) if args.json else render(summary))
    print(f"Chart: {chart(summary, args.chart)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
