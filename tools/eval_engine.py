"""Play vignettes through the interpreter and the engine, as the interview does, and report.

    python tools/eval_engine.py [VIGNETTE_FILE]     (default tests/vignettes/dev.yml, a copy of ../shared/vignettes/dev.yml)

For each vignette: interpret the opening, then keep asking next_questions(case)[0] with the
vignette's answer until a red flag appears or nothing is left to ask. Prints per-vignette and
overall accuracy. A report, not a test: exit code 0 unless the file cannot be read.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT = REPO / "tests" / "vignettes" / "dev.yml"

from actions.triage.contract import OUTCOME  # noqa: E402
from actions.triage.engine import assess, merge  # noqa: E402
from actions.triage.knowledge import load  # noqa: E402
from actions.triage.policy import next_questions  # noqa: E402
from actions.triage.redflags import red_flags_now  # noqa: E402


def play(vignette: dict, interpret) -> dict:
    """Run one interview; returns asked questions, the final case, the assessment and any error."""
    case = merge({}, interpret(vignette["opening"], question=None, case={}))
    asked, error = [], None
    while not red_flags_now(case):
        questions = next_questions(case)
        if not questions:
            break
        q = questions[0]
        if q not in vignette["answers"]:
            error = f"asked '{q}', which the vignette has no answer for"
            break
        asked.append(q)
        findings = interpret(vignette["answers"][q], question=q, case=case)
        case = merge(case, findings, replace=q)
        if q not in case:
            # not understood: the bot would re-ask once; here it counts as "not sure" to move on
            case = merge(case, {"extras": {"unsure": [q]}})
    return {"asked": asked, "case": case, "result": assess(case).to_dict(), "error": error}


def check(expect: dict, result: dict) -> dict:
    """field -> True/False for every expected field that is not null."""
    out = {}
    if expect.get("triage_level") is not None:
        out["triage_level"] = result["triage_level"] == expect["triage_level"]
    if expect.get("red_flags") is not None:
        out["red_flags"] = set(result["red_flags"]) == set(expect["red_flags"])
    roots = set(result["suspected_roots"])
    if expect.get("suspected_roots") is not None:
        out["suspected_roots"] = roots == set(expect["suspected_roots"])
    elif expect.get("suspected_roots_subset_of") is not None:
        out["suspected_roots"] = (set(expect.get("suspected_roots_must_include") or []) <= roots
                                  <= set(expect["suspected_roots_subset_of"]))
    if expect.get("likely_pattern") is not None:
        out["likely_pattern"] = result["likely_pattern"] == expect["likely_pattern"]
    return out


def _rate(hits: list) -> str:
    return f"{sum(hits)}/{len(hits)}" if hits else "n/a"


def main(argv: list | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT
    try:
        vignettes = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read {path}: {exc}")
        return 2
    try:
        from actions.triage.interpreter import interpret
    except ImportError as exc:
        print(f"the interpreter is not available yet: {exc}")
        return 0
    rank = load().rank
    totals = {f: [] for f in OUTCOME}
    under, over, sensitivity, counts, failed = [], [], [], [], []
    for v in vignettes:
        try:
            run = play(v, interpret)
        except Exception as exc:  # a report: one broken vignette must not hide the others
            print(f"{v['id']}: ERROR {type(exc).__name__}: {exc}")
            failed.append(v["id"])
            continue
        result, expect = run["result"], v["expect"]
        marks = check(expect, result)
        for f, ok in marks.items():
            totals[f].append(ok)
        got, want = rank(result["triage_level"]), rank(expect["triage_level"])
        under.append(got < want)
        over.append(got > want)
        if expect.get("red_flags"):
            sensitivity.append(set(expect["red_flags"]) <= set(result["red_flags"]))
        counts.append(len(run["asked"]))
        wrong = [f"{f}: got {result[f]} want {expect.get(f, expect.get('suspected_roots_subset_of'))}"
                 for f, ok in marks.items() if not ok]
        status = "ok" if not wrong and not run["error"] else "FAIL"
        if run["error"] or wrong:
            failed.append(v["id"])
        print(f"{v['id']}: {status} asked {len(run['asked'])} "
              f"[{', '.join(run['asked'])}]" + "".join(f"\n    {w}" for w in wrong)
              + (f"\n    {run['error']}" if run["error"] else ""))
    n = len(vignettes)
    print(f"\nvignettes: {n}, all fields correct: {n - len(failed)}/{n}")
    print(f"exact triage: {_rate(totals['triage_level'])}  under-triage: {sum(under)}  "
          f"over-triage: {sum(over)}")
    print(f"flags correct: {_rate(totals['red_flags'])}  red-flag sensitivity: {_rate(sensitivity)}")
    print(f"roots correct: {_rate(totals['suspected_roots'])}  "
          f"pattern correct: {_rate(totals['likely_pattern'])}")
    if counts:
        print(f"questions asked: mean {sum(counts) / len(counts):.1f}, max {max(counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
