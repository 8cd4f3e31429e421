"""Kinds of patient wording the reader must get right (issue 10): each kind is a general mechanism
or a vocabulary class, tested on both sides (the reading that must change, and a near wording
that must not). Flags are checked through the engine's rules, as the bot raises them."""
import pytest

from actions.triage import interpret, merge, red_flags_now


def _read(text, question=None):
    out = interpret(text, question)
    return out, out.get("extras") or {}


def _flags(text, question=None):
    """The red flags raised in this turn (as tools/eval_reading.py checks them)."""
    return {f["name"] for f in red_flags_now(merge({}, interpret(text, question)))}


# 1, 2. A leading yes is not flipped by the negative words that describe retention; lay words for
# retention and incomplete emptying; a weak flow that is now much worse is a change.
@pytest.mark.parametrize("text", [
    "Yes, I strain for ages and nothing comes",
    "Definitely. I can't go even when I'm desperate",
    "yeah it just won't come out",
    "Yes - I sit there straining for ages",
    "The stream is like a tap turned almost off",
    "I can't empty properly and keep going back",
    "I'm desperate to go but can't",
    "I'm bursting for a wee but I can't",
    "Only a few drops come out however long I wait",
    "My flow has always been a bit weak but it's much worse now",
])
def test_retention_in_lay_words_is_new_bladder_trouble(text):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == "yes", text


@pytest.mark.parametrize("text", [
    "No, though I can't sleep for the pain",
    "no, can't complain",
    "No. I can't walk far though",
    "My stream has been weak for years, no different",
])
def test_a_leading_no_or_old_unchanged_trouble_stays_no(text):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == "no", text


# 3. Sexual function change said indirectly.
@pytest.mark.parametrize("text", [
    "Since my back went I have no feeling during sex",
    "I can't finish when we make love since the back started",
    "Can't keep an erection since this started",
    "I can't climax any more",
    "Making love feels numb now",
    "I can't get it up since my back went",
])
def test_indirect_sexual_dysfunction(text):
    assert _read(text)[1].get("sexual_dysfunction"), text


@pytest.mark.parametrize("text", [
    "Sex is fine, no problems there",
    "I can't finish my walk because of the pain",
    "No problems in the bedroom",
])
def test_no_sexual_trouble_said(text):
    assert not _read(text)[1].get("sexual_dysfunction"), text


# 4. Foot drop by its images and consequences.
@pytest.mark.parametrize("text", [
    "my foot slaps down when I walk",
    "my foot smacks the floor",
    "the front of my foot just hangs",
    "I have to lift my knee really high to clear my toes",
    "my toes scrape the ground",
    "it's a floppy foot now",
    "the front of my foot sags when I lift my leg",
    "my toes catch on the carpet",
])
def test_foot_drop_described(text):
    out, extras = _read(text, "leg_weakness")
    assert out["leg_weakness"] == "yes" and extras.get("foot_drop_described"), text


@pytest.mark.parametrize("text", [
    "my foot hurts when I walk",
    "I can lift my foot fine",
])
def test_no_foot_drop(text):
    assert not _read(text, "leg_weakness")[1].get("foot_drop_described"), text


# 5. Weakness getting worse said as a comparison over time.
@pytest.mark.parametrize("text", [
    "Yesterday I could stand on tiptoe, today not at all",
    "Last week I could climb the stairs, now I can barely manage one",
    "This morning I was able to lift it, now I can't",
    "it's a bit worse every few hours",
    "it was the left leg and now the other leg too",
])
def test_worsening_said_as_a_comparison(text):
    assert interpret(text, "weakness_worsening")["weakness_worsening"] == "yes", text


@pytest.mark.parametrize("text", [
    "Yesterday I couldn't walk far, today I can",
    "Last week I could barely walk, now I am walking fine",
    "exactly the same since it started, not worse, no dragging",
])
def test_not_worsening(text):
    assert interpret(text, "weakness_worsening").get("weakness_worsening") != "yes", text


def test_a_comparison_about_pain_is_not_weakness():
    out = interpret("Yesterday I could sit at my desk, today I can't sit for the pain")
    assert out.get("weakness_worsening") != "yes" and out.get("leg_weakness") != "yes"


def test_long_mild_stable_weakness_is_weakness_but_not_progressive():
    text = "It's been a bit weak for months, exactly the same, not getting worse"
    out = interpret(text, "leg_weakness")
    assert out["leg_weakness"] == "yes" and out.get("weakness_worsening") != "yes"
    assert not _flags(text, "leg_weakness") & {"progressive_weakness", "cauda_equina"}


# 6. Unexplained weight loss by its signs; lost with an illness and put back on is "no".
@pytest.mark.parametrize("text", [
    "My clothes are two sizes smaller and I'm not dieting",
    "I've had to take my belt in two notches",
    "my rings are loose",
    "my wedding ring slides off now",
    "the scales keep going down and I'm not trying",
    "people keep asking if I'm ill",
    "I've dropped a dress size without trying",
    "my jeans are too big now",
])
def test_weight_loss_by_its_signs(text):
    assert interpret(text, "weight_loss")["weight_loss"] == "yes", text


@pytest.mark.parametrize("text", [
    "I lost a bit when I had flu but put it back on",
    "Lost some with a tummy bug, it's all back on now",
    "My clothes are smaller because I'm on a diet",
])
def test_explained_or_regained_weight_is_no(text):
    assert interpret(text, "weight_loss")["weight_loss"] == "no", text


# 7. Injuries said as events; any road collision is major; a crack with fragile bones.
@pytest.mark.parametrize("text, kind", [
    ("I came off a stepladder last week", "major"),
    ("I got clipped by a van", "major"),
    ("a car clipped me on the crossing", "major"),
    ("someone drove into the back of me at the lights", "major"),
    ("I was rear-ended on the motorway", "major"),
    ("a car side-swiped me on my bike", "major"),
    ("I felt a crack while lifting, I have osteoporosis", "minor"),
])
def test_injuries_said_as_events(text, kind):
    out, extras = _read(text, "recent_trauma")
    assert out["recent_trauma"] == "yes" and extras.get("trauma_kind") == kind, text


@pytest.mark.parametrize("text", [
    "I felt a crack while lifting",  # no fragile bones: a strain
    "I drove into town and it started on the way",
    "I clipped my toenails and it twinged",
    "I ran into my neighbour and we chatted",
    "A car clipped me when I was twelve, but I've been fine for decades",
])
def test_not_a_recent_injury(text):
    assert interpret(text, "recent_trauma").get("recent_trauma") != "yes", text


# 8. A past cancer by its organ or treatment, without the word.
@pytest.mark.parametrize("text", [
    "I had a lung one a few years ago",
    "I had a melanoma removed",
    "I had chemo in 2015, scans clear now",
    "I had a mastectomy",
    "had a prostate one, radiotherapy, all clear since",
    "They found a malignant mole on my back",
])
def test_cancer_by_organ_or_treatment(text):
    assert interpret(text, "cancer_history")["cancer_history"] == "yes", text


@pytest.mark.parametrize("text", [
    "No, just a mole removed that was fine",
    "My sister had a breast one",
])
def test_not_the_patients_cancer(text):
    assert interpret(text, "cancer_history")["cancer_history"] == "no", text


# 9. A whole swollen leg after an operation with breathlessness.
def test_swollen_leg_after_an_operation_with_breathlessness():
    out, extras = _read("my whole leg swelled up after the operation and I'm breathless",
                        "calf_swelling")
    assert out["calf_swelling"] == "yes" and extras.get("chest_symptoms")


# 10. Characters said as similes.
@pytest.mark.parametrize("text, character", [
    ("like a lighter held under my heel", "burning"),
    ("like hot wires down my leg", "burning"),
    ("like a red hot poker in my calf", "burning"),
    ("like being stabbed with a knife down the leg", "shooting"),
    ("like after the dentist, that dead feeling in my shin", "numbness"),
    ("like it's in a vice", "cramping"),
    ("like wading through treacle", "heaviness"),
])
def test_characters_as_similes(text, character):
    assert character in interpret(text, "symptom_character").get("symptom_character", []), text


def test_a_heat_pad_is_not_burning():
    out = interpret("I'm lighter on the scales and a heat pad helps", "symptom_character")
    assert "burning" not in out.get("symptom_character", [])


# 11-13. False flags: someone else's condition, a feared failure that did not happen.
def test_a_relatives_condition_is_not_the_patients():
    assert not _flags("My husband had that cauda equina thing")


@pytest.mark.parametrize("text, key", [
    ("I was sure my foot would drop but it didn't", "heel_walk_difficulty"),
    ("I was worried my foot would slap but it was fine", "heel_walk_difficulty"),
    ("I thought I'd fall but I managed fine", "toe_walk_difficulty"),
])
def test_a_feared_failure_that_did_not_happen_is_no_difficulty(text, key):
    assert interpret(text, key)[key] == "no", text


@pytest.mark.parametrize("text, key", [
    ("My foot drops when I walk on my heels", "heel_walk_difficulty"),
    ("I thought I'd manage it but I couldn't", "toe_walk_difficulty"),
])
def test_a_failure_that_happened_is_difficulty(text, key):
    assert interpret(text, key)[key] == "yes", text


# Others: ages and durations in words; the buttock is not the back.
def test_half_a_century():
    assert interpret("half a century", "age")["age"] == 50


def test_nearly_six_weeks():
    # just short of six: every blind set codes it under the six-week threshold (§5.3, §8.2)
    assert 5.4 <= interpret("nearly six weeks", "symptom_duration")["symptom_duration"] < 6


def test_not_my_back_my_bum():
    out = interpret("not my back, my bum", "back_pain")
    assert out["back_pain"] == "no" and "buttock" in out["symptom_location"]


# More wordings of the same kinds (UK, US, Australian).
@pytest.mark.parametrize("text", [
    "I came a cropper in the garden last week",
    "went flying over the dog",
    "I stacked it on the footpath",
    "hit the deck in the kitchen, I'm 81",
    "a ute backed into me in the carpark",
])
def test_falls_and_knocks_in_slang(text):
    assert interpret(text, "recent_trauma")["recent_trauma"] == "yes", text


@pytest.mark.parametrize("text", [
    "it dribbles out and never stops",
    "I go and go but it never feels finished",
    "It's always been a bit slow but these last days nothing at all",
])
def test_more_retention_and_changed_wordings(text):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == "yes", text


def test_my_pants_falling_down_is_weight_not_a_fall():
    out = interpret("my pants are falling down", "weight_loss")
    assert out["weight_loss"] == "yes" and out.get("recent_trauma") != "yes"


@pytest.mark.parametrize("text, value", [
    ("Breast, 2012, all clear", "yes"),
    ("Prostate, about seven years ago, had the op", "yes"),
    ("skin, on my nose, they cut it out", "yes"),
    ("No, but my prostate is enlarged", "no"),
    ("My bowel is fine", "no"),
    ("my mum had a breast one", "no"),
    ("They're still waiting on the biopsy from my breast", "unsure"),
])
def test_the_organ_alone_answers_the_cancer_question(text, value):
    assert interpret(text, "cancer_history").get("cancer_history") == value, text


def test_an_organ_named_elsewhere_is_no_cancer():
    assert "cancer_history" not in interpret("my bowel is a bit loose", "bladder_bowel_change")


@pytest.mark.parametrize("text, years", [
    ("I'm three score and ten", 70),
    ("the big six-oh next month", 59),
    ("over half a century", 50),
])
def test_ages_in_old_words(text, years):
    assert interpret(text, "age")["age"] == years


@pytest.mark.parametrize("text", [
    "I keep stubbing my toes",
    "my foot goes slap slap slap on the pavement",
])
def test_more_foot_drop_wordings(text):
    assert _read(text, "leg_weakness")[1].get("foot_drop_described"), text


def test_the_other_side_going_too_is_worsening():
    text = "my right leg went weak and now the left is going too"
    assert interpret(text, "weakness_worsening")["weakness_worsening"] == "yes"


@pytest.mark.parametrize("text", [
    "Last night I needed the loo and nothing would come",
    "I sat on the toilet for ten minutes and nothing happened",
    "went to the dunny this morning, not a drop",
])
def test_a_toilet_word_with_a_retention_word_is_bladder_trouble(text):
    assert interpret(text)["bladder_bowel_change"] == "yes", text


@pytest.mark.parametrize("text", [
    "I went to the loo and it was fine",
    "I can't go to the toilet on my own because of the pain",
])
def test_a_toilet_word_alone_is_not_bladder_trouble(text):
    assert interpret(text).get("bladder_bowel_change") != "yes", text


@pytest.mark.parametrize("text", [
    "It's like my bottom's had a local anaesthetic",
    "down below feels like it's not mine",
])
def test_saddle_numbness_as_a_simile(text):
    assert interpret(text, "saddle_numbness")["saddle_numbness"] == "yes", text


def test_feebler_is_weakness_getting_worse():
    out = interpret("Waterworks fine, but the leg is feebler today than yesterday",
                    "bladder_bowel_change")
    assert out["leg_weakness"] == "yes" and out["weakness_worsening"] == "yes"


def test_years_young_is_an_age():
    assert interpret("eighty-one years young and I slipped on the step")["age"] == 81


@pytest.mark.parametrize("text", [
    "since my hip op the whole leg has ballooned and I get puffed walking to the kitchen",
    "my leg's twice the size since the surgery and I can't catch my breath",
])
def test_a_swollen_leg_with_breathlessness_in_lay_words(text):
    out, extras = _read(text, "calf_swelling")
    assert out["calf_swelling"] == "yes" and extras.get("chest_symptoms"), text


@pytest.mark.parametrize("text", [
    "my ankles are puffed by the evening",
    "I was winded when I fell",
])
def test_puffy_ankles_or_being_winded_are_no_chest_symptom(text):
    assert not _read(text)[1].get("chest_symptoms"), text


def test_the_last_belt_notch_is_weight_loss():
    assert interpret("my belt's on the last notch now", "weight_loss")["weight_loss"] == "yes"


@pytest.mark.parametrize("text", [
    "I thought I'd be fine but I didn't make it to the toilet in time",
    "I was worried I'd leak and it wasn't too bad, just a bit",
])
def test_a_fear_followed_by_what_happened_is_not_set_aside(text):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == "yes", text


@pytest.mark.parametrize("text", [
    "When it started I could walk a mile, now I can barely do the shop",
    "Yesterday I could walk to the shop, today I can't without stopping, sitting down eases it",
])
def test_a_slow_or_claudicant_decline_is_not_progressive_weakness(text):
    assert interpret(text).get("weakness_worsening") != "yes", text
