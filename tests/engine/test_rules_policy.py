"""The next-question policy and merge()."""
from actions.triage import merge, next_questions
from actions.triage.knowledge import load

SCREENS = ["bladder_bowel_change", "saddle_numbness", "leg_weakness", "fever", "cancer_history",
           "weight_loss", "recent_trauma"]


def test_empty_case_starts_with_red_flag_questions():
    qs = next_questions({})
    assert qs[:7] == SCREENS
    assert "weakness_worsening" not in qs
    assert set(qs) <= set(load().questions)


def test_weakness_worsening_only_after_leg_weakness_yes():
    assert next_questions({"leg_weakness": "yes"})[:3] == ["bladder_bowel_change", "saddle_numbness",
                                                           "weakness_worsening"]
    assert "weakness_worsening" not in next_questions({"leg_weakness": "unsure"})


def test_nothing_asked_after_a_red_flag():
    assert next_questions({"fever": "yes"}) == []
    assert next_questions({"heel_walk_difficulty": "yes"}) == []


def test_answered_and_unsure_questions_are_not_asked_again():
    c = {"bladder_bowel_change": "unsure", "extras": {"unsure": ["saddle_numbness"]},
         "symptom_location": ["calf"], "symptom_side": "left", "symptom_character": ["ache"]}
    qs = next_questions(c)
    for q in ("bladder_bowel_change", "saddle_numbness", "symptom_location", "symptom_side",
              "symptom_character"):
        assert q not in qs


def test_symptom_questions_asked_when_unknown():
    qs = next_questions({q: "no" for q in SCREENS})
    assert qs[:4] == ["symptom_location", "symptom_side", "symptom_character", "heel_walk_difficulty"]


def test_age_right_after_minor_trauma():
    qs = next_questions({"recent_trauma": "yes", "extras": {"trauma_kind": "minor"}})
    assert qs[:7] == ["bladder_bowel_change", "saddle_numbness", "leg_weakness", "fever",
                      "cancer_history", "weight_loss", "age"]
    qs = next_questions({**{q: "no" for q in SCREENS}, "recent_trauma": "yes",
                         "extras": {"trauma_kind": "minor"}})
    assert qs[0] == "age"


def test_toe_walk_only_for_s1_territory_weakness_or_unknown_location():
    base = {**{q: "no" for q in SCREENS}, "symptom_side": "left", "symptom_character": ["pain"]}
    assert "toe_walk_difficulty" in next_questions(base)
    assert "toe_walk_difficulty" not in next_questions({**base, "symptom_location": ["outer_shin"]})
    assert "toe_walk_difficulty" in next_questions({**base, "symptom_location": ["heel"]})
    assert "toe_walk_difficulty" in next_questions({**base, "symptom_location": ["outer_shin"],
                                                    "leg_weakness": "yes",
                                                    "weakness_worsening": "no"})


def test_relieving_only_after_standing_or_walking():
    base = {q: "no" for q in SCREENS}
    assert "relieving_posture" in next_questions(base)
    assert "relieving_posture" in next_questions({**base, "aggravating_posture": ["walking"]})
    assert "relieving_posture" in next_questions({**base, "aggravating_posture": "unsure"})
    assert "relieving_posture" not in next_questions({**base, "aggravating_posture": ["sitting"]})


def test_calf_and_diabetes_questions_are_conditional():
    base = {q: "no" for q in SCREENS}
    calf = next_questions({**base, "symptom_location": ["calf"], "symptom_side": "left"})
    shin = next_questions({**base, "symptom_location": ["outer_shin"], "symptom_side": "left"})
    assert "calf_swelling" in calf and "calf_swelling" not in shin
    feet = next_questions({**base, "symptom_location": ["sole"], "symptom_side": "both"})
    assert "diabetes" in feet and "diabetes" not in calf


def test_back_pain_not_asked_when_it_cannot_change_the_pattern():
    assert "back_pain" not in next_questions({})


def test_merge_replaces_scalars_and_unites_lists():
    c = merge({"age": 40, "symptom_location": ["calf"]}, {"age": 41, "symptom_location": ["heel"]})
    assert c["age"] == 41 and c["symptom_location"] == ["calf", "heel"]
    c2 = merge(c, {"symptom_location": ["sole"]}, replace=True)
    assert c2["symptom_location"] == ["sole"] and c["symptom_location"] == ["calf", "heel"]


def test_merge_keeps_a_raised_flag():
    c = merge({"fever": "yes", "extras": {"chest_symptoms": True}},
              {"fever": "no", "extras": {"chest_symptoms": False}})
    assert c["fever"] == "yes" and c["extras"]["chest_symptoms"] is True
    assert merge({"fever": "no"}, {"fever": "yes"})["fever"] == "yes"


def test_merge_extras_lists_union_and_does_not_mutate():
    base = {"extras": {"unsure": ["fever"], "evidence": {"fever": "hot"}}}
    c = merge(base, {"extras": {"unsure": ["age"], "evidence": {"age": "dunno"}}})
    assert c["extras"]["unsure"] == ["fever", "age"]
    assert c["extras"]["evidence"] == {"fever": "hot", "age": "dunno"}
    assert base["extras"]["unsure"] == ["fever"]


def test_merge_concrete_answer_clears_earlier_unsure():
    c = merge({"extras": {"unsure": ["fever", "age"]}}, {"fever": "no"})
    assert c["extras"]["unsure"] == ["age"] and c["fever"] == "no"
