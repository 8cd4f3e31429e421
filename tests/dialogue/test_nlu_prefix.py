"""addons/nlu_prefix.py: the NLU sees a bounded prefix, the parse data keep the whole text."""

from __future__ import annotations

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu_prefix import FullText, TextPrefix, prefix


def test_a_short_text_is_left_alone():
    assert prefix("my left calf aches", 1000) == "my left calf aches"
    [message] = TextPrefix({"max_chars": 1000}).process([Message({TEXT: "my left calf aches"})])
    assert message.get(TEXT) == "my left calf aches"
    assert message.get("full_text") is None


def test_a_long_text_is_cut_after_a_whole_word():
    text = "word " * 1000
    cut = prefix(text, 1000)
    assert len(cut) <= 1000 and cut.endswith("word") and text.startswith(cut)


def test_one_long_word_is_cut_anyway():
    assert prefix("x" * 5000, 1000) == "x" * 1000


def test_the_whole_text_is_back_after_the_pipeline():
    text = "my back aches. " * 7000  # about 100 kB
    messages = TextPrefix({"max_chars": 1000}).process([Message({TEXT: text})])
    assert len(messages[0].get(TEXT)) <= 1000
    restored = FullText({}).process(messages)
    assert restored[0].get(TEXT) == text
    assert "full_text" not in restored[0].as_dict(only_output_properties=True)
