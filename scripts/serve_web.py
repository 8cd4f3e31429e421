#!/usr/bin/env python3
"""Serve the chat page (web/) on WEB_HOST:WEB_PORT with the Python standard library only.

Static files come from web/ (the widget from web/node_modules, installed by `npm ci`: no CDN).
/config.js is generated from the environment, so the page finds the Rasa server:
  RASA_PORT          port of the Rasa server; the page uses the host name it was loaded from
  RASA_PUBLIC_URL    full socket URL instead (e.g. behind a reverse proxy)
  INIT_PAYLOAD       first message the widget sends on a new conversation (default /greet)
"""

from __future__ import annotations

import json
import os
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def page_config() -> dict:
    return {
        "rasaPort": os.environ.get("RASA_PORT", "5005"),
        "socketUrl": os.environ.get("RASA_PUBLIC_URL", ""),
        "initPayload": os.environ.get("INIT_PAYLOAD", "/greet"),
    }


class Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.split("?", 1)[0] == "/config.js":
            body = ("window.SPINE_CONFIG = " + json.dumps(page_config()) + ";\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def list_directory(self, path):  # no directory listings
        self.send_error(404, "Not found")
        return None


def main() -> int:
    host = os.environ.get("WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("WEB_PORT", "8080"))
    if not (WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js").is_file():
        print("web/node_modules/rasa-webchat is missing: run `make install` (npm ci in web/)", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer((host, port), partial(Handler, directory=str(WEB_DIR)))
    print(f"Serving {WEB_DIR} on http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
