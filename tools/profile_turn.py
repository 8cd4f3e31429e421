"""`make profile`: where the milliseconds of one turn go, in the real servers, alone and under load.

    python -m tools.profile_turn [--concurrency 20] [--vignette d08] [--out results/bench/profile]

Starts this assistant's action server and Rasa server (tools/stack.py) each inside `wrap` (below),
records the script of one whole interview (as tools/bench.py does), then measures three phases:

1. `single`: one conversation at a time (3 conversations): the cost of a turn without contention;
2. `load`: `--concurrency` conversations at once, timers only;
3. `cprofile`: the same load again with cProfile running in both servers' event-loop thread.

and writes `profile.md` / `profile.json` (+ `<server>.prof` for pstats/snakeviz) under `--out`.

    python -m tools.profile_turn wrap --stats FILE [--] rasa|actions <its arguments>

runs `python -m rasa <rasa arguments>` with timers around the steps of a turn: each graph node (NLU
components and policies, by node name), the tracker store's retrieve and save and the event replay
inside them, each action-server call (by action, with its payload size), the serialisation of the
tracker and domain sent with it and the validation of the answer; in the action server each action,
the clinical interpreter and each spaCy parse. Timers of synchronous steps measure time the event
loop was blocked; those marked (await) are wall time and include waiting for others. `kill -USR1`
makes the process read `FILE.cmd` (reset | profile | dump) and act on it: the driver uses this to
measure each phase separately without restarting the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import json
import os
import pstats
import runpy
import signal
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "bench" / "profile"


# ------------------------------------------------------------------ in the server: timers
class Timers:
    """name -> [count, seconds, bytes] (bytes only for payloads)."""

    def __init__(self) -> None:
        self.data: Dict[str, List[float]] = defaultdict(lambda: [0, 0.0, 0])
        self.lock = threading.Lock()

    def add(self, name: str, seconds: float, size: int = 0) -> None:
        with self.lock:
            entry = self.data[name]
            entry[0] += 1
            entry[1] += seconds
            entry[2] += size

    def reset(self) -> None:
        with self.lock:
            self.data.clear()

    def dump(self) -> Dict[str, Dict[str, float]]:
        with self.lock:
            return {k: {"count": v[0], "seconds": v[1], "bytes": v[2]} for k, v in self.data.items()}


TIMERS = Timers()


def timed(owner: Any, attr: str, name: Callable[..., str] | str) -> None:
    """Wrap owner.attr (sync or async) with a timer named `name` (or name(*args))."""
    original = getattr(owner, attr, None)
    if original is None:
        return
    label = name if callable(name) else (lambda *a, **k: name)

    if asyncio.iscoroutinefunction(original):
        @functools.wraps(original)
        async def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                TIMERS.add(label(*args, **kwargs), time.perf_counter() - start)
    else:
        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                TIMERS.add(label(*args, **kwargs), time.perf_counter() - start)
    setattr(owner, attr, wrapper)


def instrument_rasa() -> None:
    """Timers in the Rasa server (see module docstring)."""
    from rasa.core import processor
    from rasa.core.actions import action
    from rasa.engine import graph
    from rasa.shared.core import domain, trackers
    from rasa.utils import endpoints

    timed(graph.GraphNode, "__call__", lambda self, *a: f"node {self._node_name}")
    timed(processor.MessageProcessor, "handle_message", "turn: handle_message (await)")
    timed(processor.MessageProcessor, "parse_message", "nlu: parse_message (await)")
    timed(processor.MessageProcessor, "_predict_next_with_tracker", "core: predict next action (all policies)")
    timed(action.RemoteAction, "run", lambda self, *a, **k: f"action call {self.name()} (await)")
    timed(action.RemoteAction, "_validate_action_result", "action answer: jsonschema validation")
    timed(endpoints.EndpointConfig, "request", "action call: HTTP request (await)")
    timed(trackers.DialogueStateTracker, "current_state", "serialise: tracker.current_state")
    timed(trackers.DialogueStateTracker, "from_dict", "tracker store: replay events (from_dict)")
    timed(domain.Domain, "as_dict", "serialise: domain.as_dict")

    original_format = action.RemoteAction._action_call_format

    @functools.wraps(original_format)
    def call_format(self, tracker, domain_):
        start = time.perf_counter()
        body = original_format(self, tracker, domain_)
        elapsed = time.perf_counter() - start
        TIMERS.add(f"serialise: action payload ({'with' if 'domain' in body else 'no'} domain)",
                   elapsed, len(json.dumps(body)))
        return body

    action.RemoteAction._action_call_format = call_format
    try:
        from addons import tracker_store as store
        timed(store.SafeTrackerStore, "retrieve", "tracker store: retrieve (await)")
        timed(store.SafeTrackerStore, "save", "tracker store: save (await)")
    except ImportError:
        pass
    instrument_spacy()


def instrument_actions() -> None:
    """Timers in the action server (see module docstring)."""
    from rasa_sdk import executor, interfaces

    timed(executor.ActionExecutor, "run", lambda self, call: f"action {call.get('next_action')} (await)")
    timed(interfaces.Tracker, "from_dict", "sdk: Tracker.from_dict")
    sys.path.insert(0, str(ROOT))
    try:
        import actions.extraction as extraction
        import actions.triage as triage
        for module in (extraction, triage):
            timed(module, "interpret", "engine: interpret")
    except ImportError:
        pass
    instrument_spacy()


def instrument_spacy() -> None:
    try:
        from spacy.language import Language
    except ImportError:
        return
    timed(Language, "__call__", "spaCy parse (nlp(text))")


class Control:
    """Acts on `kill -USR1`: reads the command file (reset | profile | dump)."""

    def __init__(self, stats: Path, prof: Optional[Path]) -> None:
        self.stats, self.prof, self.profiler = stats, prof, None

    def handle(self, *_: Any) -> None:
        try:
            command = Path(f"{self.stats}.cmd").read_text().strip()
        except OSError:
            command = "dump"
        if command in ("reset", "profile"):
            self.stop_profile()
            TIMERS.reset()
            if command == "profile" and self.prof is not None:
                self.profiler = cProfile.Profile()
                self.profiler.enable()
        elif command == "dump":
            self.stop_profile(save=True)
            tmp = self.stats.with_suffix(".tmp")
            tmp.write_text(json.dumps(TIMERS.dump(), indent=1))
            tmp.replace(self.stats)

    def stop_profile(self, save: bool = False) -> None:
        if self.profiler is not None:
            self.profiler.disable()
            if save:
                self.profiler.dump_stats(str(self.prof))
            self.profiler = None


def wrap(argv: List[str]) -> int:
    ap = argparse.ArgumentParser(prog="tools.profile_turn wrap")
    ap.add_argument("--stats", required=True)
    ap.add_argument("--prof")
    ap.add_argument("rasa_args", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    module, *rest = [a for a in args.rasa_args if a != "--"]  # "rasa" or "actions" (python -m <module>)
    if module == "actions":
        sys.modules.setdefault("tensorflow", None)  # as actions/__main__.py does, before any import
        instrument_actions()
    else:
        instrument_rasa()
    control = Control(Path(args.stats), Path(args.prof) if args.prof else None)
    signal.signal(signal.SIGUSR1, control.handle)
    sys.argv = [module] + rest
    runpy.run_module(module, run_name="__main__")
    return 0


# ------------------------------------------------------------------ the driver
CATEGORIES = [  # first match wins, on the file path of a function (cProfile tottime)
    ("TensorFlow (DIET, ResponseSelector)", ("tensorflow", "keras")),
    ("spaCy + negex", ("spacy", "thinc", "negspacy", "srsly")),
    ("clinical engine (actions/triage)", ("actions/triage",)),
    ("project actions (actions/*.py)", ("/actions/",)),
    ("project policies / addons", ("addons/",)),
    ("NLU featurizers / tokenizers", ("rasa/nlu/featurizers", "rasa/nlu/tokenizers", "rasa/nlu/utils",
                                      "scipy", "sklearn")),
    ("NLU classifiers (Python side)", ("rasa/nlu/classifiers", "rasa/nlu/selectors", "rasa/utils/tensorflow")),
    ("policies (Rasa)", ("rasa/core/policies", "rasa/core/featurizers", "rasa/shared/core/generator")),
    ("tracker + events (replay, copy)", ("rasa/shared/core/trackers", "rasa/shared/core/events",
                                         "rasa/shared/core/slots", "rasa/shared/core/conversation")),
    ("domain", ("rasa/shared/core/domain",)),
    ("SQL tracker store (SQLAlchemy, sqlite3)", ("sqlalchemy", "sqlite3", "tracker_store")),
    ("JSON + jsonschema", ("json", "jsonschema", "ujson", "pyrsistent", "attr")),
    ("HTTP + event loop (sanic, aiohttp, asyncio)", ("sanic", "aiohttp", "asyncio", "httptools", "multidict",
                                                    "yarl", "selectors", "socket", "ssl")),
    ("graph engine", ("rasa/engine", "dask")),
    ("rasa processor / other rasa", ("rasa/", "rasa_sdk/")),
    ("numpy", ("numpy",)),
]


def categorise(prof: Path) -> Dict[str, float]:
    stats = pstats.Stats(str(prof))
    totals: Dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        name = filename.replace("\\", "/")
        for category, needles in CATEGORIES:
            if any(n in name for n in needles):
                totals[category] += tottime
                break
        else:
            totals["built-ins / C calls" if name == "~" else "other"] += tottime
    return dict(totals)


def top_functions(prof: Path, n: int = 25) -> List[Dict[str, Any]]:
    stats = pstats.Stats(str(prof))
    rows = []
    for (filename, line, func), (_cc, nc, tottime, cumtime, _callers) in stats.stats.items():
        rows.append({"function": f"{Path(filename).name}:{line}({func})" if filename != "~" else func,
                     "path": filename, "calls": nc, "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: r["cumtime"], reverse=True)
    return rows[:n]


def command(server: Any, stats: Path, what: str, wait: bool = False) -> Optional[Dict[str, Any]]:
    Path(f"{stats}.cmd").write_text(what)
    if wait and stats.exists():
        stats.unlink()
    os.kill(server.proc.pid, signal.SIGUSR1)
    if not wait:
        time.sleep(0.5)
        return None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if stats.exists():
            return json.loads(stats.read_text())
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not write {stats}")


def per_turn(timers: Dict[str, Dict[str, float]], turns: int) -> List[Dict[str, Any]]:
    rows = []
    for name, v in timers.items():
        rows.append({"step": name, "per_turn": round(v["count"] / turns, 2),
                     "ms_per_turn": round(1000 * v["seconds"] / turns, 2),
                     "ms_per_call": round(1000 * v["seconds"] / v["count"], 2) if v["count"] else None,
                     "kB_per_call": round(v["bytes"] / v["count"] / 1024, 1) if v["bytes"] else None})
    rows.sort(key=lambda r: r["ms_per_turn"], reverse=True)
    return rows


def driver(argv: List[str]) -> int:
    from tools.bench import ASSISTANT, Result, load_average, load_vignette, play, record_script
    from tools.stack import DEFAULT_MODEL, Stack

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--vignette", default="d08")
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--no-cprofile", action="store_true", help="skip the third phase")
    args = ap.parse_args(argv)
    if not 1 <= args.concurrency <= 100:
        ap.error("concurrency must be 1..100")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vignette = load_vignette(args.vignette)
    report: Dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "load_start": load_average(),
                              "concurrency": args.concurrency, "vignette": args.vignette, "phases": {}}

    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        stack = Stack(tracker_db=Path(tmp) / "profile.db", logs=out / "logs", model=Path(args.model))
        files = {}
        for key, server in (("rasa", stack.rasa), ("actions", stack.actions)):
            stats, prof = out / f"{key}.json", out / f"{key}.prof"
            files[key] = (server, stats, prof)
            module_args = server.cmd[2:]  # after [python, -m]: rasa ... or actions ...
            server.cmd = server.cmd[:2] + ["tools.profile_turn", "wrap", "--stats", str(stats),
                                           "--prof", str(prof), "--"] + module_args
        try:
            stack.start()
            script = record_script(stack.url, stack.token, vignette)
            report["script_turns"] = len(script)
            phases = [("single", 1, 3, "reset"), ("load", args.concurrency, 1, "reset")]
            if not args.no_cprofile:
                phases.append(("cprofile", args.concurrency, 1, "profile"))
            for phase, level, repeat, mode in phases:
                for server, stats, _ in files.values():
                    command(server, stats, mode)
                result = Result(ASSISTANT, level)
                for _ in range(repeat):
                    asyncio.run(play(stack.url, script, level, result, f"profile-{phase}"))
                dumped = {key: command(server, stats, "dump", wait=True) for key, (server, stats, _) in files.items()}
                summary = result.summary()
                entry: Dict[str, Any] = {"turns": result.turns, "turns_per_s": summary["turns_per_s"],
                                         "p50_ms": summary["p50_ms"], "p95_ms": summary["p95_ms"],
                                         "errors": result.errors,
                                         "timers": {k: per_turn(v, max(1, result.turns)) for k, v in dumped.items()}}
                if mode == "profile":
                    entry["cprofile"] = {}
                    for key, (_, _, prof) in files.items():
                        cats = categorise(prof)
                        entry["cprofile"][key] = {
                            "ms_per_turn_by_category": {k: round(1000 * v / result.turns, 2) for k, v in
                                                        sorted(cats.items(), key=lambda kv: -kv[1])},
                            "top_cumulative": [dict(r, tottime=round(r["tottime"], 3), cumtime=round(r["cumtime"], 3))
                                               for r in top_functions(prof)],
                        }
                report["phases"][phase] = entry
                print(f"{phase}: {result.turns} turns, {summary['turns_per_s']} turns/s, "
                      f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms", flush=True)
        finally:
            stack.stop()
    report["load_end"] = load_average()
    (out / "profile.json").write_text(json.dumps(report, indent=2) + "\n")
    text = profile_markdown(report)
    (out / "profile.md").write_text(text)
    print(text)
    print(f"written: {out / 'profile.md'}, {out / 'profile.json'}")
    return 0


def profile_markdown(report: Dict[str, Any]) -> str:
    lines = [f"# Profile of one turn {report['started']} (vignette {report['vignette']}, "
             f"{report.get('script_turns')} turns per conversation)", "",
             f"Load average: start {report['load_start']}, end {report['load_end']} (shared machine).", ""]
    for phase, entry in report["phases"].items():
        lines += [f"## {phase}: {entry['turns']} turns, {entry['turns_per_s']} turns/s, p50 {entry['p50_ms']} ms, "
                  f"p95 {entry['p95_ms']} ms, errors {entry['errors']}", ""]
        for key, rows in entry["timers"].items():
            lines += [f"### {key} server: timers", "", "| step | calls/turn | ms/turn | ms/call | kB/call |",
                      "|---|---|---|---|---|"]
            lines += [f"| {r['step']} | {r['per_turn']} | {r['ms_per_turn']} | {r['ms_per_call']} | "
                      f"{r['kB_per_call'] or ''} |" for r in rows]
            lines.append("")
        for key, prof in (entry.get("cprofile") or {}).items():
            lines += [f"### {key} server: cProfile, own time by category (ms/turn)", "", "| category | ms/turn |",
                      "|---|---|"]
            lines += [f"| {k} | {v} |" for k, v in prof["ms_per_turn_by_category"].items()]
            lines += ["", f"### {key} server: top functions by cumulative time (s, whole phase)", "",
                      "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
            lines += [f"| {r['function']} | {r['calls']} | {r['tottime']} | {r['cumtime']} |"
                      for r in prof["top_cumulative"]]
            lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["wrap"]:
        return wrap(argv[1:])
    return driver(argv)


if __name__ == "__main__":
    sys.exit(main())
