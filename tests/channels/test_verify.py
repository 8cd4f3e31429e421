"""The signature checks, one platform each: right secret passes, anything else fails."""

from __future__ import annotations

import hashlib
import hmac
import time

from twilio.request_validator import RequestValidator

from channels import verify

BODY = b'{"event": {"text": "hello"}}'


def slack_sig(secret: str, ts: int, body: bytes) -> str:
    return "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()


def test_slack_signature_and_timestamp_window():
    now = int(time.time())
    assert verify.slack("s3cret", str(now), slack_sig("s3cret", now, BODY), BODY)
    assert not verify.slack("s3cret", str(now), slack_sig("other", now, BODY), BODY)
    assert not verify.slack("s3cret", str(now), slack_sig("s3cret", now, BODY), BODY + b" ")
    assert not verify.slack("s3cret", str(now - 301), slack_sig("s3cret", now - 301, BODY), BODY)
    assert not verify.slack("s3cret", str(now + 301), slack_sig("s3cret", now + 301, BODY), BODY)
    assert verify.slack("s3cret", str(now - 299), slack_sig("s3cret", now - 299, BODY), BODY)
    for ts, sig in ((None, "v0=x"), (str(now), None), ("soon", "v0=x"), (str(now), "")):
        assert not verify.slack("s3cret", ts, sig, BODY)
    assert not verify.slack("", str(now), slack_sig("", now, BODY), BODY), "no secret configured: refuse"


def test_facebook_needs_sha256_with_the_app_secret():
    good = "sha256=" + hmac.new(b"app", BODY, hashlib.sha256).hexdigest()
    assert verify.facebook("app", good, BODY)
    assert not verify.facebook("app", good, BODY + b"x")
    assert not verify.facebook("other", good, BODY)
    assert not verify.facebook("app", "sha1=" + hmac.new(b"app", BODY, hashlib.sha1).hexdigest(), BODY)
    assert not verify.facebook("app", None, BODY)
    assert not verify.facebook("app", good.upper(), BODY)
    assert not verify.facebook("", "sha256=" + hmac.new(b"", BODY, hashlib.sha256).hexdigest(), BODY)


def test_twilio_request_validator_over_the_public_url():
    url = "https://bot.example.org/webhooks/twilio/webhook"
    params = {"From": "+447700900123", "Body": "hello", "MessageSid": "SM1"}
    sig = RequestValidator("tok").compute_signature(url, params)
    assert verify.twilio("tok", url, params, sig)
    assert not verify.twilio("tok", url, dict(params, Body="HELLO"), sig)
    assert not verify.twilio("tok", "http://127.0.0.1:5005/webhooks/twilio/webhook", params, sig)
    assert not verify.twilio("other", url, params, sig)
    assert not verify.twilio("tok", url, params, None)
    assert not verify.twilio("", url, params, sig)


def test_telegram_secret_token():
    assert verify.telegram("abc_DEF-123", "abc_DEF-123")
    assert not verify.telegram("abc_DEF-123", "abc_DEF-124")
    assert not verify.telegram("abc_DEF-123", None)
    assert not verify.telegram("", "")
