"""Properties of the reader on any input: it never raises (nothing logged at ERROR), returns a
dict of contract keys, and reads a message of any length whole (a red flag at the end counts)."""
import logging

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from actions.triage import interpret, merge, red_flags_now
from actions.triage import interpreter
from actions.triage.contract import ANSWER_KEYS, QUESTIONS

QUESTION = st.sampled_from([None, *QUESTIONS, "not_a_question", 7])
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["no", "not", "numb", "bum", "wee", "can't", "?", "sorry", "my mum",
                              "heels", "fell", "cancer", "years ago", ",", ".", "actually", "😳",
                              "<b>", "weak", "worse", "both", "left", "68", "weeks"]),
             max_size=60).map(" ".join),
    st.none(), st.integers(), st.binary(max_size=50),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, question=QUESTION)
def test_never_raises_and_logs_no_error(text, question, caplog):
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger=interpreter.__name__):
        found = interpret(text, question=question, case={})
    assert isinstance(found, dict)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert {k for k in found if k != "extras"} <= set(QUESTIONS)
    assert {f"extras.{k}" for k in found.get("extras", {})} <= ANSWER_KEYS | {
        "extras.confirm", "extras.question_back"}


def test_a_reader_error_is_logged_not_hidden(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("reader bug")
    monkeypatch.setattr(interpreter, "Reading", broken)
    with caplog.at_level(logging.ERROR, logger=interpreter.__name__):
        assert interpret("my leg is numb", None, {}) == {}
    assert any(r.levelno == logging.ERROR and "interpret failed" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("filler", ["My leg has ached on and off and I went for a walk. ",
                                    "blah " * 3, "x" * 40])
def test_flag_at_the_end_of_a_100k_message_is_read(filler, caplog):
    text = filler * (100_000 // len(filler)) + " Since yesterday I have wet myself without noticing."
    with caplog.at_level(logging.ERROR):
        found = interpret(text, question=None, case={})
    assert not caplog.records
    assert "cauda_equina" in {f["name"] for f in red_flags_now(merge({}, found))}


def test_flag_after_5000_characters_is_read():
    text = "I was fine yesterday. " * 300 + "My foot slaps on the floor when I walk."
    assert interpret(text)["extras"].get("foot_drop_described") is True
