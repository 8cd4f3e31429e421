"""Patients' platform identifiers (phone numbers, user ids) as tracker sender ids: a keyed hash.

`pseudonym("twilio", "+447700900123")` is `twilio-<32 hex>`: HMAC-SHA256 with SENDER_ID_KEY, so
the tracker store, the logs and the summary links never carry the phone number, and without the
key the number cannot be recovered by hashing every possible number. Without SENDER_ID_KEY a
random key is made per process (logged as a warning): conversations then do not survive a
restart and are not shared between servers, but nothing raw is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from typing import Optional, Text

logger = logging.getLogger(__name__)
_fallback: Optional[bytes] = None


def key() -> bytes:
    global _fallback
    value = os.environ.get("SENDER_ID_KEY", "")
    if value:
        return value.encode()
    if _fallback is None:
        logger.warning("SENDER_ID_KEY is not set: using a random key for this process only")
        _fallback = secrets.token_bytes(32)
    return _fallback


def pseudonym(channel: Text, raw_id: Text) -> Text:
    digest = hmac.new(key(), f"{channel}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:32]}"
