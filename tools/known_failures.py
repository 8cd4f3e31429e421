"""Rewrite tests/phrasings/known_failures.yml from what the reader gets wrong today.

    python tools/known_failures.py          (make known-failures)

Reads every bank of tests/phrasings/ with tools/eval_reading.read, the same check the tests run,
and lists per bank the texts whose `expect` is wrong, whose flag is missed, and whose `flag: none`
raises one. The file's leading comment block is kept. Run it after a reading change, then read
the diff: a line that appears is a new failure to fix, not to list.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
HERE = REPO / "tests" / "phrasings"
OUT = HERE / "known_failures.yml"

from tools import eval_reading  # noqa: E402


def failures(bank: Path) -> dict:
    out = {"expect": [], "flag": [], "none": []}
    for item in yaml.safe_load(bank.read_text(encoding="utf-8")) or []:
        run = eval_reading.read(item)
        if not run["expect_ok"]:
            out["expect"].append(item["text"])
        if eval_reading.flags_of(item) and run["missed"]:
            out["flag"].append(item["text"])
        if item.get("flag") == "none" and run["raised"]:
            out["none"].append(item["text"])
    return {k: v for k, v in out.items() if v}


def main() -> int:
    header = [line for line in OUT.read_text(encoding="utf-8").splitlines() if line.startswith("#")] \
        if OUT.exists() else []
    header = header[:next((i for i, line in enumerate(header) if not line.startswith("#")), len(header))]
    known = {}
    for bank in sorted(HERE.glob("*.yml")):
        if bank.name != OUT.name:
            found = failures(bank)
            if found:
                known[bank.name] = found
    body = yaml.safe_dump(known, allow_unicode=True, sort_keys=False, width=1000)
    OUT.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: " + ", ".join(
        f"{b} {sum(len(v) for v in k.values())}" for b, k in known.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
