"""Kinds of wording behind the blind vignette sets' last wrong triages (issue 10), each a general
mechanism or a vocabulary class, tested on both sides with sentences of this file's own (none is
taken from the banks or the vignettes)."""
import pytest

from actions.triage import interpret, merge, red_flags_now


def _flags(text, question=None):
    return {f["name"] for f in red_flags_now(merge({}, interpret(text, question)))}


# Scots and Irish "wee" before a noun is "small", not urine (§7 lists "wee" as urine).
@pytest.mark.parametrize("question, text, flagged", [
    (None, "the wee toe on my right foot is numb", False),
    (None, "a wee bit numb on the outside of the foot", False),
    (None, "my wee toe has gone numb and tingly", False),
    (None, "since sunday i cant feel myself having a wee", True),
    ("bladder_bowel_change", "i need a wee but nothing will come out", True),
    ("bladder_bowel_change", "a wee bit slow to start since monday", True),
])
def test_wee_before_a_noun_is_small(question, text, flagged):
    assert ("cauda_equina" in _flags(text, question)) is flagged, text


# A relative's illness is family history in every name for the relative (§8.2); the patient's own
# said beside a relative's ("like my mum", "me and my sister") is the patient's (§3.2).
@pytest.mark.parametrize("text, value", [
    ("my mam had breast cancer but I never had it", "no"),
    ("me da had bowel cancer, not me", "no"),
    ("my stepdad had prostate cancer, I haven't", "no"),
    ("I had breast cancer myself, like my mam", "yes"),
    ("I think my nan had lung cancer", "no"),
    ("my dad had bowel cancer and so did I", "yes"),
    ("me and my sister both had skin melanoma", "yes"),
    ("I had bowel cancer, same as my brother", "yes"),
    ("my mum had breast cancer and she died of it", "no"),
])
def test_family_history_in_every_name(text, value):
    assert interpret(text, "cancer_history").get("cancer_history") == value, text


# "no grief", "no dramas", "without trouble": no difficulty at a self-check; "had trouble" is one.
@pytest.mark.parametrize("question, text, value", [
    ("heel_walk_difficulty", "walked on my heels, no dramas", "no"),
    ("heel_walk_difficulty", "the heels gave me no grief at all", "no"),
    ("toe_walk_difficulty", "got up onto my toes without any trouble", "no"),
    ("toe_walk_difficulty", "I had trouble staying up on the right toes", "yes"),
    ("heel_walk_difficulty", "a bit of bother keeping the left toes up", "yes"),
])
def test_trouble_words_at_a_self_check(question, text, value):
    assert interpret(text, question).get(question) == value, text


# Uncontrolled pain is severe pain (§5.2 rule 4), however the patient says nothing works.
@pytest.mark.parametrize("text, severe", [
    ("nothing I take makes any difference to the pain in my leg", True),
    ("the tablets don't take the edge off the leg pain", True),
    ("the painkillers do nothing for the leg", True),
    ("the pain in my leg eases with paracetamol", False),
    ("sneezing makes the leg pain worse", False),
])
def test_uncontrolled_pain_is_severe(text, severe):
    extras = interpret(text).get("extras") or {}
    assert bool(extras.get("severe_pain")) is severe, text


# One past trip is how they were hurt (minor trauma, §3.2), not a foot drop; tripping again and
# again, or catching the toes, still is one (§7).
@pytest.mark.parametrize("text, trauma, foot_drop", [
    ("last week I tripped on the pavement and went down, and since then my calf aches", True, False),
    ("I stumbled on a step at work on friday and my back has hurt since", True, False),
    ("I keep tripping on the pavement because my left foot slaps down", False, True),
    ("I've tripped on kerbs three times this week, the foot won't lift", False, True),
])
def test_one_trip_is_an_injury(text, trauma, foot_drop):
    out = interpret(text)
    extras = out.get("extras") or {}
    assert (out.get("recent_trauma") == "yes") is trauma, text
    assert bool(extras.get("foot_drop_described")) is foot_drop, text


# Where they landed or what they hit is where they were hurt, not a symptom region, unless the
# message names it again.
@pytest.mark.parametrize("text, regions", [
    ("I slipped and landed on my elbow, and now the back of my calf burns", ["calf"]),
    ("went down on one knee in the garden, since then a shooting pain in the sole", ["sole"]),
    ("I banged my knee and now the knee itself tingles", ["knee"]),
])
def test_landing_site_is_not_a_symptom_region(text, regions):
    assert sorted(interpret(text).get("symptom_location") or []) == sorted(regions), text


# Feet after a number measure a height; the patient's own feet still count.
@pytest.mark.parametrize("text, has_foot", [
    ("I fell about six feet off the wall and my leg hurts", False),
    ("came off a 10 ft ladder, now pain down my leg", False),
    ("both my feet burn at night", True),
    ("my two feet are numb", True),
])
def test_feet_after_a_number_are_a_height(text, has_foot):
    assert ("foot" in (interpret(text).get("symptom_location") or [])) is has_foot, text


# A "slipped disc" names a condition; a slip is an injury.
@pytest.mark.parametrize("text, trauma", [
    ("the GP thinks it's a slipped disc, the pain runs down my calf", None),
    ("I slipped on wet tiles and now the pain runs down my calf", "yes"),
])
def test_slipped_disc_is_not_a_slip(text, trauma):
    assert interpret(text).get("recent_trauma") == trauma, text


# A belt or strap buckles; a knee gives way.
@pytest.mark.parametrize("text, buckling", [
    ("it's worse with my work belt buckled up tight", False),
    ("my knee buckled twice on the stairs", True),
    ("the leg buckled under me this morning", True),
])
def test_a_buckled_belt_is_not_a_knee(text, buckling):
    extras = interpret(text).get("extras") or {}
    assert bool(extras.get("knee_buckling")) is buckling, text


# "my walking stick" is a thing, not walking; "if I sit, it eases" takes the cue of the clause
# after it; "pain when I walk, eases when I sit" keeps walking as worse.
@pytest.mark.parametrize("text, worse, better", [
    ("leaning on my walking stick eases it", [], ["bending_forward"]),
    ("if I sit down, it eases off", [], ["sitting"]),
    ("pain when I walk, eases when I sit", ["walking"], ["sitting"]),
    ("when I walk it gets worse", ["walking"], []),
])
def test_posture_cues_across_clauses(text, worse, better):
    out = interpret(text)
    assert (out.get("aggravating_posture") or []) == worse, text
    assert (out.get("relieving_posture") or []) == better, text


# Plural part words ("the outsides of both calves") make the exact region (§1.3).
@pytest.mark.parametrize("text, regions", [
    ("the outsides of both calves", ["outer_calf"]),
    ("the outside of my calf", ["outer_calf"]),
    ("both calves", ["calf"]),
])
def test_plural_part_words(text, regions):
    assert interpret(text, "symptom_location").get("symptom_location") == regions, text


# A lifting or twisting strain counts as minor trauma with a fracture risk known (§8.2): in the
# same message or learned later; without one it is no injury.
@pytest.mark.parametrize("text, value", [
    ("no fall, my back went lifting a bag of compost, and I'm 81", "yes"),
    ("didn't fall, I twisted getting out of the car, I'm on steroid tablets for my lungs", "yes"),
    ("didn't fall, I twisted getting out of the car, I'm 45", "no"),
    ("no, I had a tumble in the garden years ago, nothing since", "no"),
])
def test_strain_with_a_fracture_risk(text, value):
    assert interpret(text, "recent_trauma").get("recent_trauma") == value, text


@pytest.mark.parametrize("age, flagged", [(70, True), (69, False)])
def test_strain_then_age_sets_the_fracture_flag(age, flagged):
    case = merge({}, interpret("no fall, it went when I lifted the lawnmower", "recent_trauma"))
    case = merge(case, interpret(str(age), "age", case))
    assert ("fracture" in {f["name"] for f in red_flags_now(case)}) is flagged


# A weight phrase with an object after it is a fall ("fell off the step"), not weight coming off.
@pytest.mark.parametrize("text, trauma, weight", [
    ("I fell off the kitchen step on Monday", "yes", None),
    ("the weight has just fallen off me since the summer", None, "yes"),
])
def test_fell_off_a_thing_is_a_fall(text, trauma, weight):
    out = interpret(text)
    assert out.get("recent_trauma") == trauma and out.get("weight_loss") == weight, (text, out)


# A loss that goes on after the diet stopped is unexplained (§3.2); a ring that spins is a loss.
@pytest.mark.parametrize("text, value", [
    ("lost some on a diet, but I gave up in the spring and it keeps coming off", "yes"),
    ("lost half a stone on a diet in the spring, pleased with it", "no"),
    ("my rings spin on my fingers now and I eat like a horse", "yes"),
])
def test_weight_loss_that_goes_on(text, value):
    assert interpret(text, "weight_loss").get("weight_loss") == value, text


# Weakness images ("weak as water", "won't hold me up", "can't get up from the chair"); a phrase
# that names the legs in the plural is weakness in both legs (§3.2 progressive_weakness).
@pytest.mark.parametrize("text, weak, both", [
    ("since this morning my legs won't hold me up", True, True),
    ("my left leg is weak as water today", True, False),
    ("I can't get up out of the chair without pulling on the arms", True, False),
    ("my legs go heavy on long walks and recover when I sit", False, False),
])
def test_weakness_images(text, weak, both):
    out = interpret(text)
    extras = out.get("extras") or {}
    assert (out.get("leg_weakness") == "yes") is weak, (text, out)
    assert bool(extras.get("bilateral_weakness")) is both, (text, out)


# Nerve pain travelling down into the foot is radicular even when only the foot is named (§8.1);
# burning that stays in the feet is not.
@pytest.mark.parametrize("text, radicular", [
    ("a zinging all the way down to the foot", True),
    ("burning shoots down into my foot", True),
    ("both feet burn at night", False),
])
def test_travel_down_into_the_foot(text, radicular):
    extras = interpret(text).get("extras") or {}
    assert bool(extras.get("radicular")) is radicular, text


# ---- kinds named from blind5's first run (tests/phrasings/blind5.yml, on 1f4f940) -------------

# Every word for underwear; leaking "on its own" or "without my control"; a changed long-standing
# leak is new (§3.1); a long-standing one since a birth is not.
@pytest.mark.parametrize("text, value", [
    ("I keep finding my undies damp and never felt it happen", "yes"),
    ("since friday it dribbles out on its own", "yes"),
    ("the motions are coming without my control since yesterday", "yes"),
    ("I've leaked a little since my first baby, same as it's always been", "no"),
    ("a little leak since my first baby, but this is different, it comes out on its own now", "yes"),
])
def test_bladder_and_bowel_kinds(text, value):
    assert interpret(text, "bladder_bowel_change").get("bladder_bowel_change") == value, text


# "for ages" right after the toilet is how long the visit takes; after the bladder it is history.
@pytest.mark.parametrize("text, value", [
    ("since monday I sit on the toilet for ages and nothing comes", "yes"),
    ("a weak bladder since having my son, nothing new", "no"),
])
def test_for_ages_on_the_toilet(text, value):
    assert interpret(text, "bladder_bowel_change").get("bladder_bowel_change") == value, text


# Formal euphemisms for sex with a trouble word (§3.2 sexual function).
@pytest.mark.parametrize("text, sexual", [
    ("since the back went I have been unable to manage relations with my husband", True),
    ("relations with my wife are fine, thank you", False),
])
def test_formal_sexual_euphemisms(text, sexual):
    extras = interpret(text).get("extras") or {}
    assert bool(extras.get("sexual_dysfunction")) is sexual, text


# Stairs are a place until a fall word comes before them; a relative's home is a place.
@pytest.mark.parametrize("text, trauma", [
    ("my knee gives way when I go down the stairs", None),
    ("I slid down the whole flight of stairs on Sunday", "yes"),
    ("I took a tumble down the stairs at my son's on Sunday", "yes"),
])
def test_stairs_are_a_place_without_a_fall(text, trauma):
    assert interpret(text).get("recent_trauma") == trauma, text


# A hedge after a number and its unit doubts the amount, not the fall.
@pytest.mark.parametrize("text, value", [
    ("fell off the wall, eight foot maybe, landed on my back", "yes"),
    ("maybe, I'm not sure if it counts", "unsure"),
])
def test_hedge_after_an_amount(text, value):
    assert interpret(text, "recent_trauma").get("recent_trauma") == value, text


# "Is maybe from before": an auxiliary before a hedge opens a statement, not a question.
def test_aux_before_a_hedge_is_a_statement():
    out = interpret("Is maybe from the back. But pee is coming out on its own when I don't want",
                    "bladder_bowel_change")
    assert out.get("bladder_bowel_change") == "yes"


# A statement ending in a tag question ("..., is that normal?") is stated; a hypothetical, a
# relative's or a bare "not sure I follow" is still only a question.
@pytest.mark.parametrize("text, flagged", [
    ("I'm burning up and shivering today, is that normal?", True),
    ("there's numbness round my back passage since monday, is that serious?", True),
    ("if I had numbness round my back passage, would that be serious?", False),
    ("my nan had a fever with her back, is that common?", False),
])
def test_tag_questions(text, flagged):
    assert bool(_flags(text)) is flagged, text


def test_a_tag_question_is_still_a_question_back():
    extras = interpret("my calves ache when I walk, does that mean stenosis?").get("extras") or {}
    assert extras.get("question_back") is True
