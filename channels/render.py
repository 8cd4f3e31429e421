"""Channel-neutral pieces every renderer shares: the ending's sections in their fixed order,
numbered choices ("Reply 1, 2 or 3") and their mapping back, and splitting long texts.

The ending is the custom payload of `action_handoff` (`{"data": {"type": "triage_ending", ...}}`,
fields in actions/links.py). A question is a text with buttons whose payload is the answer's own
words (actions/questions.py), so a tap and a typed answer are the same message. The words are
those of the `render` section of knowledge/<language>/messages.yml.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from actions.triage.knowledge import message

ENDING = "triage_ending"
STEP = re.compile(r"^(\d+)\. ", re.M)
UNREADABLE = message("render", "unreadable")


def ending_of(message: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    """The neutral ending carried by a bot message, if it is one."""
    custom = message.get("custom")
    data = custom.get("data") if isinstance(custom, dict) else None
    return data if isinstance(data, dict) and data.get("type") == ENDING else None


def bullets(lines: Sequence[Text]) -> Text:
    return "\n".join(f"- {line}" for line in lines if line)


def headline(ending: Dict[Text, Any]) -> Text:
    """The first message: what to do now (first line), why the questions stopped, where/when."""
    lines = [ending.get("first_line", "")]
    for key in ("stopped_early", "recommendation"):
        if ending.get(key):
            lines.append(ending[key])
    return "\n".join(line for line in lines if line)


def sections(ending: Dict[Text, Any]) -> List[Dict[Text, Text]]:
    """The ending's parts after the headline, in order, each once: {"title", "body"}."""
    out = []
    for key in ("reasons", "self_care", "safety_net"):
        if ending.get(key):
            out.append({"key": key, "title": message("render", key), "body": bullets(ending[key])})
    if ending.get("summary") or ending.get("summary_url"):
        out.append({"key": "summary", "title": message("render", "summary"), "body": summary_text(ending)})
    if ending.get("disclaimer"):
        out.append({"key": "disclaimer", "title": "", "body": ending["disclaimer"]})
    return out


def summary_text(ending: Dict[Text, Any]) -> Text:
    parts = [ending.get("summary", "")]
    if ending.get("summary_url"):
        parts.append(message("render", "printable", valid=ending.get("summary_valid", ""),
                             url=ending["summary_url"]))
    return "\n".join(p for p in parts if p)


def section_text(section: Dict[Text, Text]) -> Text:
    return f"{section['title']}\n{section['body']}" if section["title"] else section["body"]


def ending_text(ending: Dict[Text, Any], bodymap: bool = False) -> Text:
    """The whole ending as plain text (REST, SMS); `bodymap` adds the picture's address."""
    parts = [headline(ending)]
    for part in sections(ending):
        if part["key"] == "summary" and bodymap and ending.get("bodymap_url"):
            parts.append(message("render", "bodymap", url=ending["bodymap_url"]))
        parts.append(section_text(part))
    return "\n\n".join(parts)


# ----------------------------------------------------------------------------- choices
def titles(buttons: Sequence[Dict[Text, Any]]) -> List[Text]:
    return [str(b.get("title") or b.get("payload") or "") for b in buttons or []]


def reply_hint(n: int) -> Text:
    if n <= 1:
        return message("render", "reply_one")
    if n <= 4:
        return message("render", "reply_few", numbers=", ".join(str(i) for i in range(1, n)), last=n)
    return message("render", "reply_many", count=n)


def numbered(text: Text, buttons: Sequence[Dict[Text, Any]]) -> Text:
    """A question with its choices as a numbered list; free text still works."""
    names = titles(buttons)
    if not names:
        return text
    # a numbered list in the question (self-check steps) would read like the choices: "Step 1:"
    text = STEP.sub(lambda m: message("render", "step", number=m.group(1)), text)
    choices = "\n".join(f"{i}. {t}" for i, t in enumerate(names, 1))
    return f"{text}\n\n{choices}\n\n{message('render', 'choose', hint=reply_hint(len(names)))}"


def map_number(text: Text, buttons: Sequence[Dict[Text, Any]]) -> Optional[Text]:
    """The payload of choice N when the patient answered just "N" (or "N." / "#N")."""
    token = (text or "").strip().rstrip(".)").lstrip("#").strip()
    if not token.isdigit() or not buttons:
        return None
    i = int(token)
    if 1 <= i <= len(buttons):
        return str(buttons[i - 1].get("payload") or buttons[i - 1].get("title"))
    return None


def split(text: Text, limit: int) -> List[Text]:
    """Pieces of at most `limit` characters, cut at paragraph, line or word boundaries."""
    text = text.strip()
    out: List[Text] = []
    while len(text) > limit:
        cut = max(text.rfind("\n\n", 0, limit), text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        out.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        out.append(text)
    return out
