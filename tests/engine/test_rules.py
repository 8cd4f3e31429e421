"""Clinical rules on hand-built cases (no interpreter): every table row and both sides of each threshold."""
import pytest

from actions.triage import assess, next_questions, red_flags_now
from actions.triage.patterns import likely_pattern
from actions.triage.roots import suspected_roots

CLEAR = {"bladder_bowel_change": "no", "saddle_numbness": "no", "leg_weakness": "no",
         "fever": "no", "cancer_history": "no", "weight_loss": "no", "recent_trauma": "no",
         "heel_walk_difficulty": "no", "toe_walk_difficulty": "no", "calf_swelling": "no",
         "diabetes": "no", "age": 45}


def case(**kw):
    extras = kw.pop("extras", {})
    return {**CLEAR, **kw, "extras": extras}


def names(c, final=False):
    return {f["name"] for f in red_flags_now(c, final=final)}


def level(c, final=False):
    flags = red_flags_now(c, final=final)
    return max((f["level"] for f in flags), key=["urgent", "emergency"].index) if flags else None


DISC = dict(symptom_location=["outer_shin", "top_of_foot"], symptom_side="left",
            symptom_character=["shooting"], aggravating_posture=["sitting"],
            relieving_posture=["lying_down"])
STENOSIS = dict(symptom_location=["buttock", "thigh"], symptom_side="both",
                symptom_character=["heaviness", "ache"], aggravating_posture=["walking", "standing"],
                relieving_posture=["sitting", "bending_forward"])
NEUROPATHY = dict(symptom_location=["toes", "sole"], symptom_side="both",
                  symptom_character=["burning", "tingling"], aggravating_posture=["nothing"],
                  relieving_posture=["nothing"])
VASCULAR = dict(symptom_location=["calf"], symptom_side="right", symptom_character=["cramping"],
                aggravating_posture=["walking"], relieving_posture=["standing_still"])


# ---- §3.2 cauda equina -----------------------------------------------------------------------

@pytest.mark.parametrize("key", ["bladder_bowel_change", "saddle_numbness"])
def test_cauda_equina_answers(key):
    assert names({key: "yes"}) == {"cauda_equina"}
    assert level({key: "yes"}) == "emergency"
    assert names({key: "no"}) == set()


def test_cauda_equina_sexual_dysfunction():
    assert names({"extras": {"sexual_dysfunction": True}}) == {"cauda_equina"}
    assert names({"extras": {"sexual_dysfunction": False}}) == set()


def bilateral(weeks=None, **kw):
    c = {"symptom_side": "both", "symptom_location": ["back_leg"], "symptom_character": ["pain"],
         "extras": {"radicular": True}, **kw}
    if weeks is not None:
        c["symptom_duration"] = weeks
    return c


@pytest.mark.parametrize("weeks", [None, 1, 12])
def test_bilateral_radicular_within_12_weeks_or_unknown_is_cauda_equina(weeks):
    assert names(bilateral(weeks)) == {"cauda_equina"}
    assert level(bilateral(weeks)) == "emergency"


def test_bilateral_radicular_over_12_weeks_is_disc_not_flag():
    c = bilateral(12.1)
    assert names(c) == set()
    assert likely_pattern(c) == "disc_herniation"
    assert suspected_roots(c, "disc_herniation") == ["S1", "S2"]


def test_bilateral_radicular_recent_extra_ignores_long_duration():
    c = bilateral(30)
    c["extras"]["bilateral_radicular_recent"] = True
    assert names(c) == {"cauda_equina"}


def test_bilateral_radicular_with_claudication_posture_is_not_a_flag():
    c = bilateral(4, aggravating_posture=["walking"], relieving_posture=["sitting"])
    assert names(c) == set()
    assert likely_pattern(c) == "lumbar_stenosis"


def test_bilateral_feet_only_neuropathy_is_not_a_flag():
    c = {**NEUROPATHY, "symptom_duration": 2, "extras": {"radicular": True}}
    assert names(c) == set()
    assert likely_pattern(c) == "peripheral_neuropathy"


def test_bilateral_vascular_pattern_is_not_a_flag():
    c = {**VASCULAR, "symptom_side": "both", "symptom_duration": 3, "extras": {"radicular": True}}
    assert names(c) == set()


def test_one_sided_radicular_is_not_cauda_equina():
    assert names({**DISC, "symptom_duration": 1}) == set()


# ---- progressive weakness, foot drop -------------------------------------------------------

def test_progressive_weakness():
    assert level({"leg_weakness": "yes", "weakness_worsening": "yes"}) == "emergency"
    assert names({"leg_weakness": "yes", "weakness_worsening": "no"}) == set()
    assert names({"extras": {"bilateral_weakness": True}}) == {"progressive_weakness"}
    assert names({"extras": {"worsening_weakness": True}}) == {"progressive_weakness"}


def test_foot_drop_from_heel_walk_even_when_weakness_denied():
    c = {"leg_weakness": "no", "heel_walk_difficulty": "yes"}
    assert names(c) == {"foot_drop"} and level(c) == "urgent"
    assert names({"extras": {"foot_drop_described": True}}) == {"foot_drop"}
    assert names({"heel_walk_difficulty": "no"}) == set()


def test_foot_drop_getting_worse_adds_progressive_weakness():
    c = {"heel_walk_difficulty": "yes", "leg_weakness": "yes", "weakness_worsening": "yes"}
    assert names(c) == {"foot_drop", "progressive_weakness"}
    assert assess(c).triage_level == "emergency"


# ---- infection, malignancy --------------------------------------------------------------------

def test_infection_always_emergency():
    assert level({"fever": "yes"}) == "emergency"
    assert names({"fever": "no"}) == set()


def test_malignancy_with_leg_nerve_symptoms_is_emergency():
    c = {"cancer_history": "yes", "symptom_location": ["lower_back", "thigh"],
         "symptom_character": ["numbness"]}
    assert level(c) == "emergency"


def test_malignancy_back_only_is_urgent():
    c = {"cancer_history": "yes", "symptom_location": ["lower_back"], "symptom_character": ["ache"]}
    assert names(c) == {"malignancy"} and level(c) == "urgent"


def test_malignancy_unknown_symptoms_counts_as_leg_symptoms():
    assert level({"cancer_history": "yes"}) == "emergency"


def test_weight_loss_alone_is_urgent():
    c = {"weight_loss": "yes", **DISC}
    assert names(c) == {"malignancy"} and level(c) == "urgent"


# ---- fracture ------------------------------------------------------------------------------

def trauma(kind, **kw):
    extras = {"trauma_kind": kind} if kind else {}
    extras.update(kw.pop("extras", {}))
    return {"recent_trauma": "yes", "extras": extras, **kw}


def test_major_trauma_is_emergency():
    assert level(trauma("major")) == "emergency"


@pytest.mark.parametrize("age, expected", [(69, set()), (70, {"fracture"})])
def test_minor_trauma_age_threshold(age, expected):
    assert names(trauma("minor", age=age), final=True) == expected


@pytest.mark.parametrize("risk", ["osteoporosis", "long_term_steroids"])
def test_minor_trauma_with_risk_factor_is_urgent(risk):
    c = trauma("minor", age=40, extras={risk: True})
    assert level(c) == "urgent"
    assert names(trauma("minor", age=40, extras={risk: False})) == set()


def test_minor_trauma_unknown_age_asks_age_next_then_resolves_urgent():
    c = {**CLEAR, **trauma("minor")}
    del c["age"]
    c["extras"] = {"trauma_kind": "minor"}
    assert names(c) == set()
    assert next_questions(c)[0] == "age"
    flags = red_flags_now(c, final=True)
    assert [f["level"] for f in flags] == ["urgent"]
    assert "to be safe" in flags[0]["reason"]


def test_unknown_kind_trauma_resolves_to_emergency_at_the_end():
    assert names(trauma(None)) == set()
    flags = red_flags_now(trauma(None), final=True)
    assert flags[0]["level"] == "emergency" and "to be safe" in flags[0]["reason"]


# A lifting or twisting strain is no injury for the flag, except with a known fracture risk
# (clinical-reference §8.2 "Strains with a risk factor"): then it counts as minor trauma.
@pytest.mark.parametrize("age, extras, flagged", [
    (85, {}, True), (70, {}, True), (69, {}, False), (45, {"osteoporosis": True}, True),
    (45, {"long_term_steroids": True}, True), (45, {}, False), (None, {}, False),
])
def test_strain_counts_only_with_a_fracture_risk(age, extras, flagged):
    case = trauma("strain", age=age, extras=extras)
    assert ("fracture" in names(case, final=True)) is flagged
    if flagged:
        assert level(case) == "urgent"


# ---- dvt ---------------------------------------------------------------------------------------

def test_dvt_urgent_without_and_emergency_with_chest_symptoms():
    assert level({"calf_swelling": "yes"}) == "urgent"
    assert level({"calf_swelling": "yes", "extras": {"chest_symptoms": True}}) == "emergency"
    assert names({"calf_swelling": "no", "extras": {"chest_symptoms": True}}) == set()


# ---- unsure, several flags ----------------------------------------------------------------------

@pytest.mark.parametrize("key, flag", [("bladder_bowel_change", "cauda_equina"),
                                       ("saddle_numbness", "cauda_equina"), ("fever", "infection"),
                                       ("weight_loss", "malignancy"), ("calf_swelling", "dvt"),
                                       ("heel_walk_difficulty", "foot_drop")])
def test_unsure_never_flags_but_adds_safety_net(key, flag):
    from actions.triage.knowledge import load
    c = case(**DISC, symptom_duration=2, **{key: "unsure"})
    result = assess(c)
    assert result.red_flags == []
    assert load().flags[flag].safety_net in result.safety_net


def test_most_urgent_flag_wins():
    c = case(**DISC, calf_swelling="yes", fever="yes")
    result = assess(c)
    assert set(result.red_flags) == {"dvt", "infection"} and result.triage_level == "emergency"


# ---- §5.4 other safety rules --------------------------------------------------------------------

def test_acute_limb_ischaemia_emergency_without_flag():
    r = assess(case(**VASCULAR, symptom_duration=0.1, extras={"acute_limb_ischaemia": True}))
    assert r.triage_level == "emergency" and r.red_flags == []


def test_chronic_limb_ischaemia_urgent_without_flag():
    r = assess(case(**VASCULAR, symptom_duration=20, extras={"chronic_limb_ischaemia": True}))
    assert r.triage_level == "urgent" and r.red_flags == []


@pytest.mark.parametrize("age, expected", [(15, "soon"), (16, "routine")])
def test_under_16_at_least_soon(age, expected):
    assert assess(case(**DISC, symptom_duration=1, age=age)).triage_level == expected


# ---- §5.2 triage without flags --------------------------------------------------------------------

@pytest.mark.parametrize("weeks, expected", [(5.9, "routine"), (6, "soon"), ("unsure", "routine")])
def test_six_week_threshold_disc(weeks, expected):
    assert assess(case(**DISC, symptom_duration=weeks)).triage_level == expected


@pytest.mark.parametrize("weeks, expected", [(5.9, "routine"), (6, "soon")])
def test_six_week_threshold_stenosis(weeks, expected):
    r = assess(case(**{**STENOSIS, "symptom_side": "left"}, symptom_duration=weeks))
    assert r.likely_pattern == "lumbar_stenosis" and r.triage_level == expected


def test_no_duration_rule_for_nonspecific_or_neuropathy():
    c = case(symptom_location=["lower_back", "hip"], symptom_side="right", symptom_character=["ache"],
             aggravating_posture=["bending_forward"], relieving_posture=["movement"],
             symptom_duration=12)
    assert assess(c).likely_pattern == "nonspecific" and assess(c).triage_level == "routine"
    n = assess(case(**NEUROPATHY, symptom_duration=60))
    assert n.likely_pattern == "peripheral_neuropathy" and n.triage_level == "routine"


def test_vascular_pattern_is_soon():
    r = assess(case(**VASCULAR, symptom_duration=20))
    assert r.likely_pattern == "vascular_claudication" and r.triage_level == "soon"
    assert r.suspected_roots == []


@pytest.mark.parametrize("changes", [{"leg_weakness": "yes", "weakness_worsening": "no"},
                                     {"toe_walk_difficulty": "yes"},
                                     {"extras": {"knee_buckling": True}},
                                     {"extras": {"severe_pain": True}}])
def test_soon_for_stable_weakness_and_severe_pain(changes):
    assert assess(case(**DISC, symptom_duration=1)).triage_level == "routine"
    assert assess(case(**DISC, symptom_duration=1, **changes)).triage_level == "soon"


# ---- §4.2 patterns ------------------------------------------------------------------------------

def test_pattern_rows():
    assert likely_pattern(NEUROPATHY) == "peripheral_neuropathy"
    assert likely_pattern(VASCULAR) == "vascular_claudication"
    assert likely_pattern(STENOSIS) == "lumbar_stenosis"
    assert likely_pattern(DISC) == "disc_herniation"
    assert likely_pattern({"symptom_location": ["lower_back", "buttock", "thigh"],
                           "symptom_side": "left", "symptom_character": ["ache"]}) == "nonspecific"
    assert likely_pattern({}) == "nonspecific"


def test_diabetic_feet_settling_on_sitting_is_stenosis():
    c = {**NEUROPATHY, "diabetes": "yes", "aggravating_posture": ["walking", "standing"],
         "relieving_posture": ["sitting"]}
    assert likely_pattern(c) == "lumbar_stenosis"


def test_vascular_needs_standing_still_relief_and_no_standing_trigger():
    assert likely_pattern({**VASCULAR, "aggravating_posture": ["walking", "standing"]}) != \
        "vascular_claudication"
    assert likely_pattern({**VASCULAR, "relieving_posture": ["sitting"]}) == "lumbar_stenosis"


def test_disc_needs_one_leg_and_a_localising_feature():
    assert likely_pattern({**DISC, "symptom_side": "both", "symptom_duration": 2}) != "disc_herniation"
    above_knee = {"symptom_location": ["buttock", "thigh"], "symptom_side": "left",
                  "symptom_character": ["ache"]}
    assert likely_pattern(above_knee) == "nonspecific"
    assert likely_pattern({**above_knee, "symptom_character": ["shooting"]}) == "disc_herniation"
    assert likely_pattern({**above_knee, "symptom_location": ["groin"]}) == "disc_herniation"


def test_neuropathy_needs_sensory_character_and_feet_only():
    assert likely_pattern({**NEUROPATHY, "symptom_character": ["ache"]}) != "peripheral_neuropathy"
    assert likely_pattern({**NEUROPATHY, "symptom_location": ["sole", "back_thigh"]}) != \
        "peripheral_neuropathy"
    assert likely_pattern({**NEUROPATHY, "symptom_side": "left"}) == "disc_herniation"
