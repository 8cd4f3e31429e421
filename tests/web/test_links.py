"""actions/links.py: the channel-neutral ending, the body map URL and the signed, expiring summary link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from actions import links

KEY = b"unit-test-secret"


@pytest.fixture(autouse=True)
def settings(monkeypatch):
    monkeypatch.setenv("SUMMARY_SECRET", KEY.decode())
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://triage.example.org/")
    monkeypatch.setenv("EMERGENCY_NUMBER", "911")
    monkeypatch.setenv("SUMMARY_TTL_HOURS", "24")


def test_token_round_trip():
    token = links.make_token("abc-123", now=1000.0)
    assert links.read_token(token, now=1000.0 + 3600) == ("abc-123", 1000 + 24 * 3600)


def test_token_expires():
    token = links.make_token("abc", now=1000.0, ttl=1)
    links.read_token(token, now=1000.0 + 3599)
    with pytest.raises(links.BadToken, match="expired"):
        links.read_token(token, now=1000.0 + 3600)


@pytest.mark.parametrize("tamper", [
    lambda t: t.replace(t.split(".")[0], links._b64(b"someone-else")),      # another conversation
    lambda t: ".".join([t.split(".")[0], str(int(t.split(".")[1]) + 3600), t.split(".")[2]]),  # later expiry
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),              # forged signature
    lambda t: t + ".x",
    lambda t: "garbage",
    lambda t: "",
])
def test_tampered_tokens_are_refused(tamper):
    token = links.make_token("abc", now=1000.0)
    with pytest.raises(links.BadToken):
        links.read_token(tamper(token), now=1001.0)


def test_another_secret_is_refused():
    token = links.make_token("abc", now=1000.0, key=b"other")
    with pytest.raises(links.BadToken, match="signature"):
        links.read_token(token, now=1001.0)


def test_sender_ids_with_odd_characters():
    sid = "ü/../?&#.x"
    assert links.read_token(links.make_token(sid, now=5.0), now=6.0)[0] == sid


def test_no_secret_no_link(monkeypatch):
    monkeypatch.delenv("SUMMARY_SECRET")
    ending = links.ending("s", {"reasons": [], "suspected_roots": []}, "routine", {})
    assert ending["summary_url"] == ""


RESULT = {"suspected_roots": ["L5"], "reasons": [{"text": "Because A."}, {"text": "Because B."}],
          "red_flags": [], "safety_net": ["If it gets worse, call."], "self_care": ["Keep moving."],
          "summary": "Left shin."}
CASE = {"symptom_location": ["outer_shin", "top_of_foot", "nowhere"], "symptom_side": "left",
        "extras": {"weakness_regions": ["big_toe"]}}


@pytest.mark.parametrize("level,tone", [("emergency", "alert"), ("urgent", "alert"), ("soon", "calm"),
                                        ("routine", "calm")])
def test_ending_per_level(level, tone):
    ending = links.ending("sender-1", RESULT, level, CASE)
    assert ending["type"] == "triage_ending" and ending["level"] == level and ending["tone"] == tone
    assert ending["first_line"] and ending["reasons"] == ["Because A.", "Because B."]
    assert ending["safety_net"] == ["If it gets worse, call."]
    assert ending["self_care"] == (["Keep moving."] if level in ("soon", "routine") else [])
    if level == "emergency":
        assert ending["call"] == "911"
        assert ending["first_line"] == "Call 911 or go to the nearest emergency department now."
    else:
        assert ending["call"] == "" and "911" not in ending["first_line"]
        assert ending["first_line"] == links.knowledge.load().levels[level].headline
    assert ending["first_line"] not in ending["recommendation"], "the recommendation is said once"
    assert "Where:" in ending["recommendation"] if level == "urgent" else "Where:" not in ending["recommendation"]


def test_stopping_early_is_said_after_what_to_do_now():
    ending = links.ending("s", RESULT, "emergency", CASE, early=True)
    assert ending["first_line"].startswith("Call 911")
    assert ending["stopped_early"].startswith("I'm stopping the questions")
    assert links.ending("s", RESULT, "emergency", CASE)["stopped_early"] == ""


def test_bodymap_image_and_summary_link():
    ending = links.ending("sender-1", RESULT, "routine", CASE)
    image = urlparse(ending["bodymap_url"])
    assert image.scheme == "https" and image.netloc == "triage.example.org" and image.path == "/bodymap.png"
    q = parse_qs(image.query)
    assert q == {"roots": ["L5"], "regions": ["outer_shin,top_of_foot,big_toe"], "side": ["left"]}
    url = ending["summary_url"]
    assert url.startswith("https://triage.example.org/summary/") and ending["summary_valid"] == "24 hours"
    assert links.read_token(url.rsplit("/", 1)[1])[0] == "sender-1"


def test_without_a_case_no_regions():
    ending = links.ending("s", RESULT, "soon")
    assert "regions" not in parse_qs(urlparse(ending["bodymap_url"]).query)


def test_no_suspected_root_is_not_the_reference_map():
    ending = links.ending("s", {"suspected_roots": [], "reasons": []}, "emergency", {})
    assert parse_qs(urlparse(ending["bodymap_url"]).query)["roots"] == ["none"]
