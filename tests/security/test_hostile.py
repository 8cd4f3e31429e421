"""Every entry of the hostile corpus (tests/security/hostile.yml) once over REST against the REAL
servers (the session's stack): a text gets a non-empty reply, a broken body a 4xx; never a 5xx or
silence. `make fuzz` sends the same corpus 10,000 times over REST and socket.io as a report."""

from __future__ import annotations

import pytest
import requests

from tools.fuzz import load_corpus, with_sender
from tools.stack import new_sender

pytestmark = pytest.mark.integration
CORPUS = load_corpus()


@pytest.mark.parametrize("name,text", CORPUS["texts"], ids=[n for n, _ in CORPUS["texts"]])
def test_every_hostile_text_gets_a_kind_reply(stack, name, text):
    r = requests.post(f"{stack.url}/webhooks/rest/webhook", json={"sender": new_sender("hostile"), "message": text},
                      timeout=120)
    assert r.status_code < 500, r.text[:300]
    if r.status_code == 200:
        replies = r.json()
        assert replies and any((m.get("text") or "").strip() or m.get("custom") for m in replies), replies


@pytest.mark.parametrize("name,body", CORPUS["raw"] + CORPUS["json"],
                         ids=[n for n, _ in CORPUS["raw"] + CORPUS["json"]])
def test_every_broken_body_gets_a_4xx_or_a_reply(stack, name, body):
    sender = new_sender("hostile")
    if isinstance(body, bytes):
        r = requests.post(f"{stack.url}/webhooks/rest/webhook", data=body,
                          headers={"Content-Type": "application/json"}, timeout=60)
    else:
        r = requests.post(f"{stack.url}/webhooks/rest/webhook", json=with_sender(body, sender), timeout=60)
    assert r.status_code < 500, r.text[:300]
    if r.status_code == 200:
        assert r.json(), "a 200 must carry a reply"
