"""Read every reply of a phrasing bank the way the bot does and report how well it was read.

    python tools/eval_reading.py [BANK ...]     (default tests/phrasings/answers.yml)

Each item (format in the bank's header) is one message read by actions.triage.interpret with
question=<item question> and case={}, exactly as the action server reads a message. It is judged
on its own: `expect` against the value recorded for the question ("question" when the engine
reports a question back, "unsure" when it records not sure), every `also` fact, and `flag`
against red_flags_now on the case merged from that one turn. A report, not a test: exit code 0
unless a bank cannot be read.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT = REPO / "tests" / "phrasings" / "answers.yml"

from actions.triage import interpret, merge, red_flags_now  # noqa: E402

LIST_QUESTIONS = {"symptom_location", "symptom_character", "aggravating_posture", "relieving_posture"}


def recorded(findings: dict, key, asked=True):
    """The value the reading recorded for `key` (None when nothing); `asked`: key is the question
    being asked, so a question back counts as the answer "question"."""
    extras = findings.get("extras") or {}
    if key is None:
        return "question" if extras.get("question_back") else None
    value = findings.get(key)
    if value is None and key in (extras.get("unsure") or []):
        return "unsure"
    if value is None and asked and extras.get("question_back"):
        return "question"
    return value


def same(key, got, want, tolerance=None) -> bool:
    if want is None:
        return got is None
    if isinstance(want, list):
        return isinstance(got, list) and set(got) == set(want)
    if key in ("symptom_duration", "age") and isinstance(want, (int, float)) \
            and isinstance(got, (int, float)) and not isinstance(got, bool):
        return abs(got - want) <= (tolerance if tolerance is not None else 0.01 if key == "symptom_duration" else 0)
    return str(got) == str(want)


def flags_of(item: dict) -> set:
    flag = item.get("flag")
    if flag in (None, "none"):
        return set()
    return set(flag if isinstance(flag, list) else [flag])


def read(item: dict) -> dict:
    """One item read and judged: the marks and what was found."""
    q = item.get("question")
    t0 = time.perf_counter()
    findings = interpret(item["text"], question=q, case={})
    ms = (time.perf_counter() - t0) * 1000
    case = merge({}, findings, replace=q) if q else merge({}, findings)
    raised = {f["name"] for f in red_flags_now(case)}
    got = recorded(findings, q)
    expect_ok = same(q, got, item.get("expect"), item.get("tolerance_weeks"))
    also_wrong = {k: (recorded(findings, k, False), v) for k, v in (item.get("also") or {}).items()
                  if not same(k, recorded(findings, k, False), v, item.get("tolerance_weeks"))}
    want = flags_of(item)
    confirm = (findings.get("extras") or {}).get("confirm") or []
    return {"item": item, "got": got, "expect_ok": expect_ok, "also_wrong": also_wrong,
            "raised": raised, "missed": want - raised,
            "false": raised - want if item.get("flag") == "none" or "flag" in item else set(),
            "extra": raised - want if "flag" not in item else set(),
            "confirm": confirm, "ms": ms, "findings": findings}


def report(path: Path, verbose: bool = True) -> dict:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    runs = [read(i) for i in items]
    per_q = defaultdict(list)
    for r in runs:
        per_q[str(r["item"].get("question"))].append(r["expect_ok"])
    print(f"== {path} ({len(runs)} replies)")
    if verbose:
        for r in runs:
            i = r["item"]
            problems = []
            if not r["expect_ok"]:
                problems.append(f"expect {i.get('expect')!r} got {r['got']!r}")
            problems += [f"also {k}: want {w!r} got {g!r}" for k, (g, w) in r["also_wrong"].items()]
            if r["missed"]:
                problems.append(f"MISSED FLAG {sorted(r['missed'])}")
            if r["false"]:
                problems.append(f"FALSE FLAG {sorted(r['false'])}")
            if r["extra"]:
                problems.append(f"unlabelled flag {sorted(r['extra'])}")
            if problems:
                print(f"  [{i.get('question')}] {i['text']!r}\n      " + "; ".join(problems)
                      + (f"  (confirm {r['confirm']})" if r["confirm"] else ""))
    print("\naccuracy per question:")
    for q, marks in sorted(per_q.items()):
        print(f"  {q:22s} {sum(marks):4d}/{len(marks):<4d} {100 * sum(marks) / len(marks):5.1f} %")
    n = len(runs)
    exact = sum(r["expect_ok"] for r in runs)
    full = sum(r["expect_ok"] and not r["also_wrong"] and not r["missed"] and not r["false"] for r in runs)
    also_n = sum(len(r["item"].get("also") or {}) for r in runs)
    also_ok = also_n - sum(len(r["also_wrong"]) for r in runs)
    flag_items = [r for r in runs if flags_of(r["item"])]
    none_items = [r for r in runs if r["item"].get("flag") == "none"]
    missed = [r for r in flag_items if r["missed"]]
    false = [r for r in none_items if r["raised"]]
    unlabelled = [r for r in runs if r["extra"]]
    confirmed = [r for r in runs if r["confirm"]]
    times = sorted(r["ms"] for r in runs)
    out = {"replies": n, "exact": exact, "exact_pct": 100 * exact / n if n else 0.0,
           "all_right": full, "also_ok": also_ok, "also_n": also_n,
           "flag_items": len(flag_items), "missed_flags": len(missed),
           "none_items": len(none_items), "false_flags": len(false),
           "unlabelled_flags": len(unlabelled), "confirm": len(confirmed),
           "p95_ms": times[int(0.95 * (len(times) - 1))] if times else 0.0}
    print(f"\nexact (expect): {exact}/{n} = {out['exact_pct']:.1f} %")
    print(f"all right (expect + also + flag): {full}/{n} = {100 * full / n if n else 0:.1f} %")
    print(f"also facts right: {also_ok}/{also_n}")
    print(f"flag items raised in their own turn: {len(flag_items) - len(missed)}/{len(flag_items)}"
          f"  missed flags: {len(missed)}")
    print(f"false flags on flag: none: {len(false)}/{len(none_items)}"
          f"  (flags on items without a flag field: {len(unlabelled)})")
    print(f"replies needing a confirming question: {len(confirmed)}/{n}")
    print(f"reading time per reply: p95 {out['p95_ms']:.1f} ms")
    return out


def main(argv: list | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quiet = "-q" in argv
    paths = [Path(a) for a in argv if a != "-q"] or [DEFAULT]
    for path in paths:
        if not path.exists():
            print(f"== {path}: not present, skipped")
            continue
        try:
            report(path, verbose=not quiet)
        except (OSError, yaml.YAMLError) as exc:
            print(f"cannot read {path}: {exc}")
            return 2
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
