"""tools/stack.py `post_message`, the REST client of the tests and evaluations: it waits and sends
again when the Rasa server's per-sender rate limit answers 429, and raises on any other error."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tools import stack


def serve(statuses):
    """A local server answering with `statuses` in turn (then 200); it records each request."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            status = statuses[len(seen) - 1] if len(seen) <= len(statuses) else 200
            body = json.dumps([{"recipient_id": "s", "text": "slow down" if status == 429 else "ok"}]).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if status == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", seen, server


@pytest.fixture
def waits(monkeypatch):
    slept = []
    monkeypatch.setattr(stack.time, "sleep", slept.append)
    return slept


def test_a_429_is_waited_out_and_the_same_message_sent_again(waits):
    url, seen, server = serve([429, 429])
    try:
        assert stack.post_message(url, "s", "left leg", 5) == [{"recipient_id": "s", "text": "ok"}]
    finally:
        server.shutdown()
    assert seen == [{"sender": "s", "message": "left leg"}] * 3
    assert waits == [1.0, 1.0]  # as Retry-After says


def test_a_limit_that_never_lifts_raises(waits, monkeypatch):
    monkeypatch.setattr(stack, "MAX_WAITS", 3)
    url, seen, server = serve([429] * 10)
    try:
        with pytest.raises(requests.HTTPError, match="429"):
            stack.post_message(url, "s", "hi", 5)
    finally:
        server.shutdown()
    assert len(seen) == 3


def test_another_error_raises_at_once(waits):
    url, seen, server = serve([500])
    try:
        with pytest.raises(requests.HTTPError, match="500"):
            stack.post_message(url, "s", "hi", 5)
    finally:
        server.shutdown()
    assert len(seen) == 1 and waits == []
