"""Patients on each platform: signed inbound requests as the platform sends them, to the REAL
Rasa server, and what the bot sent back as the fake platform API recorded it (fakes.py).

Each client has `say(text)` (a typed message), `choose(title)` (a tap on a choice, or on SMS the
choice's number), `last_choices()` (the choices of the last question as the patient saw them),
`sender_id` (the tracker's id: the keyed hash of the platform id) and `transcript()`.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

from channels.ids import pseudonym

SECRETS = {
    "SLACK_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "slack-signing-secret",
    "FACEBOOK_VERIFY_TOKEN": "fb-verify-token", "FACEBOOK_APP_SECRET": "fb-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "twilio-auth-token",
    "TWILIO_NUMBER": "+15005550006",
    "TELEGRAM_TOKEN": "123456:TEST-telegram-token", "TELEGRAM_BOT_NAME": "spine_test_bot",
    "TELEGRAM_SECRET_TOKEN": "telegram-secret-token",
    "RASA_PUBLIC_URL": "https://bot.example.org",
    "SENDER_ID_KEY": "test-sender-id-key",
}
_counter = itertools.count(1000)
NUMBERED = re.compile(r"^(\d+)\. (.+)$", re.M)


class Patient:
    platform = ""

    def __init__(self, stack: Any, fake: Any):
        self.stack, self.fake = stack, fake
        self.url = f"{stack.url}/webhooks/{self.platform}/webhook"
        self.log: List[Tuple[str, Any]] = []   # ("patient", text) / ("bot", call)

    # -- to implement
    user = ""
    address = ""

    def request(self, body: bytes, headers: Dict[str, str]) -> requests.Response:
        return requests.post(self.url, data=body, headers=headers, timeout=120)

    @property
    def sender_id(self) -> str:
        return pseudonym(self.platform, self.user)

    def sent(self) -> List[Dict[str, Any]]:
        return self.fake.sent(self.platform, self.address)

    def _deliver(self, label: str, send: Any, reaches_rasa: bool = True) -> requests.Response:
        before, turns = len(self.sent()), self.turns()
        self.log.append(("patient", label))
        response = send()
        assert response.status_code < 300, (response.status_code, response.text)
        if reaches_rasa:
            self.settle(turns)
        new = self.fake.wait_quiet(self.platform, self.address, before, quiet=self.quiet)
        self.log += [("bot", c) for c in new]
        return response

    def turns(self) -> int:
        events = self.stack.tracker(self.sender_id)["events"]
        return sum(e["event"] == "user" for e in events)

    def settle(self, turns: int, timeout: float = 90) -> None:
        """Until Rasa has saved the turn: one more user event and the bot listening again."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            events = self.stack.tracker(self.sender_id)["events"]
            if (sum(e["event"] == "user" for e in events) > turns and events[-1]["event"] == "action"
                    and events[-1].get("name") == "action_listen"):
                return
            time.sleep(0.2)
        raise AssertionError(f"the turn of {self.sender_id} did not finish in {timeout}s")

    quiet = 0.2

    def transcript(self) -> str:
        lines = []
        for who, item in self.log:
            if who == "patient":
                lines.append(f"PATIENT> {item}")
            else:
                lines.append("BOT> " + self.describe(item).replace("\n", "\n     "))
        return "\n".join(lines)

    def describe(self, call: Dict[str, Any]) -> str:
        return json.dumps(call["body"])


class SlackPatient(Patient):
    platform = "slack"
    quiet = 0.5  # Slack's connector answers in the background

    def __init__(self, stack: Any, fake: Any, user: str = "", channel: str = ""):
        super().__init__(stack, fake)
        self.slack_user = user or f"U{uuid.uuid4().hex[:8].upper()}"
        self.address = channel or f"D{uuid.uuid4().hex[:8].upper()}"
        self.user = f"T0TEAM:{self.slack_user}"

    def signed(self, body: bytes, timestamp: Optional[int] = None, secret: Optional[str] = None) -> Dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        key = (secret or SECRETS["SLACK_SIGNING_SECRET"]).encode()
        sig = "v0=" + hmac.new(key, f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}

    def event(self, text: str, **extra: Any) -> bytes:
        ts = f"{time.time():.6f}"
        event = {"type": "message", "channel": self.address, "channel_type": "im", "user": self.slack_user,
                 "text": text, "ts": ts, "client_msg_id": str(uuid.uuid4())}
        event.update(extra)
        return json.dumps({"token": "x", "team_id": "T0TEAM", "type": "event_callback",
                           "event_id": f"Ev{next(_counter)}", "event_time": int(time.time()),
                           "event": event}).encode()

    def post_json(self, body: bytes, **sign: Any) -> requests.Response:
        return self.request(body, {"Content-Type": "application/json", **self.signed(body, **sign)})

    def say(self, text: str) -> requests.Response:
        body = self.event(text)
        return self._deliver(text, lambda: self.post_json(body))

    def click_body(self, value: str) -> bytes:
        payload = {"type": "block_actions", "user": {"id": self.slack_user}, "team": {"id": "T0TEAM"},
                   "channel": {"id": self.address}, "trigger_id": str(uuid.uuid4()),
                   "actions": [{"type": "button", "action_id": "choice", "value": value,
                                "action_ts": f"{time.time():.6f}"}]}
        return urlencode({"payload": json.dumps(payload)}).encode()

    def choose(self, title: str) -> requests.Response:
        value = dict(self.last_choices())[title]
        body = self.click_body(value)
        return self._deliver(f"[taps {title}]", lambda: self.request(
            body, {"Content-Type": "application/x-www-form-urlencoded", **self.signed(body)}))

    def last_choices(self) -> List[Tuple[str, str]]:
        for call in reversed(self.sent()):
            buttons = [e for b in call["body"].get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]
            if buttons:
                return [(e["text"]["text"], e["value"]) for e in buttons]
        return []

    def describe(self, call: Dict[str, Any]) -> str:
        out = []
        for block in call["body"].get("blocks") or []:
            if block["type"] == "section":
                out.append(block["text"]["text"])
            elif block["type"] == "actions":
                out.append(" ".join(f"[{e['text']['text']}]" for e in block["elements"]))
            elif block["type"] == "image":
                out.append(f"<image {block['image_url']}>")
        return "\n".join(out) or call["body"].get("text", "")


class MessengerPatient(Patient):
    platform = "facebook"

    def __init__(self, stack: Any, fake: Any, psid: str = ""):
        super().__init__(stack, fake)
        # Real PSIDs have 16 digits; a short one could turn up by chance inside a stored timestamp.
        self.address = self.user = psid or str(2_400_000_000_000_000 + next(_counter) * 7919)

    def signed(self, body: bytes, secret: Optional[str] = None) -> Dict[str, str]:
        key = (secret or SECRETS["FACEBOOK_APP_SECRET"]).encode()
        return {"Content-Type": "application/json",
                "X-Hub-Signature-256": "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()}

    def event(self, message: Optional[Dict[str, Any]] = None, **other: Any) -> Dict[str, Any]:
        event: Dict[str, Any] = {"sender": {"id": self.user}, "recipient": {"id": "PAGE1"},
                                 "timestamp": int(time.time() * 1000)}
        if message is not None:
            event["message"] = {"mid": f"m_{uuid.uuid4().hex}", **message}
        event.update(other)
        return event

    def body(self, *events: Dict[str, Any]) -> bytes:
        return json.dumps({"object": "page", "entry": [{"id": "PAGE1", "time": int(time.time() * 1000),
                                                         "messaging": list(events)}]}).encode()

    def post(self, body: bytes, **sign: Any) -> requests.Response:
        return self.request(body, self.signed(body, **sign))

    def say(self, text: str) -> requests.Response:
        body = self.body(self.event({"text": text}))
        return self._deliver(text, lambda: self.post(body))

    def choose(self, title: str) -> requests.Response:
        kind, choices = self.choices()
        if kind == "numbered":
            number = [t for t, _ in choices].index(title) + 1
            return self.say(str(number))
        payload = dict(choices)[title]
        body = self.body(self.event({"text": title, "quick_reply": {"payload": payload}}))
        return self._deliver(f"[taps {title}]", lambda: self.post(body))

    def choices(self) -> Tuple[str, List[Tuple[str, str]]]:
        for call in reversed(self.sent()):
            message = call["body"]["message"]
            if message.get("quick_replies"):
                return "quick", [(q["title"], q["payload"]) for q in message["quick_replies"]]
            found = NUMBERED.findall(message.get("text") or "")
            if found and "Reply" in message.get("text", ""):
                return "numbered", [(t, n) for n, t in found]
        return "", []

    def last_choices(self) -> List[Tuple[str, str]]:
        return self.choices()[1]

    def describe(self, call: Dict[str, Any]) -> str:
        message = call["body"]["message"]
        if "quick_replies" in message:
            return message["text"] + "\n" + " ".join(f"({q['title']})" for q in message["quick_replies"])
        if "attachment" in message:
            att = message["attachment"]
            if att["type"] == "image":
                return f"<image {att['payload']['url']}>"
            payload = att["payload"]
            return payload.get("text", "") + " " + " ".join(f"[{b['title']} -> {b.get('url')}]" for b in payload["buttons"])
        return message.get("text", "")


class SmsPatient(Patient):
    platform = "twilio"

    def __init__(self, stack: Any, fake: Any, number: str = ""):
        super().__init__(stack, fake)
        self.address = self.user = number or f"+4477009{next(_counter):05d}"

    def signed_form(self, params: Dict[str, str], token: Optional[str] = None,
                    url: Optional[str] = None) -> Tuple[bytes, Dict[str, str]]:
        validator = RequestValidator(token or SECRETS["TWILIO_AUTH_TOKEN"])
        public = url or SECRETS["RASA_PUBLIC_URL"] + "/webhooks/twilio/webhook"
        return urlencode(params).encode(), {"Content-Type": "application/x-www-form-urlencoded",
                                            "X-Twilio-Signature": validator.compute_signature(public, params)}

    def params(self, text: Optional[str], **extra: str) -> Dict[str, str]:
        p = {"MessageSid": f"SM{uuid.uuid4().hex}", "AccountSid": SECRETS["TWILIO_ACCOUNT_SID"],
             "From": self.user, "To": SECRETS["TWILIO_NUMBER"], "NumMedia": "0"}
        if text is not None:
            p["Body"] = text
        p.update(extra)
        return p

    def send(self, params: Dict[str, str], label: str) -> requests.Response:
        body, headers = self.signed_form(params)
        return self._deliver(label, lambda: self.request(body, headers))

    def say(self, text: str) -> requests.Response:
        return self.send(self.params(text), text)

    def choose(self, title: str) -> requests.Response:
        number = [t for t, _ in self.last_choices()].index(title) + 1
        return self.say(str(number))

    def last_choices(self) -> List[Tuple[str, str]]:
        for call in reversed(self.sent()):
            found = NUMBERED.findall(call["body"].get("Body") or "")
            if found and "Reply" in call["body"].get("Body", ""):
                return [(t, n) for n, t in found]
        return []

    def describe(self, call: Dict[str, Any]) -> str:
        body = call["body"].get("Body", "")
        return body + (f"\n<media {call['body']['MediaUrl']}>" if call["body"].get("MediaUrl") else "")


class TelegramPatient(Patient):
    platform = "telegram"

    def __init__(self, stack: Any, fake: Any, user_id: Optional[int] = None):
        super().__init__(stack, fake)
        # Real user ids have 10 digits; a short one could turn up by chance inside a stored timestamp.
        uid = user_id or 6_000_000_000 + next(_counter) * 31
        self.user, self.address = str(uid), str(uid)

    def headers(self, secret: Optional[str] = None) -> Dict[str, str]:
        return {"Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret or SECRETS["TELEGRAM_SECRET_TOKEN"]}

    def update(self, **content: Any) -> Dict[str, Any]:
        return {"update_id": next(_counter), **content}

    def message(self, **fields: Any) -> Dict[str, Any]:
        uid = int(self.user)
        return {"message_id": next(_counter), "from": {"id": uid, "is_bot": False, "first_name": "Pat"},
                "chat": {"id": uid, "type": "private"}, "date": int(time.time()), **fields}

    def post(self, update: Dict[str, Any], **headers: Any) -> requests.Response:
        return self.request(json.dumps(update).encode(), self.headers(**headers))

    def say(self, text: str) -> requests.Response:
        update = self.update(message=self.message(text=text))
        return self._deliver(text, lambda: self.post(update))

    def choose(self, title: str) -> requests.Response:
        data = dict(self.last_choices())[title]
        uid = int(self.user)
        update = self.update(callback_query={"id": f"cq{next(_counter)}", "from": {"id": uid, "is_bot": False},
                                             "message": {"message_id": 1, "chat": {"id": uid, "type": "private"}},
                                             "chat_instance": "1", "data": data})
        return self._deliver(f"[taps {title}]", lambda: self.post(update))

    def last_choices(self) -> List[Tuple[str, str]]:
        for call in reversed(self.sent()):
            rows = (call["body"].get("reply_markup") or {}).get("inline_keyboard")
            if rows:
                return [(k["text"], k["callback_data"]) for row in rows for k in row]
        return []

    def describe(self, call: Dict[str, Any]) -> str:
        method = call["path"].rsplit("/", 1)[-1]
        body = call["body"]
        if method == "sendPhoto":
            return f"<photo {body['photo']}> {body.get('caption', '')}"
        if method == "answerCallbackQuery":
            return "(callback query answered)"
        rows = (body.get("reply_markup") or {}).get("inline_keyboard") or []
        keys = " ".join(f"[{k['text']}]" for row in rows for k in row)
        return body.get("text", "") + (f"\n{keys}" if keys else "")
