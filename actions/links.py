"""The end of the interview as ONE channel-neutral message, and the links it carries.

`ending()` builds it once; actions/handoff.py sends it as a custom payload
(`json_message={"data": ending}`, Rasa's convention: the socketio channel emits `data` as the bot
message) and each channel renders it (web/static/embed.js: the card; channels/*: Slack, Messenger,
Telegram, SMS/WhatsApp, REST). Its fields, in the order every renderer says them, each once:

- `first_line`: what to do now (for an emergency: "Call 999 or go to the nearest emergency
  department now."); `stopped_early`: why the questions stopped (a red flag mid-interview);
- `recommendation`: where to go and the level's extra advice; `call`: the number (emergency only);
- `reasons`, then `self_care` (levels that are not an alert), then `safety_net` (lists of sentences);
- `summary` (the case in words) and `summary_url`: signed (HMAC-SHA256 of the conversation id and
  the expiry with SUMMARY_SECRET), expiring (SUMMARY_TTL_HOURS, `summary_valid`), checked by
  web/server.py; empty when no secret is configured;
- `bodymap_url`: the body map as a picture, for channels that show pictures;
- `disclaimer`; plus `type` ("triage_ending"), `level` and `tone` ("alert" for the levels marked
  `alert` in triage.yml, emergency and urgent: a banner that cannot be missed; "calm" otherwise).

The sentences are those of the `ending` section of knowledge/<language>/messages.yml and the level
wording of knowledge/<language>/triage.yml. Settings come from the environment (scripts/env.sh):
WEB_PUBLIC_URL, SUMMARY_SECRET, SUMMARY_TTL_HOURS, EMERGENCY_NUMBER.
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

DEFAULT_TTL_HOURS = 24.0


class BadToken(ValueError):
    """A summary token that is malformed, forged or expired."""


# ----------------------------------------------------------------------------- settings
def public_url() -> Text:
    return os.environ.get("WEB_PUBLIC_URL", "http://localhost:8080").rstrip("/")


DEFAULT_EMERGENCY_NUMBER = "999"  # the one default; a deployment sets EMERGENCY_NUMBER


def emergency_number() -> Text:
    return os.environ.get("EMERGENCY_NUMBER", "").strip() or DEFAULT_EMERGENCY_NUMBER


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


def outlived(expires: int, events: List[Dict[Text, Any]], *, ttl: Optional[float] = None) -> bool:
    """Whether a valid token was issued for an earlier, deleted conversation under this id.

    Forget me (actions/privacy.py) deletes every event; if the same id (a phone number, say)
    starts again, its first event is later than the token's issue time (its expiry minus the
    TTL), so the link must not show the new conversation. Assumes SUMMARY_TTL_HOURS did not
    grow since the link was made.
    """
    stamps = [float(e["timestamp"]) for e in events if isinstance(e, dict) and e.get("timestamp")]
    issued = expires - 3600 * (ttl_hours() if ttl is None else ttl)
    return bool(stamps) and min(stamps) > issued + 1


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


# ----------------------------------------------------------------------------- the ending
def first_line(level: Text) -> Text:
    """What to do now, in one line: the first line of the ending on every channel."""
    if level == "emergency":
        return knowledge.message("ending", "call_now", number=emergency_number())
    return knowledge.load().levels[level].headline


def recommendation(level: Text) -> Text:
    """What the first line leaves out: where to go (urgent) and the level's extra advice."""
    wording = knowledge.load().levels[level]
    parts = [knowledge.message("ending", "where", where=wording.where)] if level == "urgent" else []
    if wording.extra:
        parts.append(wording.extra)
    return " ".join(parts)


def ending(sender_id: Text, result: Dict[Text, Any], level: Text,
           case: Optional[Dict[Text, Any]] = None, early: bool = False) -> Dict[Text, Any]:
    """The channel-neutral end of the interview (see module docstring); each thing once."""
    side = (case or {}).get("symptom_side")
    alert = knowledge.load().levels[level].alert
    hours = ttl_hours()
    try:
        url = summary_url(sender_id)
    except RuntimeError:  # no secret configured: no link rather than a broken one
        url = ""
    return {
        "type": "triage_ending",
        "level": level,
        "tone": "alert" if alert else "calm",
        "first_line": first_line(level),
        "stopped_early": knowledge.message("ending", "stopped_early") if early else "",
        "recommendation": recommendation(level),
        "call": emergency_number() if level == "emergency" else "",
        "reasons": [r["text"] for r in result.get("reasons", []) if r.get("text")],
        "self_care": [] if alert else list(result.get("self_care") or []),
        "safety_net": list(result.get("safety_net") or []),
        "summary": result.get("summary") or "",
        "summary_url": url,
        "summary_valid": (knowledge.message("ending", "valid_hours", hours=f"{hours:g}") if hours != 1
                          else knowledge.message("ending", "valid_one_hour")),
        "bodymap_url": bodymap_url(list(result.get("suspected_roots") or []), patient_regions(case), side),
        "disclaimer": knowledge.message("ending", "disclaimer"),
    }
