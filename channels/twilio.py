"""SMS and WhatsApp through Twilio on `/webhooks/twilio/webhook` (TWILIO_NUMBER `+…` for SMS,
`whatsapp:+…` for WhatsApp).

Inbound: `X-Twilio-Signature` is checked with the `twilio` package's RequestValidator over
RASA_PUBLIC_URL + the webhook path and the form parameters, before anything else (403
otherwise); each `MessageSid` is processed once; a message without text (a picture, a location,
an empty SMS) gets a kind reply. The answer is empty TwiML: replies go through the REST API.
Renderer: plain text; a question's choices as a numbered list, "Reply 1, 2 or 3, or answer in
your own words", and a bare "2" is mapped back to choice 2; messages cut to 1600 characters (the
API's limit); the body map as a media message on WhatsApp, as a link on SMS (TWILIO_MMS=true for
an MMS-capable number). Settings: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_NUMBER,
RASA_PUBLIC_URL, TWILIO_API_URL (tests).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Awaitable, Callable, Dict, Optional, Sequence, Text

import aiohttp
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import http, verify
from actions.triage.knowledge import message
from channels.base import RenderedOutput, deliver, kind_reply, setting
from channels.render import ending_text, numbered, split

logger = logging.getLogger(__name__)
TEXT_LIMIT = 1600
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class TwilioOutput(RenderedOutput):
    def __init__(self, account_sid: Text, auth_token: Text, number: Text, to: Text):
        super().__init__(to)
        self.account_sid, self.auth_token, self.number = account_sid, auth_token, number

    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @property
    def pictures(self) -> bool:
        return self.number.startswith("whatsapp:") or os.environ.get("TWILIO_MMS", "").lower() in ("1", "true", "yes")

    async def _send(self, body: Text, media: Optional[Text] = None) -> None:
        data = {"To": self.address, "From": self.number, "Body": body}
        if media:
            data["MediaUrl"] = media
        await http.post(f"{http.base('TWILIO_API_URL')}/2010-04-01/Accounts/{self.account_sid}/Messages.json",
                        data=data, auth=aiohttp.BasicAuth(self.account_sid, self.auth_token))

    async def send_text(self, text: Text) -> None:
        for piece in split(text, TEXT_LIMIT):
            await self._send(piece)

    async def send_question(self, text: Text, buttons: Sequence[Dict[Text, Any]]) -> None:
        await self.send_text(numbered(text, buttons))

    async def send_image(self, url: Text, caption: Text) -> None:
        if self.pictures:
            await self._send(caption, url)
        else:
            await self.send_text(f"{caption}: {url}" if caption else url)

    async def send_ending(self, ending: Dict[Text, Any]) -> None:
        await self.send_text(ending_text(ending, bodymap=not self.pictures))
        if self.pictures and ending.get("bodymap_url"):
            await self._send(message("channels", "bodymap_caption"), ending["bodymap_url"])


class TwilioInput(RasaTwilioInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioInput":
        channel = cls(setting(credentials, "account_sid", "TWILIO_ACCOUNT_SID"),
                      setting(credentials, "auth_token", "TWILIO_AUTH_TOKEN"),
                      setting(credentials, "twilio_number", "TWILIO_NUMBER"))
        channel.public_url = setting(credentials, "public_url", "RASA_PUBLIC_URL").rstrip("/")
        return channel

    public_url = ""

    def signed_url(self, request: Request) -> Text:
        """The address Twilio signed: the public one, not the one behind a proxy."""
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_url}{request.path}{query}"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("spine_twilio_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            try:
                params = {k: v[0] if isinstance(v, list) else v for k, v in (request.form or {}).items()}
            except Exception:  # noqa: BLE001 - an unparsable body cannot carry a valid signature
                params = {}
            if not verify.twilio(self.auth_token, self.signed_url(request), params,
                                 request.headers.get("X-Twilio-Signature")):
                return response.text("bad or missing X-Twilio-Signature", status=403)
            sender, sid = params.get("From"), params.get("MessageSid") or params.get("SmsSid")
            if sender:
                output = TwilioOutput(self.account_sid, self.auth_token, self.twilio_number, sender)
                text = (params.get("Body") or "").strip()
                if text:
                    await deliver(request, on_new_message, channel=self.name(), user=sender, text=text,
                                  output=output, delivery_id=sid, numbered=lambda buttons: True)
                else:
                    await kind_reply(request, channel=self.name(), delivery_id=sid, output=output)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return bp
