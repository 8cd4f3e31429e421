"""The phrasing banks (tests/phrasings/*.yml) as behaviour: each reply read as the bot reads it.

Per item: the value recorded for the question (tools/eval_reading.py's rules), every red flag it
must raise in its own turn, and no flag on a `flag: none` item. Items the reader still gets wrong
are listed once, in tests/phrasings/known_failures.yml, and run as strict xfails: a fix makes
them pass loudly, so the list only shrinks.
"""
from pathlib import Path

import pytest
import yaml

from tools import eval_reading

HERE = Path(__file__).resolve().parents[1] / "phrasings"
BANKS = [p for p in sorted(HERE.glob("*.yml")) if p.name != "known_failures.yml"]
KNOWN = yaml.safe_load((HERE / "known_failures.yml").read_text(encoding="utf-8")) or {}


def _items():
    for bank in BANKS:
        for n, item in enumerate(yaml.safe_load(bank.read_text(encoding="utf-8")) or []):
            yield bank.name, n, item


def _param(kind: str, bank: str, n: int, item: dict):
    marks = []
    if item["text"] in set(KNOWN.get(bank, {}).get(kind, [])):
        marks.append(pytest.mark.xfail(strict=True, reason="known reading failure"))
    return pytest.param(item, id=f"{bank}:{n}", marks=marks)


EXPECT = [_param("expect", b, n, i) for b, n, i in _items()]
FLAGS = [_param("flag", b, n, i) for b, n, i in _items() if eval_reading.flags_of(i)]
NONE = [_param("none", b, n, i) for b, n, i in _items() if i.get("flag") == "none"]


def test_banks_present():
    assert any(b.name == "answers.yml" for b in BANKS)


@pytest.mark.parametrize("item", EXPECT)
def test_expect(item):
    run = eval_reading.read(item)
    assert run["expect_ok"], (item["text"], item.get("expect"), run["got"])


@pytest.mark.parametrize("item", FLAGS)
def test_flag_raised_in_its_turn(item):
    run = eval_reading.read(item)
    assert not run["missed"], (item["text"], sorted(run["missed"]), sorted(run["raised"]))


@pytest.mark.parametrize("item", NONE)
def test_no_false_flag(item):
    run = eval_reading.read(item)
    assert not run["raised"], (item["text"], sorted(run["raised"]))
