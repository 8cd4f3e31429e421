#!/usr/bin/env python3
"""Hostile input at volume (`make fuzz`): the corpus tests/security/hostile.yml, sent N times in
all over REST and socket.io to REAL servers (tools/stack.py), then a report.

    python -m tools.fuzz [--count 10000] [--workers 4] [--url http://127.0.0.1:5005]

Without --url it starts its own stack (temporary SQLite store, logs in results/fuzz/). Each
conversation (sender) gets at most --per-sender messages, below the per-sender rate limit, so
the run measures the bot, not the limiter; a 429 is counted on its own line anyway.

Report (stdout, and results/fuzz.json): messages per channel, HTTP status counts, 5xx, timeouts,
empty replies (no bot message at all), replies that are 4xx with a reason, slowest reply (and
what it was), p50/p95 latency, RSS of the Rasa and action servers before and after, and whether
any hostile text reached a log file. Exit code 1 if there was a 5xx, a timeout or an empty reply.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import aiohttp
import yaml

logging.getLogger("engineio.client").setLevel(logging.CRITICAL)
logging.getLogger("socketio.client").setLevel(logging.CRITICAL)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "security" / "hostile.yml"
RESULTS = ROOT / "results"
TIMEOUT = 60.0  # seconds for one reply
QUIET = 0.4  # socket.io: the reply is complete after this long without a new bot message


# ----------------------------------------------------------------------------- the corpus
def load_corpus(path: Path = CORPUS) -> Dict[str, List[Tuple[str, Any]]]:
    """{"texts": [(name, text)], "raw": [(name, bytes)], "json": [(name, obj)], "socketio": [...]}"""
    data = yaml.safe_load(path.read_text())
    texts = [(f"{group}[{i}]", t) for group, items in data["texts"].items() for i, t in enumerate(items)]
    texts += [(g["name"], g["repeat"] * g["times"]) for g in data["generated"]]
    raw = [(b["name"], bytes.fromhex(b["hex"]) if "hex" in b else b["text"].encode()) for b in data["raw_bodies"]]
    bodies = [(f"json_bodies[{i}]", b) for i, b in enumerate(data["json_bodies"])]
    events = [(f"socketio[{i}]", e) for i, e in enumerate(data["socketio"])]
    return {"texts": texts, "raw": raw, "json": bodies, "socketio": events}


def with_sender(value: Any, sender: str) -> Any:
    if isinstance(value, str):
        return value.replace("SENDER", sender)
    if isinstance(value, dict):
        return {with_sender(k, sender): with_sender(v, sender) for k, v in value.items()}
    if isinstance(value, list):
        return [with_sender(v, sender) for v in value]
    return value


def plan(corpus: Dict[str, List[Tuple[str, Any]]], count: int, seed: int = 7) -> List[Tuple[str, str, Any]]:
    """`count` (channel, name, payload) items: every entry at least once, then texts at random."""
    items: List[Tuple[str, str, Any]] = []
    for name, text in corpus["texts"]:
        items += [("rest", name, text), ("socketio", name, text)]
    items += [("rest-raw", n, b) for n, b in corpus["raw"]]
    items += [("rest-json", n, b) for n, b in corpus["json"]]
    items += [("socketio-raw", n, e) for n, e in corpus["socketio"]]
    rng = random.Random(seed)
    texts = corpus["texts"]
    while len(items) < count:
        name, text = rng.choice(texts)
        items.append((rng.choice(("rest", "socketio")), name, text))
    rng.shuffle(items)
    return items[:count] if count >= len(items) else rng.sample(items, count)


# ----------------------------------------------------------------------------- measuring
def rss_mb(pid: Optional[int]) -> Optional[float]:
    """Resident memory of a process group (the server and any children), in MB."""
    if not pid:
        return None
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            pgid = int(stat.rsplit(")", 1)[1].split()[2])
            if pgid != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return round(total / 1024, 1)


class Tally:
    def __init__(self) -> None:
        self.status: Counter = Counter()
        self.channel: Counter = Counter()
        self.timeouts: List[str] = []
        self.errors5xx: List[str] = []
        self.empty: List[str] = []
        self.dropped: List[str] = []
        self.limited = 0
        self.latency: List[float] = []
        self.samples: List[Tuple[float, str]] = []
        self.slowest: Tuple[float, str] = (0.0, "")

    def took(self, seconds: float, what: str) -> None:
        self.latency.append(seconds)
        self.samples.append((seconds, what))
        if seconds > self.slowest[0]:
            self.slowest = (seconds, what)


async def rest_one(session: aiohttp.ClientSession, url: str, kind: str, name: str, payload: Any,
                   sender: str, tally: Tally) -> None:
    if kind == "rest":
        body, headers = json.dumps({"sender": sender, "message": payload}).encode(), {"Content-Type": "application/json"}
    elif kind == "rest-json":
        body, headers = json.dumps(with_sender(payload, sender)).encode(), {"Content-Type": "application/json"}
    else:
        body, headers = payload.replace(b"SENDER", sender.encode()), {"Content-Type": "application/json"}
    what = f"{kind} {name}"
    start = time.monotonic()
    try:
        async with session.post(f"{url}/webhooks/rest/webhook", data=body, headers=headers,
                                timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as r:
            text = await r.read()
            status = r.status
    except asyncio.TimeoutError:
        tally.timeouts.append(what)
        return
    except aiohttp.ClientError as err:
        tally.errors5xx.append(f"{what}: connection error {err.__class__.__name__}")
        return
    tally.took(time.monotonic() - start, what)
    tally.status[status] += 1
    if status >= 500:
        tally.errors5xx.append(f"{what}: HTTP {status}")
    elif status == 429:
        tally.limited += 1
    elif status == 200:
        try:
            replies = json.loads(text or b"[]")
        except ValueError:
            replies = []
        if not any((m.get("text") or m.get("image") or m.get("custom") or m.get("buttons")) for m in replies
                   if isinstance(m, dict)):
            tally.empty.append(what)
    elif not text.strip():  # a 4xx must say why
        tally.empty.append(f"{what}: HTTP {status} without a reason")


class SocketUser:
    """One socket.io conversation (rasa-webchat's protocol)."""

    def __init__(self, url: str):
        import socketio

        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.session = uuid.uuid4().hex
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.sio.on("bot_uttered", self._got)
        self.confirmed = asyncio.Event()
        self.sio.on("session_confirm", lambda *_: self.confirmed.set())

    async def _got(self, data: Any) -> None:
        await self.inbox.put(data)

    async def connect(self) -> None:
        await self.sio.connect(self.url, socketio_path="/socket.io", transports=["websocket"], wait_timeout=30)
        await self.sio.emit("session_request", {"session_id": self.session})
        await asyncio.wait_for(self.confirmed.wait(), 30)

    async def close(self) -> None:
        try:
            await self.sio.disconnect()
        except Exception:  # noqa: BLE001
            pass

    async def say(self, kind: str, name: str, payload: Any, tally: Tally) -> None:
        what = f"{kind} {name}"
        while not self.inbox.empty():
            self.inbox.get_nowait()
        data = {"message": payload, "session_id": self.session} if kind == "socketio" else with_sender(payload, self.session)
        start = time.monotonic()
        await self.sio.emit("user_uttered", data)
        try:
            await asyncio.wait_for(self.inbox.get(), TIMEOUT)
        except asyncio.TimeoutError:
            tally.timeouts.append(what)
            return
        tally.took(time.monotonic() - start, what)
        tally.status["socketio reply"] += 1
        while True:  # the rest of this turn's messages
            try:
                await asyncio.wait_for(self.inbox.get(), QUIET)
            except asyncio.TimeoutError:
                break


async def run(url: str, items: List[Tuple[str, str, Any]], workers: int, per_sender: int,
              max_seconds: float = float("inf")) -> Tally:
    tally = Tally()
    stop_at = time.monotonic() + max_seconds
    queue: asyncio.Queue = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)

    async def worker() -> None:
        async with aiohttp.ClientSession() as http:
            sender, used, sock, sock_used = f"fuzz-{uuid.uuid4().hex[:10]}", 0, None, 0
            while not queue.empty() and time.monotonic() < stop_at:
                kind, name, payload = queue.get_nowait()
                tally.channel[kind.split("-")[0]] += 1
                if kind.startswith("rest"):
                    if used >= per_sender:
                        sender, used = f"fuzz-{uuid.uuid4().hex[:10]}", 0
                    used += 1
                    await rest_one(http, url, kind, name, payload, sender, tally)
                    continue
                if sock is None or sock_used >= per_sender:
                    if sock is not None:
                        await sock.close()
                    sock, sock_used = SocketUser(url), 0
                    try:
                        await sock.connect()
                    except Exception as err:  # noqa: BLE001
                        tally.errors5xx.append(f"socket.io connect failed: {err.__class__.__name__}")
                        sock = None
                        continue
                sock_used += 1
                try:
                    await sock.say(kind, name, payload, tally)
                except Exception as err:  # noqa: BLE001 - e.g. the socket was closed under us
                    tally.dropped.append(f"{kind} {name}: {err.__class__.__name__}")
                if not sock.sio.connected:
                    tally.dropped.append(f"{kind} {name}: the server closed the socket")
                    sock = None
            if sock is not None:
                await sock.close()

    total = len(items)

    async def progress() -> None:
        while True:
            await asyncio.sleep(30)
            left = queue.qsize()
            print(f"  ... {total - left}/{total} sent", flush=True)

    ticker = asyncio.create_task(progress())
    await asyncio.gather(*(worker() for _ in range(workers)))
    ticker.cancel()
    return tally


def leaked(logs: Path, corpus: Dict[str, List[Tuple[str, Any]]]) -> List[str]:
    """Distinctive corpus texts (12+ characters) found in any log file."""
    needles = {t for _, t in corpus["texts"] if isinstance(t, str) and len(t.strip()) >= 12 and len(t) < 200}
    found = []
    for log in sorted(logs.glob("*.log")):
        content = log.read_text(errors="replace")
        found += [f"{log.name}: {n[:40]!r}" for n in needles if n in content]
    return found


def report(tally: Tally, rss: Dict[str, Tuple[Optional[float], Optional[float]]], seconds: float,
           leaks: Optional[List[str]]) -> Dict[str, Any]:
    lat = sorted(tally.latency)
    q = (lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 3)) if lat else (lambda p: None)
    out = {
        "messages": dict(tally.channel), "seconds": round(seconds, 1),
        "status": {str(k): v for k, v in tally.status.items()},
        "5xx": len(tally.errors5xx), "timeouts": len(tally.timeouts), "empty_replies": len(tally.empty),
        "rate_limited_429": tally.limited, "sockets_dropped": len(tally.dropped),
        "slowest_s": round(tally.slowest[0], 3), "slowest_input": tally.slowest[1],
        "p50_s": q(0.5), "p95_s": q(0.95),
        "slowest_5": [(round(s, 2), w) for s, w in sorted(tally.samples, reverse=True)[:5]],
        "rss_mb": {k: {"before": b, "after": a, "growth": (round(a - b, 1) if a is not None and b is not None else None)}
                   for k, (b, a) in rss.items()},
        "examples": {"5xx": tally.errors5xx[:10], "timeouts": tally.timeouts[:10], "empty": tally.empty[:10],
                     "dropped": tally.dropped[:10]},
        "log_leaks": leaks,
    }
    print("\nmake fuzz: hostile input at volume")
    print(f"  messages            {sum(tally.channel.values())} ({', '.join(f'{k} {v}' for k, v in tally.channel.items())}) in {out['seconds']} s")
    print(f"  status              {', '.join(f'{k}: {v}' for k, v in sorted(out['status'].items()))}")
    print(f"  5xx                 {out['5xx']}")
    print(f"  timeouts (>{TIMEOUT:.0f} s)    {out['timeouts']}")
    print(f"  empty replies       {out['empty_replies']}")
    print(f"  429 (rate limit)    {out['rate_limited_429']}")
    print(f"  sockets dropped     {out['sockets_dropped']}")
    print(f"  latency             p50 {out['p50_s']} s, p95 {out['p95_s']} s, slowest {out['slowest_s']} s ({out['slowest_input']})")
    print(f"  slowest 5           {out['slowest_5']}")
    for name, v in out["rss_mb"].items():
        print(f"  RSS {name:<15} {v['before']} MB -> {v['after']} MB (growth {v['growth']} MB)")
    if leaks is not None:
        print(f"  hostile text in logs {len(leaks)}" + (f": {leaks[:5]}" if leaks else ""))
    for key, examples in out["examples"].items():
        if examples:
            print(f"  first {key}: {examples[:5]}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=int(os.environ.get("FUZZ_COUNT", 10000)))
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--per-sender", type=int, default=12)
    ap.add_argument("--url", default=None, help="a running Rasa server (default: start a stack)")
    ap.add_argument("--out", type=Path, default=RESULTS / "fuzz.json")
    ap.add_argument("--max-minutes", type=float, default=float(os.environ.get("FUZZ_MAX_MINUTES", "inf")),
                    help="stop sending after this long and report what was sent")
    args = ap.parse_args(argv)

    corpus = load_corpus()
    items = plan(corpus, args.count)
    stack = None
    if args.url:
        url, pids, logs = args.url.rstrip("/"), {}, None
    else:
        from tools.stack import Stack

        logs = RESULTS / "fuzz"
        for old in logs.glob("*.log"):
            old.unlink()
        db = Path(tempfile.mkdtemp(prefix="fuzz-")) / "tracker.db"
        stack = Stack(tracker_db=db, logs=logs, env={"SUMMARY_SECRET": uuid.uuid4().hex}).start()
        url = stack.url
        pids = {"rasa server": stack.rasa.proc.pid, "action server": stack.actions.proc.pid}
    try:
        before = {k: rss_mb(p) for k, p in pids.items()}
        print(f"make fuzz: {len(items)} messages to {url} ({args.workers} workers)", flush=True)
        start = time.monotonic()
        tally = asyncio.run(run(url, items, args.workers, args.per_sender, args.max_minutes * 60))
        seconds = time.monotonic() - start
        after = {k: rss_mb(p) for k, p in pids.items()}
    finally:
        if stack is not None:
            stack.stop()
    out = report(tally, {k: (before[k], after[k]) for k in pids}, seconds,
                 leaked(logs, corpus) if logs else None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(f"  report              {args.out}")
    return 1 if (out["5xx"] or out["timeouts"] or out["empty_replies"] or out["sockets_dropped"]) else 0


if __name__ == "__main__":
    sys.exit(main())
