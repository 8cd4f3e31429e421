"""Checks for the educational FAQ answers and their NLU data.

- actions/triage/knowledge/en/faq.yml, as the loader gives it (which checks key, title, answer and
  source): enough topics, each answer of 2-5 sentences with no dosing and no "you have" (the bot
  never diagnoses or prescribes);
- data/nlu/faq.yml (training) and tests/nlu/faq_heldout.yml (evaluation) cover exactly the
  keys of faq.yml, and no held-out phrasing is also a training example.
"""
import re
from pathlib import Path

import pytest
import yaml

from actions.triage import knowledge

ROOT = Path(__file__).resolve().parents[2]
NLU_PATH = ROOT / "data" / "nlu" / "faq.yml"
HELDOUT_PATH = ROOT / "tests" / "nlu" / "faq_heldout.yml"

MIN_TOPICS = 25
NUMBER_WORDS = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|half|a\s+couple)"
DOSING_RE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|ml|g)\b"  # 50 mg, 2.5mg, 10 ml
    r"|\bmg\b|\bmilligrams?\b|\bmicrograms?\b"
    r"|\btake\s+" + NUMBER_WORDS + r"\b"  # take 2, take two
    r"|\b(?:once|twice|\d+\s+times)\s+(?:a|per)\s+day\b",
    re.IGNORECASE,
)
DIAGNOSIS_RE = re.compile(r"\byou\s+have\b|\byou've\s+got\b|\byou\s+(?:have\s+)?got\b", re.IGNORECASE)
# Abbreviations that would fool the sentence counter; answers should simply avoid them.
ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|dr|approx|vs)\.", re.IGNORECASE)


def count_sentences(text: str) -> int:
    """Sentences end with . ! or ? followed by whitespace or the end of the text."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return len([p for p in parts if p.strip()])


def load_nlu(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    assert str(data.get("version")) == "3.1", f"{path}: version must be \"3.1\""
    assert isinstance(data.get("nlu"), list), f"{path}: needs an 'nlu' list"
    out: dict = {}
    for block in data["nlu"]:
        intent = block.get("intent")
        assert intent, f"{path}: block without an intent: {block}"
        assert intent not in out, f"{path}: intent {intent} appears twice"
        lines = [ln.strip() for ln in str(block.get("examples", "")).splitlines() if ln.strip()]
        assert all(ln.startswith("- ") for ln in lines), f"{path}: {intent}: every example line must start with '- '"
        out[intent] = [ln[2:].strip() for ln in lines]
    return out


def faq_keys_of(intents: dict, path: Path) -> set:
    keys = set()
    for intent in intents:
        assert intent.startswith("faq/"), f"{path}: {intent} is not a faq/<key> retrieval intent"
        keys.add(intent.split("/", 1)[1])
    return keys


FAQ = list(knowledge.load().faq.values())
FAQ_IDS = [e.key for e in FAQ]


def test_count_sentences_helper():
    assert count_sentences("One. Two? Three!") == 3
    assert count_sentences("Only one sentence here.") == 1
    assert count_sentences("A 1.5 cm spot. Next.") == 2


def test_dosing_and_diagnosis_patterns_catch_examples():
    for bad in ("Take 2 tablets.", "take two a day", "50 mg", "500mg", "a few milligrams", "once a day"):
        assert DOSING_RE.search(bad), bad
    assert not DOSING_RE.search("A doctor may discuss medicines for nerve pain.")
    assert DIAGNOSIS_RE.search("You have sciatica.")
    assert not DIAGNOSIS_RE.search("People with diabetes may notice this.")


def test_at_least_minimum_topics():
    assert len(FAQ) >= MIN_TOPICS, f"only {len(FAQ)} FAQ topics, need at least {MIN_TOPICS}"


@pytest.mark.parametrize("entry", FAQ, ids=FAQ_IDS)
def test_answer_two_to_five_sentences(entry):
    answer = entry.answer
    assert not ABBREV_RE.search(answer), f"{entry.key}: avoid abbreviations with dots"
    n = count_sentences(answer)
    assert 2 <= n <= 5, f"{entry.key}: answer has {n} sentences, need 2-5"
    assert answer.strip()[-1] in ".!?", f"{entry.key}: answer must end with punctuation"


@pytest.mark.parametrize("entry", FAQ, ids=FAQ_IDS)
def test_answer_no_dosing_no_diagnosis(entry):
    text = f"{entry.title} {entry.answer}"
    m = DOSING_RE.search(text)
    assert not m, f"{entry.key}: dosing wording {m.group(0)!r}"
    m = DIAGNOSIS_RE.search(entry.answer)
    assert not m, f"{entry.key}: diagnostic wording {m.group(0)!r}"


def test_training_intents_match_faq_keys():
    intents = load_nlu(NLU_PATH)
    nlu_keys = faq_keys_of(intents, NLU_PATH)
    faq_keys = set(FAQ_IDS)
    assert not nlu_keys - faq_keys, f"faq intents without an answer: {sorted(nlu_keys - faq_keys)}"
    assert not faq_keys - nlu_keys, f"answers without training data: {sorted(faq_keys - nlu_keys)}"


def test_training_examples_per_topic():
    intents = load_nlu(NLU_PATH)
    for intent, examples in intents.items():
        assert len(examples) >= 10, f"{intent}: only {len(examples)} training examples"
        lowered = [e.lower() for e in examples]
        assert len(lowered) == len(set(lowered)), f"{intent}: duplicate training examples"
    seen: dict = {}
    for intent, examples in intents.items():
        for e in examples:
            other = seen.setdefault(e.lower(), intent)
            assert other == intent, f"{e!r} is an example of both {other} and {intent}"


def test_heldout_covers_every_key_and_is_disjoint():
    train = load_nlu(NLU_PATH)
    heldout = load_nlu(HELDOUT_PATH)
    held_keys = faq_keys_of(heldout, HELDOUT_PATH)
    faq_keys = set(FAQ_IDS)
    assert not faq_keys - held_keys, f"keys without held-out phrasings: {sorted(faq_keys - held_keys)}"
    assert not held_keys - faq_keys, f"held-out intents without an answer: {sorted(held_keys - faq_keys)}"
    train_texts = {e.lower() for examples in train.values() for e in examples}
    for intent, examples in heldout.items():
        assert len(examples) >= 4, f"{intent}: only {len(examples)} held-out phrasings"
        for e in examples:
            assert e.lower() not in train_texts, f"held-out phrasing {e!r} is also a training example"
