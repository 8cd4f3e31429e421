"""NLU components that make the classifiers see only a bounded prefix of a long message.

The cost of spaCy, the featurizers and DIET grows with the length of the text (DIET's attention
with its square), so one 100 kB message could keep the Rasa server busy for a minute and take
gigabytes of memory. `TextPrefix`, first in the pipeline (config.yml), cuts the text the
components see to `max_chars` (at a word boundary) and keeps the whole text aside;
`FullText`, last in the pipeline, puts the whole text back, so that the parse data (and the
`latest_message` the action server receives) carry everything the patient wrote. The red-flag
reading in the action server always reads the whole message (actions/extraction.py).

Both only act when a message is parsed (they are not trained: training examples are short).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

FULL_TEXT = "full_text"


def prefix(text: Text, max_chars: int) -> Text:
    """The start of `text`, at most `max_chars` long, cut after a whole word when it can be."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


class _MessageStep(GraphComponent):
    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "_MessageStep":
        return cls(config)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TextPrefix(_MessageStep):
    """Cuts the text the NLU sees to `max_chars` characters (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_chars": 1000}

    def process(self, messages: List[Message]) -> List[Message]:
        limit = int(self.config.get("max_chars", 1000))
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > limit:
                message.set(FULL_TEXT, text)
                message.set(TEXT, prefix(text, limit))
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FullText(_MessageStep):
    """Puts the whole text back after the NLU (see module docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            full = message.get(FULL_TEXT)
            if isinstance(full, str):
                message.set(TEXT, full)
        return messages
