"""`make bench`: this assistant against Rasa's own starter bot, side by side, over the REST channel.

    python -m tools.bench [--levels 1,20,50] [--rounds 2] [--vignette d08] [--out results/bench]

1. Builds (once, cached) the bot `rasa init --no-prompt` makes with the same Rasa (tools/starter_bot.py).
2. Starts this assistant (tools/stack.py: its action server and Rasa server, a temporary SQLite
   tracker DB) and the starter bot (its action server and Rasa server, in-memory tracker), one server
   after the other, timing each start-up. Every port is a free one on 127.0.0.1.
3. Records the script: one whole routine interview of this assistant, taken from a flag-free
   vignette (tests/vignettes/dev.yml): the opening, then the vignette's answer to each
   `requested_slot` until the interview ends. Both bots are then sent exactly these texts.
4. For each concurrency level, `--rounds` times, plays the script in that many concurrent
   conversations (each conversation once), against one bot and then the other (the order swaps each
   round, so that a change in the machine's load hits both alike). Turn latency is measured by the
   client (HTTP POST to the reply), throughput is turns over the level's wall time.
5. Checks that every conversation of this assistant ended as the vignette expects (tracker read
   after the level, not timed), prints the table and writes results/bench/bench.{md,json} and
   latency.png (latency distributions).

Peak RSS is VmHWM of each server process (/proc, Linux). The load average of the machine is
recorded at start and end: on a shared machine the numbers move with what else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import aiohttp
import requests
import yaml

from tools import starter_bot
from tools.interviews import APOLOGY_START
from tools.stack import DEFAULT_MODEL, ROOT, Server, Stack, new_sender

VIGNETTES = ROOT / "tests" / "vignettes" / "dev.yml"
OUT = ROOT / "results" / "bench"
ASSISTANT, STARTER = "assistant", "starter"
MAX_SCRIPT_TURNS = 40
TURN_TIMEOUT = 120.0


# ------------------------------------------------------------------ measurements
def percentile(values: List[float], q: float) -> float:
    """The q-quantile by linear interpolation (q in 0..1)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def peak_rss_mb(pid: Optional[int]) -> Optional[float]:
    """VmHWM (peak resident set) of a process, in MB; None when it cannot be read."""
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def group_pids(pgid: int) -> List[int]:
    """The processes of a process group (a server and any child it started)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def server_rss(server: Server) -> Optional[float]:
    """Peak RSS of a server: the sum over its process group (usually one process)."""
    if server.proc is None:
        return None
    values = [peak_rss_mb(pid) for pid in group_pids(server.proc.pid)]
    values = [v for v in values if v is not None]
    return round(sum(values), 1) if values else None


def load_average() -> List[float]:
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class Result:
    """One bot at one concurrency level (all rounds together)."""

    bot: str
    concurrency: int
    latencies: List[float] = field(default_factory=list)
    wall: float = 0.0
    turns: int = 0
    errors: int = 0
    empty: int = 0
    error_kinds: Dict[str, int] = field(default_factory=dict)
    finished: int = 0
    conversations: int = 0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self) -> Dict[str, Any]:
        ms = [1000 * x for x in self.latencies]
        return {
            "bot": self.bot,
            "concurrency": self.concurrency,
            "conversations": self.conversations,
            "turns": self.turns,
            "turns_per_s": round(self.turns / self.wall, 2) if self.wall else None,
            "p50_ms": round(percentile(ms, 0.50), 1),
            "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1),
            "mean_ms": round(statistics.mean(ms), 1) if ms else None,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "empty_replies": self.empty,
            "finished": self.finished if self.bot == ASSISTANT else None,
        }


# ------------------------------------------------------------------ the script
def load_vignette(vignette_id: str) -> Dict[str, Any]:
    for vignette in yaml.safe_load(VIGNETTES.read_text()):
        if vignette.get("id") == vignette_id:
            expect = vignette.get("expect") or {}
            if expect.get("red_flags"):
                raise SystemExit(f"{vignette_id} has red flags: the bench needs a whole, flag-free interview")
            return vignette
    raise SystemExit(f"no vignette {vignette_id} in {VIGNETTES}")


def tracker_slots(base_url: str, token: str, sender: str) -> Dict[str, Any]:
    r = requests.get(f"{base_url}/conversations/{sender}/tracker",
                     params={"token": token, "include_events": "NONE"}, timeout=60)
    r.raise_for_status()
    return r.json().get("slots") or {}


def record_script(base_url: str, token: str, vignette: Dict[str, Any]) -> List[str]:
    """The texts of one whole interview: the opening, then the answer to each requested_slot."""
    sender = new_sender("bench-script")
    answers = vignette["answers"]
    texts = [vignette["opening"]]
    with requests.Session() as http:
        for _ in range(MAX_SCRIPT_TURNS):
            r = http.post(f"{base_url}/webhooks/rest/webhook",
                          json={"sender": sender, "message": texts[-1]}, timeout=TURN_TIMEOUT)
            r.raise_for_status()
            slots = tracker_slots(base_url, token, sender)
            question = slots.get("requested_slot")
            if not question:
                expected = (vignette.get("expect") or {}).get("triage_level")
                if expected and slots.get("triage_level") != expected:
                    raise SystemExit(f"the script interview ended with {slots.get('triage_level')!r}, "
                                     f"expected {expected!r}: {texts}")
                return texts
            if question not in answers:
                raise SystemExit(f"the assistant asked {question!r}, not in vignette {vignette['id']}")
            texts.append(answers[question])
    raise SystemExit(f"the script interview did not end within {MAX_SCRIPT_TURNS} turns")


# ------------------------------------------------------------------ load
async def converse(http: aiohttp.ClientSession, url: str, sender: str, texts: List[str],
                   result: Result) -> None:
    for text in texts:
        start = time.monotonic()
        try:
            async with http.post(url, json={"sender": sender, "message": text}) as r:
                body = await r.text()
                elapsed = time.monotonic() - start
                if r.status != 200:
                    result.error(f"HTTP {r.status}")
                    continue
                replies = json.loads(body)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            result.error(type(error).__name__)
            continue
        result.latencies.append(elapsed)
        result.turns += 1
        if not replies:
            result.empty += 1
        elif any(APOLOGY_START in (m.get("text") or "") for m in replies):
            result.error("apology")


async def play(base_url: str, texts: List[str], concurrency: int, result: Result, prefix: str) -> List[str]:
    """`concurrency` conversations of the script at once; returns their sender ids."""
    senders = [new_sender(prefix) for _ in range(concurrency)]
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
        start = time.monotonic()
        await asyncio.gather(*(converse(http, f"{base_url}/webhooks/rest/webhook", s, texts, result)
                               for s in senders))
        result.wall += time.monotonic() - start
    result.conversations += concurrency
    return senders


def check_finished(base_url: str, token: str, senders: List[str], expected: Optional[str]) -> int:
    """How many of the assistant's conversations ended the interview with the expected level."""
    done = 0
    for sender in senders:
        try:
            slots = tracker_slots(base_url, token, sender)
        except requests.RequestException:
            continue
        if expected is None or (not slots.get("requested_slot") and slots.get("triage_level") == expected):
            done += 1
    return done


# ------------------------------------------------------------------ report
def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 2) if a and b else None


def comparison(results: Dict[int, Dict[str, Result]]) -> List[Dict[str, Any]]:
    rows = []
    for level, pair in results.items():
        a, s = pair[ASSISTANT].summary(), pair[STARTER].summary()
        rows.append({
            "concurrency": level, "assistant": a, "starter": s,
            "throughput_ratio": ratio(a["turns_per_s"], s["turns_per_s"]),
            "p50_ratio": ratio(a["p50_ms"], s["p50_ms"]),
            "p95_ratio": ratio(a["p95_ms"], s["p95_ms"]),
        })
    return rows


def markdown(report: Dict[str, Any]) -> str:
    lines = [
        f"# Bench {report['started']} (Rasa {report['rasa_version']}, {report['cpus']} CPUs)",
        "",
        f"Script: vignette {report['vignette']}, {len(report['script'])} turns per conversation; "
        f"{report['rounds']} round(s) per level, bots alternating.",
        f"Load average (1, 5, 15 min): start {report['load_start']}, end {report['load_end']} "
        "(the machine is shared: other work moves these numbers).",
        "",
        "| concurrency | bot | turns | turns/s | p50 ms | p95 ms | p99 ms | errors | empty | finished |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["levels"]:
        for bot in (ASSISTANT, STARTER):
            r = row[bot]
            fin = f"{r['finished']}/{r['conversations']}" if r["finished"] is not None else "-"
            lines.append(f"| {row['concurrency']} | {bot} | {r['turns']} | {r['turns_per_s']} | {r['p50_ms']} | "
                         f"{r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {r['empty_replies']} | {fin} |")
        lines.append(f"| {row['concurrency']} | ratio | | {row['throughput_ratio']}× | {row['p50_ratio']}× | "
                     f"{row['p95_ratio']}× | | | | |")
    lines += ["", "| process | start-up s | peak RSS MB |", "|---|---|---|"]
    for name, proc in report["processes"].items():
        lines.append(f"| {name} | {proc['startup_s']} | {proc['peak_rss_mb']} |")
    targets = report["targets"]
    lines += ["", "Targets (issue 14):", ""]
    lines += [f"- {t['name']}: {t['value']} ({'met' if t['met'] else 'NOT met'})" for t in targets]
    return "\n".join(lines) + "\n"


def targets(report: Dict[str, Any]) -> List[Dict[str, Any]]:
    by_level = {row["concurrency"]: row for row in report["levels"]}
    out = []
    if 20 in by_level:
        row = by_level[20]
        out.append({"name": "20 concurrent: turns/s ≥ 1.0× the starter bot", "value": f"{row['throughput_ratio']}×",
                    "met": bool(row["throughput_ratio"]) and row["throughput_ratio"] >= 1.0})
        out.append({"name": "20 concurrent: p95 ≤ the starter bot's",
                    "value": f"{row['assistant']['p95_ms']} vs {row['starter']['p95_ms']} ms",
                    "met": row["assistant"]["p95_ms"] <= row["starter"]["p95_ms"]})
    if 1 in by_level:
        p50 = by_level[1]["assistant"]["p50_ms"]
        out.append({"name": "1 conversation: p50 ≤ 40 ms", "value": f"{p50} ms", "met": p50 <= 40})
    if 50 in by_level:
        errors = by_level[50]["assistant"]["errors"]
        out.append({"name": "50 concurrent: zero errors", "value": str(errors), "met": errors == 0})
    start = report["processes"]["assistant rasa"]["startup_s"]
    out.append({"name": "Rasa server start ≤ 20 s", "value": f"{start} s", "met": start <= 20})
    return out


def chart(results: Dict[int, Dict[str, Result]], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = list(results)
    fig, axes = plt.subplots(1, len(levels), figsize=(5 * len(levels), 4), squeeze=False)
    for ax, level in zip(axes[0], levels, strict=False):
        for bot, colour in ((ASSISTANT, "tab:red"), (STARTER, "tab:blue")):
            ms = sorted(1000 * x for x in results[level][bot].latencies)
            if ms:
                ax.step(ms, [(i + 1) / len(ms) for i in range(len(ms))], where="post", color=colour,
                        label=f"{bot} (p50 {percentile(ms, .5):.0f}, p95 {percentile(ms, .95):.0f} ms)")
        ax.set_xscale("log")
        ax.set_title(f"{level} concurrent conversation{'s' if level > 1 else ''}")
        ax.set_xlabel("latency per turn (ms, log scale)")
        ax.set_ylabel("share of turns at or below")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------ main
def timed_start(server: Server, timeout: float) -> float:
    start = time.monotonic()
    server.start(timeout)
    return round(time.monotonic() - start, 2)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", default="1,20,50", help="concurrency levels, comma-separated")
    ap.add_argument("--rounds", type=int, default=2, help="rounds per level (each bot once per round)")
    ap.add_argument("--single-conversations", type=int, default=3,
                    help="conversations played one after another at level 1, per round")
    ap.add_argument("--vignette", default="d08", help="a flag-free vignette id of tests/vignettes/dev.yml")
    ap.add_argument("--max-turns", type=int, default=0,
                    help="play only the first N turns of the script (0: the whole interview; for quick runs)")
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="extra environment for this assistant's servers (e.g. a profiling wrapper)")
    args = ap.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > 200 or not 1 <= args.rounds <= 10:
        ap.error("levels must be 1..200 and rounds 1..10")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vignette = load_vignette(args.vignette)
    expected = (vignette.get("expect") or {}).get("triage_level")

    report: Dict[str, Any] = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "load_start": load_average(),
        "cpus": os.cpu_count(), "python": platform.python_version(), "vignette": args.vignette,
        "rounds": args.rounds,
    }
    project = starter_bot.build()
    report["rasa_version"] = project.name.partition("-")[2]
    extra_env = dict(item.split("=", 1) for item in args.env)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        stack = Stack(tracker_db=Path(tmp) / "bench.db", logs=out / "logs", model=Path(args.model), env=extra_env)
        starter = starter_bot.StarterBot(project, logs=out / "logs", token=stack.token)
        from channels.credentials import write as write_credentials
        write_credentials(ROOT / "credentials.yml", stack.logs / "credentials.yml", stack.rasa.env)
        servers = {"assistant actions": stack.actions, "assistant rasa": stack.rasa,
                   "starter actions": starter.actions, "starter rasa": starter.rasa}
        startup: Dict[str, float] = {}
        results: Dict[int, Dict[str, Result]] = {}
        try:
            for name, server in servers.items():
                print(f"starting {name} ...", flush=True)
                startup[name] = timed_start(server, stack.start_timeout)
                print(f"  ready in {startup[name]} s", flush=True)
            script = record_script(stack.url, stack.token, vignette)
            if args.max_turns > 0:
                script = script[:args.max_turns]
                expected = None  # a cut interview does not end: only errors are checked
            report["script"] = script
            print(f"script: {len(script)} turns (vignette {args.vignette})", flush=True)
            # one untimed conversation warms the starter bot up as the recording did this assistant
            warm = Result(STARTER, 1)
            asyncio.run(play(starter.url, script, 1, warm, "bench-warm"))
            urls = {ASSISTANT: stack.url, STARTER: starter.url}
            for level in levels:
                results[level] = {bot: Result(bot, level) for bot in (ASSISTANT, STARTER)}
                for round_no in range(args.rounds):
                    order = (ASSISTANT, STARTER) if round_no % 2 == 0 else (STARTER, ASSISTANT)
                    for bot in order:
                        result = results[level][bot]
                        repeat = args.single_conversations if level == 1 else 1
                        for _ in range(repeat):
                            senders = asyncio.run(play(urls[bot], script, level, result, f"bench-{bot}"))
                            if bot == ASSISTANT:
                                result.finished += check_finished(stack.url, stack.token, senders, expected)
                        s = result.summary()
                        print(f"  level {level} round {round_no + 1} {bot}: {s['turns_per_s']} turns/s, "
                              f"p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, errors {s['errors']}", flush=True)
            report["processes"] = {name: {"startup_s": startup[name], "peak_rss_mb": server_rss(server)}
                                   for name, server in servers.items()}
        finally:
            for server in reversed(list(servers.values())):
                server.stop()

    report["load_end"] = load_average()
    report["levels"] = comparison(results)
    report["targets"] = targets(report)
    report["latencies_ms"] = {f"{level}/{bot}": [round(1000 * x, 2) for x in r.latencies]
                              for level, pair in results.items() for bot, r in pair.items()}
    (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    text = markdown(report)
    (out / "bench.md").write_text(text)
    chart(results, out / "latency.png")
    print()
    print(text)
    print(f"written: {out / 'bench.md'}, {out / 'bench.json'}, {out / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
