"""The knowledge files load, cross-check, and fail loudly (file and entry named) when malformed;
the wording is loaded by language code (LANGUAGE), and an unknown code fails clearly."""
import shutil

import pytest
import yaml

from actions.triage.contract import QUESTIONS
from actions.triage.knowledge import DIR, KnowledgeError, language, languages, load, message


@pytest.fixture
def copy(tmp_path):
    """edit(name, change): a copy of the knowledge folder with one file changed (name: e.g.
    "triage.yml" or "en/triage.yml")."""
    tmp_path = tmp_path / "knowledge"
    shutil.copytree(DIR, tmp_path)

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
    text = " ".join(p.read_text() for p in DIR.rglob("*.yml") if p.name != "lexicon.yml").lower()
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
    d = copy("en/red_flags.yml", lambda y: y["flags"]["infection"]["triggers"]["fever"].pop("reason"))
    assert_fails(d, "en/red_flags.yml", "infection.fever", "reason")


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
    d = copy("en/questions.yml", lambda y: y["questions"]["fever"]["buttons"].append({"title": "Maybe", "value": "maybe"}))
    assert_fails(d, "en/questions.yml", "maybe")


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
    d = copy("en/triage.yml", lambda y: y["levels"]["soon"].pop("label"))
    assert_fails(d, "en/triage.yml", "levels.soon", "label")


def test_faq_entry_without_answer(copy):
    d = copy("en/faq.yml", lambda y: y["faq"][2].pop("answer"))
    assert_fails(d, "en/faq.yml", "peripheral_neuropathy", "answer")


def test_faq_key_not_snake_case(copy):
    d = copy("en/faq.yml", lambda y: y["faq"][0].update(key="Pinched-Nerve"))
    assert_fails(d, "en/faq.yml", "Pinched-Nerve", "snake_case")


def test_faq_duplicate_key(copy):
    d = copy("en/faq.yml", lambda y: y["faq"][1].update(key=y["faq"][0]["key"]))
    assert_fails(d, "en/faq.yml", "pinched_nerve_leg_pain", "duplicate")


def test_faq_answers_are_one_paragraph():
    faq = load().faq
    assert len(faq) >= 25 and all("\n" not in e.answer and "  " not in e.answer for e in faq.values())


def test_missing_wording_for_a_trigger(copy):
    d = copy("en/red_flags.yml", lambda y: y["flags"]["dvt"]["triggers"].pop("calf_with_chest"))
    assert_fails(d, "en/red_flags.yml", "dvt", "calf_with_chest")


def test_wording_for_a_rule_that_does_not_exist(copy):
    d = copy("en/triage.yml", lambda y: y["rules"].update(night_pain="Pain at night."))
    assert_fails(d, "en/triage.yml", "rules.night_pain", "not a rule of triage.yml")


def test_missing_region_label(copy):
    d = copy("en/regions.yml", lambda y: y["regions"].pop("heel"))
    assert_fails(d, "en/regions.yml", "heel")


def test_rule_files_hold_no_patient_wording():
    for name, words in (("red_flags.yml", ("why:", "safety_net:", "reason:", "unresolved:")),
                        ("patterns.yml", ("explain:",)), ("self_tests.yml", ("label:", "meaning:")),
                        ("regions.yml", ("label:",)), ("triage.yml", ("headline:", "reason:", "general:")),
                        ("questions.yml", ("text:", "why:", "buttons:", "positive:"))):
        text = (DIR / name).read_text()
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert not [w for w in words if w in body], name


def test_unknown_language_lists_the_available_ones(monkeypatch):
    with pytest.raises(KnowledgeError, match=r"unknown language 'xx'.* en"):
        load(DIR, "xx")
    monkeypatch.setenv("LANGUAGE", "xx")
    with pytest.raises(KnowledgeError, match="unknown language 'xx'"):
        load()
    monkeypatch.setenv("LANGUAGE", "en")
    assert load() is load(lang="en")


def test_a_second_language_is_a_second_folder(copy):
    d = copy("en/triage.yml", lambda y: y["levels"]["urgent"].update(label="Dringend (heute)"))
    shutil.copytree(d / "en", d / "xx")
    shutil.copy(DIR / "en" / "triage.yml", d / "en" / "triage.yml")
    assert languages(d) == ["en", "xx"]
    assert load(d, "xx").levels["urgent"].label == "Dringend (heute)"
    assert load(d, "en").levels["urgent"].label == load().levels["urgent"].label
    # the rules themselves are shared: only the wording comes from the language's folder
    assert load(d, "xx").thresholds == load(d, "en").thresholds
    assert [t.level for t in load(d, "xx").flags["dvt"].triggers] == [t.level for t in load().flags["dvt"].triggers]


def test_a_second_language_has_every_sentence_with_its_fields(copy):
    d = copy("en/messages.yml", lambda y: None)
    shutil.copytree(d / "en", d / "xx")
    path = d / "xx" / "messages.yml"
    data = yaml.safe_load(path.read_text())
    data["guard"].pop("slow_down")
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert_fails_lang(d, "xx", "xx/messages.yml", "guard.slow_down")
    data["guard"]["slow_down"] = "Langsamer, bitte. Im Notfall: {number}."
    data["store"]["apology"] = "Entschuldigung, rufen Sie {nummer} an."
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert_fails_lang(d, "xx", "xx/messages.yml", "store.apology", "number")


@pytest.mark.parametrize("section, key, field", [("bodymap", "root_many", "roots"), ("page", "call", "number"),
                                                ("bodymap", "marked_left", "regions")])
def test_the_page_servers_words_are_checked_like_the_others(copy, section, key, field):
    """web/: the body map's, the summary's and the widget's sentences are sentences of messages.yml."""
    d = copy("en/messages.yml", lambda y: None)
    shutil.copytree(d / "en", d / "xx")
    path = d / "xx" / "messages.yml"
    data = yaml.safe_load(path.read_text())
    data[section][key] = data[section][key].replace("{" + field + "}", "{x}")
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert_fails_lang(d, "xx", "xx/messages.yml", f"{section}.{key}", field)
    data[section].pop(key)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert_fails_lang(d, "xx", "xx/messages.yml", f"{section}.{key}")


def assert_fails_lang(directory, lang, *words):
    with pytest.raises(KnowledgeError) as err:
        load(directory, lang)
    for w in words:
        assert w in str(err.value)


def test_message_fills_its_fields():
    assert message("ending", "call_now", number="112") == "Call 112 or go to the nearest emergency department now."
    assert message("render", "reply_one") == "Reply 1"


@pytest.mark.parametrize("value, code", [("", "en"), ("en", "en"), ("en_GB:en", "en"), ("de_DE:en_US", "en"),
                                         ("en_GB.UTF-8", "en"), ("de_DE:de", "de_DE")])
def test_language_is_read_as_gettext_reads_it(monkeypatch, value, code):
    monkeypatch.setenv("LANGUAGE", value)
    assert language() == code
