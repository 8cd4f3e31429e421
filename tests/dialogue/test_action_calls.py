"""addons/action_calls.py: the action server's answers are checked as strictly as Rasa checks them
(the same verdict as Rasa's own check, answer by answer), with the validators built once."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import addons  # noqa: F401 - installs the checker, as loading config.yml's policies does
from addons import action_calls

GOOD = {"events": [{"event": "slot", "name": "symptom_side", "value": "left"}],
        "responses": [{"text": "Which side?"}]}
BAD = [
    {"events": {"event": "slot"}},  # events must be a list
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"responses": "hello"},
]


def action():
    return RemoteAction("action_test", None)


def test_rasa_uses_the_cached_checker():
    assert RemoteAction._validate_action_result is action_calls.validate_action_result


def test_a_good_answer_passes():
    assert action()._validate_action_result(GOOD) is True


@pytest.mark.parametrize("answer", BAD)
def test_a_bad_answer_is_refused_as_rasa_refuses_it(answer):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())  # Rasa's own check
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        action()._validate_action_result(answer)


def test_the_validator_is_built_once():
    action_calls._validator.cache_clear()
    for _ in range(3):
        action()._validate_action_result(GOOD)
    info = action_calls._validator.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def events_of_every_kind():
    """Valid and invalid events of every type in Rasa's schema, and of none."""
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    kinds = [one["properties"]["event"]["const"] for one in EVENT_SCHEMA["oneOf"]]
    out = [{"event": kind} for kind in kinds]
    out += [{"event": kind, "timestamp": "noon"} for kind in kinds]  # a wrong common field
    out += [
        {"event": "slot", "name": "case", "value": {"symptom_side": "left"}},
        {"event": "slot", "name": 3, "value": None},
        {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
        {"event": "action", "name": 7},
        {"event": "user", "text": "hello", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}},
        {"event": "user", "text": 5},
        {"event": "entities", "entities": [{"entity": "side", "value": "left", "start": 0, "end": 4}]},
        {"event": "entities", "entities": "left"},
        {"event": "bot", "text": "Which side?", "data": {}},
        {"event": "no_such_event"},
        {"timestamp": 1.0},
    ]
    return out


@pytest.mark.parametrize("event", events_of_every_kind(), ids=repr)
def test_every_event_gets_rasas_verdict(event):
    answer = {"events": [{"event": "slot", "name": "retries", "value": 0}, event]}
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
        rasa_says = True
    except jsonschema.ValidationError:
        rasa_says = False
    try:
        ours = action()._validate_action_result(answer)
    except jsonschema.ValidationError:
        ours = False
    assert ours == rasa_says
