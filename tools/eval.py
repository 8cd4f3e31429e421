"""Play vignettes against the REAL servers over the REST channel and report the numbers.

    python tools/eval.py [VIGNETTE_FILE] [--url http://127.0.0.1:5005 --token TOKEN]

Without --url it starts its own action server and Rasa server (tools/stack.py)
on free ports with a temporary tracker store. For each vignette (format in the header of
tests/vignettes/dev.yml) it sends the opening, then answers whatever `requested_slot` the
tracker names (read through the HTTP API with the token), until `requested_slot` is empty, and
checks the outcome slots. It prints, per vignette and overall: red-flag sensitivity, under- and
over-triage, exact triage, flags, roots, pattern, whether a flag was caught in the turn of the
message that first carried it, questions asked (mean, max), the most times any one question was
asked (the interview asks none more than three times) and the slowest reply.
A report, not a test: the exit code is 0 unless the file cannot be read or the servers fail.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.triage.contract import OUTCOME  # noqa: E402
from actions.triage.knowledge import load  # noqa: E402
from tools.eval_engine import check  # noqa: E402
from tools.stack import DEFAULT_MODEL, Client, new_sender, report_over_rest  # noqa: E402

DEFAULT = ROOT / "tests" / "vignettes" / "dev.yml"
MAX_TURNS = 40





def play(client: Client, vignette: Dict[str, Any]) -> Dict[str, Any]:
    """One interview; returns questions asked, the turn of the first flag and the outcome."""
    sender = new_sender(vignette["id"])
    client.say(sender, vignette["opening"])
    slots = client.slots(sender)
    asked: List[str] = []
    flag_turn: Optional[int] = 0 if slots.get("red_flags") else None
    error = None
    while slots.get("requested_slot") and len(asked) < MAX_TURNS:
        question = slots["requested_slot"]
        if question not in vignette["answers"]:
            error = f"asked '{question}', which is not a contract question of the vignette"
            break
        asked.append(question)
        client.say(sender, vignette["answers"][question])
        slots = client.slots(sender)
        if flag_turn is None and slots.get("red_flags"):
            flag_turn = len(asked)
    if slots.get("requested_slot") and not error:
        error = f"no end after {MAX_TURNS} answers"
    result = {k: slots.get(k) or ([] if k in ("red_flags", "suspected_roots") else None)
              for k in OUTCOME}
    return {"asked": asked, "flag_turn": flag_turn, "result": result, "error": error,
            "ended_in_flag_turn": flag_turn is not None and flag_turn == len(asked)}


def rate(hits: List[bool]) -> str:
    return f"{sum(hits)}/{len(hits)} ({100 * sum(hits) / len(hits):.0f}%)" if hits else "n/a"


def report(client: Client, vignettes: List[Dict[str, Any]]) -> None:
    levels = load().levels
    fields: Dict[str, List[bool]] = {field: [] for field in OUTCOME}
    under = over = 0
    sensitivity: List[bool] = []
    same_turn: List[bool] = []
    counts: List[int] = []
    repeats: List[int] = []
    for v in vignettes:
        run = play(client, v)
        expect, result = v["expect"], run["result"]
        marks = check(expect, result)
        for field, ok in marks.items():
            fields[field].append(ok)
        got = levels[result["triage_level"]].rank if result["triage_level"] in levels else -1
        want = levels[expect["triage_level"]].rank
        under += got < want
        over += got > want
        if expect.get("red_flags"):
            sensitivity.append(set(expect["red_flags"]) <= set(result["red_flags"]))
            same_turn.append(run["ended_in_flag_turn"])
        counts.append(len(run["asked"]))
        most = max(Counter(run["asked"]).values(), default=0)
        repeats.append(most)
        wrong = [f"{f}: got {result[f]}" for f, ok in marks.items() if not ok]
        status = "ok" if not wrong and not run["error"] else "FAIL"
        print(f"{v['id']}: {status} questions {len(run['asked'])} level {result['triage_level']}"
              f" flags {result['red_flags']} roots {result['suspected_roots']}"
              f" pattern {result['likely_pattern']}"
              + (f" (a question asked {most} times)" if most > 1 else "")
              + "".join(f"\n    {w}" for w in wrong) + (f"\n    {run['error']}" if run["error"] else ""))
    print(f"\nvignettes: {len(vignettes)}")
    print(f"red-flag sensitivity: {rate(sensitivity)}")
    print(f"under-triage: {under}  over-triage: {over}")
    print(f"exact triage: {rate(fields['triage_level'])}")
    print(f"flags: {rate(fields['red_flags'])}  roots: {rate(fields['suspected_roots'])}  "
          f"pattern: {rate(fields['likely_pattern'])}")
    print(f"flag caught and interview ended in the turn it was first mentioned: {rate(same_turn)}")
    if counts:
        print(f"questions asked: mean {sum(counts) / len(counts):.1f}, max {max(counts)}")
        print(f"most times any one question was asked: {max(repeats)} (target <= 3)")
    print(f"slowest reply: {client.slowest:.2f} s")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vignettes", nargs="?", default=str(DEFAULT))
    parser.add_argument("--url", help="a running Rasa server (default: start one)")
    parser.add_argument("--token", default="", help="its API token (with --url)")
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="model for the servers it starts")
    args = parser.parse_args(argv)
    try:
        vignettes = yaml.safe_load(Path(args.vignettes).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read {args.vignettes}: {exc}")
        return 2
    report_over_rest(report, vignettes, args.url, args.token, Path(args.model), "eval")
    return 0


if __name__ == "__main__":
    sys.exit(main())
