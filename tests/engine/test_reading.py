"""The reader's topic modules (actions/triage/reading/): structure, words from the lexicon, and the
mechanisms that live in one topic module."""
import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actions.triage import interpret, lexicon, reading
from actions.triage.reading import core, text

PACKAGE = Path(reading.__file__).parent
SHARED = {"core", "text", "scope", "answers"}
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(PACKAGE)]))


def test_every_module_says_what_it_reads_and_which_sections_it_follows():
    assert {"regions", "saddle", "sphincter", "weakness", "trauma", "cancer", "infection", "dvt",
            "posture", "duration"} <= set(MODULES)
    for name in MODULES:
        doc = importlib.import_module(f"actions.triage.reading.{name}").__doc__
        assert doc and len(doc.split()) >= 20, name
        if name not in SHARED:
            assert "§" in doc and "lexicon" in doc, name


def test_importing_the_reader_loads_no_spacy():
    code = ("import sys, actions.triage.interpreter, actions.triage.numbers; "
            + "; ".join(f"import actions.triage.reading.{m}" for m in MODULES)
            + "; print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _lexicon_lookups(source: str):
    """(group, value) of every words("group", "value") / lexicon.words(...) call with literals."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "words", "_words", "_phrases"):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if args and len(args) == len(node.args):
                yield tuple(args) + (None,) * (2 - len(args))


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")) + [PACKAGE.parent / "numbers.py"],
                         ids=lambda p: p.name)
def test_every_word_list_the_rules_name_is_in_the_lexicon(path):
    # a missing group or value would make every reading fail (interpret then records nothing)
    groups = lexicon.load()
    for group, value in _lexicon_lookups(path.read_text(encoding="utf-8")):
        assert group in groups, (path.name, group)
        assert value is None or value in groups[group].values, (path.name, group, value)
    assert set(core.NOT_CUES) <= set(groups)


def test_no_alternations_of_words_left_in_the_rules():
    # regexes naming words ("do|does|did") belong in lexicon.yml (group patterns), not in the code
    for path in sorted(PACKAGE.glob("*.py")) + [PACKAGE.parent / "interpreter.py", PACKAGE.parent / "numbers.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.search(r"\b[a-z]{2,}\|[a-z]{2,}\b", node.value), (path.name, node.value)


@pytest.mark.parametrize("raw, clean", [
    ("I dont know", "i don't know"),
    ("ive had it, im 60 and thats it", "i've had it, i'm 60 and that's it"),
    ("it has a life of its own", "it has a life of its own"),
    ("pain is 7/10", "pain is 7 out of 10"),
])
def test_rewrite_rules_of_the_lexicon(raw, clean):
    assert text.normalise(raw) == clean


def test_a_malformed_rewrite_rule_fails_loudly(monkeypatch):
    monkeypatch.setattr(lexicon, "words", lambda group, value=None: ("(unclosed => x",))
    text._rewrites.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="rewrite"):
            text._rewrites()
    finally:
        monkeypatch.undo()
        text._rewrites.cache_clear()


# "goes": relief ("it goes when I sit") or where the symptom goes / what it becomes ----------------

@pytest.mark.parametrize("message, worse", [
    ("the pain goes down my leg when I walk", ["walking"]),
    ("it goes all the way to my foot when I stand", ["standing"]),
    ("my foot goes numb when I walk", ["walking"]),
    ("my foot goes to sleep when I sit", ["sitting"]),
    ("the ache goes from my buttock into my calf after I walk a bit", ["walking"]),
])
def test_goes_somewhere_is_not_relief(message, worse):
    found = interpret(message)
    assert "relieving_posture" not in found
    assert found.get("aggravating_posture") == worse


@pytest.mark.parametrize("message, better", [
    ("it goes when I sit down", ["sitting"]),
    ("If I sit on a bench for a minute it goes.", ["sitting"]),
    ("my calf cramps after 200 metres and goes if I stand still for a minute", ["standing_still"]),
    ("it goes off once I lie down", ["lying_down"]),
])
def test_goes_by_itself_is_relief(message, better):
    assert interpret(message).get("relieving_posture") == better


def test_pain_going_down_the_leg_does_not_hide_weakness():
    # a relief word would make the weakness look like claudication (legs that tire on walking)
    found = interpret("my left leg is weak and the pain goes down it when I walk")
    assert found.get("leg_weakness") == "yes"
    assert interpret("my left leg goes weak when I walk but sitting eases it").get("leg_weakness") is None
