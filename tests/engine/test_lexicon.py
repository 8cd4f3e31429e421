"""The patient-word lexicon: validation, spaCy pipeline and the Rasa NLU views built from it."""
import subprocess
import sys

import pytest
import yaml

from actions.triage import lexicon
from actions.triage.contract import CHARACTERS, REGION_IDS
from actions.triage.knowledge import KnowledgeError
from actions.triage.nlp import build_pipeline, save_pipeline


def test_every_group_names_its_source():
    for group in lexicon.load().values():
        assert "§" in group.source or "contract" in group.source, group.name


def test_every_region_and_character_has_words():
    assert set(lexicon.load()["regions"].values) == set(REGION_IDS)
    assert set(lexicon.load()["sensations"].values) == set(CHARACTERS)


@pytest.mark.parametrize("edit, message", [
    ({"regions": {"source": "§1.3", "values": {"kneee": ["knee"]}}}, "kneee"),
    ({"sides": {"source": "§7", "values": {"left": []}}}, "left"),
    ({"fever": {"values": {"fever": ["fever"]}}}, "source"),
    ({"fever": {"source": "§3.2", "values": {"fever": ["fever", 3]}}}, "fever"),
    ({"fever": {"source": "§3.2", "label": "fever", "values": {"fever": ["fever"]}}}, "label"),
])
def test_malformed_entries_fail_loudly(tmp_path, edit, message):
    data = yaml.safe_load(lexicon.PATH.read_text())
    data.update(edit)
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(KnowledgeError) as err:
        lexicon.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_entity_patterns_carry_label_and_value():
    patterns = lexicon.entity_patterns()
    assert {p["label"] for p in patterns} >= {"REGION", "SIDE", "SENSATION", "POSTURE", "SADDLE"}
    assert all(p["id"] and p["pattern"] for p in patterns)


def test_nlu_views_share_the_lexicon_words():
    synonyms, lookups = lexicon.nlu_synonyms(), lexicon.nlu_lookups()
    assert "pinky toe" in synonyms["little_toe"] and "pins and needles" in synonyms["tingling"]
    assert "trolley" in synonyms["bending_forward"] and "car journeys" in synonyms["sitting"]
    assert set(lookups) == {"body_region", "side", "sensation", "posture", "duration", "age"}
    assert "fortnight" in lookups["duration"] and "sixty" in lookups["age"]
    assert "the two of them" in lookups["side"]


@pytest.mark.parametrize("text, label, value", [
    ("the web between my big and second toe", "REGION", "middle_toes"),
    ("outside of my left shin", "REGION", "outer_shin"),
    ("my pinky toe", "REGION", "little_toe"),
    ("my CALFS ache", "REGION", "calf"),
    ("pins and needles", "SENSATION", "tingling"),
    ("leaning on the shopping cart", "POSTURE", "bending_forward"),
    ("I can't pee", "SPHINCTER", "bladder"),
])
def test_pipeline_finds_longest_phrase(text, label, value):
    doc = build_pipeline()(text.lower())
    assert (label, value) in [(e.label_, e.ent_id_) for e in doc.ents]


def test_negex_marks_denied_findings():
    doc = build_pipeline()("no numbness, just pain")
    found = {e.ent_id_: e._.negex for e in doc.ents}
    assert found == {"numbness": True, "pain": False}


def test_saved_pipeline_loads_in_a_fresh_process(tmp_path):
    save_pipeline(tmp_path / "spacy")
    code = ("import negspacy.negation, spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "d = nlp('no tingling in my left calf'); "
            "print([(e.label_, e.ent_id_, e._.negex) for e in d.ents])")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "spacy")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "('SENSATION', 'tingling', True)" in out.stdout and "'calf'" in out.stdout


def test_unreadable_lexicon_fails_with_the_common_error(tmp_path):
    path = tmp_path / "lexicon.yml"
    path.write_text("regions: [unclosed")
    with pytest.raises(KnowledgeError) as err:
        lexicon.load(path)
    assert str(path) in str(err.value) and "cannot read" in str(err.value)


def test_the_words_live_in_the_language_folder():
    from actions.triage import knowledge

    assert lexicon.PATH == knowledge.DIR / knowledge.language() / "lexicon.yml"
    assert not (knowledge.DIR / "lexicon.yml").exists(), "the shared rule folder holds no words"
