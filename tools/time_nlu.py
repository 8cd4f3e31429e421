"""Rasa server start-up and NLU time per message, for a trained model (issue 14).

    python -m tools.time_nlu [--model models/spine.tar.gz] [--starts 2] [--rounds 3]

Starts the action server and the Rasa server (tools/stack.py, free loopback ports, temporary
tracker store), and times the Rasa server from launch to `/status` answering, as tools/bench.py
does, `--starts` times. Then it posts every held-out text of tests/nlu/*.yml (not the e2e file)
to `/model/parse` `--rounds` times after a warm-up, and prints the median and p95 milliseconds
per message (HTTP included: the NLU graph only, no policies, no action server), with the load
average at start and end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.stack import DEFAULT_MODEL, Stack, write_credentials  # noqa: E402

FILES = ("heldout.yml", "faq_heldout.yml")


def texts() -> list:
    out = []
    for name in FILES:
        for block in yaml.safe_load((ROOT / "tests" / "nlu" / name).read_text())["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append(line[2:].strip())
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--starts", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()}")
    samples = texts()
    starts = []
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(Path(tmp) / "tracker.db", Path(tmp), model=args.model)
        try:
            write_credentials(ROOT / "credentials.yml", stack.logs / "credentials.yml", stack.rasa.env)
            stack.actions.start(stack.start_timeout)
            for i in range(args.starts):
                if i:
                    stack.rasa.stop()
                began = time.monotonic()
                stack.rasa.start(stack.start_timeout)
                starts.append(time.monotonic() - began)
                print(f"Rasa server ready in {starts[-1]:.1f} s", flush=True)
            url = f"{stack.url}/model/parse?token={stack.token}"
            for text in samples[:5]:
                requests.post(url, json={"text": text}, timeout=60).raise_for_status()
            times = []
            for _ in range(args.rounds):
                for text in samples:
                    began = time.perf_counter()
                    requests.post(url, json={"text": text}, timeout=60).raise_for_status()
                    times.append((time.perf_counter() - began) * 1000)
        finally:
            stack.stop()
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"start-up (launch to /status): {', '.join(f'{s:.1f}' for s in starts)} s")
    print(f"/model/parse over {len(times)} messages: median {statistics.median(times):.1f} ms, "
          f"p95 {p95:.1f} ms, mean {statistics.mean(times):.1f} ms")
    print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
