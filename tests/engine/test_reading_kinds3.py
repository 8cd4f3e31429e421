"""Kinds of wording named from the third blind set's first run (issue 10), each a general
mechanism or a vocabulary class, tested on both sides with sentences of this file's own (none
is taken from the banks)."""
import pytest

from actions.triage import interpret, merge, red_flags_now


def _flags(text, question=None):
    return {f["name"] for f in red_flags_now(merge({}, interpret(text, question)))}


# "-free" and "clear of" deny what comes before or after them; a past cancer said as
# "cancer-free since/for ..." is a past cancer (§3.2 counts any).
@pytest.mark.parametrize("text, question, key, value", [
    ("temperature-free all week, thankfully", "fever", "fever", "no"),
    ("I'm clear of any shivers", "fever", "fever", "no"),
    ("I'm cancer free", "cancer_history", "cancer_history", "no"),
    ("cancer-free for eight years since the operation", "cancer_history", "cancer_history", "yes"),
    ("pain free in the mornings, but I've had a fever since Sunday", "fever", "fever", "yes"),
])
def test_free_and_clear_of(text, question, key, value):
    assert interpret(text, question).get(key) == value, text


# One buttock cheek is not the saddle (§8.1), however the side is said; both cheeks may be.
@pytest.mark.parametrize("text, flagged", [
    ("just the left cheek of my backside tingles", False),
    ("the right cheek of my bum has gone numb", False),
    ("both cheeks of my bum have gone numb", True),
    ("my bottom has gone numb", True),
])
def test_one_cheek_is_not_the_saddle(text, flagged):
    assert ("cauda_equina" in _flags(text, "saddle_numbness")) is flagged, text


# Sexual trouble said as a euphemism: where, what and a trouble word; "finish" with an object
# is not sex.
@pytest.mark.parametrize("text, flagged", [
    ("since the back went I haven't been able to climax in bed", True),
    ("it's awkward, but things aren't working in the bedroom any more", True),
    ("I can't finish my shift with my husband driving me in", False),
    ("I can't sleep in bed for the pain", False),
])
def test_sexual_euphemisms(text, flagged):
    assert ("cauda_equina" in _flags(text)) is flagged, text


# Feeling something cold is sensation, not a fever.
@pytest.mark.parametrize("text, fever", [
    ("no, I felt the chill of the bath tap on my skin fine", None),
    ("I've had the chills all night", "yes"),
])
def test_feeling_the_cold_is_no_fever(text, fever):
    assert interpret(text, "saddle_numbness" if fever is None else "fever").get("fever") == fever


# Night sweats said as soaking (§3.2).
def test_night_sweats_as_soaking():
    assert interpret("I wake up soaking wet every night lately", "fever")["fever"] == "yes"
    assert interpret("I got soaked in the rain walking the dog, no fever", "fever")["fever"] == "no"


# An injury in childhood is long past (§3.1).
@pytest.mark.parametrize("text, value", [
    ("I fell out of a tree as a boy, nothing since", "no"),
    ("I fell off my bike on Monday", "yes"),
])
def test_childhood_injury_is_long_past(text, value):
    assert interpret(text, "recent_trauma")["recent_trauma"] == value


# The heel self-check told by images: the front of the foot sagging or coming back down is
# difficulty; staying up is success; a "can't" about the back is not the test.
@pytest.mark.parametrize("text, value", [
    ("the front of my right foot sags back to the floor after a step", "yes"),
    ("managed two steps, then the toes came back down on the left", "yes"),
    ("my toes stayed up the whole length of the kitchen", "no"),
    ("did it fine, the only thing I can't do is get my back comfortable", "no"),
])
def test_heel_walk_images(text, value):
    assert interpret(text, "heel_walk_difficulty")["heel_walk_difficulty"] == value, text


# Worsening told as needing help now for what was done alone days ago (§3.2).
@pytest.mark.parametrize("text, value", [
    ("On Tuesday I could climb the stairs alone. Today I needed help to get up them", "yes"),
    ("On Tuesday I could climb the stairs alone and I still can", None),
])
def test_needing_help_now_is_worsening(text, value):
    assert interpret(text, "weakness_worsening").get("weakness_worsening") == value, text


# A colon opens the explanation of the bowel or bladder word before it.
@pytest.mark.parametrize("text, value", [
    ("My bowels are strange: I can't feel when I'm going any more", "yes"),
    ("My bowels are fine: regular every morning", "no"),
])
def test_colon_explains_the_bowel_word(text, value):
    assert interpret(text, "bladder_bowel_change")["bladder_bowel_change"] == value, text


# "without" governs a phrase: "without my feet slapping down" is success; a heel that lifts
# (or will not) names the tiptoe test, not the heel walk.
@pytest.mark.parametrize("text, question, key, value", [
    ("walked on my heels without my feet slapping down", "heel_walk_difficulty",
     "heel_walk_difficulty", "no"),
    ("my feet keep slapping down", "heel_walk_difficulty", "heel_walk_difficulty", "yes"),
    ("on the left my heel won't lift off the floor at all", "toe_walk_difficulty",
     "toe_walk_difficulty", "yes"),
])
def test_without_and_the_lifting_heel(text, question, key, value):
    out = interpret(text, question)
    assert out.get(key) == value, (text, out)
    if question == "toe_walk_difficulty":
        assert "heel_walk_difficulty" not in out, out


# Over and done with, or unchanged for years (§3.1): "right as rain since", "years back and
# nothing about it has changed"; bladder and bowels "behaving" are fine.
@pytest.mark.parametrize("text, question, value", [
    ("had the flu last week but I've been right as rain since Tuesday", "fever", "no"),
    ("I've had the flu since Tuesday", "fever", "yes"),
    ("a bit of leaking when I sneeze, from years back, and nothing about it has changed",
     "bladder_bowel_change", "no"),
    ("a bit of leaking when I sneeze, only since Friday", "bladder_bowel_change", "yes"),
    ("bladder and bowels are behaving themselves", "bladder_bowel_change", "no"),
])
def test_over_unchanged_or_behaving(text, question, value):
    assert interpret(text, question)[question] == value, text
