"""One renderer per channel, from the same channel-neutral messages: platform limits kept
(splitting or numbered text when they would be broken), the ending once and in order with what
to do now first, the body map as a picture where the channel shows pictures."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from channels import facebook, render, slack, telegram, twilio
from tests.channels.fakes import FakePlatforms
from tools.stack import ROOT

YES_NO = [{"title": t, "payload": t} for t in ("Yes", "No", "Not sure")]
LONG = [{"title": t, "payload": t} for t in ("Sitting down", "Bending forward / leaning on a trolley", "Lying down",
                                             "Standing still", "Walking about", "Nothing")]
MANY = [{"title": f"Choice {i}", "payload": f"Choice {i}"} for i in range(1, 15)]
ENDING = {
    "type": "triage_ending", "level": "emergency", "tone": "alert",
    "first_line": "Call 112 or go to the nearest emergency department now.",
    "stopped_early": "I'm stopping the questions here because of what you just told me.",
    "recommendation": "Please do not drive yourself.", "call": "112",
    "reasons": ["New trouble with your bladder can mean the nerves are squeezed."],
    "self_care": [], "safety_net": ["If it gets worse, call 112."],
    "summary": "Right leg pain; new bladder trouble.", "summary_url": "https://b.example/summary/abc.1.x",
    "summary_valid": "24 hours", "bodymap_url": "https://b.example/bodymap.png?roots=L5",
    "disclaimer": "I'm not a doctor and this is not a diagnosis; it is advice on how soon to get checked.",
}


def test_numbered_choices_and_their_mapping_back():
    text = render.numbered("Any bladder trouble?", YES_NO)
    assert text.endswith("1. Yes\n2. No\n3. Not sure\n\nReply 1, 2 or 3, or answer in your own words.")
    assert render.map_number("2", YES_NO) == "No"
    assert render.map_number(" 3. ", YES_NO) == "Not sure"
    assert render.map_number("#1", YES_NO) == "Yes"
    for other in ("4", "0", "2 weeks", "two", "", "-1"):
        assert render.map_number(other, YES_NO) is None
    steps = render.numbered("Try this:\n\n1. Stand up.\n2. Lift your toes.", YES_NO)
    assert "Step 1: Stand up.\nStep 2: Lift your toes." in steps and steps.count("1. ") == 1
    assert render.reply_hint(2) == "Reply 1 or 2" and render.reply_hint(7) == "Reply a number from 1 to 7"


def test_split_keeps_every_word_and_the_limit():
    text = ("word " * 900).strip() + "\n\n" + "x" * 2500
    pieces = render.split(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_the_plain_ending_says_each_part_once_in_order():
    text = render.ending_text(ENDING, bodymap=True)
    assert text.splitlines()[0] == ENDING["first_line"]
    order = [ENDING["stopped_early"], "Why I'm saying this:", "Please remember:", "Body map",
             ENDING["summary_url"], "not a diagnosis"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    for part in order:
        assert text.count(part) == 1
    assert "Until then:" not in text, "no empty section"


def test_slack_blocks_split_buttons_in_rows_of_five():
    blocks = slack.question_blocks("What does it feel like?", MANY)
    rows = [b for b in blocks if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [5, 5, 4]
    ids = [e["action_id"] for r in rows for e in r["elements"]]
    assert len(ids) == len(set(ids)) == 14
    assert slack.esc("a <b> & c") == "a &lt;b&gt; &amp; c"


def test_slack_ending_bold_first_line_image_then_summary():
    blocks = slack.ending_blocks(ENDING)
    assert blocks[0]["text"]["text"].startswith(f"*{ENDING['first_line']}*")
    kinds = [b["type"] for b in blocks]
    assert kinds.count("image") == 1
    summary = next(i for i, b in enumerate(blocks) if b["type"] == "section" and "summary/abc" in b["text"]["text"])
    assert kinds.index("image") == summary - 1


def test_messenger_quick_replies_or_numbered_text_within_limits():
    [short] = facebook.question_messages("Any bladder trouble?", YES_NO)
    assert [q["title"] for q in short["quick_replies"]] == ["Yes", "No", "Not sure"]
    [long_titles] = facebook.question_messages("What eases it?", LONG)
    assert "quick_replies" not in long_titles and "2. Bending forward / leaning on a trolley" in long_titles["text"]
    [too_many] = facebook.question_messages("Pick one", MANY)
    assert "quick_replies" not in too_many and "Reply a number from 1 to 14" in too_many["text"]
    assert facebook.quick_replies_fit(YES_NO) and not facebook.quick_replies_fit(LONG)
    pieces = facebook.question_messages("a " * 1500, YES_NO)
    assert len(pieces) == 2 and all(len(p["text"]) <= 2000 for p in pieces) and "quick_replies" in pieces[-1]


def test_messenger_ending_image_and_a_url_button():
    messages = facebook.ending_messages(ENDING)
    assert messages[0]["text"].splitlines()[0] == ENDING["first_line"]
    images = [m for m in messages if (m.get("attachment") or {}).get("type") == "image"]
    templates = [m["attachment"]["payload"] for m in messages if (m.get("attachment") or {}).get("type") == "template"]
    assert len(images) == 1 and len(templates) == 1
    assert templates[0]["buttons"] == [{"type": "web_url", "url": ENDING["summary_url"], "title": "Doctor's summary"}]
    assert len(templates[0]["text"]) <= 640
    assert sum(str(m).count(ENDING["summary_url"]) for m in messages) == 1


def test_messenger_events_echoes_and_unreadable_content():
    assert facebook.event_text({"message": {"text": "hi", "mid": "m1"}}) == "hi"
    assert facebook.event_text({"message": {"text": "Yes", "quick_reply": {"payload": "Yes"}}}) == "Yes"
    assert facebook.event_text({"message": {"is_echo": True, "text": "x"}}) is None
    assert facebook.event_text({"message": {"is_echo": True, "attachments": [{"type": "image"}]}}) is None
    assert facebook.event_text({"message": {"attachments": [{"type": "location"}]}}) == ""
    assert facebook.event_text({"postback": {"payload": "Yes", "mid": "m2"}}) == "Yes"
    for other in ({"read": {}}, {"delivery": {}}, {"reaction": {}}, {"message_edit": {}}, {"message": {"text": " "}}):
        assert facebook.event_text(other) is None
    assert facebook.event_id({"message": {"mid": "m9"}}) == "m9"


def test_telegram_callback_data_fits_64_bytes_and_resolves_only_for_its_question():
    long = [{"title": "Long", "payload": "é" * 40}, {"title": "Short", "payload": "No"}]
    markup = telegram.keyboard(long)
    data = [k["callback_data"] for row in markup["inline_keyboard"] for k in row]
    assert data[1] == "No" and data[0].startswith("#1:")
    assert all(len(d.encode()) <= 64 for d in data)
    assert telegram.resolve(data[0], long) == "é" * 40
    other = [{"title": "Other", "payload": "ö" * 40}, {"title": "Short", "payload": "No"}]
    assert telegram.resolve(data[0], other) is None, "a stale keyboard must not answer a new question"
    assert telegram.resolve("#9:abcdef", long) is None and telegram.resolve("No", long) is None
    rows = telegram.keyboard(LONG)["inline_keyboard"]
    assert all(len(r) == 1 for r in rows), "long titles: one per row"


def test_telegram_ending_photo_before_the_summary():
    calls = telegram.ending_calls("42", ENDING)
    assert calls[0]["text"].splitlines()[0] == ENDING["first_line"]
    methods = [c["method"] for c in calls]
    assert methods.count("sendPhoto") == 1
    photo = methods.index("sendPhoto")
    assert ENDING["summary_url"] in calls[photo + 1]["text"]


@pytest.fixture
def fake_api(monkeypatch):
    fake = FakePlatforms().start()
    for key, value in fake.env().items():
        monkeypatch.setenv(key, value)
    yield fake
    fake.stop()


def test_whatsapp_gets_the_body_map_as_media_sms_as_a_link(fake_api):
    whatsapp = twilio.TwilioOutput("AC1", "tok", "whatsapp:+15005550006", "whatsapp:+447700900123")
    sms = twilio.TwilioOutput("AC1", "tok", "+15005550006", "+447700900124")
    asyncio.run(whatsapp.send_ending(ENDING))
    asyncio.run(sms.send_ending(ENDING))
    wa = fake_api.sent("twilio", "whatsapp:+447700900123")
    assert wa[0]["body"]["Body"].splitlines()[0] == ENDING["first_line"]
    assert [c["body"].get("MediaUrl") for c in wa][-1] == ENDING["bodymap_url"]
    assert wa[0]["headers"]["Authorization"].startswith("Basic ")
    text = [c for c in fake_api.sent("twilio", "+447700900124")]
    assert not any(c["body"].get("MediaUrl") for c in text)
    assert sum(c["body"]["Body"].count(ENDING["bodymap_url"]) for c in text) == 1
    assert all(len(c["body"]["Body"]) <= 1600 for c in wa + text)


def test_make_telegram_webhook_registers_the_secret_token(fake_api, monkeypatch):
    env = dict(TELEGRAM_TOKEN="123:abc", TELEGRAM_SECRET_TOKEN="s3cret", RASA_PUBLIC_URL="https://bot.example.org/")
    run = subprocess.run([sys.executable, "-m", "channels.telegram"], cwd=ROOT, capture_output=True, text=True,
                         env=dict(fake_api_env(fake_api), **env), timeout=60)
    assert run.returncode == 0, run.stderr
    [call] = fake_api.sent("telegram", method="setWebhook")
    assert call["path"] == "/telegram/bot123:abc/setWebhook"
    assert call["body"]["url"] == "https://bot.example.org/webhooks/telegram/webhook"
    assert call["body"]["secret_token"] == "s3cret"
    missing = subprocess.run([sys.executable, "-m", "channels.telegram"], cwd=ROOT, capture_output=True, text=True,
                             env=fake_api_env(fake_api), timeout=60)
    assert missing.returncode == 2 and "TELEGRAM_TOKEN" in missing.stderr


def fake_api_env(fake):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "RASA_PUBLIC"))}
    return dict(env, **fake.env())
