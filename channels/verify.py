"""Authenticity checks of inbound platform requests: pure functions over headers and the raw
body, each a constant-time comparison against the configured secret. A connector runs its check
before it reads anything else of the request; a False answer becomes 401/403 with no processing.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Dict, Optional, Text

SLACK_WINDOW_SECONDS = 300  # Slack's own advice: refuse timestamps more than five minutes off


def slack(secret: Text, timestamp: Optional[Text], signature: Optional[Text], body: bytes,
          now: Optional[float] = None) -> bool:
    """Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<body>`, timestamp within 5 minutes."""
    if not secret or not timestamp or not signature:
        return False
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > SLACK_WINDOW_SECONDS:
        return False
    base = f"v0:{ts}:".encode() + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def facebook(app_secret: Text, signature: Optional[Text], body: bytes) -> bool:
    """Meta's X-Hub-Signature-256: `sha256=<HMAC-SHA256 of the body with the app secret>`."""
    if not app_secret or not signature or not signature.startswith("sha256="):
        return False
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode())


def twilio(auth_token: Text, url: Text, params: Dict[Text, Text], signature: Optional[Text]) -> bool:
    """Twilio's X-Twilio-Signature over the public URL and the form parameters (RequestValidator)."""
    if not auth_token or not signature:
        return False
    from twilio.request_validator import RequestValidator

    return bool(RequestValidator(auth_token).validate(url, params, signature))


def telegram(secret_token: Text, header: Optional[Text]) -> bool:
    """The X-Telegram-Bot-Api-Secret-Token that setWebhook registered (`make telegram-webhook`)."""
    if not secret_token or not header:
        return False
    return hmac.compare_digest(secret_token.encode(), header.encode())
