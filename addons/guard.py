"""Per-sender rate limit (and a socket.io input check) inside the Rasa server (docs/privacy.md).

Enabled by one line in credentials.yml, `addons.guard.Guard:`. It is an input channel only to get
loaded by Rasa; it adds no route of its own. When Rasa registers it, it installs (and it keeps
patient text out of the Rasa server's logs, `quiet_patient_data`):

- an app-wide Sanic request middleware: a POST to `/webhooks/<channel>/webhook` whose JSON body
  names a `sender` is counted against that sender; over the limit it is answered with HTTP 429,
  a `Retry-After` header and a short kind message as a REST reply (`[{"recipient_id", "text"}]`),
  without reaching the dialogue;
- a wrapper around the socket.io channel's user-message handler: the same limit per session, and
  a malformed event (not an object, a non-string message, metadata that is not JSON) or a text
  longer than the REST channel accepts (MAX_TEXT) gets a kind bot message instead of an
  exception or minutes of parsing.

Limits (environment): RATE_LIMIT_MESSAGES (default 30) per RATE_LIMIT_SECONDS (default 10)
per sender, a token bucket (a burst of RATE_LIMIT_MESSAGES, then one every SECONDS/MESSAGES
seconds); RATE_LIMIT_MESSAGES=0 turns the limit off. A person typing never reaches it. The
cluster adds per-address limits in nginx (cluster/).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request

from actions.links import emergency_number
from actions.triage.knowledge import message
from channels.rest import MAX_MESSAGE as MAX_TEXT  # one limit for REST and socket.io
from channels.rest import reserved

logger = logging.getLogger(__name__)

# The replies (the `guard` section of knowledge/<language>/messages.yml).
def slow_down() -> str:
    return message("guard", "slow_down", number=emergency_number())


def too_long() -> str:
    return message("guard", "too_long", number=emergency_number())



BAD_EVENT = message("guard", "bad_event")
# Only past MAX_TEXT (far beyond any real message: a long message is read whole for warning signs).
MAX_KEYS = 50_000


def _env_float(name: Text, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


class Limiter:
    """Token buckets per key: `allow(key)` is False while the key is over its limit."""

    def __init__(self, messages: float, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.capacity = max(0.0, messages)
        self.rate = self.capacity / seconds if seconds > 0 else 0.0
        self.clock = clock
        self.buckets: Dict[Text, list] = {}
        self.lock = threading.Lock()

    @classmethod
    def from_env(cls) -> "Limiter":
        return cls(_env_float("RATE_LIMIT_MESSAGES", 30), _env_float("RATE_LIMIT_SECONDS", 10))

    @property
    def enabled(self) -> bool:
        return self.capacity > 0 and self.rate > 0

    def allow(self, key: Text) -> bool:
        if not self.enabled:
            return True
        now = self.clock()
        with self.lock:
            tokens, last = self.buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            ok = tokens >= 1
            self.buckets[key] = [tokens - 1 if ok else tokens, now]
            if len(self.buckets) > MAX_KEYS:
                self._prune(now)
            return ok

    def retry_after(self) -> int:
        return max(1, int(round(1 / self.rate))) if self.enabled else 0

    def _prune(self, now: float) -> None:
        full = self.capacity / self.rate
        for key in [k for k, (_, last) in self.buckets.items() if now - last > full]:
            del self.buckets[key]


def _sender_of(request: Request) -> Optional[Text]:
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    sender = data.get("sender") if isinstance(data, dict) else None
    return sender if isinstance(sender, str) and sender else None


def rest_middleware(limiter: Limiter) -> Callable[[Request], Awaitable[Any]]:
    async def limit(request: Request) -> Any:
        path = request.path
        if request.method != "POST" or not (path.startswith("/webhooks/") and path.endswith("/webhook")):
            return None
        sender = _sender_of(request)
        if sender is None or limiter.allow(f"rest:{sender}"):
            return None
        logger.info("rate limit: a sender was over %g messages per %g s", limiter.capacity,
                    limiter.capacity / limiter.rate)
        return response.json([{"recipient_id": sender, "text": slow_down()}], status=429,
                             headers={"Retry-After": str(limiter.retry_after())})

    return limit


def guard_socketio(channel: Any, limiter: Limiter) -> bool:
    """Wrap the socket.io channel's message handler; False if there is no such channel."""
    sio = getattr(channel, "sio", None)
    namespace = getattr(channel, "namespace", None) or "/"
    handlers = getattr(sio, "handlers", {}).get(namespace, {}) if sio else {}
    event, answer = getattr(channel, "user_message_evt", None), getattr(channel, "bot_message_evt", None)
    handler = handlers.get(event)
    if handler is None or getattr(handler, "guarded", False):
        return False
    persistent = bool(getattr(channel, "session_persistence", False))

    async def guarded(sid: Text, data: Any = None, *rest: Any) -> Any:
        async def reply(text: Text) -> None:
            await sio.emit(answer, {"text": text}, room=sid, namespace=namespace)

        if not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
            return await reply(BAD_EVENT)
        if len(data.get("message", "")) > MAX_TEXT:
            return await reply(too_long())
        if reserved(data.get("message", "")):
            return await reply(BAD_EVENT)
        metadata = data.get(getattr(channel, "metadata_key", "customData"))
        if isinstance(metadata, str):
            try:
                json.loads(metadata)
            except ValueError:
                data = {k: v for k, v in data.items() if k != channel.metadata_key}
        elif metadata is not None and not isinstance(metadata, dict):
            data = {k: v for k, v in data.items() if k != channel.metadata_key}
        session = data.get("session_id") if persistent else sid
        if persistent and not isinstance(session, str):
            return await reply(BAD_EVENT)
        if not limiter.allow(f"socketio:{session or sid}"):
            return await reply(slow_down())
        return await handler(sid, data, *rest)

    guarded.guarded = True  # type: ignore[attr-defined]
    handlers[event] = guarded
    return True


class GuardBlueprint(Blueprint):
    """Installs the middleware app-wide (a blueprint's own middleware covers its routes only)."""

    def __init__(self, limiter: Limiter):
        super().__init__("spine_guard")
        self.ctx.limiter = limiter

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        super().register(app, options)
        app.register_middleware(rest_middleware(self.ctx.limiter), "request")

        @app.listener("before_server_start")
        async def wrap_socketio(app: Sanic, _loop: Any) -> None:
            for channel in getattr(app.ctx, "input_channels", []) or []:
                if guard_socketio(channel, self.ctx.limiter):
                    logger.info("guard: socket.io messages limited per session")


# ----------------------------------------------------------------------------- quiet logs
# Rasa's own structlog keys that may carry patient text (rasa/utils/log_utils.py, _anonymizer).
TEXT_KEYS = ("text", "response_text", "user_text", "slot_values", "parse_data_text",
             "parse_data_entities", "prediction_events", "tracker_latest_message", "prefilled_slots",
             "message", "response", "slot_candidates", "rasa_event", "rasa_events", "user_message",
             "json_message", "entity", "token_text", "sender_id")


def _structlog_redactor(_logger: Any, _method: Text, event: Dict[Text, Any]) -> Dict[Text, Any]:
    for key in TEXT_KEYS:
        if key in event:
            event[key] = "<redacted>"
    return event


def quiet_patient_data() -> None:
    """No patient text from the Rasa server's logs at the default level (docs/privacy.md).

    - Rasa's warning for a malformed `/intent{...}` command quotes the whole message: dropped;
    - Rasa's structlog events: the keys that may hold text, slots or ids are redacted;
    - the project's own loggers: strings in arguments replaced by their length.
    LOG_LEVEL=DEBUG leaves everything as it is.
    """
    if os.environ.get("LOG_LEVEL", "").upper() == "DEBUG":
        return
    import warnings

    warnings.filterwarnings("ignore", message=r"(?s).*Failed to parse arguments in line")
    try:
        import structlog

        processors = structlog.get_config()["processors"]
        if _structlog_redactor not in processors:
            processors.insert(0, _structlog_redactor)  # in place: loggers already made see it too
    except Exception:  # noqa: BLE001 - structlog not configured: nothing of Rasa's to redact
        pass
    from actions.privacy import redact_project_logs

    redact_project_logs()


class Guard(InputChannel):
    """Not a channel: loads the rate limit into the Rasa server (module docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "guard"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        quiet_patient_data()
        return GuardBlueprint(Limiter.from_env())
