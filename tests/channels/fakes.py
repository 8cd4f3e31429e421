"""A fake of the four platforms' APIs on localhost: records every call the bot makes.

    fake = FakePlatforms().start()      # base URLs: fake.url + "/slack", "/facebook", ...
    fake.sent("telegram", "1234")       # what the bot sent to that chat, in order

Each recorded call is {"platform", "path", "to", "body", "headers"}; `body` is the decoded JSON
or form. The answers are what the real APIs answer on success (shape only).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

from tools.stack import HOST, free_port


def recipient(platform: str, body: Dict[str, Any]) -> str:
    if platform == "slack":
        return str(body.get("channel"))
    if platform == "facebook":
        return str((body.get("recipient") or {}).get("id"))
    if platform == "twilio":
        return str(body.get("To"))
    return str(body.get("chat_id") or body.get("callback_query_id") or "")


class FakePlatforms:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.calls: List[Dict[str, Any]] = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                platform = parts.path.strip("/").split("/")[0]
                if (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
                    body: Any = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw.decode()).items()}
                else:
                    body = json.loads(raw or b"{}")
                call = {"platform": platform, "path": parts.path, "query": parse_qs(parts.query),
                        "to": recipient(platform, body), "body": body, "headers": dict(self.headers),
                        "at": time.monotonic()}
                with fake.lock:
                    fake.calls.append(call)
                answer: Dict[str, Any] = {"ok": True}
                if platform == "facebook":
                    answer = {"recipient_id": call["to"], "message_id": f"m_{len(fake.calls)}"}
                elif platform == "twilio":
                    answer = {"sid": f"SM{len(fake.calls):032d}", "status": "queued"}
                elif platform == "telegram":
                    answer = {"ok": True, "result": True if "setWebhook" in parts.path or "answerCallback" in parts.path
                              else {"message_id": len(fake.calls)}}
                data = json.dumps(answer).encode()
                self.send_response(201 if platform == "twilio" else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer((HOST, self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakePlatforms":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def env(self) -> Dict[str, str]:
        return {"SLACK_API_URL": f"{self.url}/slack", "FACEBOOK_API_URL": f"{self.url}/facebook",
                "TWILIO_API_URL": f"{self.url}/twilio", "TELEGRAM_API_URL": f"{self.url}/telegram"}

    def sent(self, platform: str, to: Optional[str] = None, method: Optional[str] = None) -> List[Dict[str, Any]]:
        with self.lock:
            return [c for c in self.calls if c["platform"] == platform and (to is None or c["to"] == to)
                    and (method is None or c["path"].endswith("/" + method))]

    def wait_quiet(self, platform: str, to: str, before: int, timeout: float = 60, quiet: float = 1.0) -> List[Dict[str, Any]]:
        """The calls after the first `before` once at least one arrived and none for `quiet` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.sent(platform, to)
            if len(calls) > before and time.monotonic() - calls[-1]["at"] >= quiet:
                return calls[before:]
            time.sleep(0.1)
        return self.sent(platform, to)[before:]
