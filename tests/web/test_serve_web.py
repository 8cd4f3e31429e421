"""web/server.py without a browser: the body-map routes, the widget bundle with no CDN import,
and the summary page (signed link, expiry, tampering; content) with the tracker read faked; the
page's, the widget's and the templates' words by language."""

from __future__ import annotations

import re
import threading
import time
from http.server import ThreadingHTTPServer
from functools import partial

import pytest
import requests

from actions import links
from actions.triage import knowledge
from actions.triage.contract import TRIAGE_LEVELS
from web import server as serve_web
from web import summary

CASE = {"symptom_location": ["leg", "calf", "heel"], "symptom_side": "right",
        "symptom_character": ["pain", "numbness"], "bladder_bowel_change": "no", "saddle_numbness": "no",
        "leg_weakness": "no", "toe_walk_difficulty": "yes", "symptom_duration": 2.0, "age": 50,
        "extras": {"radicular": True}}
TRACKER = {
    "sender_id": "patient-7",
    "slots": {"case": CASE, "triage_level": "soon", "red_flags": [], "assessed": True},
    "events": [
        {"event": "bot", "text": "Hello. What's been bothering you?", "timestamp": 1_700_000_000},
        {"event": "user", "text": "/greet", "timestamp": 1_700_000_001},
        {"event": "user", "text": "pain down the back of my right leg into the heel", "timestamp": 1_700_000_002},
        {"event": "bot", "text": "Have you had any new trouble with your bladder?", "timestamp": 1_700_000_003,
         "data": {"buttons": [{"title": "No", "payload": "No"}]}},
        {"event": "user", "text": "No", "timestamp": 1_700_000_004},
        {"event": "bot", "text": "One more self-check: can you get up on your tiptoes?\n\n1. Stand next to a wall.",
         "timestamp": 1_700_000_005, "data": {"buttons": [{"title": "I have trouble with it", "payload": "x"}]}},
        {"event": "user", "text": "I have trouble with it", "timestamp": 1_700_000_006},
    ],
}


@pytest.fixture(scope="module")
def server():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUMMARY_SECRET", "serve-web-test")
        mp.setenv("EMERGENCY_NUMBER", "911")
        mp.setattr(summary, "fetch_tracker", lambda sid: TRACKER if sid == "patient-7" else {"events": []})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(serve_web.Handler, directory=str(serve_web.STATIC)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()
        httpd.server_close()


def test_bodymap_routes(server):
    png = requests.get(f"{server}/bodymap.png?roots=S1&regions=calf,heel&side=right", timeout=30)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    svg = requests.get(f"{server}/bodymap.svg?roots=L4", timeout=30)
    assert svg.headers["Content-Type"].startswith("image/svg+xml") and 'data-kind="root:L4:inner_shin"' in svg.text


def test_widget_bundle_loads_nothing_from_a_cdn(server):
    assert serve_web.WIDGET_FILE.is_file(), "web/node_modules not installed: run `make install`"
    js = requests.get(server + serve_web.WIDGET_ROUTE, timeout=30).text
    assert "googleapis" not in js and "WebChat" in js


@pytest.mark.parametrize("path", ["/node_modules/rasa-webchat/lib/index.js", "/package.json", "/.npmrc",
                                  "/package-lock.json", "/server.py", "/../web/server.py", "/%2e%2e/server.py",
                                  "/templates/summary.html", "/static/index.html",
                                  "/node_modules/rasa-webchat/lib/index.js.map", "/vendor/webchat.js.map"])
def test_only_the_static_folder_is_served(server, path):
    assert requests.get(server + path, timeout=30).status_code == 404


@pytest.mark.parametrize("path", ["/", "/index.html", "/embed.js", "/style.css", "/summary.js"])
def test_page_files_and_security_headers(server, path):
    r = requests.get(server + path, timeout=30)
    assert r.status_code == 200
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    csp = dict(part.strip().split(" ", 1) for part in r.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'self'"
    assert "'unsafe-eval'" not in r.headers["Content-Security-Policy"]


def test_csp_allows_the_rasa_server_and_a_configured_framer(monkeypatch):
    monkeypatch.delenv("RASA_PUBLIC_URL", raising=False)
    monkeypatch.setenv("RASA_PORT", "5005")
    monkeypatch.setenv("RASA_URL", "http://10.0.0.5:5005")
    monkeypatch.setenv("FRAME_ANCESTORS", "https://clinic.example")
    csp = serve_web.content_security_policy("localhost:8080")
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005 http://10.0.0.5:5005 ws://10.0.0.5:5005" in csp
    assert "frame-ancestors https://clinic.example" in csp
    monkeypatch.setenv("RASA_PUBLIC_URL", "https://chat.clinic.example")
    csp = serve_web.content_security_policy("evil\"; script-src *")
    assert "connect-src 'self' https://chat.clinic.example wss://chat.clinic.example;" in csp
    assert "evil" not in csp


def test_config_has_the_emergency_number(server):
    assert '"emergencyNumber": "911"' in requests.get(f"{server}/config.js", timeout=30).text


def test_summary_page(server):
    token = links.make_token("patient-7")
    r = requests.get(f"{server}/summary/{token}", timeout=60)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store" and r.headers["Referrer-Policy"] == "no-referrer"
    page = r.text
    for expected in ("Summary for the doctor", "This is not a diagnosis", "Pertinent positives",
                     "Pertinent negatives", "Red-flag questions and answers", "Answers given",
                     "pain down the back of my right leg into the heel", "can you get up on your tiptoes?",
                     "I have trouble with it", "Reasons", "<svg", "Print or save as PDF", "S1"):
        assert expected in page, expected
    assert "/greet" not in page and "1. Stand next to a wall" not in page
    assert "Soon" in page


def test_summary_refuses_tampered_expired_and_unknown(server):
    good = links.make_token("patient-7")
    sid, exp, mac = good.split(".")
    assert requests.get(f"{server}/summary/{sid}.{int(exp) + 60}.{mac}", timeout=30).status_code == 403
    assert requests.get(f"{server}/summary/{links._b64(b'patient-8')}.{exp}.{mac}", timeout=30).status_code == 403
    assert requests.get(f"{server}/summary/nonsense", timeout=30).status_code == 403
    old = links.make_token("patient-7", now=time.time() - 48 * 3600)
    expired = requests.get(f"{server}/summary/{old}", timeout=30)
    assert expired.status_code == 410 and "expired" in expired.text
    nobody = requests.get(f"{server}/summary/{links.make_token('nobody')}", timeout=30)
    assert nobody.status_code == 404


def test_config_has_every_word_the_widget_says_and_no_other():
    js = (serve_web.STATIC / "embed.js").read_text()
    words = serve_web.page_config()["words"]
    said = set(re.findall(r'\bsay\("(\w+)"[,)]', js)) | {f"kicker_{level}" for level in TRIAGE_LEVELS}
    assert 'say("kicker_" + level)' in js
    assert said - set(words) == set(), "said by embed.js but not sent in /config.js"
    assert set(words) - said == set(), "sent in /config.js but never said"
    assert words["reasons"] == knowledge.message("render", "reasons")  # as the other channels say it


def test_the_widget_holds_no_sentence():
    """embed.js's words come from /config.js: no string of words in its code (comments and the
    developer console aside)."""
    code = [re.sub(r"\s// .*$", "", line) for line in (serve_web.STATIC / "embed.js").read_text().splitlines()
            if not line.strip().startswith(("*", "/*", "//")) and "console" not in line]
    sentences = [m for line in code for m in re.findall(r'"([A-Z][a-z\']*(?: [^"]+)+)"', line)]
    assert sentences == []


def test_the_page_of_the_language(server, monkeypatch):
    page = requests.get(f"{server}/", timeout=30)
    assert page.status_code == 200 and page.content == (serve_web.STATIC / "en" / "index.html").read_bytes()
    assert requests.get(f"{server}/index.html?x=1", timeout=30).content == page.content
    monkeypatch.setenv("LANGUAGE", "xx")
    with pytest.raises(knowledge.KnowledgeError, match=r"'xx'.*the languages there: en"):
        serve_web.index_page()


def test_templates_are_chosen_by_language(tmp_path, monkeypatch):
    with pytest.raises(knowledge.KnowledgeError, match=r"'xx'.*xx is missing.*the folders there: en"):
        summary._template("xx", "summary.html")
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "message.html").write_text("<h1>$title</h1><p>$text</p>")
    monkeypatch.setattr(summary, "TEMPLATES", tmp_path)
    monkeypatch.setattr(summary.knowledge, "language", lambda: "xx")
    assert summary.message_page("Titel <1>", "Text") == "<h1>Titel &lt;1&gt;</h1><p>Text</p>"
    with pytest.raises(knowledge.KnowledgeError, match="xx/summary.html"):
        summary.template("summary.html")
