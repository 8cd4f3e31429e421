"""addons/faq_selector.py: trained on a few examples, it sets `response_selector` exactly as Rasa's
ResponseSelector does, and the action server's code (faq_key, chosen_key) reads it unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.answers import chosen_key
from actions.extraction import faq_key
from addons.faq_selector import FaqSelector
from tests.actions.support import make_tracker

ROOT = Path(__file__).resolve().parents[2]

TOPICS = {
    "what_is_sciatica": [
        "what is sciatica",
        "can you explain sciatica to me",
        "what does sciatica mean",
        "what do doctors mean by sciatica",
    ],
    "herniated_disc": [
        "what is a slipped disc",
        "what is a herniated disc",
        "how does a disc bulge happen",
        "what is a prolapsed disc in the spine",
    ],
    "xray": [
        "do I need an x-ray",
        "will an x-ray show what is wrong with my back",
        "should I get a scan or an x-ray",
        "is an xray useful for back pain",
    ],
}
OTHER = {
    "describe_symptoms": ["my left calf is numb", "I have a burning pain down my right leg"],
    "greet": ["hello", "hi there"],
}
HELD_OUT = {
    "what is sciatica exactly?": "what_is_sciatica",
    "could you tell me what a slipped disk is": "herniated_disc",
    "would an x ray help find the problem": "xray",
}
RESPONSE_KEYS = {"responses", "confidence", "intent_response_key", "utter_action"}


def training_data() -> TrainingData:
    examples = [
        Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: f"faq/{topic}"})
        for topic, texts in TOPICS.items() for text in texts
    ]
    examples += [Message(data={TEXT: text, INTENT: intent}) for intent, texts in OTHER.items() for text in texts]
    responses = {f"utter_faq/{topic}": [{"text": f"answer about {topic}"}] for topic in TOPICS}
    return TrainingData(training_examples=examples, responses=responses)


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def trained(storage, data: TrainingData = None, **config) -> FaqSelector:
    resource = Resource("faq_selector")
    context = ExecutionContext(graph_schema=None, node_name="faq_selector")  # type: ignore[arg-type]
    selector = FaqSelector.create({**FaqSelector.get_default_config(), **config}, storage, resource, context)
    selector.train(data or training_data())
    return selector


def parse(selector: FaqSelector, text: str, intent: str) -> dict:
    [message] = selector.process([Message(data={TEXT: text})])
    parse_data = message.as_dict(only_output_properties=True)
    parse_data["intent"] = {"name": intent, "confidence": 0.9}
    parse_data["intent_ranking"] = [{"name": intent, "confidence": 0.9}]
    return parse_data


def test_the_structure_is_the_response_selectors(storage):
    data = parse(trained(storage), "what is sciatica exactly?", "faq")
    selector = data["response_selector"]
    assert set(selector) == {"all_retrieval_intents", "faq"}
    assert selector["all_retrieval_intents"] == ["faq"]
    assert set(selector["faq"]) == {"response", "ranking"}
    response = selector["faq"]["response"]
    assert set(response) == RESPONSE_KEYS
    assert response == {
        "responses": [{"text": "answer about what_is_sciatica"}],
        "confidence": response["confidence"],
        "intent_response_key": "faq/what_is_sciatica",
        "utter_action": "utter_faq/what_is_sciatica",
    }
    assert isinstance(response["confidence"], float) and 0.0 < response["confidence"] <= 1.0
    ranking = selector["faq"]["ranking"]
    assert [set(r) for r in ranking] == [{"confidence", "intent_response_key"}] * len(TOPICS)
    assert ranking[0] == {"confidence": response["confidence"], "intent_response_key": "faq/what_is_sciatica"}
    assert {r["intent_response_key"] for r in ranking} == {f"faq/{t}" for t in TOPICS}
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


@pytest.mark.parametrize("text, topic", HELD_OUT.items())
def test_held_out_phrasings_get_their_topic(storage, text, topic):
    data = parse(trained(storage), text, "faq")
    assert faq_key(data, text) == topic
    assert chosen_key(make_tracker(text=text, intent="faq", parse_data=data)) == topic


def test_a_non_faq_message_is_ranked_but_not_answered(storage):
    text = "my left calf has been numb for two weeks"
    data = parse(trained(storage), text, "describe_symptoms")
    ranking = data["response_selector"]["faq"]["ranking"]
    assert len(ranking) == len(TOPICS)
    assert data["response_selector"]["faq"]["response"]["intent_response_key"].startswith("faq/")
    # the policy code answers only when the intent is faq, or a question with a share of faq
    assert faq_key(data, text) is None


def test_a_question_classified_otherwise_needs_a_share_of_faq(storage):
    text = "what is sciatica?"
    data = parse(trained(storage), text, "describe_symptoms")
    assert faq_key(data, text) is None
    data["intent_ranking"].append({"name": "faq", "confidence": 0.3})
    assert faq_key(data, text) == "what_is_sciatica"


def test_persisted_and_loaded_it_selects_the_same(storage):
    selector = trained(storage)
    context = ExecutionContext(graph_schema=None, node_name="faq_selector")  # type: ignore[arg-type]
    loaded = FaqSelector.load(FaqSelector.get_default_config(), storage, Resource("faq_selector"), context)
    for text in [*HELD_OUT, "hello", ""]:
        assert parse(loaded, text, "faq") == parse(selector, text, "faq")


def test_untrained_it_leaves_messages_alone(storage):
    context = ExecutionContext(graph_schema=None, node_name="faq_selector")  # type: ignore[arg-type]
    empty = FaqSelector.load(FaqSelector.get_default_config(), storage, Resource("nothing"), context)
    [message] = empty.process([Message(data={TEXT: "what is sciatica"})])
    assert message.get("response_selector") is None


def test_the_ranking_is_cut_to_ranking_length(storage):
    data = parse(trained(storage, ranking_length=2), "what is sciatica", "faq")
    assert len(data["response_selector"]["faq"]["ranking"]) == 2


def test_on_the_project_data_held_out_faq_phrasings_are_selected(storage):
    """data/nlu/faq.yml against tests/nlu/faq_heldout.yml (the eval-nlu figure, 0.973 on 2026-12-02)."""
    train = load_data(str(ROOT / "data" / "nlu"))
    selector = trained(storage, train)
    test = load_data(str(ROOT / "tests" / "nlu" / "faq_heldout.yml"))
    examples = [e for e in test.intent_examples if e.get(INTENT_RESPONSE_KEY)]
    hits = 0
    for example in examples:
        [message] = selector.process([Message(data={TEXT: example.get(TEXT)})])
        hits += message.get("response_selector")["faq"]["response"]["intent_response_key"] == example.get(
            INTENT_RESPONSE_KEY)
    assert len(examples) >= 100
    assert hits / len(examples) >= 0.95
