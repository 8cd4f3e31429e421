"""The REST channel (`POST /webhooks/rest/webhook`, `{"sender": ID, "message": TEXT}`), hardened:
any body that is not a JSON object with a non-empty string `sender` and a string `message`
(empty, not JSON, wrong types, too long) gets 400/413 with a reason, never a 5xx. The ending is
answered as ONE message: its plain text, the body map as `image` and the neutral payload as
`custom` (for clients that render it themselves).

Like Rasa's, this channel has no authentication of its own: expose it only to trusted clients.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.render import ending_of, ending_text

logger = logging.getLogger(__name__)
MAX_SENDER = 128
# Rasa's internal intents that a client may not send: they would run with no reply at all.
RESERVED = {"/session_start"}


def reserved(message: Text) -> bool:
    """True for a message that is one of Rasa's internal commands (REST answers 400, socket.io a
    kind reply: either way it never reaches Rasa, which would run it and say nothing)."""
    return message.strip().split("{", 1)[0] in RESERVED
# A patient's long message is read whole for red flags (the engine reads it sentence by sentence and
# the NLU only a prefix), so the limit is far above any real message: 100 kB must get an answer.
MAX_MESSAGE = 200_000


class BadBody(ValueError):
    def __init__(self, reason: Text, status: int = 400):
        super().__init__(reason)
        self.status = status


def parse(body: bytes) -> Dict[Text, Any]:
    """`{"sender", "message", "metadata"}` of a valid body, else BadBody."""
    if not body or not body.strip():
        raise BadBody("empty body: send JSON {\"sender\": ID, \"message\": TEXT}")
    if len(body) > 4 * MAX_MESSAGE + 4096:
        raise BadBody("body too large", 413)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadBody("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadBody("the body must be a JSON object")
    sender, message, metadata = data.get("sender"), data.get("message"), data.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise BadBody("`sender` must be a non-empty string")
    if len(sender) > MAX_SENDER:
        raise BadBody(f"`sender` is longer than {MAX_SENDER} characters")
    if not isinstance(message, str):
        raise BadBody("`message` must be a string")
    if len(message) > MAX_MESSAGE:
        raise BadBody(f"`message` is longer than {MAX_MESSAGE} characters", 413)
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"): not text any channel could show
        raise BadBody("`message` is not valid Unicode text") from None
    if reserved(message):
        raise BadBody("that command is Rasa's own and cannot be sent as a message")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadBody("`metadata` must be a JSON object")
    return {"sender": sender, "message": message, "metadata": metadata}


class RestOutput(CollectingOutputChannel):
    """Collects the replies; the ending becomes one message (text, image, custom)."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        ending = ending_of(message)
        if ending is None:
            await super().send_response(recipient_id, message)
            return
        self.messages.append({"recipient_id": recipient_id, "text": ending_text(ending),
                              "image": ending.get("bodymap_url"), "custom": message["custom"]})


class RestInput(RasaRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        bp = Blueprint("spine_rest_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = parse(request.body)
            except BadBody as err:
                return response.json({"error": str(err)}, status=err.status)
            collector = RestOutput()
            metadata: Optional[Dict[Text, Any]] = body["metadata"]
            try:
                await on_new_message(UserMessage(body["message"], collector, body["sender"],
                                                 input_channel=self.name(), metadata=metadata))
            except Exception:  # noqa: BLE001 - as Rasa's: the replies so far, logged
                logger.exception("rest: could not handle a message")
            return response.json(collector.messages)

        return bp
