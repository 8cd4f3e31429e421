"""The doctor's summary of one conversation: read the tracker through the Rasa HTTP API and render
web/templates/<language>/summary.html (the language of `knowledge.language()`), with the words of the
`summary` section of <language>/messages.yml. Every value from the conversation is HTML-escaped
here, once.

The link's token (actions/links.py) carries the conversation id and an expiry; web/server.py checks
it before calling `page`.
"""

from __future__ import annotations

import html
import json
import os
import time
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any, Dict, List, Tuple

from actions.triage import knowledge
from actions.triage.knowledge import KnowledgeError

TEMPLATES = Path(__file__).resolve().parent / "templates"  # one folder per language code
RED_FLAG_GROUPS = ("cauda_equina", "weakness", "screens")
ANSWERS = ("yes", "no", "unsure")  # the answers named on the page (summary.answer_<value>)


class NotFound(Exception):
    """No conversation with that id (or nothing in it yet)."""


def template(name: str) -> Template:
    """The page template `name` of this process's language (web/templates/<language>/)."""
    return _template(knowledge.language(), name)


@lru_cache(maxsize=None)
def _template(lang: str, name: str) -> Template:
    folder = TEMPLATES / lang
    if not folder.is_dir():
        have = sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir())
        raise KnowledgeError(f"no page templates for language {lang!r} (LANGUAGE): {folder} is missing "
                             f"(the folders there: {', '.join(have) or 'none'})")
    try:
        return Template((folder / name).read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnowledgeError(f"{lang}/{name}: cannot read the page template: {exc}") from exc


def _say(key: str, **fields: Any) -> str:
    return knowledge.message("summary", key, **fields)


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
            out.append((question or _say("first_message"), text, float(e.get("timestamp") or 0)))
            question = ""
    return out


def _when(ts: float, form: str = "date") -> str:
    """A time in the server's time zone, in the language's strftime format `form` (date or time)."""
    return datetime.fromtimestamp(ts, tz=timezone.utc).astimezone().strftime(_say(form)).strip()


def _list(items: List[str], empty: str) -> str:
    if not items:
        return f"<p class='muted'>{html.escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def page(sender_id: str, expires: int, tracker: Dict[str, Any]) -> str:
    """The summary page's HTML; raises NotFound when the conversation holds nothing yet."""
    from actions.links import emergency_number, outlived, patient_regions
    from actions.triage import assess
    from web import bodymap

    kn = knowledge.load()
    slots = tracker.get("slots") or {}
    case = slots.get("case") if isinstance(slots.get("case"), dict) else {}
    events = tracker.get("events") or []
    if not case and not any(e.get("event") == "user" for e in events):
        raise NotFound(sender_id)
    if outlived(expires, events):  # the conversation was deleted and a new one started under its id
        raise NotFound(sender_id)
    result = assess(case).to_dict()
    level = slots.get("triage_level") or result["triage_level"]
    if level not in kn.levels or kn.rank(result["triage_level"]) > kn.rank(level):
        level = result["triage_level"]  # never show a lower urgency than the answers give
    flags = sorted(set(slots.get("red_flags") or []) | set(result["red_flags"]))
    stamps = [float(e.get("timestamp") or 0) for e in events if e.get("timestamp")]
    started, last = (min(stamps), max(stamps)) if stamps else (time.time(), time.time())
    esc = html.escape

    rows = "".join(
        f"<tr><td>{esc(q)}</td><td><strong>{esc(a)}</strong></td>"
        f"<td class='nowrap'>{esc(_when(t, 'time') if t else '')}</td></tr>"
        for q, a, t in conversation(events))
    red_rows = ""
    for q in kn.questions.values():
        if q.group not in RED_FLAG_GROUPS:
            continue
        value = case.get(q.name)
        answer = _say(f"answer_{value}" if value in ANSWERS else "not_asked")
        cls = " class='flag'" if value == "yes" else ""
        red_rows += (f"<tr{cls}><td>{esc(q.text.split('?')[0] + '?')}</td>"
                     f"<td><strong>{esc(answer)}</strong></td></tr>")
    roots = list(result.get("suspected_roots") or [])
    regions = patient_regions(case)
    wording = kn.levels[level]
    status = "" if slots.get("assessed") else f"<p class='notice'>{esc(_say('unfinished'))}</p>"
    return template("summary.html").substitute(
        status=status,
        level=esc(level),
        level_word=esc(wording.label),
        headline=esc(wording.headline),
        flags=esc(", ".join(f.replace("_", " ") for f in flags) or knowledge.message("explain", "no_flags")),
        pattern=esc((result.get("likely_pattern") or "").replace("_", " ") or _say("none")),
        roots=esc(", ".join(roots) or _say("none")),
        reasons="".join(f"<li>{esc(r['text'])}</li>" for r in result["reasons"]),
        positives=_list(result["positives"], _say("none_reported")),
        negatives=_list(result["negatives"], _say("none_reported")),
        red_rows=red_rows,
        map_text=esc(bodymap.describe(roots, regions, bodymap.clean_side(case.get("symptom_side")))),
        svg=bodymap.render_svg(roots, regions, case.get("symptom_side"), element_id="summary-map"),
        rows=rows,
        started=esc(_when(started)),
        last=esc(_when(last)),
        made=esc(_when(time.time())),
        expires=esc(_when(expires)),
        reference=esc(sender_id[:8]),
        emergency_number=esc(emergency_number()),
    )


def message_page(title: str, text: str) -> str:
    """A short page that says why there is no summary."""
    return template("message.html").substitute(title=html.escape(title), text=html.escape(text))
