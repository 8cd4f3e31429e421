"""§1.3 region -> roots rows, §2 self-tests and §1.4 rules for suspected_roots."""
import pytest

from actions.triage.contract import ROOTS
from actions.triage.roots import suspected_roots

# (region, core, also) exactly as clinical-reference §1.3 and §8.1
ROWS = [
    ("groin", ["L1"], ["L2"]), ("upper_front_thigh", ["L2"], ["L1", "L3"]),
    ("front_thigh", [], ["L2", "L3"]), ("lower_front_thigh", ["L3"], ["L2", "L4"]),
    ("front_knee", ["L3"], ["L4"]), ("inner_knee", ["L3"], ["L4"]), ("knee", [], ["L3", "L4"]),
    ("inner_shin", ["L4"], ["L3"]), ("inner_ankle", ["L4"], []), ("inner_foot_edge", ["L4"], ["L5"]),
    ("shin", [], ["L4", "L5"]), ("outer_shin", ["L5"], []), ("top_of_foot", ["L5"], ["L4"]),
    ("big_toe", ["L5"], ["L4"]), ("middle_toes", ["L5"], []), ("toes", [], ["L5", "S1"]),
    ("outer_calf", [], ["L5", "S1"]), ("outer_ankle", [], ["L5", "S1"]), ("calf", ["S1"], ["S2"]),
    ("outer_foot_edge", ["S1"], []), ("little_toe", ["S1"], []), ("heel", ["S1"], []),
    ("sole", ["S1"], []), ("back_thigh", [], ["S1", "S2"]), ("back_knee", [], ["S1", "S2"]),
    ("back_leg", [], ["S1", "S2"]), ("outer_thigh", [], ["L2", "L3"]),
    ("inner_thigh", [], ["L2", "L3"]), ("outside_leg", [], ["L5"]), ("inside_leg", [], ["L4"]),
]


def disc(*regions, **kw):
    return {"symptom_location": list(regions), "symptom_side": "left", **kw}


@pytest.mark.parametrize("region, core, also", ROWS)
def test_region_row(region, core, also):
    from actions.triage.knowledge import load
    entry = load().regions[region]
    assert list(entry.core) == core and list(entry.also) == also
    assert suspected_roots(disc(region), "disc_herniation") == [r for r in ROOTS if r in core + also]


@pytest.mark.parametrize("region", ["lower_back", "buttock", "hip", "leg", "foot", "thigh", "ankle"])
def test_non_localising_regions_add_no_root(region):
    assert suspected_roots(disc(region), "disc_herniation") == []


@pytest.mark.parametrize("answer, roots", [
    ({"heel_walk_difficulty": "yes"}, ["L4", "L5"]),
    ({"toe_walk_difficulty": "yes"}, ["S1", "S2"]),
    ({"extras": {"big_toe_weak": True}}, ["L4", "L5"]),
    ({"extras": {"knee_buckling": True}}, ["L3", "L4"]),
    ({"extras": {"hip_flexion_weak": True}}, ["L2", "L3"]),
])
def test_self_test_rows(answer, roots):
    assert suspected_roots(disc("lower_back", **answer), "disc_herniation") == roots
    negative = {k: ("no" if v == "yes" else {x: False for x in v}) for k, v in answer.items()}
    assert suspected_roots(disc("lower_back", **negative), "disc_herniation") == []


def test_leg_weakness_alone_adds_no_root():
    assert suspected_roots(disc("leg", leg_weakness="yes"), "disc_herniation") == []


def test_union_is_ordered_and_keeps_every_core_root():
    c = disc("sole", "groin", "outer_shin", toe_walk_difficulty="yes")
    assert suspected_roots(c, "lumbar_stenosis") == ["L1", "L2", "L5", "S1", "S2"]


@pytest.mark.parametrize("pattern", ["peripheral_neuropathy", "vascular_claudication", "nonspecific"])
def test_non_dermatomal_patterns_have_no_roots(pattern):
    assert suspected_roots(disc("calf", "sole"), pattern) == []


def test_unknown_region_ids_are_ignored():
    assert suspected_roots(disc("elbow", "heel"), "disc_herniation") == ["S1"]
