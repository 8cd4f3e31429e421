"""domain.yml, the rules and the code agree: one list of questions, one form, one number.

The question blocks of the domain (slots, the form's required_slots, the ask actions) must list
exactly the contract's questions (actions/triage/contract.py) in its order; the form is named
once in Python (actions/conversation.FORM) and the rules use no other; no bot message hard-codes
an emergency number; the NLU extracts no entities.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from actions.conversation import FORM
from actions.triage.contract import QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
SLOT_NAMES = list(DOMAIN["slots"])


def test_the_question_slots_are_exactly_the_contract_questions_in_order():
    questions = [name for name in SLOT_NAMES if name in QUESTIONS]
    assert questions == list(QUESTIONS)
    # the question slots come first, as one block, so that a missing one shows at a glance
    assert SLOT_NAMES[: len(QUESTIONS)] == list(QUESTIONS)


def test_the_form_asks_exactly_the_contract_questions():
    assert list(DOMAIN["forms"]) == [FORM]
    assert DOMAIN["forms"][FORM]["required_slots"] == list(QUESTIONS)


def test_each_question_has_its_ask_response_and_no_ask_action():
    # Rasa's form uses action_ask_<slot> when the domain has one, else utter_ask_<slot>
    asks = [r for r in DOMAIN["responses"] if r.startswith("utter_ask_") and r[10:] in QUESTIONS]
    assert asks == [f"utter_ask_{q}" for q in QUESTIONS]
    actions = [a if isinstance(a, str) else next(iter(a)) for a in DOMAIN["actions"]]
    assert not [a for a in actions if a.startswith("action_ask_") and a[11:] in QUESTIONS]
    assert f"validate_{FORM}" in actions


def test_rules_and_stories_name_only_the_one_form():
    forms = set()
    for path in list((ROOT / "data").rglob("*.yml")) + list((ROOT / "tests").glob("test_*.yml")):
        text = path.read_text(encoding="utf-8")
        forms |= set(re.findall(r"active_loop:\s*([a-z_]+)", text)) - {"null"}
        forms |= {a for a in re.findall(r"action:\s*([a-z_]+_form)\b", text)}
    assert forms == {FORM}


def test_no_bot_message_hard_codes_an_emergency_number():
    for name, variants in DOMAIN["responses"].items():
        for variant in variants:
            assert not re.search(r"\b(999|112|911|000)\b", variant.get("text", "")), name
    assert "{emergency_number}" in DOMAIN["responses"]["utter_greet"][0]["text"]


def test_the_nlu_extracts_no_entities():
    names = [c["name"] for c in CONFIG["pipeline"]]
    assert not {"SpacyEntityExtractor", "EntitySynonymMapper", "CRFEntityExtractor"} & set(names)
    diet = next(c for c in CONFIG["pipeline"] if c["name"] == "DIETClassifier")
    assert diet.get("entity_recognition") is False
    assert "entities" not in DOMAIN
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\]\([a-z_]+(:[^)]*)?\)|\]\{\"entity", text), path.name
        assert "synonym:" not in text and "lookup:" not in text, path.name


def test_the_nlu_sees_a_bounded_prefix_and_the_whole_text_is_put_back():
    names = [c["name"] for c in CONFIG["pipeline"]]
    assert names[0] == "addons.nlu_prefix.TextPrefix"
    assert names[-1] == "addons.nlu_prefix.FullText"
