"""addons/action_calls.py: the action server's answers are checked as strictly as Rasa checks them
(the same verdict as Rasa's own check, answer by answer), with the validators built once; calls
reuse a kept-alive connection, and one idle too long or closed by the server is replaced."""

from __future__ import annotations

import asyncio

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

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


# ---------------------------------------------------------------------- kept-alive connections
def serve(close_each: bool = False):
    """A local HTTP server answering JSON; it records the client port of every request."""
    import threading

    from aiohttp import web

    from tools.stack import free_port

    ports = []
    port = free_port()
    started = threading.Event()
    holder = {}

    async def answer(request):
        ports.append(request.transport.get_extra_info("peername")[1])
        headers = {"Connection": "close"} if close_each else {}
        return web.json_response({"events": [], "responses": []}, headers=headers)

    def run():
        loop = asyncio.new_event_loop()
        holder["loop"] = loop
        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    threading.Thread(target=run, daemon=True).start()
    started.wait(10)
    return EndpointConfig(f"http://127.0.0.1:{port}/webhook"), ports


def calls(endpoint, n, pause=0.0):
    async def main():
        for _ in range(n):
            assert await endpoint.request(json={"next_action": "x"}, method="post") == {
                "events": [], "responses": []}
            await asyncio.sleep(pause)

    asyncio.run(main())


def test_calls_reuse_one_connection():
    endpoint, ports = serve()
    calls(endpoint, 5)
    assert len(ports) == 5 and len(set(ports)) == 1


def test_a_connection_idle_longer_than_the_keepalive_is_not_reused(monkeypatch):
    monkeypatch.setattr(action_calls, "KEEPALIVE_SECONDS", 0.2)
    endpoint, ports = serve()
    calls(endpoint, 2, pause=0.6)
    assert len(set(ports)) == 2


def test_a_server_that_closes_each_connection_still_answers_every_call():
    endpoint, ports = serve(close_each=True)
    calls(endpoint, 3)
    assert len(ports) == 3 and len(set(ports)) == 3


def test_each_event_loop_gets_its_own_session():
    endpoint, ports = serve()
    calls(endpoint, 2)
    calls(endpoint, 2)  # a second asyncio.run: the first loop's session is not used there
    assert len(ports) == 4 and len(set(ports)) == 2
