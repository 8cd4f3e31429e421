"""addons/faq_words.py: it learns each FAQ topic's content words and sets `faq_words`, the words a
message shares with the topic the selector chose; faq_key answers on them (thresholds in
tests/actions/test_extraction.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.extraction import faq_key
from addons.faq_words import FAQ_WORDS, FaqWords

TOPICS = {
    "physiotherapy": ["can a physio help my sciatica", "is physiotherapy worth it for back pain",
                      "what exercises will the physio give me"],
    "when_to_see_doctor": ["when should i see a doctor about my leg", "do i need a gp appointment"],
}
OTHER = {"greet": ["hello there physio"]}  # not a topic: its words are not learnt


def tokenized(messages):
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process(messages)
    return messages


def training_data() -> TrainingData:
    examples = [Message(data={TEXT: t, INTENT: "faq", INTENT_RESPONSE_KEY: f"faq/{topic}"})
                for topic, texts in TOPICS.items() for t in texts]
    examples += [Message(data={TEXT: t, INTENT: i}) for i, texts in OTHER.items() for t in texts]
    return TrainingData(training_examples=tokenized(examples))


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context() -> ExecutionContext:
    return ExecutionContext(graph_schema=None, node_name="faq_words")  # type: ignore[arg-type]


def trained(storage) -> FaqWords:
    component = FaqWords.create(FaqWords.get_default_config(), storage, Resource("faq_words"), context())
    component.train(training_data())
    return component


def selected(text: str, topic: str, confidence: float = 0.95) -> Message:
    [message] = tokenized([Message(data={TEXT: text})])
    message.set("response_selector", {"faq": {"response": {
        "intent_response_key": f"faq/{topic}", "confidence": confidence}}}, add_to_output=True)
    return message


def test_it_learns_each_topics_content_words_without_stop_words(storage):
    component = trained(storage)
    assert set(component.vocabulary) == set(TOPICS)
    assert component.vocabulary["when_to_see_doctor"] == {"doctor", "leg", "need", "appointment"}
    assert "can" not in component.vocabulary["physiotherapy"]  # a stop word
    assert "hello" not in component.vocabulary["physiotherapy"]  # another intent's example


def test_it_sets_the_words_shared_with_the_chosen_topic(storage):
    [message] = trained(storage).process([selected("is physio worth trying?", "physiotherapy")])
    assert message.get(FAQ_WORDS) == {"topic": "physiotherapy", "words": ["physio", "worth"]}
    assert FAQ_WORDS in message.as_dict(only_output_properties=True)


def test_words_of_another_topic_are_not_shared(storage):
    [message] = trained(storage).process([selected("is physio worth trying?", "when_to_see_doctor")])
    assert message.get(FAQ_WORDS) == {"topic": "when_to_see_doctor", "words": []}


def test_lemmas_are_compared(storage):
    component = trained(storage)
    message = selected("seen doctors", "when_to_see_doctor")
    message.set(TOKENS_NAMES[TEXT], [Token("seen", 0, lemma="see"), Token("doctors", 5, lemma="doctor")])
    [message] = component.process([message])
    assert message.get(FAQ_WORDS)["words"] == ["doctor"]


def test_without_a_selection_it_sets_nothing(storage):
    [message] = trained(storage).process(tokenized([Message(data={TEXT: "is physio worth it?"})]))
    assert message.get(FAQ_WORDS) is None


def test_persisted_and_loaded_it_gives_the_same_words(storage):
    trained(storage)
    loaded = FaqWords.load(FaqWords.get_default_config(), storage, Resource("faq_words"), context())
    [message] = loaded.process([selected("is physio worth trying?", "physiotherapy")])
    assert message.get(FAQ_WORDS)["words"] == ["physio", "worth"]


def test_untrained_it_loads_empty(storage):
    loaded = FaqWords.load(FaqWords.get_default_config(), storage, Resource("never"), context())
    [message] = loaded.process([selected("is physio worth trying?", "physiotherapy")])
    assert message.get(FAQ_WORDS)["words"] == []


def test_a_confident_selection_with_the_topics_words_answers_a_question_of_another_intent(storage):
    text = "is physio worth trying?"
    [message] = trained(storage).process([selected(text, "physiotherapy")])
    parse = message.as_dict(only_output_properties=True)
    parse["intent"] = {"name": "unsure", "confidence": 0.99}
    parse["intent_ranking"] = [{"name": "unsure", "confidence": 0.99}]
    assert faq_key(parse, text) == "physiotherapy"
    [message] = trained(storage).process([selected(text, "physiotherapy", confidence=0.4)])
    parse.update(message.as_dict(only_output_properties=True))
    assert faq_key(parse, text) is None
