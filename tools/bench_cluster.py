"""Benchmark and soak of the cluster (a report, not a test): `make bench-cluster`, `make soak`.

bench: the same scripted interviews (tools/interviews.py), USERS patients at a time for SECONDS,
first against one Rasa server + one action server, then against RASA_SERVERS + ACTION_SERVERS, each
behind nginx on the same PostgreSQL and Redis (so only the number of servers differs). Prints turns/s,
reply latency p50/p95/p99, errors seen by clients (502s, apologies; each retried until stored) and
lost events (stored conversations that differ from what the clients sent: lost or duplicated).

soak: --soak --minutes 10 --users 50 against the cluster only.

Each simulated patient posts from its own loopback address (tools/interviews.patient_address), so
nginx's per-address limit (NGINX_RATE, NGINX_BURST) applies per patient as in real use; nginx's own
count of each HTTP status (its access log) is reported beside what the clients saw.

Each run uses its own PostgreSQL database (spine_bench_<random>, dropped at the end).
Figures go to stdout and results/bench-cluster.json (results/soak.json).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.cluster import DEFAULT_DB_URL, DEFAULT_REDIS_URL, Cluster  # noqa: E402
from tools.interviews import FLAG_ANSWERS, Interview, check_tracker, lost_events, patient_address  # noqa: E402
from tools.stack import ROOT, new_sender  # noqa: E402


def percentile(values: List[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load(cluster: Cluster, users: int, seconds: float) -> Dict[str, Any]:
    """USERS patients, each running interviews back to back until SECONDS are over."""
    done: List[Interview] = []
    failures: List[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def patient(index: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            answers = None if (index + n) % 3 == 0 else dict(FLAG_ANSWERS)  # 1 in 3 is a full interview
            interview = Interview(cluster.url, cluster.token, api_url=cluster.api_url, sender=new_sender("bench"),
                                  source_address=patient_address(index),
                                  **({"answers": answers} if answers else {}))
            try:
                interview.run()
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    failures.append(f"{interview.sender}: {error}")
            finally:
                interview.close()
            with lock:
                done.append(interview)
            n += 1

    start = time.monotonic()
    threads = [threading.Thread(target=patient, args=(i,), daemon=True) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    latencies = [x for i in done for x in i.latencies]
    lost, diverged = 0, 0
    for interview in done:
        tracker = interview.tracker()
        lost += lost_events(tracker, interview.sent)
        diverged += bool(check_tracker(tracker, interview.sent))
    return {
        "users": users, "seconds": round(wall, 1), "interviews": len(done),
        "finished": sum(1 for i in done if i.finished), "turns": sum(len(i.sent) for i in done),
        "turns_per_s": round(sum(len(i.sent) for i in done) / wall, 2),
        "p50_s": round(percentile(latencies, 50), 3), "p95_s": round(percentile(latencies, 95), 3),
        "p99_s": round(percentile(latencies, 99), 3),
        "client_errors": sum(len(i.errors) for i in done), "retries": sum(i.retries for i in done),
        "error_kinds": dict(Counter(e for i in done for e in i.errors)),
        "failed_interviews": len(failures), "lost_events": lost, "diverged_conversations": diverged,
        "failures": failures[:5],
    }


def warm_up(cluster: Cluster) -> None:
    for i in range(len(cluster.rasa) * 2):
        cluster.say(new_sender("warm"), "hello", base=cluster.server_url(i % len(cluster.rasa)))


class Database:
    """A PostgreSQL database for this run on the server of DB_URL; dropped at the end."""

    def __init__(self, admin_url: str):
        import psycopg2

        self.admin_url = admin_url
        self.name = f"spine_bench_{secrets.token_hex(4)}"
        self._psycopg2 = psycopg2
        self._run(f"CREATE DATABASE {self.name}")
        self.url = f"{admin_url.rsplit('/', 1)[0]}/{self.name}"

    def _run(self, sql: str) -> None:
        conn = self._psycopg2.connect(self.admin_url, connect_timeout=5)
        conn.autocommit = True
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()

    def drop(self) -> None:
        self._run(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def nginx_statuses(access_log: Path) -> Dict[str, int]:
    """HTTP status -> count over nginx's access log (format `spine`: the status follows the request)."""
    counts: Counter = Counter()
    if access_log.exists():
        for line in access_log.read_text(errors="replace").splitlines():
            parts = line.rsplit(" ", 3)
            if len(parts) == 4 and parts[1].isdigit():
                counts[parts[1]] += 1
    return dict(sorted(counts.items()))


def run_one(label: str, rasa: int, actions: int, db: str, redis_url: str, users: int, seconds: float,
            logs: Path) -> Dict[str, Any]:
    print(f"[{label}] starting {rasa} Rasa server(s), {actions} action server(s) and nginx ...", flush=True)
    (logs / label / "nginx" / "access.log").unlink(missing_ok=True)  # nginx appends: count this run only
    t = time.monotonic()
    with Cluster(logs=logs / label, db_url=db, redis_url=redis_url, rasa_servers=rasa, action_servers=actions,
                 lock_lifetime=30) as cluster:
        started = time.monotonic() - t
        warm_up(cluster)
        print(f"[{label}] ready after {started:.0f}s; {users} patients for {seconds:.0f}s ...", flush=True)
        result = load(cluster, users, seconds)
        result["nginx_statuses"] = nginx_statuses(cluster.nginx_prefix / "access.log")
    result.update(label=label, rasa_servers=rasa, action_servers=actions, start_s=round(started, 1))
    return result


def show(results: List[Dict[str, Any]]) -> str:
    head = (f"{'setup':<12} {'turns/s':>8} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'turns':>6} "
            f"{'interv.':>7} {'errors':>6} {'failed':>6} {'lost':>5}")
    rows = [head, "-" * len(head)]
    for r in results:
        rows.append(f"{r['label']:<12} {r['turns_per_s']:>8} {r['p50_s']:>7} {r['p95_s']:>7} {r['p99_s']:>7} "
                    f"{r['turns']:>6} {r['interviews']:>7} {r['client_errors']:>6} {r['failed_interviews']:>6} "
                    f"{r['lost_events']:>5}")
    for r in results:
        if r.get("error_kinds"):
            rows.append(f"{r['label']}: client errors by kind {r['error_kinds']}")
        rows.append(f"{r['label']}: nginx statuses {r.get('nginx_statuses')}")
    return "\n".join(rows)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Cluster benchmark / soak (a report).")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--soak", action="store_true")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rasa-servers", type=int, default=int(os.environ.get("RASA_SERVERS", 2)))
    parser.add_argument("--action-servers", type=int, default=int(os.environ.get("ACTION_SERVERS", 2)))
    args = parser.parse_args(argv)
    logs = ROOT / "results" / ("soak" if args.soak else "bench-cluster")
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    db = Database(os.environ.get("DB_URL", DEFAULT_DB_URL))
    results = []
    try:
        if args.soak:
            results.append(run_one("soak", args.rasa_servers, args.action_servers, db.url, redis_url,
                                   args.users, args.minutes * 60, logs))
        else:
            results.append(run_one("one-server", 1, 1, db.url, redis_url, args.users, args.seconds, logs))
            results.append(run_one(f"cluster-{args.rasa_servers}", args.rasa_servers, args.action_servers,
                                   db.url, redis_url, args.users, args.seconds, logs))
    finally:
        db.drop()
    print()
    print(show(results))
    if not args.soak:
        ratio = results[1]["turns_per_s"] / results[0]["turns_per_s"] if results[0]["turns_per_s"] else float("nan")
        print(f"\ncluster / one server: {ratio:.2f}x turns/s (target >= 1.4x); cores: {os.cpu_count()}")
        results.append({"speedup": round(ratio, 2), "cpu_count": os.cpu_count()})
    out = ROOT / "results" / ("soak.json" if args.soak else "bench-cluster.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"Figures: {out}")
    bad = sum(r.get("lost_events", 0) + r.get("failed_interviews", 0) for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
