"""Print the NLU evaluation on the held-out files (tests/nlu/), from `rasa test nlu` reports.

    python tools/nlu_report.py results/nlu

Intent F1 (weighted), per-intent F1 and response-selection accuracy for the educational
answers. A report, not a test: exit code 0 unless the reports are missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def summary(report: dict) -> dict:
    return {k: v for k, v in report.items() if isinstance(v, dict) and "f1-score" in v
            and k not in ("micro avg", "macro avg", "weighted avg")}


def main(argv) -> int:
    folder = Path(argv[0] if argv else "results/nlu")
    try:
        intents = json.loads((folder / "intent_report.json").read_text())
        responses = json.loads((folder / "response_selection_report.json").read_text())
    except OSError as exc:
        print(f"no NLU reports in {folder}: {exc}")
        return 2
    print("NLU evaluation on the held-out files (not used in training)")
    print(f"intent F1 (weighted): {intents['weighted avg']['f1-score']:.3f}  "
          f"accuracy: {intents['accuracy']:.3f}")
    for name, row in sorted(summary(intents).items()):
        print(f"  {name:20} F1 {row['f1-score']:.3f}  ({row['support']} examples)")
    print(f"FAQ response selection: accuracy {responses['accuracy']:.3f}  "
          f"F1 (weighted) {responses['weighted avg']['f1-score']:.3f}  "
          f"({len(summary(responses))} topics)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
