"""Web extras of the recommendation: the urgency card, the body map and the summary link.

`handoff_extras` returns keyword arguments for `dispatcher.utter_message`, one dict per message.
actions/handoff.py sends them after the text of the recommendation, except the card of an
emergency or urgent recommendation, which it sends first:

1. a card (`json_message`): `{"data": {"type": "triage_card", "level", "tone", "headline", "action",
   "call", "reasons"}}`. The socketio channel emits the `data` object as the bot message (Rasa's
   convention for custom payloads); the web page renders it as a card (web/embed.js). `tone` is
   "alert" for emergency and urgent (a banner that cannot be missed) and "calm" for soon and routine.
2. the body map as an image URL (`image`): every channel that shows images can show it;
3. a text with the doctor's summary link: signed (HMAC-SHA256 of the conversation id and the expiry
   with SUMMARY_SECRET) and expiring (SUMMARY_TTL_HOURS), checked by scripts/serve_web.py.

Settings come from the environment (scripts/env.sh): WEB_PUBLIC_URL, SUMMARY_SECRET,
SUMMARY_TTL_HOURS, EMERGENCY_NUMBER.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from typing import Any, Dict, List, Optional, Text, Tuple
from urllib.parse import urlencode

from actions.triage import knowledge

ALERT_LEVELS = ("emergency", "urgent")
DEFAULT_TTL_HOURS = 24.0


class BadToken(ValueError):
    """A summary token that is malformed, forged or expired."""


# ----------------------------------------------------------------------------- settings
def public_url() -> Text:
    return os.environ.get("WEB_PUBLIC_URL", "http://localhost:8080").rstrip("/")


def emergency_number() -> Text:
    return os.environ.get("EMERGENCY_NUMBER", "999").strip() or "999"


def ttl_hours() -> float:
    try:
        return max(0.01, float(os.environ.get("SUMMARY_TTL_HOURS", DEFAULT_TTL_HOURS)))
    except ValueError:
        return DEFAULT_TTL_HOURS


def secret() -> bytes:
    value = os.environ.get("SUMMARY_SECRET", "")
    if not value:
        raise RuntimeError("SUMMARY_SECRET is not set (scripts/env.sh generates one into .env)")
    return value.encode()


# ----------------------------------------------------------------------------- tokens
def _b64(data: bytes) -> Text:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: Text) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(sender_id: Text, expires: int, key: bytes) -> Text:
    msg = f"{sender_id}\n{expires}".encode()
    return _b64(hmac.new(key, msg, hashlib.sha256).digest())


def make_token(sender_id: Text, *, now: Optional[float] = None, ttl: Optional[float] = None,
               key: Optional[bytes] = None) -> Text:
    """`<conversation id, base64url>.<expiry, unix seconds>.<HMAC-SHA256, base64url>`"""
    now = time.time() if now is None else now
    expires = int(now + 3600 * (ttl_hours() if ttl is None else ttl))
    key = secret() if key is None else key
    return f"{_b64(sender_id.encode())}.{expires}.{_mac(sender_id, expires, key)}"


def read_token(token: Text, *, now: Optional[float] = None, key: Optional[bytes] = None) -> Tuple[Text, int]:
    """(conversation id, expiry) of a valid token; BadToken if malformed, forged or expired."""
    try:
        sid_part, exp_part, mac = token.split(".")
        sender_id = _unb64(sid_part).decode()
        expires = int(exp_part)
    except (ValueError, UnicodeDecodeError) as err:
        raise BadToken("malformed") from err
    key = secret() if key is None else key
    if not hmac.compare_digest(mac, _mac(sender_id, expires, key)):
        raise BadToken("bad signature")
    if (time.time() if now is None else now) >= expires:
        raise BadToken("expired")
    return sender_id, expires


def summary_url(sender_id: Text, **kwargs: Any) -> Text:
    return f"{public_url()}/summary/{make_token(sender_id, **kwargs)}"


# ----------------------------------------------------------------------------- body map
def bodymap_url(roots: List[Text], regions: List[Text], side: Optional[Text], fmt: Text = "png") -> Text:
    query = {"roots": ",".join(roots) or "none"}  # "none": no highlight (not the reference map)
    if regions:
        query["regions"] = ",".join(regions)
    if side:
        query["side"] = side
    return f"{public_url()}/bodymap.{fmt}" + (f"?{urlencode(query)}" if query else "")


def patient_regions(case: Optional[Dict[Text, Any]]) -> List[Text]:
    """The regions the patient named (symptoms and weakness), known region ids only."""
    case = case or {}
    known = knowledge.load().regions
    ids = list(case.get("symptom_location") or [])
    ids += list((case.get("extras") or {}).get("weakness_regions") or [])
    out: List[Text] = []
    for rid in ids:
        if rid in known and rid not in out:
            out.append(rid)
    return out


# ----------------------------------------------------------------------------- the card
def card(result: Dict[Text, Any], level: Text) -> Dict[Text, Any]:
    kn = knowledge.load()
    wording = kn.levels[level]
    number = emergency_number()
    alert = level in ALERT_LEVELS
    if level == "emergency":
        action = f"Call {number} or go to the nearest emergency department now. {wording.extra}".strip()
    else:
        action = f"Where: {wording.where}. When: {wording.when}."
        if wording.extra:
            action = f"{action} {wording.extra}"
    return {
        "type": "triage_card",
        "level": level,
        "tone": "alert" if alert else "calm",
        "headline": wording.headline,
        "action": action,
        "call": number if level == "emergency" else "",
        "reasons": [r["text"] for r in result.get("reasons", []) if r.get("text")][:5],
    }


def handoff_extras(sender_id: Text, result: Dict[Text, Any], level: Text,
                   case: Optional[Dict[Text, Any]] = None) -> List[Dict[Text, Any]]:
    """Keyword arguments for `dispatcher.utter_message`, one dict per extra message."""
    messages: List[Dict[Text, Any]] = [{"json_message": {"data": card(result, level)}}]
    side = (case or {}).get("symptom_side")
    messages.append({"image": bodymap_url(list(result.get("suspected_roots") or []),
                                          patient_regions(case), side)})
    hours = ttl_hours()
    valid = f"{hours:g} hours" if hours != 1 else "1 hour"
    try:
        url = summary_url(sender_id)
    except RuntimeError:  # no secret configured: no link rather than a broken one
        return messages
    messages.append({"text": "A printable summary for your doctor (you can save it as a PDF), "
                             f"private to you and valid for {valid}: {url}"})
    return messages
