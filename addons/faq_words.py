"""An NLU component that says which words a message shares with the FAQ topic chosen for it.

The response selector ranks the FAQ topics for every message, and DIET's intent decides whether
a topic is answered (`actions/extraction.py`, `faq_key`). DIET sometimes files a plain question
about the condition under another intent ("is physio worth trying?" as `unsure`, "how do i know
when it's time to see a doctor?" as `out_of_scope`), and then the patient's question goes
unanswered. The selector's confidence alone cannot rescue those: it is trained on FAQ examples
only, so it is confident about anything ("what's 5 times 7" gets 0.9).

This component gives a second, independent piece of evidence: the content words (lemmas, not
stop words, at least 3 letters) that the message shares with the training examples of the topic
the selector chose. It learns each topic's words at training (data/nlu/faq.yml, through the
tokenizer's lemmas) and sets `faq_words` in the parse data:

    {"topic": "physiotherapy", "words": ["physio", "worth"]}

`faq_key` answers a question whose intent is not `faq` only when the selector is confident AND
the question shares enough of the topic's own words. It sits after the ResponseSelector in
config.yml. The stop words are spaCy's for `language` (the pipeline is a blank one of it).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Optional, Set, Text

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    TOKENS_NAMES,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

logger = logging.getLogger(__name__)

DATA_FILE = "faq_words.json"
FAQ_WORDS = "faq_words"


def content_words(message: Message, stop_words: Set[Text]) -> Set[Text]:
    """The message's content words: lower-case lemmas of alphabetic tokens, no stop words."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    if tokens:
        pairs: Iterable = ((t.text, t.lemma or t.text) for t in tokens)
    else:  # untokenised (a pipeline without a tokenizer before this component)
        pairs = ((w, w) for w in (message.get(TEXT) or "").split())
    out = set()
    for text, lemma in pairs:
        text, lemma = text.lower(), lemma.lower()
        if lemma.isalpha() and len(text) >= 3 and text not in stop_words and lemma not in stop_words:
            out.add(lemma)
    return out


def chosen_topic(message: Message, retrieval_intent: Text) -> Optional[Text]:
    """The topic the response selector chose for this message (`faq/<topic>` -> topic)."""
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
    key = (selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get(INTENT_RESPONSE_KEY) or ""
    return key.partition("/")[2] or None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqWords(GraphComponent):
    """Sets `faq_words`: the words a message shares with its chosen topic (module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "language": "en"}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: Optional[Dict[Text, List[Text]]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary: Dict[Text, Set[Text]] = {
            topic: set(words) for topic, words in (vocabulary or {}).items()
        }
        self.stop_words: Set[Text] = set(
            spacy.util.get_lang_class(self.config["language"]).Defaults.stop_words
        )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqWords":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Learns each topic's content words from its training examples, and persists them."""
        intent = self.config["retrieval_intent"]
        self.vocabulary = {}
        for example in training_data.intent_examples:
            key = example.get(INTENT_RESPONSE_KEY) or ""
            if example.get(INTENT) != intent or "/" not in key:
                continue
            topic = key.partition("/")[2]
            self.vocabulary.setdefault(topic, set()).update(
                content_words(example, self.stop_words)
            )
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            topic = chosen_topic(message, self.config["retrieval_intent"])
            if topic is None:
                continue
            shared = content_words(message, self.stop_words) & self.vocabulary.get(topic, set())
            message.set(FAQ_WORDS, {"topic": topic, "words": sorted(shared)}, add_to_output=True)
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as path:
            dump_obj_as_json_to_file(
                path / DATA_FILE,
                {topic: sorted(words) for topic, words in sorted(self.vocabulary.items())},
            )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FaqWords":
        try:
            with model_storage.read_from(resource) as path:
                vocabulary = read_json_file(path / DATA_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug(f"No stored data for {cls.__name__} ({resource.name}): untrained.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vocabulary=vocabulary)
