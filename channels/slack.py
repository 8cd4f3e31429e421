"""Slack (Events API + interactivity), direct messages with the app, on `/webhooks/slack/webhook`.

Inbound: the signing secret and the 5-minute timestamp window are checked before the body is
read (401 otherwise); url_verification is answered; only a patient's own DM text and button
clicks reach Rasa (bot messages, edits, reactions, files without text are ignored); each message
is processed once (keyed by channel and message ts, so Slack's retries for any reason and a
second event type for the same message are dropped) in the background, so Slack gets its 200 at
once. Renderer: Block Kit (a section per part, buttons in `actions` blocks of at most 5, the body
map as an `image` block). Settings: SLACK_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL (tests).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Set, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import http, verify
from actions.triage.knowledge import message
from channels.base import RenderedOutput, deliver, setting
from channels.render import headline, sections, titles

logger = logging.getLogger(__name__)
TEXT_LIMIT = 3000     # a section block's text
BUTTON_TEXT = 75      # a button's plain_text
BUTTON_VALUE = 2000
PER_ROW = 5


def esc(text: Text) -> Text:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(text: Text) -> Dict[Text, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": esc(text)[:TEXT_LIMIT]}}


def question_blocks(text: Text, buttons: Sequence[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    blocks = [section(text)]
    names = titles(buttons)
    for start in range(0, len(names), PER_ROW):
        blocks.append({"type": "actions", "block_id": f"choices_{start // PER_ROW}", "elements": [
            {"type": "button", "action_id": f"choice_{i}",
             "text": {"type": "plain_text", "text": names[i][:BUTTON_TEXT]},
             "value": str(buttons[i].get("payload") or names[i])[:BUTTON_VALUE]}
            for i in range(start, min(start + PER_ROW, len(names)))]})
    return blocks


def ending_blocks(ending: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    first, _, rest = headline(ending).partition("\n")
    top = f"*{esc(first)}*" + (f"\n{esc(rest)}" if rest else "")
    blocks: List[Dict[Text, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": top[:TEXT_LIMIT]}}]
    for part in sections(ending):
        if part["key"] == "summary":
            if ending.get("bodymap_url"):
                blocks.append({"type": "image", "image_url": ending["bodymap_url"],
                               "alt_text": message("channels", "bodymap_caption").rstrip(".")})
            body = esc(ending.get("summary", ""))
            if ending.get("summary_url"):
                body += (f"\n<{ending['summary_url']}|{message('channels', 'summary_link')}> "
                         + message("channels", "summary_private", valid=esc(ending.get("summary_valid", ""))))
            text = f"*{esc(part['title'])}*\n{body.strip()}"
        elif part["title"]:
            text = f"*{esc(part['title'])}*\n{esc(part['body'])}"
        else:
            text = f"_{esc(part['body'])}_"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:TEXT_LIMIT]}})
    return blocks


class SlackOutput(RenderedOutput):
    def __init__(self, token: Text, channel: Text):
        super().__init__(channel)
        self.token = token

    @classmethod
    def name(cls) -> Text:
        return "slack"

    async def _post(self, text: Text, blocks: Optional[List[Dict[Text, Any]]] = None) -> None:
        body: Dict[Text, Any] = {"channel": self.address, "text": text[:TEXT_LIMIT]}
        if blocks:
            body["blocks"] = blocks
        await http.post(f"{http.base('SLACK_API_URL')}/chat.postMessage", json=body,
                        headers={"Authorization": f"Bearer {self.token}"})

    async def send_text(self, text: Text) -> None:
        await self._post(text, [section(text)])

    async def send_question(self, text: Text, buttons: Sequence[Dict[Text, Any]]) -> None:
        await self._post(text, question_blocks(text, buttons))

    async def send_image(self, url: Text, caption: Text) -> None:
        await self._post(caption or message("channels", "picture"), [{"type": "image", "image_url": url, "alt_text": caption or message("channels", "picture")}])

    async def send_ending(self, ending: Dict[Text, Any]) -> None:
        await self._post(ending.get("first_line", ""), ending_blocks(ending))


class SlackInput(RasaSlackInput):
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackInput":
        return cls(setting(credentials, "slack_token", "SLACK_TOKEN"),
                   slack_signing_secret=setting(credentials, "slack_signing_secret", "SLACK_SIGNING_SECRET"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tasks: Set[asyncio.Task] = set()

    def _event(self, request: Request) -> Optional[Dict[Text, Any]]:
        """(user, channel, text, delivery id) of a message for Rasa, or None to ignore."""
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip()
        if ctype == "application/x-www-form-urlencoded":
            payload = json.loads((request.form.get("payload") or "{}"))
            if not isinstance(payload, dict) or not self._is_interactive_message(payload):
                return None
            action = payload["actions"][0]
            text = self._get_interactive_response(action)
            user, channel = (payload.get("user") or {}).get("id"), (payload.get("channel") or {}).get("id")
            team = (payload.get("team") or {}).get("id", "")
            delivery = f"action:{channel}:{action.get('action_ts') or payload.get('trigger_id')}"
        else:
            payload = json.loads(request.body or b"{}")
            if not isinstance(payload, dict):
                return None
            if payload.get("type") == "url_verification":
                return {"challenge": str(payload.get("challenge", ""))}
            event = payload.get("event") or {}
            if not self._is_user_message(payload) or event.get("subtype") or event.get("channel_type") != "im":
                return None
            users = [a.get("user_id") for a in payload.get("authorizations") or [] if isinstance(a, dict)]
            text = self._sanitize_user_message(str(event.get("text") or ""), users + list(payload.get("authed_users") or []))
            user, channel, team = event.get("user"), event.get("channel"), payload.get("team_id", "")
            delivery = f"msg:{channel}:{event.get('client_msg_id') or event.get('ts')}"
        if not user or not channel or not isinstance(text, str) or not text.strip():
            return None
        return {"user": f"{team}:{user}", "channel": channel, "text": text, "delivery": delivery}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("spine_slack_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not verify.slack(self.slack_signing_secret, request.headers.get("X-Slack-Request-Timestamp"),
                                request.headers.get("X-Slack-Signature"), request.body or b""):
                return response.text("bad or missing Slack signature", status=401)
            try:
                found = self._event(request)
            except (ValueError, KeyError, IndexError, TypeError, AttributeError):
                return response.text("unreadable Slack payload", status=400)
            if found is None:
                return response.text("")
            if "challenge" in found:
                return response.json({"challenge": found["challenge"]})
            output = SlackOutput(self.slack_token, found["channel"])
            task = asyncio.create_task(deliver(request, on_new_message, channel=self.name(), user=found["user"],
                                               text=found["text"], output=output, delivery_id=found["delivery"]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return response.text("")

        return bp
