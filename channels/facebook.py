"""Facebook Messenger on `/webhooks/facebook/webhook`.

GET: the subscription check (`hub.verify_token`, constant time). POST: `X-Hub-Signature-256`
(HMAC-SHA256 with the app secret, constant time) before anything is read (403 otherwise); then
EVERY messaging event of the (possibly batched) POST, in order: texts, quick replies and
postbacks go to Rasa once each (keyed by `mid`); echoes of any kind, reads, deliveries,
reactions and edits are ignored; stickers, pictures and locations get a kind reply.
Renderer: quick replies when the choices fit Messenger's limits (at most 13, titles of at most
20 characters), else the question as numbered text ("Reply 1, 2 or 3", mapped back); texts cut
to 2000 characters; the body map as an image attachment; the summary link as a URL button.
No sender actions (seen/typing): one call per reply, nothing else. Settings:
FACEBOOK_VERIFY_TOKEN, FACEBOOK_APP_SECRET, FACEBOOK_PAGE_ACCESS_TOKEN, FACEBOOK_API_URL.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import http, verify
from actions.triage.knowledge import message
from channels.base import RenderedOutput, deliver, kind_reply, setting
from channels.render import headline, numbered, section_text, sections, split, titles

logger = logging.getLogger(__name__)
TEXT_LIMIT = 2000
QUICK_REPLIES = 13
TITLE_LIMIT = 20
TEMPLATE_TEXT = 640
PAYLOAD_LIMIT = 1000


def quick_replies_fit(buttons: Sequence[Dict[Text, Any]]) -> bool:
    names = titles(buttons)
    return 0 < len(names) <= QUICK_REPLIES and all(0 < len(t) <= TITLE_LIMIT for t in names)


def question_messages(text: Text, buttons: Sequence[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The Send API `message` objects of one question."""
    if not quick_replies_fit(buttons):
        return [{"text": piece} for piece in split(numbered(text, buttons), TEXT_LIMIT)]
    pieces = split(text, TEXT_LIMIT) or [message("channels", "choose")]
    out: List[Dict[Text, Any]] = [{"text": piece} for piece in pieces[:-1]]
    out.append({"text": pieces[-1], "quick_replies": [
        {"content_type": "text", "title": t, "payload": str(b.get("payload") or t)[:PAYLOAD_LIMIT]}
        for t, b in zip(titles(buttons), buttons, strict=True)]})
    return out


def image_message(url: Text) -> Dict[Text, Any]:
    return {"attachment": {"type": "image", "payload": {"url": url, "is_reusable": True}}}


def ending_messages(ending: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    out = [{"text": piece} for piece in split(headline(ending), TEXT_LIMIT)]
    for part in sections(ending):
        if part["key"] == "summary":
            if ending.get("bodymap_url"):
                out.append(image_message(ending["bodymap_url"]))
            if ending.get("summary"):
                out += [{"text": p} for p in split(f"{part['title']}\n{ending['summary']}", TEXT_LIMIT)]
            if ending.get("summary_url"):
                note = message("channels", "summary_note", valid=ending.get("summary_valid", ""))
                out.append({"attachment": {"type": "template", "payload": {
                    "template_type": "button", "text": note[:TEMPLATE_TEXT],
                    "buttons": [{"type": "web_url", "url": ending["summary_url"], "title": message("channels", "summary_button")}]}}})
        else:
            out += [{"text": p} for p in split(section_text(part), TEXT_LIMIT)]
    return out


class MessengerOutput(RenderedOutput):
    def __init__(self, page_token: Text, psid: Text):
        super().__init__(psid)
        self.page_token = page_token

    @classmethod
    def name(cls) -> Text:
        return "facebook"

    async def _send(self, message: Dict[Text, Any]) -> None:
        await http.post(f"{http.base('FACEBOOK_API_URL')}/me/messages", params={"access_token": self.page_token},
                        json={"recipient": {"id": self.address}, "messaging_type": "RESPONSE", "message": message})

    async def _send_all(self, messages: List[Dict[Text, Any]]) -> None:
        for item in messages:
            await self._send(item)

    async def send_text(self, text: Text) -> None:
        await self._send_all([{"text": p} for p in split(text, TEXT_LIMIT)])

    async def send_question(self, text: Text, buttons: Sequence[Dict[Text, Any]]) -> None:
        await self._send_all(question_messages(text, buttons))

    async def send_image(self, url: Text, caption: Text) -> None:
        await self._send(image_message(url))

    async def send_ending(self, ending: Dict[Text, Any]) -> None:
        await self._send_all(ending_messages(ending))


def event_text(event: Dict[Text, Any]) -> Optional[Text]:
    """The text Rasa should get from one messaging event; "" for unreadable content; None to ignore."""
    if "message" in event:
        message = event.get("message") or {}
        if message.get("is_echo"):
            return None
        reply = (message.get("quick_reply") or {}).get("payload")
        text = reply or message.get("text")
        if isinstance(text, str) and text.strip():
            return text
        return "" if message.get("attachments") or message.get("sticker_id") else None
    if "postback" in event:
        payload = (event.get("postback") or {}).get("payload") or (event.get("postback") or {}).get("title")
        return payload if isinstance(payload, str) and payload.strip() else None
    return None  # read, delivery, reaction, message_edit, optin, ...


def event_id(event: Dict[Text, Any]) -> Text:
    body = event.get("message") or event.get("postback") or {}
    return body.get("mid") or f"{(event.get('sender') or {}).get('id')}:{event.get('timestamp')}"


class FacebookInput(RasaFacebookInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "FacebookInput":
        return cls(setting(credentials, "verify", "FACEBOOK_VERIFY_TOKEN"),
                   setting(credentials, "secret", "FACEBOOK_APP_SECRET"),
                   setting(credentials, "page-access-token", "FACEBOOK_PAGE_ACCESS_TOKEN"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("spine_fb_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET"])
        async def subscribe(request: Request) -> HTTPResponse:
            token = request.args.get("hub.verify_token") or ""
            if (request.args.get("hub.mode") == "subscribe" and self.fb_verify
                    and hmac.compare_digest(token.encode(), self.fb_verify.encode())):
                return response.text(request.args.get("hub.challenge") or "")
            return response.text("wrong verify token", status=403)

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            body = request.body or b""
            if not verify.facebook(self.fb_secret, request.headers.get("X-Hub-Signature-256"), body):
                return response.text("bad or missing X-Hub-Signature-256", status=403)
            try:
                payload = json.loads(body)
                entries = [e for e in payload.get("entry") or [] if isinstance(e, dict)]
            except (ValueError, AttributeError, TypeError):
                return response.text("unreadable payload", status=400)
            for entry in entries:
                for event in entry.get("messaging") or []:
                    await self._handle(request, on_new_message, event)
            return response.text("success")

        return bp

    async def _handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      event: Any) -> None:
        if not isinstance(event, dict):
            return
        psid = (event.get("sender") or {}).get("id")
        text = event_text(event)
        if text is None or not psid:
            return
        output = MessengerOutput(self.fb_access_token, str(psid))
        if text == "":
            await kind_reply(request, channel=self.name(), delivery_id=event_id(event), output=output)
            return
        await deliver(request, on_new_message, channel=self.name(), user=str(psid), text=text, output=output,
                      delivery_id=event_id(event), numbered=lambda buttons: not quick_replies_fit(buttons))
