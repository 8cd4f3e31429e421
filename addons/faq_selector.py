"""A cheap, deterministic response selector for the `faq/<topic>` retrieval intent.

It replaces Rasa's `ResponseSelector` (a second TensorFlow model: training time, about 17 s of
graph building when the server loads, and inference on every message) with TF-IDF features of
the message's text, word n-grams and char_wb n-grams together, and a k-nearest-neighbour vote: a
topic's score is the mean cosine similarity of the message to that topic's `k` closest training
examples (data/nlu/faq.yml). DIETClassifier still classifies the base intent `faq`.

**Not in config.yml (2026-12-02).** Measured against the ResponseSelector (docs/performance.md,
"ResponseSelector replaced"): better on the held-out phrasings of `make eval-nlu` (0.973 against
0.933) and cheaper (training 324 s -> 180 s), but `make eval-faq` fell below its 0.95 target
(55/60 with the same DIET model, against 57/60), so the ResponseSelector stays. To try it, put
`- name: addons.faq_selector.FaqSelector` (with `retrieval_intent: faq`) in place of the
ResponseSelector in config.yml.

On `process()` it sets the message's `response_selector` key exactly as Rasa 3.6's
`ResponseSelector` does (rasa/nlu/selectors/response_selector.py, `process` and
`_set_message_property`), so `actions/extraction.py` (`faq_key`), `actions/answers.py`
(`chosen_key`), Rasa's retrieval action (`utter_faq`) and `rasa test nlu` read it unchanged:

    {"all_retrieval_intents": ["faq"],
     "faq": {"response": {"responses": [{"text": ...}], "confidence": 0.93,
                          "intent_response_key": "faq/what_is_sciatica",
                          "utter_action": "utter_faq/what_is_sciatica"},
             "ranking": [{"confidence": 0.93, "intent_response_key": "faq/what_is_sciatica"}, ...]}}

Like the ResponseSelector it ranks the topics for every message, FAQ or not; whether a topic is
answered is decided by the intent (`faq_key`). Confidences are a softmax of the topic scores over
all topics (`temperature`), the ranking keeps the best `ranking_length`.

What is persisted in the model storage is the training examples (text and topic), the responses
and the retrieval intents, as JSON; `load()` fits the vectorizers again from them (a few tens of
milliseconds, deterministic), so no pickled scikit-learn object is kept across versions.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data import util
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

logger = logging.getLogger(__name__)

# Rasa's recipe validator warns at training when there are response examples and no component of
# the exact class `ResponseSelector`; this component consumes them.
warnings.filterwarnings(
    "ignore",
    message=r"You have defined training data with examples for training a response selector",
)

DATA_FILE = "faq_selector.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqSelector(GraphComponent):
    """Selects the `faq/<topic>` of a message with TF-IDF kNN (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": "faq",
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            # weight of the word features against the char_wb ones (both L2-normalised first)
            "word_weight": 0.5,
            "k": 3,
            "temperature": 0.05,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        examples: Optional[List[Tuple[Text, Text]]] = None,
        responses: Optional[Dict[Text, List[Dict[Text, Any]]]] = None,
        all_retrieval_intents: Optional[List[Text]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.examples: List[Tuple[Text, Text]] = list(examples or [])
        self.responses: Dict[Text, List[Dict[Text, Any]]] = dict(responses or {})
        self.all_retrieval_intents: List[Text] = list(all_retrieval_intents or [])
        self._fit()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FaqSelector":
        return cls(config, model_storage, resource)

    # ------------------------------------------------------------------ training
    def train(self, training_data: TrainingData) -> Resource:
        """Keeps the retrieval intent's examples, fits the vectorizers, persists."""
        self.all_retrieval_intents = sorted(training_data.retrieval_intents)
        intent = self.config.get("retrieval_intent")
        self.examples = [
            (ex.get(TEXT), ex.get(INTENT_RESPONSE_KEY))
            for ex in training_data.intent_examples
            if ex.get(TEXT)
            and ex.get(INTENT_RESPONSE_KEY)
            and (not intent or ex.get(INTENT) == intent)
        ]
        self.responses = {
            key: value
            for key, value in training_data.responses.items()
            if util.template_key_to_intent_response_key(key) in {k for _, k in self.examples}
        }
        self._fit()
        self.persist()
        return self._resource

    def _fit(self) -> None:
        self._labels: List[Text] = sorted({key for _, key in self.examples})
        self._word = self._char = self._matrix = None
        if not self._labels:
            return
        texts = [text for text, _ in self.examples]
        low, high = self.config["word_ngrams"]
        self._word = TfidfVectorizer(analyzer="word", ngram_range=(low, high), sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w+\b")
        low, high = self.config["char_ngrams"]
        self._char = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), sublinear_tf=True)
        self._word.fit(texts)
        self._char.fit(texts)
        self._matrix = self._features(texts)
        index = {label: i for i, label in enumerate(self._labels)}
        self._example_label = np.array([index[key] for _, key in self.examples])

    def _features(self, texts: List[Text]):
        weight = float(self.config["word_weight"])
        word = normalize(self._word.transform(texts)) * weight
        char = normalize(self._char.transform(texts))
        return normalize(hstack([word, char]).tocsr())

    # ------------------------------------------------------------------ inference
    def scores(self, text: Text) -> np.ndarray:
        """Each topic's score (order of `self._labels`): mean cosine of its k nearest examples."""
        sims = (self._features([text or ""]) @ self._matrix.T).toarray()[0]
        k = max(1, int(self.config["k"]))
        out = np.zeros(len(self._labels))
        for i in range(len(self._labels)):
            own = np.sort(sims[self._example_label == i])[-k:]
            out[i] = own.mean() if own.size else 0.0
        return out

    def _ranking(self, text: Text) -> List[Tuple[Text, float]]:
        scores = self.scores(text)
        exp = np.exp((scores - scores.max()) / float(self.config["temperature"]))
        confidences = exp / exp.sum()
        # stable sort: equal confidences keep the topics' alphabetical order (deterministic)
        order = np.argsort(-confidences, kind="stable")[: int(self.config["ranking_length"])]
        return [(self._labels[i], float(confidences[i])) for i in order]

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets `response_selector` on every message, as Rasa's ResponseSelector does."""
        if not self._labels:
            return messages
        selector_key = self.config.get("retrieval_intent") or RESPONSE_SELECTOR_DEFAULT_INTENT
        for message in messages:
            ranking = self._ranking(message.get(TEXT) or "")
            top_key, top_confidence = ranking[0]
            utter_action = util.intent_response_key_to_template_key(top_key)
            responses = self.responses.get(utter_action) or [{TEXT: top_key}]
            prediction = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    RESPONSE_SELECTOR_RESPONSES_KEY: responses,
                    PREDICTED_CONFIDENCE_KEY: top_confidence,
                    INTENT_RESPONSE_KEY: top_key,
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter_action,
                },
                RESPONSE_SELECTOR_RANKING_KEY: [
                    {PREDICTED_CONFIDENCE_KEY: confidence, INTENT_RESPONSE_KEY: key}
                    for key, confidence in ranking
                ],
            }
            properties = message.get(RESPONSE_SELECTOR_PROPERTY_NAME, {})
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = self.all_retrieval_intents
            properties[selector_key] = prediction
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
        return messages

    # ------------------------------------------------------------------ storage
    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as path:
            dump_obj_as_json_to_file(path / DATA_FILE, {
                "examples": [list(pair) for pair in self.examples],
                "responses": self.responses,
                "all_retrieval_intents": self.all_retrieval_intents,
            })

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FaqSelector":
        try:
            with model_storage.read_from(resource) as path:
                data = read_json_file(path / DATA_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug(f"No stored data for {cls.__name__} ({resource.name}): untrained.")
            return cls(config, model_storage, resource)
        return cls(
            config, model_storage, resource,
            examples=[tuple(pair) for pair in data.get("examples", [])],
            responses=data.get("responses"),
            all_retrieval_intents=data.get("all_retrieval_intents"),
        )
