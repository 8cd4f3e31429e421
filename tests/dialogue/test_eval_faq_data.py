"""The end-to-end question files (tests/nlu/faq_heldout_e2e.yml, and faq_blind_e2e.yml written by a
helper who saw neither code nor data) are held out: no question is a training example, every key
exists, every topic is asked about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions.answers import answers

ROOT = Path(__file__).resolve().parents[2]
FILES = ["faq_heldout_e2e.yml", "faq_blind_e2e.yml"]


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / "tests" / "nlu" / name).read_text(encoding="utf-8"))


def plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^a-z0-9' ]", "", text.lower()).strip()


def examples():
    out = set()
    files = list((ROOT / "data" / "nlu").glob("*.yml")) + [ROOT / "tests/nlu/faq_heldout.yml",
                                                          ROOT / "tests/nlu/heldout.yml"]
    for path in files:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    out.add(plain(line.strip()[2:]))
    return out


@pytest.mark.parametrize("name", FILES)
def test_no_held_out_question_is_a_training_or_nlu_test_example(name):
    heldout = load(name)
    seen = examples()
    items = heldout["questions"] + heldout["flagged"]
    assert [q["text"] for q in items if plain(q["text"]) in seen] == []
    assert len({plain(q["text"]) for q in items}) == len(items)


@pytest.mark.parametrize("name", FILES)
def test_every_expected_answer_is_a_faq_topic_and_every_topic_is_asked_about(name):
    heldout = load(name)
    keys = set()
    for item in heldout["questions"]:
        keys |= set([item["answer"]] if isinstance(item["answer"], str) else item["answer"])
    assert keys <= set(answers())
    first = {(q["answer"] if isinstance(q["answer"], str) else q["answer"][0]) for q in heldout["questions"]}
    assert first == set(answers())
