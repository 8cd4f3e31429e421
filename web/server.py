#!/usr/bin/env python3
"""The page server: the chat page and widget (web/static/ only), the body map and the doctor's
summary, on WEB_HOST:WEB_PORT, with the Python standard library. Run: `python -m web.server`.

Routes:
  /, /index.html      the chat page of this process's language: web/static/<language>/index.html
  /<file>             files of web/static/ (nothing else on disk is reachable)
  /config.js          settings for the page, from the environment (below), and the widget's words
                      (the `page` section of <language>/messages.yml, which web/static/embed.js shows)
  /vendor/webchat.js  rasa-webchat's bundle (web/node_modules, installed by `npm ci`) without its
                      @import of a web font from a CDN
  /bodymap.svg, .png  the body map (web/bodymap.py); query: roots=L5,S1 regions=calf,heel side=left
  /summary/<token>    the doctor's summary of one conversation (web/summary.py); the token is signed
                      and expires (actions/links.py)
Every answer carries a Content-Security-Policy that allows only this server's scripts and
connections to the Rasa server, `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`;
summary pages are never cached. The pages shown instead of a summary take their words from the
`pages` section of messages.yml; LANGUAGE picks the language (actions.triage.knowledge.language()).

Environment (defaults in scripts/env.sh):
  RASA_PORT          port of the Rasa server; the page uses the host name it was loaded from
  RASA_PUBLIC_URL    full socket URL instead (e.g. behind a reverse proxy)
  INIT_PAYLOAD       first message the widget sends on a new conversation (default /greet)
  EMERGENCY_NUMBER   the number the page shows for emergencies (actions/links.py: emergency_number)
  RASA_URL, RASA_TOKEN   where and how the summary page reads the conversation (HTTP API)
  SUMMARY_SECRET     key that signs the summary links (the same as the action server's)
  FRAME_ANCESTORS    who may show the page in a frame (CSP frame-ancestors; default 'self')
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import urllib.error
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
STATIC = WEB_DIR / "static"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from actions.links import emergency_number, ttl_hours  # noqa: E402 (after the path set-up, for `python web/server.py`)
from actions.triage import knowledge  # noqa: E402
from web import summary  # noqa: E402

WIDGET_ROUTE = "/vendor/webchat.js"
WIDGET_FILE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
CDN_IMPORT = re.compile(r"@import url\(https?://[^)]*\);")
_bundle: Dict[str, bytes] = {}


def page_words() -> dict:
    """The widget's words: the `page` section of messages.yml, the ending's section titles
    (`render`, as the other channels say them) and the summary link's note (`channels`)."""
    say = knowledge.message
    hours = ttl_hours()
    return {
        **knowledge.load().messages["page"],
        "reasons": say("render", "reasons"),
        "self_care": say("render", "self_care"),
        "safety_net": say("render", "safety_net"),
        "summary_private": say("channels", "summary_private"),
        # for an ending stored without its own `summary_valid`
        "summary_valid": (say("ending", "valid_hours", hours=f"{hours:g}") if hours != 1
                          else say("ending", "valid_one_hour")),
    }


def page_config() -> dict:
    return {
        "rasaPort": os.environ.get("RASA_PORT", "5005"),
        "socketUrl": os.environ.get("RASA_PUBLIC_URL", ""),
        "initPayload": os.environ.get("INIT_PAYLOAD", "/greet"),
        "emergencyNumber": emergency_number(),
        "words": page_words(),
    }


def index_page() -> Path:
    """web/static/<language>/index.html; KnowledgeError when the language has none."""
    lang = knowledge.language()
    path = STATIC / lang / "index.html"
    if not path.is_file():
        have = sorted(p.parent.name for p in STATIC.glob("*/index.html"))
        raise knowledge.KnowledgeError(f"no chat page for language {lang!r} (LANGUAGE): {path} is missing "
                                       f"(the languages there: {', '.join(have) or 'none'})")
    return path


def widget_bundle() -> bytes:
    """rasa-webchat's prebuilt bundle with the font @import (fonts.googleapis.com) removed."""
    if "js" not in _bundle:
        _bundle["js"] = CDN_IMPORT.sub("", WIDGET_FILE.read_text()).encode()
    return _bundle["js"]


def _origins(scheme: str, netloc: str) -> List[str]:
    secure = scheme in ("https", "wss")
    return [f"{'https' if secure else 'http'}://{netloc}", f"{'wss' if secure else 'ws'}://{netloc}"]


def rasa_origins(page_host: str = "") -> List[str]:
    """Where the page's widget may connect (http(s) for socket.io polling, ws(s) for websockets):
    RASA_PUBLIC_URL if set, else what the widget does (page's host name, RASA_PORT), and RASA_URL."""
    out: List[str] = []
    public = urllib.parse.urlsplit(os.environ.get("RASA_PUBLIC_URL", ""))
    if public.scheme and public.netloc:
        return _origins(public.scheme, public.netloc)
    name = urllib.parse.urlsplit(f"//{page_host}").hostname if page_host else None
    if name and re.fullmatch(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]", name):
        out += _origins("http", f"{name}:{os.environ.get('RASA_PORT', '5005')}")
    internal = urllib.parse.urlsplit(os.environ.get("RASA_URL", ""))
    if internal.scheme and internal.netloc:
        out += [o for o in _origins(internal.scheme, internal.netloc) if o not in out]
    return out


def content_security_policy(page_host: str = "") -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the widget (React) sets inline styles
        "img-src 'self' data:",
        "connect-src " + " ".join(["'self'", *rasa_origins(page_host)]),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors " + (os.environ.get("FRAME_ANCESTORS", "").strip() or "'self'"),
    ])


class Handler(SimpleHTTPRequestHandler):
    """Static files of web/static/ and the generated routes (module docstring)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", getattr(self, "_cache", "no-cache"))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", content_security_policy(self.headers.get("Host", "")))
        super().end_headers()

    def _send(self, status: int, body: bytes, ctype: str, cache: str = "no-cache", extra=()) -> None:
        self._cache = cache
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path, _, query = self.path.partition("?")
        if path == "/config.js":
            body = ("window.SPINE_CONFIG = " + json.dumps(page_config()) + ";\n").encode()
            return self._send(200, body, "application/javascript; charset=utf-8")
        if path == WIDGET_ROUTE:
            return self._send(200, widget_bundle(), "application/javascript; charset=utf-8")
        if path in ("/bodymap.svg", "/bodymap.png"):
            return self.bodymap(path.rsplit(".", 1)[1], urllib.parse.parse_qs(query))
        if path.startswith("/summary/"):
            return self.summary(path[len("/summary/"):])
        if path.endswith(".map"):
            return self.send_error(404, "Not found")
        if path in ("/", "/index.html"):  # the page of the language, served as a static file
            self.path = "/" + index_page().relative_to(STATIC).as_posix() + (f"?{query}" if query else "")
        super().do_GET()

    def bodymap(self, fmt: str, params: Dict[str, List[str]]) -> None:
        from web import bodymap
        roots, regions, side = bodymap.parse_query(params)
        if fmt == "svg":
            body = bodymap.render_svg(roots, regions, side).encode()
            ctype = "image/svg+xml; charset=utf-8"
        else:
            body = bodymap.render_png(roots, regions, side)
            ctype = "image/png"
        self._send(200, body, ctype, cache="public, max-age=86400")

    def summary(self, token: str) -> None:
        from actions.links import BadToken, read_token
        private = [("X-Robots-Tag", "noindex, nofollow"), ("X-Frame-Options", "DENY")]
        html_type = "text/html; charset=utf-8"

        def say(key: str) -> str:
            return knowledge.message("pages", key)
        try:
            sender_id, expires = read_token(urllib.parse.unquote(token))
        except BadToken as err:
            expired = str(err) == "expired"
            page = summary.message_page(say("expired_title" if expired else "invalid_title"), say("bad_link"))
            return self._send(410 if expired else 403, page.encode(), html_type, cache="no-store", extra=private)
        except RuntimeError as err:  # no SUMMARY_SECRET: the text is actions/links.py's, for the operator
            return self._send(503, summary.message_page(say("unavailable_title"), str(err)).encode(),
                              html_type, cache="no-store", extra=private)
        try:
            page = summary.page(sender_id, expires, summary.fetch_tracker(sender_id))
            status = 200
        except summary.NotFound:
            page, status = summary.message_page(say("not_found_title"), say("not_found")), 404
        except (urllib.error.URLError, OSError, ValueError) as err:
            self.log_error("summary: cannot read the conversation: %s", type(err).__name__)
            page, status = summary.message_page(say("down_title"), say("down")), 502
        self._send(status, page.encode(), html_type, cache="no-store", extra=private)

    def list_directory(self, path):  # no directory listings
        self.send_error(404, "Not found")
        return None

    def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's naming)
        # The request line holds summary tokens (a conversation id): log the route only.
        path = self.path.split("?", 1)[0]
        if path.startswith("/summary/"):
            path = "/summary/…"
        sys.stderr.write(f"{self.address_string()} {self.command} {path} {args[1] if len(args) > 1 else ''}\n")


def warm_up() -> None:
    """Load the engine and the body map's geometry before the first picture or summary is asked for."""
    try:
        from web import bodymap
        bodymap.load_geometry()
        bodymap.regions()
    except Exception as err:  # the static page works without it
        print(f"warm-up failed: {err}", file=sys.stderr, flush=True)


def main() -> int:
    host = os.environ.get("WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("WEB_PORT", "8080"))
    if not WIDGET_FILE.is_file():
        print("web/node_modules/rasa-webchat is missing: run `make install` (npm ci in web/)", file=sys.stderr)
        return 1
    try:  # the language's words, page and templates, before the first visitor
        page_words()
        index_page()
        summary.template("summary.html"), summary.template("message.html")
    except knowledge.KnowledgeError as err:
        print(f"web/server.py: {err}", file=sys.stderr)
        return 1
    threading.Thread(target=warm_up, daemon=True).start()
    server = ThreadingHTTPServer((host, port), partial(Handler, directory=str(STATIC)))
    print(f"Serving {STATIC} on http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
