"""The webhooks of the REAL Rasa server refuse what the platform did not send and process each
delivery once: unsigned, wrongly signed, stale (Slack) and replayed requests leave the tracker
untouched; duplicates are answered once; a batched Messenger POST is handled whole; odd content
gets a kind reply or is ignored, never a 5xx; the REST channel answers bad bodies with a 4xx."""

from __future__ import annotations

import json
import time

import pytest
import requests

from channels.render import UNREADABLE
from channels.rest import MAX_MESSAGE
from tests.channels.clients import SECRETS, MessengerPatient, SlackPatient, SmsPatient, TelegramPatient
from tests.channels.interview import user_texts

pytestmark = pytest.mark.integration


def untouched(stack, patient):
    assert user_texts(stack, patient) == [], "a refused request reached the tracker"
    assert patient.sent() == [], "a refused request was answered"


# ----------------------------------------------------------------------------- Slack
def test_slack_refuses_unsigned_wrong_and_stale_requests(channel_stack, fake):
    patient = SlackPatient(channel_stack, fake)
    body = patient.event("I can't pee properly")
    assert patient.request(body, {"Content-Type": "application/json"}).status_code == 401
    assert patient.post_json(body, secret="not-the-secret").status_code == 401
    assert patient.post_json(body, timestamp=int(time.time()) - 600).status_code == 401
    assert patient.post_json(body, timestamp=int(time.time()) + 600).status_code == 401
    click = patient.click_body("Yes")
    assert patient.request(click, {"Content-Type": "application/x-www-form-urlencoded"}).status_code == 401
    time.sleep(1.5)
    untouched(channel_stack, patient)


def test_slack_url_verification_needs_the_signature_too(channel_stack, fake):
    patient = SlackPatient(channel_stack, fake)
    body = json.dumps({"type": "url_verification", "challenge": "abc123"}).encode()
    assert patient.request(body, {"Content-Type": "application/json"}).status_code == 401
    answer = patient.post_json(body)
    assert answer.status_code == 200 and answer.json() == {"challenge": "abc123"}


def test_slack_retries_and_duplicates_are_answered_once(channel_stack, fake):
    patient = SlackPatient(channel_stack, fake)
    body = patient.event("hello")
    patient._deliver("hello", lambda: patient.post_json(body))
    answered = len(patient.sent())
    assert answered >= 1
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    for extra in ({}, retry):  # a replay of the same request, and Slack's retry for another reason
        r = patient.request(body, {"Content-Type": "application/json", **patient.signed(body), **extra})
        assert r.status_code == 200
    time.sleep(2)
    assert len(patient.sent()) == answered
    assert user_texts(channel_stack, patient) == ["hello"]


def test_slack_ignores_bot_messages_edits_reactions_and_files(channel_stack, fake):
    patient = SlackPatient(channel_stack, fake)
    events = [
        patient.event("an echo of the bot", bot_id="B1"),
        patient.event("", subtype="message_changed", message={"text": "edited"}),
        patient.event("", files=[{"id": "F1"}]),
        patient.event("in a channel", channel_type="channel"),
    ]
    reaction = json.dumps({"type": "event_callback", "team_id": "T0TEAM", "event_id": "Ev-r",
                           "event": {"type": "reaction_added", "user": patient.slack_user, "reaction": "thumbsup",
                                     "item": {"type": "message", "channel": patient.address, "ts": "1.2"}}}).encode()
    for body in events + [reaction, b"not json", b"[]"]:
        r = patient.post_json(body)
        assert r.status_code in (200, 400), r.status_code
    time.sleep(1.5)
    untouched(channel_stack, patient)


# ----------------------------------------------------------------------------- Facebook
def test_facebook_subscription_check(channel_stack):
    url = f"{channel_stack.url}/webhooks/facebook/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": SECRETS["FACEBOOK_VERIFY_TOKEN"],
                                   "hub.challenge": "1158201444"}, timeout=30)
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = requests.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "x"},
                       timeout=30)
    assert bad.status_code == 403 and "x" not in bad.text


def test_facebook_refuses_unsigned_sha1_and_wrong_signatures(channel_stack, fake):
    import hashlib
    import hmac

    patient = MessengerPatient(channel_stack, fake)
    body = patient.body(patient.event({"text": "I can't pee properly"}))
    assert patient.request(body, {"Content-Type": "application/json"}).status_code == 403
    sha1 = "sha1=" + hmac.new(SECRETS["FACEBOOK_APP_SECRET"].encode(), body, hashlib.sha1).hexdigest()
    assert patient.request(body, {"Content-Type": "application/json", "X-Hub-Signature": sha1}).status_code == 403
    assert patient.post(body, secret="not-the-secret").status_code == 403
    tampered = body.replace(b"pee", b"PEE")
    assert patient.request(tampered, patient.signed(body)).status_code == 403
    untouched(channel_stack, patient)


def test_facebook_handles_every_event_of_a_batch_once_and_ignores_echoes(channel_stack, fake):
    first, second = MessengerPatient(channel_stack, fake), MessengerPatient(channel_stack, fake)
    page = MessengerPatient(channel_stack, fake, psid="PAGE1")
    events = [
        first.event({"text": "hello"}),
        page.event({"text": "an echo", "is_echo": True}),
        page.event({"is_echo": True, "attachments": [{"type": "image", "payload": {"url": "https://x/y.png"}}]}),
        second.event({"text": "hi there"}),
        first.event(None, read={"watermark": 1}),
        first.event(None, delivery={"mids": ["m_1"], "watermark": 1}),
        first.event(None, reaction={"mid": "m_1", "action": "react", "reaction": "love"}),
        first.event(None, message_edit={"mid": "m_1", "text": "edited", "num_edit": 1}),
    ]
    body = first.body(*events)
    assert first.post(body).status_code == 200
    assert user_texts(channel_stack, first) == ["hello"]
    assert user_texts(channel_stack, second) == ["hi there"]
    assert page.sent() == [] and user_texts(channel_stack, page) == []
    answered = (len(first.sent()), len(second.sent()))
    assert min(answered) >= 1
    assert first.post(body).status_code == 200  # the same POST delivered again
    assert (len(first.sent()), len(second.sent())) == answered
    assert user_texts(channel_stack, first) == ["hello"]


def test_facebook_stickers_pictures_and_locations_get_a_kind_reply(channel_stack, fake):
    patient = MessengerPatient(channel_stack, fake)
    for message in ({"sticker_id": 369239263222822, "attachments": [{"type": "image", "payload": {"url": "u"}}]},
                    {"attachments": [{"type": "location", "payload": {"coordinates": {"lat": 1, "long": 2}}}]}):
        assert patient.post(patient.body(patient.event(message))).status_code == 200
    assert [c["body"]["message"]["text"] for c in patient.sent()] == [UNREADABLE, UNREADABLE]
    assert user_texts(channel_stack, patient) == []


# ----------------------------------------------------------------------------- Twilio
def test_twilio_refuses_unsigned_wrong_and_wrong_url_signatures(channel_stack, fake):
    patient = SmsPatient(channel_stack, fake)
    params = patient.params("I can't pee properly")
    body, headers = patient.signed_form(params)
    assert patient.request(body, {"Content-Type": headers["Content-Type"]}).status_code == 403
    _, wrong = patient.signed_form(params, token="not-the-token")
    assert patient.request(body, wrong).status_code == 403
    _, local = patient.signed_form(params, url=f"{channel_stack.url}/webhooks/twilio/webhook")
    assert patient.request(body, local).status_code == 403  # signed for another address
    tampered = body.replace(b"pee", b"PEE")
    assert patient.request(tampered, headers).status_code == 403
    untouched(channel_stack, patient)


def test_twilio_replays_are_answered_once(channel_stack, fake):
    patient = SmsPatient(channel_stack, fake)
    body, headers = patient.signed_form(patient.params("hello"))
    assert patient.request(body, headers).status_code == 200
    answered = len(patient.sent())
    assert answered >= 1
    replay = patient.request(body, headers)
    assert replay.status_code == 200 and "<Response>" in replay.text
    assert len(patient.sent()) == answered
    assert user_texts(channel_stack, patient) == ["hello"]


def test_twilio_media_only_location_and_empty_messages_get_a_kind_reply(channel_stack, fake):
    patient = SmsPatient(channel_stack, fake)
    cases = [patient.params(None, NumMedia="1", MediaUrl0="https://api.twilio.com/m.jpg",
                            MediaContentType0="image/jpeg"),
             patient.params(None, Latitude="51.5", Longitude="-0.1"),
             patient.params("   ")]
    for params in cases:
        body, headers = patient.signed_form(params)
        assert patient.request(body, headers).status_code == 200
    assert [c["body"]["Body"] for c in patient.sent()] == [UNREADABLE] * 3
    assert user_texts(channel_stack, patient) == []


# ----------------------------------------------------------------------------- Telegram
def test_telegram_refuses_a_missing_or_wrong_secret_token(channel_stack, fake):
    patient = TelegramPatient(channel_stack, fake)
    update = patient.update(message=patient.message(text="I can't pee properly"))
    raw = json.dumps(update).encode()
    assert patient.request(raw, {"Content-Type": "application/json"}).status_code == 401
    assert patient.post(update, secret="not-the-secret").status_code == 401
    untouched(channel_stack, patient)


def test_telegram_updates_are_processed_once(channel_stack, fake):
    patient = TelegramPatient(channel_stack, fake)
    update = patient.update(message=patient.message(text="hello"))
    assert patient.post(update).status_code == 200
    answered = len(patient.sent())
    assert answered >= 1
    assert patient.post(update).status_code == 200
    assert len(patient.sent()) == answered
    assert user_texts(channel_stack, patient) == ["hello"]


def test_telegram_callback_queries_are_answered(channel_stack, fake):
    patient = TelegramPatient(channel_stack, fake)
    patient.say("pain down my left leg")
    before = len(fake.sent("telegram", method="answerCallbackQuery"))
    patient.choose(patient.last_choices()[0][0])
    answered = fake.sent("telegram", method="answerCallbackQuery")[before:]
    assert len(answered) == 1 and answered[0]["body"]["callback_query_id"].startswith("cq")


def test_telegram_stickers_locations_edits_and_reactions(channel_stack, fake):
    patient = TelegramPatient(channel_stack, fake)
    kind = [patient.message(sticker={"file_id": "s1", "emoji": "👍"}),
            patient.message(location={"latitude": 51.5, "longitude": -0.1}),
            patient.message(photo=[{"file_id": "p1", "width": 90, "height": 90}])]
    for message in kind:
        assert patient.post(patient.update(message=message)).status_code == 200
    ignored = [patient.update(edited_message=patient.message(text="edited")),
               patient.update(message_reaction={"chat": {"id": int(patient.user)}, "new_reaction": []}),
               patient.update(message=patient.message(text="")),
               patient.update(message=patient.message(new_chat_members=[]))]
    for update in ignored:
        assert patient.post(update).status_code == 200
    assert patient.post([1, 2]).status_code == 400
    assert [c["body"]["text"] for c in patient.sent()] == [UNREADABLE] * 3
    assert user_texts(channel_stack, patient) == []


def test_telegram_start_command_is_a_greeting_not_an_intent(channel_stack, fake):
    patient = TelegramPatient(channel_stack, fake)
    patient.say("/start")
    events = channel_stack.tracker(patient.sender_id)["events"]
    said = [e for e in events if e["event"] == "user"]
    assert [e["text"] for e in said] == ["hello"]
    assert patient.sent(), "no answer to /start"


# ----------------------------------------------------------------------------- REST
@pytest.mark.parametrize("body", [
    b"", b"   ", b"not json", b"[1, 2]", b'"text"', b"{}", b'{"sender": 5, "message": "hi"}',
    b'{"sender": "", "message": "hi"}', b'{"sender": "a", "message": 5}', b'{"sender": "a"}',
    b'{"sender": "a", "message": ["hi"]}', b'{"sender": "a", "message": "hi", "metadata": 3}',
    b'{"sender": "a", "message": "' + b"x" * (MAX_MESSAGE + 1) + b'"}', b"\xff\xfe",
])
def test_rest_answers_bad_bodies_with_a_4xx(channel_stack, body):
    r = requests.post(f"{channel_stack.url}/webhooks/rest/webhook", data=body,
                      headers={"Content-Type": "application/json"}, timeout=30)
    assert 400 <= r.status_code < 500, (body[:40], r.status_code, r.text[:200])
    assert "error" in r.json()


def test_rest_ending_is_one_message_with_text_image_and_payload(channel_stack):
    sender = "rest-red-flag"
    replies = channel_stack.say(sender, "my back went and since yesterday I can't pee properly, only a dribble")
    endings = [m for m in replies if m.get("custom")]
    assert len(endings) == 1
    ending = endings[0]
    assert ending["text"].splitlines()[0].startswith("Call ") and "emergency department now" in ending["text"]
    assert ending["image"].startswith("https://bot.example.org/bodymap.png?")
    assert ending["custom"]["data"]["type"] == "triage_ending"
    assert ending["text"].count("/summary/") == 1
