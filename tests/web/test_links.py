"""actions/links.py: the card, the body map URL and the signed, expiring summary link."""

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
    extras = links.handoff_extras("s", {"reasons": [], "suspected_roots": []}, "routine", {})
    assert not any("summary" in m.get("text", "") for m in extras)


RESULT = {"suspected_roots": ["L5"], "reasons": [{"text": "Because A."}, {"text": "Because B."}],
          "red_flags": []}
CASE = {"symptom_location": ["outer_shin", "top_of_foot", "nowhere"], "symptom_side": "left",
        "extras": {"weakness_regions": ["big_toe"]}}


@pytest.mark.parametrize("level,tone", [("emergency", "alert"), ("urgent", "alert"), ("soon", "calm"),
                                        ("routine", "calm")])
def test_card_per_level(level, tone):
    extras = links.handoff_extras("sender-1", RESULT, level, CASE)
    card = extras[0]["json_message"]["data"]
    assert card["type"] == "triage_card" and card["level"] == level and card["tone"] == tone
    assert card["headline"] and card["action"] and card["reasons"] == ["Because A.", "Because B."]
    if level == "emergency":
        assert card["call"] == "911" and "911" in card["action"]
    else:
        assert card["call"] == ""


def test_bodymap_image_and_summary_link():
    extras = links.handoff_extras("sender-1", RESULT, "routine", CASE)
    image = urlparse(extras[1]["image"])
    assert image.scheme == "https" and image.netloc == "triage.example.org" and image.path == "/bodymap.png"
    q = parse_qs(image.query)
    assert q == {"roots": ["L5"], "regions": ["outer_shin,top_of_foot,big_toe"], "side": ["left"]}
    text = extras[2]["text"]
    url = text.split()[-1]
    assert url.startswith("https://triage.example.org/summary/") and "24 hours" in text
    assert links.read_token(url.rsplit("/", 1)[1])[0] == "sender-1"


def test_old_signature_still_works_without_case():
    extras = links.handoff_extras("s", RESULT, "soon")
    assert "regions" not in parse_qs(urlparse(extras[1]["image"]).query)


def test_no_suspected_root_is_not_the_reference_map():
    extras = links.handoff_extras("s", {"suspected_roots": [], "reasons": []}, "emergency", {})
    assert parse_qs(urlparse(extras[1]["image"]).query)["roots"] == ["none"]
