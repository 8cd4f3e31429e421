"""The knowledge files load, cross-check, and fail loudly (file and entry named) when malformed."""
import shutil

import pytest
import yaml

from actions.triage.contract import QUESTIONS
from actions.triage.knowledge import DIR, KnowledgeError, load


@pytest.fixture
def copy(tmp_path):
    for f in DIR.glob("*.yml"):
        shutil.copy(f, tmp_path / f.name)

    def edit(name, change):
        path = tmp_path / name
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return tmp_path
    return edit


def test_packaged_knowledge_loads_and_covers_the_contract():
    kn = load()
    assert list(kn.questions) and set(kn.questions) == set(QUESTIONS)
    assert all(q.source and q.why for q in kn.questions.values())
    assert kn.questions["heel_walk_difficulty"].steps and kn.questions["toe_walk_difficulty"].steps
    assert all(r.source for r in kn.regions.values())
    assert kn.thresholds == {"duration_soon_weeks": 6, "bilateral_radicular_max_weeks": 12,
                             "fracture_age": 70, "child_age": 16}


def test_no_diagnosis_wording():
    text = " ".join(p.read_text() for p in DIR.glob("*.yml") if p.name != "lexicon.yml").lower()
    assert "you have a" not in text and "you have an" not in text


def assert_fails(directory, *words):
    with pytest.raises(KnowledgeError) as err:
        load(directory)
    for w in words:
        assert w in str(err.value)


def test_bad_root_names_file_and_entry(copy):
    d = copy("regions.yml", lambda y: y["regions"]["heel"].update(core=["S3"]))
    assert_fails(d, "regions.yml", "heel", "S3")


def test_unknown_region_id(copy):
    d = copy("regions.yml", lambda y: y["regions"].update(elbow=y["regions"]["heel"]))
    assert_fails(d, "regions.yml", "elbow")


def test_missing_region(copy):
    d = copy("regions.yml", lambda y: y["regions"].pop("sole"))
    assert_fails(d, "regions.yml", "sole")


def test_bad_flag_level(copy):
    d = copy("red_flags.yml", lambda y: y["flags"]["dvt"]["triggers"][1].update(level="soon"))
    assert_fails(d, "red_flags.yml", "dvt.calf_swelling", "emergency or urgent")


def test_flag_trigger_missing_reason(copy):
    d = copy("red_flags.yml", lambda y: y["flags"]["infection"]["triggers"][0].pop("reason"))
    assert_fails(d, "red_flags.yml", "infection.fever", "reason")


def test_missing_contract_question(copy):
    d = copy("questions.yml", lambda y: y["questions"].pop())
    assert_fails(d, "questions.yml", "back_pain")


def test_question_with_unknown_group(copy):
    d = copy("questions.yml", lambda y: y["questions"][0].update(group="misc"))
    assert_fails(d, "questions.yml", "bladder_bowel_change", "misc")


def test_bad_threshold_type(copy):
    d = copy("triage.yml", lambda y: y["thresholds"].update(duration_soon_weeks="six"))
    assert_fails(d, "triage.yml", "thresholds", "duration_soon_weeks")


def test_bad_pattern_param(copy):
    d = copy("patterns.yml", lambda y: y["patterns"][1]["params"].update(relieving="dancing"))
    assert_fails(d, "patterns.yml", "vascular_claudication", "dancing")


def test_unknown_answer_key_in_self_test(copy):
    d = copy("self_tests.yml", lambda y: y["tests"]["toe_walk"].update(answers=["tiptoe"]))
    assert_fails(d, "self_tests.yml", "toe_walk", "tiptoe")


def test_unreadable_yaml(copy, tmp_path):
    d = copy("triage.yml", lambda y: None)
    (d / "triage.yml").write_text("levels: [unclosed")
    assert_fails(d, "triage.yml", "cannot read")


def test_button_value_outside_the_contract(copy):
    d = copy("questions.yml", lambda y: y["questions"][0]["buttons"].append({"title": "Maybe", "value": "maybe"}))
    assert_fails(d, "questions.yml", "bladder_bowel_change", "maybe")


def test_levels_are_ranked_and_alerted_by_triage_yml():
    kn = load()
    assert [n for n in sorted(kn.levels, key=kn.rank, reverse=True)] == ["emergency", "urgent", "soon", "routine"]
    assert {n for n, lv in kn.levels.items() if lv.alert} == {"emergency", "urgent"}
    assert kn.higher("soon", "urgent") == "urgent" and kn.higher(None, "routine") == "routine"
    assert kn.higher("nonsense", None) is None and kn.higher(None, None) is None


def test_ranks_out_of_order(copy):
    d = copy("triage.yml", lambda y: y["levels"]["urgent"].update(rank=5))
    assert_fails(d, "triage.yml", "levels", "emergency > urgent > soon > routine")


def test_alert_level_ranked_below_a_calm_one(copy):
    d = copy("triage.yml", lambda y: (y["levels"]["urgent"].update(alert=False),
                                      y["levels"]["soon"].update(alert=True)))
    assert_fails(d, "triage.yml", "levels", "alert")


def test_level_without_label(copy):
    d = copy("triage.yml", lambda y: y["levels"]["soon"].pop("label"))
    assert_fails(d, "triage.yml", "levels.soon", "label")


def test_faq_entry_without_answer(copy):
    d = copy("faq.yml", lambda y: y["faq"][2].pop("answer"))
    assert_fails(d, "faq.yml", "peripheral_neuropathy", "answer")


def test_faq_key_not_snake_case(copy):
    d = copy("faq.yml", lambda y: y["faq"][0].update(key="Pinched-Nerve"))
    assert_fails(d, "faq.yml", "Pinched-Nerve", "snake_case")


def test_faq_duplicate_key(copy):
    d = copy("faq.yml", lambda y: y["faq"][1].update(key=y["faq"][0]["key"]))
    assert_fails(d, "faq.yml", "pinched_nerve_leg_pain", "duplicate")


def test_faq_answers_are_one_paragraph():
    faq = load().faq
    assert len(faq) >= 25 and all("\n" not in e.answer and "  " not in e.answer for e in faq.values())
