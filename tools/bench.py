"""`make bench`: start-up time of the servers and reply latency over the REST channel.

    python -m tools.bench [--conversations 10] [--out results/bench.json]

Starts its own action server and Rasa server (free ports on 127.0.0.1, a temporary tracker DB),
sends a bounded number of short conversations one after another, prints and saves the timings.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tools.stack import DEFAULT_MODEL, ROOT, Stack, new_sender

MESSAGES = [
    "hello",
    "I have a shooting pain down my left leg into the foot",
    "I'm not sure",
    "no",
    "about three weeks",
]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conversations", type=int, default=10)
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--out", default=str(ROOT / "results" / "bench.json"))
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(tracker_db=Path(tmp) / "bench.db", logs=ROOT / "results" / "bench", model=Path(args.model))
        t0 = time.monotonic()
        stack.actions.start(stack.start_timeout)
        t1 = time.monotonic()
        try:
            stack.rasa.start(stack.start_timeout)
            t2 = time.monotonic()
            latencies = []
            for _ in range(args.conversations):
                sender = new_sender("bench")
                for message in MESSAGES:
                    start = time.monotonic()
                    stack.say(sender, message)
                    latencies.append(time.monotonic() - start)
        finally:
            stack.stop()

    report = {
        "action_server_start_s": round(t1 - t0, 2),
        "rasa_server_start_s": round(t2 - t1, 2),
        "messages": len(latencies),
        "latency_ms": {
            "mean": round(1000 * statistics.mean(latencies), 1),
            "p50": round(1000 * percentile(latencies, 0.50), 1),
            "p95": round(1000 * percentile(latencies, 0.95), 1),
            "max": round(1000 * max(latencies), 1),
        },
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
