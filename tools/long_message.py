"""Measure what one very long message costs the Rasa server, over REST.

    python tools/long_message.py [--size 100000] [--others 3]

Starts its own action server and Rasa server (tools/stack.py). While `--others` conversations
keep sending short messages, one conversation sends a single message of `--size` characters
(ordinary patient sentences, no red flag). It prints how long that reply took, the latency of
the other conversations while it was processed (p95, max), the growth of the Rasa server's
memory (peak RSS minus RSS before), whether the reply carried the "please keep it shorter" note
and whether a red flag placed at the very end of a message of the same size was raised in that
turn. Targets (issue #10.5): reply < 2 s, others' p95 < 1 s, growth < 200 MB.

A report, not a test. As a guard for the shared machine it stops the servers at once if the
Rasa server grows by more than --abort-mb (default 2000) and reports the run as aborted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.stack import DEFAULT_MODEL, Stack, new_sender  # noqa: E402

FILLER = [
    "I have had a dull ache in my lower back since last spring and it spreads into my right "
    "thigh when I sit for a long time.",
    "Some days it is better and some days it is worse, and I notice it most after driving.",
    "My work involves a lot of sitting at a desk and I try to get up and stretch every hour.",
    "I have tried a hot water bottle and some gentle walking which seems to help a little.",
]
FLAG = "And since this morning I cannot feel the toilet paper when I wipe and I have wet myself."
SHORT = ["hello", "what can you do?", "thanks", "is sciatica something that comes back?"]


def long_text(size: int, ending: str = "") -> str:
    parts: List[str] = []
    total = len(ending)
    i = 0
    while total < size:
        sentence = FILLER[i % len(FILLER)]
        parts.append(sentence)
        total += len(sentence) + 1
        i += 1
    return " ".join(parts + ([ending] if ending else []))[: max(size, len(ending))]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def p95(values: List[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


class Others(threading.Thread):
    """One short conversation sending messages in a loop, recording (start, latency)."""

    def __init__(self, url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.stop, self.samples = url, stop, []
        self.sender = new_sender("other")

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                requests.post(f"{self.url}/webhooks/rest/webhook",
                              json={"sender": self.sender, "message": SHORT[i % len(SHORT)]},
                              timeout=120)
            except requests.RequestException:
                pass
            self.samples.append((start, time.monotonic() - start))
            i += 1
            time.sleep(0.05)


def measure(stack: Stack, size: int, others: int, abort_mb: float) -> None:
    url = stack.url
    pid = stack.rasa.proc.pid
    stack.say(new_sender("warm"), "hello")
    stack.say(new_sender("warm"), "I have pain in my left calf")
    before = rss_mb(pid)
    stop = threading.Event()
    threads = [Others(url, stop) for _ in range(others)]
    for t in threads:
        t.start()
    time.sleep(2)
    peak = before
    aborted = False
    result = {}

    def send():
        sender = new_sender("long")
        start = time.monotonic()
        try:
            r = requests.post(f"{url}/webhooks/rest/webhook",
                              json={"sender": sender, "message": long_text(size)}, timeout=600)
            result.update(status=r.status_code, replies=r.json() if r.ok else [])
        except requests.RequestException as exc:
            result.update(status=str(exc), replies=[])
        result["seconds"] = time.monotonic() - start
        result["sender"] = sender

    sender_thread = threading.Thread(target=send, daemon=True)
    t0 = time.monotonic()
    sender_thread.start()
    while sender_thread.is_alive():
        peak = max(peak, rss_mb(pid))
        if peak - before > abort_mb:
            aborted = True
            stack.stop()
            break
        time.sleep(0.05)
    t1 = time.monotonic()
    sender_thread.join(5)
    time.sleep(1)
    stop.set()
    for t in threads:
        t.join(30)
    during = [lat for t in threads for start, lat in t.samples if start + lat >= t0 and start <= t1]
    baseline = [lat for t in threads for start, lat in t.samples if start + lat < t0]
    print(f"long message: {size} characters, {others} other conversations")
    if aborted:
        print(f"ABORTED: the Rasa server grew by more than {abort_mb:.0f} MB "
              f"(peak {peak:.0f} MB, before {before:.0f} MB) after {t1 - t0:.1f} s")
        return
    texts = " ".join(m.get("text") or "" for m in result.get("replies", []))
    print(f"reply: HTTP {result.get('status')} in {result.get('seconds', float('nan')):.2f} s "
          f"(target < 2 s), {len(result.get('replies', []))} messages")
    print(f"'keep it shorter' note in the reply: {'shorter' in texts.lower()}")
    print(f"other conversations before: p95 {p95(baseline):.3f} s ({len(baseline)} replies)")
    print(f"other conversations during: p95 {p95(during):.3f} s, max "
          f"{max(during) if during else float('nan'):.3f} s ({len(during)} replies; target p95 < 1 s)")
    print(f"Rasa server memory: before {before:.0f} MB, peak {peak:.0f} MB, growth "
          f"{peak - before:.0f} MB (target < 200 MB)")
    sender = new_sender("long-flag")
    start = time.monotonic()
    stack.say(sender, long_text(size, FLAG), timeout=600)
    seconds = time.monotonic() - start
    flags = stack.tracker(sender, include_events="NONE")["slots"].get("red_flags") or []
    print(f"red flag at the end of {size} characters: raised {flags} in {seconds:.2f} s")
    if during:
        print(f"(median other reply during: {statistics.median(during):.3f} s)")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--others", type=int, default=3)
    parser.add_argument("--abort-mb", type=float, default=2000)
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        with Stack(tracker_db=Path(tmp) / "long.db", logs=ROOT / "results" / "long-message",
                   model=Path(args.model)) as stack:
            measure(stack, args.size, args.others, args.abort_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
