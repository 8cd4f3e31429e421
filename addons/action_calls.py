"""Calls to the action server: checked as strictly as Rasa does, over kept-alive connections.

**Connections.** Rasa 3.6 (`EndpointConfig.request`, rasa/utils/endpoints.py) opens a new
`aiohttp.ClientSession`, so a new TCP connection, for every call, two per interview turn. Here
`EndpointConfig.session` hands out one session per endpoint settings and event loop, which
`async with` leaves open, so connections are reused. Idle connections are closed after
`KEEPALIVE_SECONDS`, well before the action server's Sanic closes its side (5 s by default), so
a call never goes out on a connection the server has just closed.

**Checking the answers.**

Rasa (3.6, `RemoteAction._validate_action_result`) validates every answer of the action server
against its response schema with `jsonschema.validate`, which checks the schema itself and builds a
new validator on every call (about 85 % of the cost, docs/performance.md). Its event schema is then
a `oneOf` over 23 event schemas, so every event of the answer is validated 23 times.

Here the validators are built once, and each event is validated against the one event schema
whose `event` constant it names, plus the common part (`type`, `properties`, `required`). The
verdict is the same: the 23 schemas are told apart by that constant, so at most one of them can
match an event, and `oneOf` holds exactly when the schema of the event's own type does (an event
type with no schema matches none). An invalid answer raises a ValidationError with Rasa's hint
appended, as before.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any, Dict, Text, Tuple

import aiohttp
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

KEEPALIVE_SECONDS = 2.0
_sessions: Dict[Tuple, Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


class _Kept:
    """`async with` on it gives the shared session and leaves it open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def kept_session(self: EndpointConfig) -> _Kept:
    """The session of this event loop for these headers and credentials (made on first use)."""
    loop = asyncio.get_running_loop()
    auth = tuple(sorted((self.basic_auth or {}).items()))
    key = (id(loop), tuple(sorted((self.headers or {}).items())), auth)
    entry = _sessions.get(key)
    if entry is None or entry[0] is not loop or entry[1].closed or loop.is_closed():
        for old in [k for k, (other, _) in _sessions.items() if other.is_closed()]:
            del _sessions[old]  # sessions of loops that have ended (tests run several)
        basic = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if auth else None
        session = aiohttp.ClientSession(
            headers=self.headers, auth=basic,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
        )
        _sessions[key] = entry = (loop, session)
    return _Kept(entry[1])

HINT = (
    ". Failed to validate Action server response from API, make sure your response from the "
    f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


def _build(schema: Dict[Text, Any]) -> Any:
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@lru_cache(maxsize=1)
def _validator() -> Tuple[Any, Dict[Text, Any]]:
    """(the answer's validator with the common part of the event schema, one validator per event type)."""
    schema = RemoteAction.action_response_format_spec()
    event_schema = schema["properties"]["events"]["items"]
    common = {k: v for k, v in event_schema.items() if k != "oneOf"}
    answer = {**schema, "properties": {**schema["properties"],
                                       "events": {**schema["properties"]["events"], "items": common}}}
    by_type = {one["properties"]["event"]["const"]: _build(one) for one in event_schema["oneOf"]}
    return _build(answer), by_type


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    answer, by_type = _validator()
    try:
        answer.validate(result)
        for event in result.get("events") or []:
            one = by_type.get(event["event"])
            if one is None:
                raise ValidationError(f"{event!r} is not valid under any of the given schemas")
            one.validate(event)
        return True
    except ValidationError as e:
        e.message += HINT
        raise e


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    EndpointConfig.session = kept_session  # type: ignore[method-assign]
