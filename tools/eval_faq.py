"""Play held-out patient questions end to end over REST and report how many are answered.

    python tools/eval_faq.py [tests/nlu/faq_heldout_e2e.yml] [--url URL --token TOKEN]

Without --url it starts its own action server and Rasa server (tools/stack.py) on free ports
with a temporary tracker store. Each question of the file (format in its header) is played in
two positions:

- first message: a new conversation opens with the question; the reply must carry the answer
  of one of the question's faq keys (actions/triage/knowledge/en/faq.yml) and raise no red flag;
- in the form: a new conversation describes a mild, flag-free complaint, answers zero or one
  question, then asks the question; the reply must carry the answer, raise no red flag, and the
  form must resume with the SAME question (`requested_slot` unchanged, asked again in the reply).

Items under `flagged:` state a red flag inside a question: the flag must be in `red_flags` in that
same turn. It prints the score per position (target >= 0.95) and every failure.
A report, not a test: the exit code is 0 unless the file cannot be read or the servers fail.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.conversation import FORM  # noqa: E402
from actions.triage import knowledge  # noqa: E402
from tools.stack import DEFAULT_MODEL, Client, new_sender, report_over_rest  # noqa: E402

DEFAULT = ROOT / "tests" / "nlu" / "faq_heldout_e2e.yml"
OPENING = "I've had a dull ache in my right buttock and the back of my thigh for a few weeks"
FIRST_ANSWER = "no"


def flat(text: str) -> str:
    return " ".join((text or "").split()).lower()


def answers() -> Dict[str, str]:
    return {key: flat(e.answer) for key, e in knowledge.load().faq.items()}





def carries(replies: List[Dict[str, Any]], keys: List[str], table: Dict[str, str]) -> bool:
    said = [flat(m.get("text")) for m in replies]
    return any(table[k] in text for k in keys for text in said)


def asking(tracker: Dict[str, Any]) -> Optional[str]:
    if (tracker.get("active_loop") or {}).get("name") != FORM:
        return None
    return tracker["slots"].get("requested_slot")


def first(client: Client, item: Dict[str, Any], table: Dict[str, str]) -> List[str]:
    """Problems with the question as the opening message (empty when it passed)."""
    sender = new_sender("faq-first")
    replies = client.say(sender, item["text"])
    problems = []
    if not carries(replies, item["answer"], table):
        problems.append("no answer in " + repr([m.get("text", "")[:60] for m in replies]))
    if client.tracker(sender)["slots"].get("red_flags"):
        problems.append("raised a red flag")
    return problems


def middle(client: Client, item: Dict[str, Any], index: int, table: Dict[str, str]) -> List[str]:
    """Problems with the question asked during the interview (empty when it passed)."""
    sender = new_sender("faq-form")
    client.say(sender, OPENING)
    if index % 2:
        client.say(sender, FIRST_ANSWER)
    before = asking(client.tracker(sender))
    if before is None:
        return ["the opening did not start the interview"]
    replies = client.say(sender, item["text"])
    tracker = client.tracker(sender)
    problems = []
    if not carries(replies, item["answer"], table):
        problems.append("no answer in " + repr([m.get("text", "")[:60] for m in replies]))
    if tracker["slots"].get("red_flags"):
        problems.append("raised a red flag")
    after = asking(tracker)
    question = flat(knowledge.load().questions[before].text)
    if after != before:
        problems.append(f"asked {after} next instead of {before}")
    elif not replies or question not in flat(replies[-1].get("text")):
        problems.append(f"did not ask {before} again at the end of the reply")
    return problems


def flagged(client: Client, item: Dict[str, Any]) -> List[str]:
    sender = new_sender("faq-flag")
    client.say(sender, item["text"])
    flags = client.tracker(sender)["slots"].get("red_flags") or []
    return [] if item["flag"] in flags else [f"{item['flag']} not raised (flags {flags})"]


def score(results: List[List[str]]) -> str:
    passed = sum(not r for r in results)
    return f"{passed}/{len(results)} = {passed / len(results):.2f}" if results else "n/a"


def report(client: Client, data: Dict[str, Any]) -> None:
    table = answers()
    questions = [dict(q, answer=[q["answer"]] if isinstance(q["answer"], str) else q["answer"])
                 for q in data.get("questions") or []]
    firsts, middles = [], []
    for i, item in enumerate(questions):
        firsts.append(first(client, item, table))
        middles.append(middle(client, item, i, table))
        for where, problems in (("first", firsts[-1]), ("in form", middles[-1])):
            for problem in problems:
                print(f"FAIL [{where}] {item['text']!r}: {problem}")
    flags = [flagged(client, item) for item in data.get("flagged") or []]
    for item, problems in zip(data.get("flagged") or [], flags, strict=True):
        for problem in problems:
            print(f"FAIL [flag] {item['text']!r}: {problem}")
    print(f"\nFAQ end to end on {len(questions)} held-out questions (target >= 0.95)")
    print(f"first message: {score(firsts)}")
    print(f"in the form (answered and the same question resumed): {score(middles)}")
    print(f"red flag inside a question raised in that turn: {score(flags)}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="?", default=str(DEFAULT))
    parser.add_argument("--url", help="a running Rasa server (default: start one)")
    parser.add_argument("--token", default="", help="its API token (with --url)")
    parser.add_argument("--model", default=str(DEFAULT_MODEL), help="model for the servers it starts")
    args = parser.parse_args(argv)
    try:
        data = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        print(f"cannot read {args.questions}: {exc}")
        return 2
    report_over_rest(report, data, args.url, args.token, Path(args.model), "eval-faq")
    return 0


if __name__ == "__main__":
    sys.exit(main())
