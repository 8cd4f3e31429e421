#!/usr/bin/env python3
"""Serve the chat page (web/) on WEB_HOST:WEB_PORT with the Python standard library (+ the project).

Static files come from web/ (the widget from web/node_modules, installed by `npm ci`: no CDN).
Generated routes:
  /config.js               settings for the page, from the environment (below)
  /bodymap.svg, .png       the body map (actions/bodymap.py); query: roots=L5,S1 regions=calf,heel
                           side=left|right|both|unsure
  /node_modules/rasa-webchat/lib/index.js
                           the widget's bundle without its @import of a web font from a CDN
                           (the page uses the system font: nothing is loaded from elsewhere)
  /summary/<token>         the doctor's summary of one conversation (printable), read from the Rasa
                           HTTP API with the server-side token; the token is signed and expires
                           (actions/links.py)
Environment (defaults in scripts/env.sh):
  RASA_PORT          port of the Rasa server; the page uses the host name it was loaded from
  RASA_PUBLIC_URL    full socket URL instead (e.g. behind a reverse proxy)
  INIT_PAYLOAD       first message the widget sends on a new conversation (default /greet)
  EMERGENCY_NUMBER   the number the page shows for emergencies (default 999)
  RASA_URL, RASA_TOKEN   where and how the summary page reads the conversation (HTTP API)
  SUMMARY_SECRET     key that signs the summary links (the same as the action server's)
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
WEB_DIR = ROOT / "web"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def page_config() -> dict:
    return {
        "rasaPort": os.environ.get("RASA_PORT", "5005"),
        "socketUrl": os.environ.get("RASA_PUBLIC_URL", ""),
        "initPayload": os.environ.get("INIT_PAYLOAD", "/greet"),
        "emergencyNumber": os.environ.get("EMERGENCY_NUMBER", "999"),
    }


# ----------------------------------------------------------------------------- the summary page
RED_FLAG_GROUPS = ("cauda_equina", "weakness", "screens")
ANSWER_WORDS = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
LEVEL_WORDS = {"emergency": "Emergency", "urgent": "Urgent (today)", "soon": "Soon (within days to weeks)",
               "routine": "Routine"}


WIDGET_BUNDLE = "/node_modules/rasa-webchat/lib/index.js"
CDN_IMPORT = re.compile(r"@import url\(https?://[^)]*\);")
_bundle: Dict[str, bytes] = {}


def widget_bundle() -> bytes:
    """rasa-webchat's prebuilt bundle with the font @import (fonts.googleapis.com) removed."""
    if "js" not in _bundle:
        text = (WEB_DIR / WIDGET_BUNDLE.lstrip("/")).read_text()
        _bundle["js"] = CDN_IMPORT.sub("", text).encode()
    return _bundle["js"]


class NotFound(Exception):
    pass


def fetch_tracker(sender_id: str) -> Dict[str, Any]:
    base = os.environ.get("RASA_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    query = urllib.parse.urlencode({"token": os.environ.get("RASA_TOKEN", ""), "include_events": "ALL"})
    url = f"{base.rstrip('/')}/conversations/{urllib.parse.quote(sender_id, safe='')}/tracker?{query}"
    with urllib.request.urlopen(url, timeout=20) as r:
        return json.loads(r.read().decode())


def conversation(events: List[Dict[str, Any]]) -> List[Tuple[str, str, float]]:
    """(question asked, the patient's answer, time) for every message the patient typed or clicked."""
    out, question = [], ""
    for e in events:
        if e.get("event") == "bot" and e.get("text"):
            text = e["text"].split("\n\n", 1)[0].strip()
            if e.get("data", {}).get("buttons") or text.endswith("?"):
                question = text
        elif e.get("event") == "user":
            text = (e.get("text") or "").strip()
            if not text or text.startswith("/"):
                continue
            out.append((question or "(first message)", text, float(e.get("timestamp") or 0)))
            question = ""
    return out


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).astimezone().strftime("%d %b %Y, %H:%M %Z").strip()


def _list(items: List[str], empty: str) -> str:
    if not items:
        return f"<p class='muted'>{html.escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def summary_html(sender_id: str, expires: int, tracker: Dict[str, Any]) -> str:
    from actions import bodymap
    from actions.links import patient_regions
    from actions.triage import assess, knowledge

    kn = knowledge.load()
    slots = tracker.get("slots") or {}
    case = slots.get("case") if isinstance(slots.get("case"), dict) else {}
    events = tracker.get("events") or []
    if not case and not any(e.get("event") == "user" for e in events):
        raise NotFound(sender_id)
    result = assess(case).to_dict()
    level = slots.get("triage_level") or result["triage_level"]
    if level not in kn.levels or kn.rank(result["triage_level"]) > kn.rank(level):
        level = result["triage_level"]
    flags = sorted(set(slots.get("red_flags") or []) | set(result["red_flags"]))
    finished = bool(slots.get("assessed"))
    stamps = [float(e.get("timestamp") or 0) for e in events if e.get("timestamp")]
    started, last = (min(stamps), max(stamps)) if stamps else (time.time(), time.time())
    esc = html.escape

    rows = "".join(
        f"<tr><td>{esc(q)}</td><td><strong>{esc(a)}</strong></td><td class='nowrap'>{esc(_when(t)[-9:] if t else '')}</td></tr>"
        for q, a, t in conversation(events))
    red_rows = ""
    for q in kn.questions.values():
        if q.group not in RED_FLAG_GROUPS:
            continue
        value = case.get(q.name)
        answer = ANSWER_WORDS.get(value, "Not asked") if value is not None else "Not asked"
        cls = " class='flag'" if value == "yes" else ""
        red_rows += f"<tr{cls}><td>{esc(q.text.split('?')[0] + '?')}</td><td><strong>{esc(answer)}</strong></td></tr>"
    reasons = "".join(f"<li>{esc(r['text'])}</li>" for r in result["reasons"])
    roots = list(result.get("suspected_roots") or [])
    regions = patient_regions(case)
    svg = bodymap.render_svg(roots, regions, case.get("symptom_side"), element_id="summary-map")
    wording = kn.levels[level]
    flag_names = ", ".join(f.replace("_", " ") for f in flags) or "none found"
    pattern = (result.get("likely_pattern") or "").replace("_", " ")
    status = "" if finished else ("<p class='notice'>The interview was not finished: the assessment below "
                                  "uses only the answers given so far.</p>")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Summary for the doctor — Spine Triage Assistant</title>
<link rel="stylesheet" href="/summary.css">
</head>
<body>
<main>
<header class="head">
  <div>
    <p class="kicker">Spine Triage Assistant</p>
    <h1>Summary for the doctor</h1>
    <p class="meta">Conversation of {esc(_when(started))} to {esc(_when(last))}. Page made {esc(_when(time.time()))}.</p>
  </div>
  <button type="button" class="print" onclick="window.print()">Print or save as PDF</button>
</header>
<p class="not-diagnosis" role="note"><strong>This is not a diagnosis.</strong> It was written by an automated
symptom checker from what the patient typed, without an examination. It suggests how soon to be seen; the
clinician's own assessment decides.</p>
{status}
<section aria-labelledby="h-assess" class="assessment level-{esc(level)}">
  <h2 id="h-assess">Assessment</h2>
  <p class="level"><span class="badge">{esc(LEVEL_WORDS.get(level, level))}</span> {esc(wording.headline)}</p>
  <dl>
    <dt>Red flags</dt><dd>{esc(flag_names)}</dd>
    <dt>Pattern the answers fit</dt><dd>{esc(pattern or 'none')}</dd>
    <dt>Nerve roots the areas fit</dt><dd>{esc(', '.join(roots) or 'none')}</dd>
  </dl>
  <h3>Reasons</h3>
  <ol>{reasons}</ol>
</section>
<section aria-labelledby="h-findings" class="two">
  <div><h2 id="h-findings">Pertinent positives</h2>{_list(result['positives'], 'None reported.')}</div>
  <div><h2>Pertinent negatives</h2>{_list(result['negatives'], 'None reported.')}</div>
</section>
<section aria-labelledby="h-flags">
  <h2 id="h-flags">Red-flag questions and answers</h2>
  <table><thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr></thead><tbody>{red_rows}</tbody></table>
</section>
<section aria-labelledby="h-map" class="map">
  <h2 id="h-map">Body map</h2>
  <p class="muted">{esc(bodymap.describe(roots, regions, bodymap.clean_side(case.get('symptom_side'))))}</p>
  <figure>{svg}</figure>
</section>
<section aria-labelledby="h-answers">
  <h2 id="h-answers">Answers given</h2>
  <table><thead><tr><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">Time</th></tr></thead>
  <tbody>{rows}</tbody></table>
</section>
<footer>
  <p>Reference: {esc(sender_id[:8])}… · This link stops working on {esc(_when(expires))}. Not a diagnosis;
  in an emergency call {esc(os.environ.get('EMERGENCY_NUMBER', '999'))}.</p>
</footer>
</main>
</body>
</html>
"""


def message_page(title: str, text: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>{html.escape(title)}</title><link rel="stylesheet" href="/summary.css"></head>
<body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>
<p><a href="/">Back to the assistant</a></p></main></body></html>"""


# ----------------------------------------------------------------------------- the server
class Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", getattr(self, "_cache", "no-cache"))
        self.send_header("X-Content-Type-Options", "nosniff")
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
        if path == WIDGET_BUNDLE:
            return self._send(200, widget_bundle(), "application/javascript; charset=utf-8")
        if path in ("/bodymap.svg", "/bodymap.png"):
            return self.bodymap(path.rsplit(".", 1)[1], urllib.parse.parse_qs(query))
        if path.startswith("/summary/"):
            return self.summary(path[len("/summary/"):])
        super().do_GET()

    def bodymap(self, fmt: str, params: Dict[str, List[str]]) -> None:
        from actions import bodymap
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
        private = [("Referrer-Policy", "no-referrer"), ("X-Robots-Tag", "noindex, nofollow"),
                   ("X-Frame-Options", "DENY")]
        try:
            sender_id, expires = read_token(urllib.parse.unquote(token))
        except BadToken as err:
            expired = str(err) == "expired"
            page = message_page("This summary link has expired" if expired else "This link is not valid",
                                "Summary links work only for a limited time and only exactly as they were "
                                "given in the chat. You can start a new conversation to get a new one.")
            return self._send(410 if expired else 403, page.encode(), "text/html; charset=utf-8",
                              cache="no-store", extra=private)
        except RuntimeError as err:  # no SUMMARY_SECRET
            return self._send(503, message_page("Summary not available", str(err)).encode(),
                              "text/html; charset=utf-8", cache="no-store", extra=private)
        try:
            page = summary_html(sender_id, expires, fetch_tracker(sender_id))
            status = 200
        except NotFound:
            page, status = message_page("No conversation found", "There is nothing to summarise yet."), 404
        except (urllib.error.URLError, OSError, ValueError) as err:
            self.log_error("summary: cannot read the conversation: %s", err)
            page, status = message_page("Summary not available right now",
                                        "The assistant's server could not be reached. Please try again "
                                        "in a minute."), 502
        self._send(status, page.encode(), "text/html; charset=utf-8", cache="no-store", extra=private)

    def list_directory(self, path):  # no directory listings
        self.send_error(404, "Not found")
        return None


def warm_up() -> None:
    """Import the engine (spaCy, ~4 s) before the first body map or summary is asked for."""
    try:
        from actions import bodymap, links  # noqa: F401
        bodymap.load_geometry()
        bodymap.regions()
    except Exception as err:  # the static page works without it
        print(f"warm-up failed: {err}", file=sys.stderr, flush=True)


def main() -> int:
    host = os.environ.get("WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("WEB_PORT", "8080"))
    if not (WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js").is_file():
        print("web/node_modules/rasa-webchat is missing: run `make install` (npm ci in web/)", file=sys.stderr)
        return 1
    threading.Thread(target=warm_up, daemon=True).start()
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
