"""interpret(): trauma kind, relief/aggravation verbs, "above the knee", red-flag recall and its
protections, durations and ages (clinical-reference §1.3, §3, §5.3, §7, §8.1)."""
import logging
import datetime

import pytest

from actions.triage import interpret
from actions.triage.numbers import _since, age_years, duration_weeks

ABSENT = object()


def extras(found):
    return found.get("extras", {})


# --- trauma kind (§3.2 fracture, §8.4) -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I slipped on the wet kitchen floor and sat down hard on my backside. Only fell from standing",
    "I tripped over the cat", "fell from standing height", "lost my footing on the path",
    "I stumbled on the kerb", "I missed a step at the bottom of the stairs",
    "yes, I slipped on ice and landed on my bottom", "I fell over in the garden",
    "got jolted when the bus braked hard",
])
def test_minor_trauma(text):
    found = interpret(text, "recent_trauma")
    assert found["recent_trauma"] == "yes" and extras(found)["trauma_kind"] == "minor", found


@pytest.mark.parametrize("text", [
    "yes I fell down a flight of stairs", "fell off a ladder", "came off my motorbike",
    "I was in a car crash last week", "got hit by a car", "skiing crash", "I fell from the wall",
    "rugby tackle", "I fell off the roof", "took a heavy blow to the back", "I fell on the stairs",
])
def test_major_trauma(text):
    found = interpret(text, "recent_trauma")
    assert found["recent_trauma"] == "yes" and extras(found)["trauma_kind"] == "major", found


@pytest.mark.parametrize("text", ["yes, I had a fall", "yes, a fall", "I fell", "there was an accident"])
def test_bare_fall_has_no_kind(text):
    found = interpret(text, "recent_trauma")
    assert found["recent_trauma"] == "yes" and "trauma_kind" not in extras(found), found


def test_opening_minor_fall():
    found = interpret("I slipped on ice two days ago and landed on my bottom, now pain in my back")
    assert extras(found)["trauma_kind"] == "minor"


# --- relief and aggravation verbs (§4.1, §7) ---------------------------------------------------

@pytest.mark.parametrize("text, worse, better", [
    ("Sitting down sorts it out in a couple of minutes.", None, "sitting"),
    ("pain in my calf when walking, sitting down settles it", "walking", "sitting"),
    ("it takes the edge off if I lean on the trolley", None, "bending_forward"),
    ("bending over the trolley helps", None, "bending_forward"),
    ("standing brings it on and sitting eases it", "standing", "sitting"),
    ("the tingling goes off when I sit", None, "sitting"),
    ("when I'm on my feet it gets bad", "standing", None),
    ("after 10 minutes of standing my legs ache, it calms down when I sit", "standing", "sitting"),
    ("relief from sitting", None, "sitting"),
    ("better if I sit down", None, "sitting"),
    ("I need to sit down and then it goes away", None, "sitting"),
    ("pushing a cart at the shop takes the edge off", None, "bending_forward"),
    ("my legs ache when I walk, I have to sit down", "walking", "sitting"),
])
def test_posture_verbs(text, worse, better):
    found = interpret(text)
    if worse:
        assert worse in found.get("aggravating_posture", []), found
    if better:
        assert better in found.get("relieving_posture", []), found
        assert better not in found.get("aggravating_posture", []), found
    if worse:
        assert worse not in found.get("relieving_posture", []), found


def test_it_stops_above_the_knee_is_not_a_relief():
    found = interpret("the outer side of my left thigh, it stops above the knee", "symptom_location")
    assert "relieving_posture" not in found and found["symptom_location"] == ["outer_thigh"]


# --- "above the knee" (§1.3) --------------------------------------------------------------------

@pytest.mark.parametrize("text, regions", [
    ("Dull ache in my lower back on the left and round the outside of my left thigh, above the knee.",
     ["lower_back", "outer_thigh"]),
    ("pain down the back of my thigh to above the knee", ["back_thigh"]),
    ("the pain is just above the knee", ["lower_front_thigh"]),
    ("aching in the front of my thigh just above the knee", ["lower_front_thigh"]),
    ("pain above my knee", ["lower_front_thigh"]),
    ("numb patch just above my kneecap", ["lower_front_thigh"]),
    ("it goes down my thigh but not below the knee", ["thigh"]),
])
def test_above_the_knee(text, regions):
    assert interpret(text).get("symptom_location") == regions


# --- cauda equina recall (§3.2) -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I'm slower to start peeing than I used to be since the back went",
    "it takes ages to get going when I pee", "I have to push to get my wee out",
    "I have to strain to pass urine now", "my stream is weak", "the flow is just a trickle",
    "I haven't passed water since this morning", "my bladder feels full but nothing comes",
    "they had to put a catheter in", "I feel like I haven't emptied my bladder properly",
    "I can't feel myself peeing", "I don't know when I need to go any more",
    "I wet myself yesterday", "I wet the bed last night", "I leaked without knowing",
    "I lost control of my bladder", "I need pads now", "I soiled myself",
    "I can't hold it when I need a poo", "I didn't feel it coming", "I lost control of my bowels",
    "my urine flow is really poor since Tuesday", "peeing is slow to start",
])
def test_bladder_bowel_volunteered(text):
    assert interpret(text).get("bladder_bowel_change") == "yes", text


@pytest.mark.parametrize("text", ["I can't go", "it takes ages to get going", "only a trickle comes out",
                                  "yes, I have to push"])
def test_bladder_trouble_when_asked(text):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == "yes"


def test_weak_stream_is_not_leg_weakness():
    found = interpret("my stream is weak")
    assert "leg_weakness" not in found and "weakness" not in found.get("symptom_character", [])


@pytest.mark.parametrize("text", [
    "no problems peeing", "bladder and bowels are fine", "not my bladder, that's fine",
    "no, waterworks and bowels are fine", "no trouble with the flow",
    "I don't have to strain to pee", "my legs are weak but no", "no, I can go fine",
])
def test_bladder_denials(text):
    assert interpret(text, "bladder_bowel_change").get("bladder_bowel_change") != "yes", text


@pytest.mark.parametrize("text", [
    "I've had a bit of stress leakage since childbirth years ago, no change",
    "I've had prostate symptoms for years, slow stream, nothing new",
    "I've had a slow stream for a few years, it's the prostate",
])
def test_longstanding_bladder_is_no_flag(text):
    found = interpret(text, "bladder_bowel_change")
    assert found.get("bladder_bowel_change") != "yes" and extras(found).get("longstanding_bladder")


def test_constipation_from_painkillers_is_no_flag():
    found = interpret("I'm a bit constipated from the codeine but I can feel everything normally",
                      "bladder_bowel_change")
    assert found.get("bladder_bowel_change") != "yes" and extras(found)["isolated_constipation"]


@pytest.mark.parametrize("text", ["I'm going to the loo more often", "I've been peeing more often at night"])
def test_frequency_alone_is_no_finding(text):
    assert "bladder_bowel_change" not in interpret(text)


@pytest.mark.parametrize("text", [
    "I've got a numb bum", "I can't feel the loo seat", "can't feel the toilet seat when I sit on it",
    "I'm numb down there", "my private parts feel numb", "tingling round my bottom",
    "tingling around my anus", "pins and needles round my back passage", "my perineum is numb",
    "tingling in the groin crease next to my genitals", "wiping feels strange",
    "it feels numb when I wipe",
])
def test_saddle(text):
    assert interpret(text)["saddle_numbness"] == "yes", text


def test_buttock_cheek_pain_is_not_saddle():
    found = interpret("pain in my left bum cheek and down the back of my leg")
    assert "saddle_numbness" not in found


@pytest.mark.parametrize("text", [
    "I can't get an erection since this started", "I can't get hard since the back pain started",
    "I can't ejaculate", "I can't climax any more", "no feeling during sex", "can't keep an erection",
])
def test_sexual(text):
    assert extras(interpret(text)).get("sexual_dysfunction") is True, text


# --- other red flags --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "my leg is getting weaker", "my leg is worse every day, I can barely lift it now",
    "my knee gives way more and more often",
])
def test_worsening_weakness(text):
    found = interpret(text)
    assert found.get("weakness_worsening") == "yes", found


def test_worse_pain_is_not_worse_weakness():
    found = interpret("my leg is weak, and the pain is getting worse")
    assert "weakness_worsening" not in found


@pytest.mark.parametrize("text", ["I've got a temperature", "I feel shivery and hot and cold",
                                  "night sweats every night", "I've had rigors", "I feel really ill"])
def test_fever(text):
    assert interpret(text)["fever"] == "yes"


@pytest.mark.parametrize("text", ["I had a tumour removed from my bowel", "I had chemo three years ago",
                                  "I had radiotherapy for my breast", "my cancer came back"])
def test_cancer(text):
    assert interpret(text)["cancer_history"] == "yes"


@pytest.mark.parametrize("text", ["I've lost two stone without trying", "I've lost 5kg without trying",
                                  "lost 10 pounds and I'm not dieting", "my clothes are hanging off me"])
def test_weight_loss(text):
    assert interpret(text)["weight_loss"] == "yes"


def test_dieting_weight_loss_is_no():
    assert interpret("yes, I lost a stone on a diet", "weight_loss")["weight_loss"] == "no"


@pytest.mark.parametrize("text", ["my calf is swollen and hot", "my calf is fat and puffy",
                                  "my left calf is red and tender", "one leg is bigger than the other"])
def test_calf(text):
    found = interpret(text)
    assert found["calf_swelling"] == "yes" and not extras(found).get("radicular")


@pytest.mark.parametrize("text", ["I'm breathless", "I get short of breath", "I've been coughing up blood",
                                  "I have chest pain"])
def test_chest(text):
    assert extras(interpret(text))["chest_symptoms"] is True


# --- durations and ages (§5.3, §7) ------------------------------------------------------------

@pytest.mark.parametrize("text", ["since Monday", "since last Tuesday", "since the weekend"])
def test_since_a_weekday_is_under_a_week(text):
    assert 0 < duration_weeks(text, asked=True) <= 1


def test_since_a_holiday():
    assert _since(["christmas"], datetime.date(2025, 3, 1)) == pytest.approx(66 / 7, abs=0.01)
    assert _since(["the", "summer", "holidays"], datetime.date(2025, 10, 1)) == pytest.approx(68 / 7, abs=0.01)


@pytest.mark.parametrize("text, weeks", [
    ("a good few weeks", 3), ("on and off for years", 104), ("since Monday, so four days", 4 / 7),
    ("last week, about 10 days", 10 / 7),
])
def test_more_durations(text, weeks):
    assert duration_weeks(text, asked=True) == pytest.approx(weeks, abs=0.01)


def test_a_while_is_unknown():
    assert duration_weeks("for a while now", asked=True) is None


@pytest.mark.parametrize("text, age", [
    ("I'm in my seventies", 70), ("in my late sixties", 68), ("I'm in my early 70s", 70),
    ("I'm in my mid-seventies", 75), ("I'm seventy-four", 74),
])
def test_decade_ages(text, age):
    assert age_years(text, asked=True) == age
    assert age_years(text) == age


def test_seventies_meets_fracture_age():
    assert interpret("I'm in my seventies and slipped on the ice")["age"] >= 70


# --- robustness ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "???", "since", "in my", "a" * 6000, "fell " * 300, "\x00\x08 <b>"])
def test_no_crash(text, caplog):
    with caplog.at_level(logging.ERROR):
        assert isinstance(interpret(text, "recent_trauma"), dict)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
