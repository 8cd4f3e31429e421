"""Patient free text -> findings: a partial case (docs/architecture.md) plus `extras`.

interpret(text, question, case) reads the answer to the question being asked (if any) and always
also scans the text for anything volunteered, above all red-flag statements. This module is the
public entry: it cleans the text, cuts long messages into parts and assembles the topic readers
of actions/triage/reading/ (one module per clinical topic, docs/reading.md) into one `Reading`.
Words come from knowledge/<language>/lexicon.yml through the spaCy pipeline of nlp.py (entity ruler +
NegEx). It never raises: bad input gives {} or what was safely found.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from . import lexicon, numbers
from .contract import QUESTIONS
from .reading import (answers, cancer, character, core, diabetes, duration, dvt, infection, net,
                      posture, regions, saddle, scope, sphincter, trauma, weakness)
from .reading.core import Cue, Ent
from .reading.text import correct, normalise

__all__ = ["Cue", "Ent", "Reading", "correct", "interpret", "may_speak", "normalise", "read_part",
           "split_long"]

log = logging.getLogger(__name__)

WHOLE = 5000  # characters read as one reading (longer messages are read part by part)
PART = 1500
# The topic readers, in the order they run: later ones may use what earlier ones recorded
# (weakness reads the side, radicular pain the regions).
READERS = (regions.read, character.read, saddle.read, sphincter.read, infection.read, dvt.read,
           cancer.read, trauma.read, diabetes.read, weakness.read, weakness.self_checks,
           posture.read, duration.read, trauma.strain_risk)
# Cues that are not cues here ("the pain goes down my leg" is not relief, "straining for ages"
# is not long-standing).
FALSE_CUES = (posture.false_cue, sphincter.false_cue)
# Entities that name nothing here ("fell asleep", "the back of it", "my stream is weak", ...).
FALSE_ENTITIES = (trauma.false_entity, regions.false_entity, posture.false_entity,
                  sphincter.false_entity)


class Reading(core.Reading):
    """One message parsed, its false cues and entities dropped, what the patient does not state about
    themselves set aside (reading/scope.py), then read by every topic reader."""

    def __init__(self, text: str, question, case: dict):
        super().__init__(text, question, case)
        self.cues = [c for c in self.cues if not any(drop(self, c) for drop in FALSE_CUES)]
        self.ents = [e for e in self.ents if not any(drop(self, e) for drop in FALSE_ENTITIES)]
        scope.set_aside(self)

    def findings(self) -> dict:
        for read in READERS:
            read(self)
        return answers.finish(self)

    def correction_at(self):
        return scope.correction_at(self)


def interpret(text, question=None, case=None) -> dict:
    """Findings from one patient message; see the module docstring.

    A message of any length is read whole: up to WHOLE characters as one reading; beyond that the
    first part answers the question and every further part of at most PART characters (cut at
    sentence ends) is read for what it volunteers, so a red flag on page three still counts. An
    internal error is logged at ERROR (with the traceback) and gives {}: the conversation goes on,
    and the log shows that a message was not read.
    """
    try:
        if question not in QUESTIONS:
            question = None
        clean = normalise(text)
        if not clean.strip():
            return {}
        case = case if isinstance(case, dict) else {}
        parts = split_long(clean)
        findings = read_part(parts[0], question, case)
        seen = {parts[0]}
        for part in parts[1:]:
            if part in seen or not may_speak(part):
                continue  # a repeated part says nothing new; a part without topic words says nothing
            seen.add(part)
            findings = _add_volunteered(findings, read_part(part, None, case))
        return _with_net(findings, parts[0])
    except Exception:  # a message must never break the conversation
        log.exception("interpret failed on a message of %d characters", len(str(text)))
        return {}


def _with_net(findings: dict, text: str) -> dict:
    """The findings plus the questions the learned net (reading/net.py) wants confirmed. When
    the rules already raised a flag the interview ends this turn: the net is not run."""
    if any(findings.get(q) == "yes" for q in answers.flag_questions()):
        return findings
    wanted = [q for q in net.confirm(text, findings)
              if q not in ((findings.get("extras") or {}).get("confirm") or [])]
    if not wanted:
        return findings
    extras = dict(findings.get("extras") or {})
    extras["confirm"] = list(extras.get("confirm") or []) + wanted
    return {**findings, "extras": extras}


def read_part(text: str, question, case: dict) -> dict:
    """One reading; when the patient corrects themselves, the answer after the last correction
    counts for the question ("Left. Sorry, no, right"). Turning a red-flag answer from yes to no
    that way is kept but marked for confirmation."""
    reading = Reading(text, question, case)
    findings = reading.findings()
    cut = reading.correction_at() if question else None
    if cut is None:
        return findings
    later = Reading(text[cut:], question, case).findings()
    value = later.get(question)
    if value is None and question == "symptom_duration":
        value = _corrected_duration(text[:cut], text[cut:])
    if value is None or value == "question":
        return findings
    before = findings.get(question)
    findings = {**findings, question: value}
    extras = dict(findings.get("extras") or {})
    if before == "yes" and value != "yes" and question in answers.flag_questions():
        extras["confirm"] = list(dict.fromkeys((extras.get("confirm") or []) + [question]))
    if value != "unsure" and question in (extras.get("unsure") or []):
        extras["unsure"] = [q for q in extras["unsure"] if q != question]
    for key in ("extras",):
        for k, v in (later.get(key) or {}).items():
            if k not in ("evidence", "unsure", "confirm", "question_back") and k not in extras:
                extras[k] = v
    findings["extras"] = extras
    return findings


def _corrected_duration(before: str, after: str):
    """"Four weeks, sorry, I mean five": a bare number in the correction keeps the first unit."""
    unit, value = numbers.unit_weeks(before), numbers.number(after)
    if unit is None or value is None or numbers.unit_weeks(after) is not None:
        return None
    return round(value * unit, 3)


def split_long(text: str) -> list:
    """The text in parts a reading handles in bounded time: whole when short, else cut at
    sentence ends (or, inside a run-on sentence, at a space) into parts of at most PART chars."""
    if len(text) <= WHOLE:
        return [text]
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + PART)
        if end < len(text):
            cut = max(text.rfind(c, start, end) for c in ".!?\n;")
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        parts.append(text[start:end])
        start = end
    return [p for p in parts if p.strip()] or [text[:PART]]


def may_speak(part: str) -> bool:
    """Cheap pre-check: a part with no lexicon word at all cannot add a finding."""
    return bool(_topic_words() & set(re.findall(r"[a-z']+", part)))


@lru_cache(maxsize=1)
def _topic_words() -> frozenset:
    out = set()
    for g in lexicon.load().values():
        if g.label:
            for p in g.phrases():
                out.update(re.findall(r"[a-z']+", p))
    return frozenset(out - set(lexicon.words("fillers")))


def _add_volunteered(findings: dict, later: dict) -> dict:
    """Add what a later part of a long message volunteers: positive answers and extras only."""
    from .engine import merge  # engine imports the rules; only long messages need it here

    kept = {k: v for k, v in later.items() if k != "extras" and v == "yes"}
    extras = {k: v for k, v in (later.get("extras") or {}).items()
              if k not in ("evidence", "unsure", "confirm", "question_back")}
    if extras:
        kept["extras"] = extras
    out = merge(findings, kept) if kept else findings
    confirm = [q for q in (later.get("extras") or {}).get("confirm", []) if q not in out]
    if confirm:
        ex = dict(out.get("extras") or {})
        ex["confirm"] = list(dict.fromkeys((ex.get("confirm") or []) + confirm))
        out = {**out, "extras": ex}
    return out
