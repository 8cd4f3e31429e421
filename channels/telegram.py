"""Telegram on `/webhooks/telegram/webhook`.

No Telegram call at start or per message (Rasa's connector calls setWebhook at start and getMe
per message): the webhook is registered once with `make telegram-webhook` (`python -m
channels.telegram`), with TELEGRAM_SECRET_TOKEN, and every update must carry it in
`X-Telegram-Bot-Api-Secret-Token` (401 otherwise). Each `update_id` is processed once; texts
and button taps go to Rasa; edits, reactions and service messages are ignored; stickers,
pictures, locations and voice notes get a kind reply; a tapped button's callback query is
answered (the spinner stops). Renderer: inline keyboards whose callback data is the answer
itself when it fits Telegram's 64 bytes, else a short reference (`#2:ab12cd`) resolved against
the question it belongs to; texts cut to 4096 characters; the body map as a photo.
Settings: TELEGRAM_TOKEN, TELEGRAM_BOT_NAME, TELEGRAM_SECRET_TOKEN, RASA_PUBLIC_URL,
TELEGRAM_API_URL (tests).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import urllib.request
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import http, ids, verify
from actions.triage import knowledge
from channels.base import RenderedOutput, deliver, kind_reply, last_choices, setting
from channels.render import headline, section_text, sections, split, titles

logger = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_LIMIT = 64
UNREADABLE_KINDS = ("sticker", "photo", "location", "venue", "voice", "audio", "video", "video_note",
                    "document", "animation", "contact", "poll", "dice")
PATH = "/webhooks/telegram/webhook"


def callback_data(index: int, button: Dict[Text, Any]) -> Text:
    payload = str(button.get("payload") or button.get("title") or "")
    if 0 < len(payload.encode()) <= CALLBACK_LIMIT and not payload.startswith("#"):
        return payload
    return f"#{index + 1}:{hashlib.sha256(payload.encode()).hexdigest()[:6]}"


def resolve(data: Text, buttons: Sequence[Dict[Text, Any]]) -> Optional[Text]:
    """The payload a short reference names, if it belongs to the question being answered."""
    if not data.startswith("#") or ":" not in data:
        return None
    number, _, digest = data[1:].partition(":")
    if not number.isdigit() or not 1 <= int(number) <= len(buttons):
        return None
    button = buttons[int(number) - 1]
    return str(button.get("payload") or button.get("title")) if callback_data(int(number) - 1, button) == data else None


def keyboard(buttons: Sequence[Dict[Text, Any]]) -> Dict[Text, Any]:
    names = titles(buttons)
    keys = [{"text": t, "callback_data": callback_data(i, b)} for i, (t, b) in enumerate(zip(names, buttons, strict=True))]
    per_row = 2 if all(len(t) <= 16 for t in names) else 1
    return {"inline_keyboard": [keys[i:i + per_row] for i in range(0, len(keys), per_row)]}


def ending_calls(chat_id: Text, ending: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """(method, payload) of the ending: what to do now first, the body map before the summary."""
    calls = [{"method": "sendMessage", "chat_id": chat_id, "text": p} for p in split(headline(ending), TEXT_LIMIT)]
    for part in sections(ending):
        if part["key"] == "summary" and ending.get("bodymap_url"):
            calls.append({"method": "sendPhoto", "chat_id": chat_id, "photo": ending["bodymap_url"],
                          "caption": knowledge.message("channels", "bodymap_caption")})
        calls += [{"method": "sendMessage", "chat_id": chat_id, "text": p}
                  for p in split(section_text(part), TEXT_LIMIT)]
    return calls


class TelegramOutput(RenderedOutput):
    def __init__(self, token: Text, chat_id: Text):
        super().__init__(chat_id)
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    async def call(self, method: Text, **payload: Any) -> None:
        await http.post(f"{http.base('TELEGRAM_API_URL')}/bot{self.token}/{method}", json=payload)

    async def send_text(self, text: Text) -> None:
        for piece in split(text, TEXT_LIMIT):
            await self.call("sendMessage", chat_id=self.address, text=piece)

    async def send_question(self, text: Text, buttons: Sequence[Dict[Text, Any]]) -> None:
        pieces = split(text, TEXT_LIMIT) or [knowledge.message("channels", "choose")]
        for piece in pieces[:-1]:
            await self.call("sendMessage", chat_id=self.address, text=piece)
        await self.call("sendMessage", chat_id=self.address, text=pieces[-1], reply_markup=keyboard(buttons))

    async def send_image(self, url: Text, caption: Text) -> None:
        await self.call("sendPhoto", chat_id=self.address, photo=url, caption=caption[:CAPTION_LIMIT])

    async def send_ending(self, ending: Dict[Text, Any]) -> None:
        for call in ending_calls(self.address, ending):
            await self.call(**call)


class TelegramInput(RasaTelegramInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        channel = cls(setting(credentials, "access_token", "TELEGRAM_TOKEN"),
                      setting(credentials, "verify", "TELEGRAM_BOT_NAME"), "")
        channel.secret_token = setting(credentials, "secret_token", "TELEGRAM_SECRET_TOKEN")
        return channel

    secret_token = ""

    def get_output_channel(self) -> None:  # type: ignore[override]
        """Rasa's calls setWebhook here; replies are bound to each chat in `blueprint`."""
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("spine_telegram_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not verify.telegram(self.secret_token, request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
                return response.text("bad or missing secret token", status=401)
            try:
                update = json.loads(request.body or b"{}")
                if not isinstance(update, dict):
                    raise ValueError("not an object")
            except ValueError:
                return response.text("unreadable update", status=400)
            await self._handle(request, on_new_message, update)
            return response.text("ok")

        return bp

    async def _handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      update: Dict[Text, Any]) -> None:
        delivery = str(update.get("update_id")) if update.get("update_id") is not None else None
        query = update.get("callback_query")
        if isinstance(query, dict):
            chat = ((query.get("message") or {}).get("chat") or {}).get("id") or (query.get("from") or {}).get("id")
            user = (query.get("from") or {}).get("id")
            output = TelegramOutput(self.access_token, str(chat))
            if query.get("id"):
                await output.call("answerCallbackQuery", callback_query_id=query["id"])
            data = query.get("data")
            if not (chat and user and isinstance(data, str) and data):
                return
            if data.startswith("#"):
                data = resolve(data, await last_choices(request.app, ids.pseudonym(self.name(), str(user))))
                if data is None:
                    await kind_reply(request, channel=self.name(), delivery_id=delivery, output=output, text=knowledge.message("channels", "stale_button"))
                    return
            await deliver(request, on_new_message, channel=self.name(), user=str(user), text=data,
                          output=output, delivery_id=delivery)
            return
        message = update.get("message")
        if not isinstance(message, dict):
            return  # edited_message, message_reaction, channel posts, member updates, ...
        chat, user = (message.get("chat") or {}).get("id"), (message.get("from") or {}).get("id")
        if not chat or not user:
            return
        output = TelegramOutput(self.access_token, str(chat))
        text = message.get("text")
        if isinstance(text, str) and text.strip().split("@")[0] == "/start":
            text = "hello"  # the button every new chat starts with: a greeting
        if isinstance(text, str) and text.strip():
            await deliver(request, on_new_message, channel=self.name(), user=str(user), text=text,
                          output=output, delivery_id=delivery)
        elif any(kind in message for kind in UNREADABLE_KINDS):
            await kind_reply(request, channel=self.name(), delivery_id=delivery, output=output)


def set_webhook() -> int:
    """`make telegram-webhook`: register RASA_PUBLIC_URL's webhook with the secret token."""
    token, secret, public = (os.environ.get(v, "") for v in ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN",
                                                               "RASA_PUBLIC_URL"))
    missing = [n for n, v in (("TELEGRAM_TOKEN", token), ("TELEGRAM_SECRET_TOKEN", secret),
                              ("RASA_PUBLIC_URL", public)) if not v]
    if missing:
        print(f"set {', '.join(missing)} first", file=sys.stderr)
        return 2
    body = json.dumps({"url": public.rstrip("/") + PATH, "secret_token": secret,
                       "allowed_updates": ["message", "callback_query"]}).encode()
    req = urllib.request.Request(f"{http.base('TELEGRAM_API_URL')}/bot{token}/setWebhook", data=body,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            answer = json.loads(resp.read() or b"{}")
    except (OSError, ValueError) as err:
        print(f"setWebhook failed: {err}", file=sys.stderr)
        return 1
    print(f"setWebhook {public.rstrip('/') + PATH}: {answer.get('description') or answer.get('ok')}")
    return 0 if answer.get("ok") else 1


if __name__ == "__main__":
    sys.exit(set_webhook())
