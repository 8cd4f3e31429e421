"""The per-sender rate limit (addons/guard.py): the token bucket, and the middleware in a real
Sanic app in front of a REST-like route."""

from __future__ import annotations

import json

from sanic import Sanic, response

from addons import guard


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_then_one_message_per_interval():
    clock = Clock()
    limiter = guard.Limiter(messages=5, seconds=10, clock=clock)
    assert [limiter.allow("a") for _ in range(7)] == [True] * 5 + [False] * 2
    assert limiter.allow("b")  # per sender
    clock.now += 2.0  # one token back every 2 s
    assert [limiter.allow("a") for _ in range(2)] == [True, False]
    clock.now += 60
    assert sum(limiter.allow("a") for _ in range(10)) == 5


def test_zero_turns_the_limit_off():
    limiter = guard.Limiter(messages=0, seconds=10)
    assert all(limiter.allow("a") for _ in range(1000))


def test_flood_gets_429_with_a_kind_reply_and_other_senders_pass(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_MESSAGES", "3")
    monkeypatch.setenv("RATE_LIMIT_SECONDS", "60")
    app = Sanic(f"guard_test_{id(monkeypatch)}")
    app.blueprint(guard.Guard().blueprint(None))

    @app.post("/webhooks/rest/webhook")
    async def webhook(request):
        return response.json([{"text": "ok"}])

    def post(body):
        _, r = app.test_client.post("/webhooks/rest/webhook", data=body)
        return r

    statuses = [post(json.dumps({"sender": "flood", "message": "hi"})).status for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    r = post(json.dumps({"sender": "flood", "message": "hi"}))
    assert r.status == 429 and r.headers["retry-after"] == "20"
    assert r.json == [{"recipient_id": "flood", "text": guard.slow_down()}]
    assert post(json.dumps({"sender": "calm", "message": "hi"})).status == 200
    # bodies without a sender are left to the channel (it answers 4xx)
    assert post(b"\xff\xfe not json").status == 200
    assert post(json.dumps({"sender": 5})).status == 200


def test_the_guards_replies_name_the_configured_emergency_number(monkeypatch):
    monkeypatch.setenv("EMERGENCY_NUMBER", "112")
    assert "call 112 now" in guard.slow_down() and "call 112 now" in guard.too_long()
    monkeypatch.setenv("EMERGENCY_NUMBER", "911")
    assert "call 911 now" in guard.slow_down()
