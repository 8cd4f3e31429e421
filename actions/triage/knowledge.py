"""Load and validate the clinical knowledge files (actions/triage/knowledge/).

The YAML files are the single source for the engine, the bot's wording, the FAQ answers and
docs/clinical-rules.md. The rule files (*.yml: rules and sources) are shared by every language;
what the patient is told sits in one folder per language code (en/: the rules' wording keyed by
their ids, questions.yml, faq.yml, and messages.yml with the fixed sentences of the Python
modules), chosen by LANGUAGE (`language()`); an unknown code fails with the list of folders.

Every knowledge file is read by `read` (the lexicon by lexicon.py and the body map by
web/bodymap.py too, both through it); a malformed entry raises KnowledgeError naming the file and
the entry, so a bad edit by a reviewer or a translator fails at start-up instead of silently
changing a rule. Importing this module loads no spaCy and no Rasa: the Rasa server's modules may
import it for their sentences.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

from .contract import (
    AGGRAVATING,
    ANSWER_KEYS,
    ANSWER_VALUES,
    CHARACTERS,
    PATTERNS,
    QUESTIONS,
    RED_FLAGS as FLAGS,
    REGION_IDS,
    RELIEVING,
    ROOTS,
    TRIAGE_LEVELS as LEVELS,
)

DIR = Path(__file__).parent / "knowledge"
REFERENCE = "en"  # the language every other one is checked against, and the default
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it: same data, faster
FAQ_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")  # snake_case: the NLU intent is faq/<key>


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or has a malformed entry."""


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    zone: str
    below_knee: bool
    core: tuple
    also: tuple
    localising: bool
    source: str
    note: str = ""


@dataclass(frozen=True)
class SelfTest:
    id: str
    label: str
    answers: tuple
    core: tuple
    also: tuple
    motor_deficit: bool
    meaning: str
    source: str


@dataclass(frozen=True)
class Trigger:
    id: str
    rule: str
    level: str
    answers: tuple
    reason: str
    unresolved: str = ""


@dataclass(frozen=True)
class Flag:
    name: str
    why: str
    safety_net: str
    sources: str
    triggers: tuple


@dataclass(frozen=True)
class Pattern:
    name: str
    rule: str
    params: dict
    explain: str
    source: str


@dataclass(frozen=True)
class Level:
    name: str
    rank: int
    alert: bool
    label: str
    headline: str
    where: str
    when: str
    extra: str
    source: str


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    rule: str
    reason: str
    source: str
    answers: tuple = ()


@dataclass(frozen=True)
class Question:
    name: str
    group: str
    text: str
    why: str
    buttons: tuple
    steps: tuple
    positive: str
    negative: str
    source: str


@dataclass(frozen=True)
class Faq:
    key: str
    title: str
    answer: str  # one paragraph (the file's line breaks joined), as the bot sends it
    source: str


@dataclass(frozen=True)
class Knowledge:
    regions: dict
    self_tests: dict
    flags: dict
    claudication: dict
    radicular_characters: tuple
    sensory_characters: tuple
    patterns: tuple
    thresholds: dict
    threshold_sources: dict
    levels: dict
    rules: dict
    safety_net: dict
    self_care: dict
    groups: tuple
    questions: dict = field(default_factory=dict)
    faq: dict = field(default_factory=dict)  # key -> Faq, in file order
    messages: dict = field(default_factory=dict)  # section -> key -> sentence (messages.yml)

    def pattern(self, name: str) -> Pattern:
        return next(p for p in self.patterns if p.name == name)

    def flag_questions(self) -> frozenset:
        """The contract questions whose "yes" can raise a red flag (the triggers' answers)."""
        return frozenset(k for f in self.flags.values() for t in f.triggers for k in t.answers
                         if k in QUESTIONS)

    def rank(self, level: str) -> int:
        """The urgency of a level (higher = more urgent), from triage.yml."""
        return self.levels[level].rank

    def higher(self, a: str | None, b: str | None) -> str | None:
        """The more urgent of two levels; None or an unknown name counts as no level."""
        known = [level for level in (a, b) if level in self.levels]
        return max(known, key=self.rank) if known else None


class Entry:
    """Typed access to one mapping of a knowledge file; every error names file and entry."""

    def __init__(self, file: str, entry: str, data: Any):
        self.file, self.entry = file, entry
        if not isinstance(data, dict):
            self.fail(f"expected a mapping, got {type(data).__name__}")
        self.data = data

    def fail(self, problem: str):
        raise KnowledgeError(f"{self.file}: entry '{self.entry}': {problem}")

    def get(self, key: str, kind: type | tuple, default: Any = ...):
        if key not in self.data:
            if default is ...:
                self.fail(f"missing '{key}'")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(f"'{key}' must be {getattr(kind, '__name__', kind)}, got {value!r}")
        return value

    def text(self, key: str, default: Any = ..., empty: bool = False) -> str:
        value = self.get(key, str, default)
        if not empty and not value.strip():
            self.fail(f"'{key}' is empty")
        return value

    def items(self, key: str, allowed=None, default: Any = ...) -> tuple:
        values = self.get(key, list, default)
        for v in values:
            if allowed is not None and v not in allowed:
                self.fail(f"'{key}' has unknown value {v!r} (allowed: {', '.join(map(str, allowed))})")
        return tuple(values)

    def choice(self, key: str, allowed) -> str:
        value = self.get(key, str)
        if value not in allowed:
            self.fail(f"'{key}' has unknown value {value!r} (allowed: {', '.join(allowed)})")
        return value


def read(path: str | Path, name: str | None = None) -> dict:
    """The top-level mapping of one knowledge file: the one way every knowledge file is read.

    `name` is how errors name the file (default: its file name). Raises KnowledgeError when the
    file is missing, is not YAML, or its top level is not a mapping.
    """
    path = Path(path)
    name = name or path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{name}: cannot read: {exc}") from exc
    return Entry(name, "(top level)", data).data


class _Files:
    """The rule files of a knowledge folder and the wording files of one language in it."""

    def __init__(self, directory: Path, language: str):
        available = languages(directory)
        if language not in available:
            raise KnowledgeError(f"unknown language {language!r} (LANGUAGE): the languages in "
                                 f"{directory} are {', '.join(available) or 'none'}")
        self.directory, self.language = directory, language

    def rules(self, name: str) -> Entry:
        return Entry(name, "(top level)", read(self.directory / name))

    def words(self, name: str) -> Entry:
        """The top level of the language's file `name` (e.g. en/red_flags.yml)."""
        name = f"{self.language}/{name}"
        return Entry(name, "(top level)", read(self.directory / name, name))


def _keyed(e: Entry, key: str, ids, what: str) -> dict:
    """A wording mapping that has an entry for exactly these ids (those of the rule file)."""
    found = e.get(key, dict)
    unknown = [k for k in found if k not in ids]
    if unknown:
        Entry(e.file, f"{key}.{unknown[0]}", {}).fail(f"not {what}")
    missing = [k for k in ids if k not in found]
    if missing:
        e.fail(f"'{key}' has no wording for {', '.join(map(str, missing))}")
    return found


def _roots(e: Entry) -> tuple[tuple, tuple]:
    core, also = e.items("core", ROOTS), e.items("also", ROOTS)
    if set(core) & set(also):
        e.fail("a root is both core and also")
    return core, also


def _regions(files: _Files) -> dict:
    top = files.rules("regions.yml")
    sources = Entry("regions.yml", "sources", top.get("sources", dict))
    out = {}
    raw = top.get("regions", dict)
    for rid in raw:
        if rid not in REGION_IDS:
            Entry("regions.yml", rid, {}).fail("not a region id of docs/architecture.md")
    missing = [r for r in REGION_IDS if r not in raw]
    if missing:
        raise KnowledgeError(f"regions.yml: missing region ids: {', '.join(missing)}")
    words = files.words("regions.yml")
    labels = Entry(words.file, "regions", _keyed(words, "regions", list(raw), "a region of regions.yml"))
    for rid, data in raw.items():
        e = Entry("regions.yml", rid, data)
        localising = e.get("localising", bool, True)
        core, also = _roots(e)
        if not localising and (core or also):
            e.fail("a non-localising region cannot have roots")
        default = sources.text("map" if localising else "non_localising")
        out[rid] = Region(rid, labels.text(rid), e.text("zone"), e.get("below_knee", bool), core,
                          also, localising, e.text("source", default), e.text("note", "", True))
    return out


def _self_tests(files: _Files) -> dict:
    top = files.rules("self_tests.yml")
    raw = top.get("tests", dict)
    words = files.words("self_tests.yml")
    said = _keyed(words, "tests", list(raw), "a self-check of self_tests.yml")
    out = {}
    for tid, data in raw.items():
        e, w = Entry("self_tests.yml", tid, data), Entry(words.file, tid, said[tid])
        core, also = _roots(e)
        out[tid] = SelfTest(tid, w.text("label"), e.items("answers", ANSWER_KEYS), core, also,
                            e.get("motor_deficit", bool), w.text("meaning"), e.text("source"))
    return out


def _flags(files: _Files, levels: dict) -> dict:
    top = files.rules("red_flags.yml")
    raw = top.get("flags", dict)
    for name in raw:
        if name not in FLAGS:
            Entry("red_flags.yml", name, {}).fail(f"not a contract flag (allowed: {', '.join(FLAGS)})")
    missing = set(FLAGS) - set(raw)
    if missing:
        raise KnowledgeError(f"red_flags.yml: missing flags: {', '.join(sorted(missing))}")
    words = files.words("red_flags.yml")
    said = _keyed(words, "flags", list(raw), "a flag of red_flags.yml")
    out = {}
    for name, data in raw.items():
        e, w = Entry("red_flags.yml", name, data), Entry(words.file, name, said[name])
        entries = [Entry("red_flags.yml", f"{name}.triggers[{i}]", t)
                   for i, t in enumerate(e.get("triggers", list))]
        for te in entries:
            te.entry = f"{name}.{te.text('id')}"
            if not levels[te.choice("level", LEVELS)].alert:
                alert = sorted((n for n, lv in levels.items() if lv.alert), key=lambda n: -levels[n].rank)
                te.fail(f"a red flag must be at an alert level ({' or '.join(alert)})")
        reasons = _keyed(w, "triggers", [te.text("id") for te in entries], f"a trigger of {name} in red_flags.yml")
        triggers = []
        for te in entries:
            tw = Entry(words.file, te.entry, reasons[te.text("id")])
            triggers.append(Trigger(te.text("id"), te.text("rule"), te.text("level"),
                                    te.items("answers", ANSWER_KEYS), tw.text("reason"),
                                    tw.text("unresolved", "", True)))
        if not triggers:
            e.fail("no triggers")
        out[name] = Flag(name, w.text("why"), w.text("safety_net"), e.text("sources"),
                         tuple(triggers))
    return out


def _patterns(files: _Files, regions: dict) -> tuple:
    top = files.rules("patterns.yml")
    claud = Entry("patterns.yml", "claudication_posture", top.get("claudication_posture", dict))
    claudication = {"rule": claud.text("rule"), "source": claud.text("source"),
                    "aggravating_any": claud.items("aggravating_any", AGGRAVATING),
                    "relieving_any": claud.items("relieving_any", RELIEVING)}
    zones = {r.zone for r in regions.values()}
    entries = [Entry("patterns.yml", f"patterns[{i}]", data)
               for i, data in enumerate(top.get("patterns", list))]
    for e in entries:
        e.entry = e.choice("name", PATTERNS)
    names = [e.entry for e in entries]
    if sorted(names) != sorted(PATTERNS):
        raise KnowledgeError(f"patterns.yml: patterns must be exactly {', '.join(PATTERNS)}, got {names}")
    if names[-1] != "nonspecific":
        raise KnowledgeError("patterns.yml: entry 'nonspecific': must be the last rule (fallback)")
    words = files.words("patterns.yml")
    explain = Entry(words.file, "explain", _keyed(words, "explain", [e.entry for e in entries],
                                                  "a pattern of patterns.yml"))
    patterns = []
    for e in entries:
        params = e.get("params", dict)
        for key, value in params.items():
            values = value if isinstance(value, list) else [value]
            allowed = {"zones": zones, "zones_required": zones, "zones_allowed": zones,
                       "characters": CHARACTERS, "aggravating": AGGRAVATING,
                       "not_aggravating": AGGRAVATING, "relieving": RELIEVING}.get(key)
            if allowed is None:
                e.fail(f"unknown param '{key}'")
            bad = [v for v in values if v not in allowed]
            if bad:
                e.fail(f"param '{key}' has unknown value(s) {bad}")
        patterns.append(Pattern(e.entry, e.text("rule"), params, explain.text(e.entry),
                                e.text("source")))
    return (claudication, top.items("radicular_characters", CHARACTERS),
            top.items("sensory_characters", CHARACTERS), tuple(patterns))


def _triage(files: _Files) -> tuple:
    top = files.rules("triage.yml")
    words = files.words("triage.yml")
    th = Entry("triage.yml", "thresholds", top.get("thresholds", dict))
    names = ("duration_soon_weeks", "bilateral_radicular_max_weeks", "fracture_age", "child_age")
    thresholds = {n: th.get(n, (int, float)) for n in names}
    sources = Entry("triage.yml", "thresholds.sources", th.get("sources", dict))
    threshold_sources = {n: sources.text(n) for n in names}
    raw = top.get("levels", dict)
    for name in raw:
        if name not in LEVELS:
            Entry("triage.yml", f"levels.{name}", {}).fail(f"not a contract level (allowed: {', '.join(LEVELS)})")
    if set(raw) != set(LEVELS):
        raise KnowledgeError(f"triage.yml: levels must be exactly {', '.join(LEVELS)}")
    said = _keyed(words, "levels", list(raw), "a level of triage.yml")
    levels = {}
    for name, data in raw.items():
        e, w = Entry("triage.yml", f"levels.{name}", data), Entry(words.file, f"levels.{name}", said[name])
        levels[name] = Level(name, e.get("rank", int), e.get("alert", bool), w.text("label"),
                             w.text("headline"), w.text("where"), w.text("when"),
                             w.text("extra", "", True), e.text("source"))
    if sorted(levels, key=lambda name: levels[name].rank) != list(LEVELS):
        raise KnowledgeError(f"triage.yml: entry 'levels': ranks must order {' > '.join(LEVELS[::-1])}")
    alert = [lv.rank for lv in levels.values() if lv.alert]
    calm = [lv.rank for lv in levels.values() if not lv.alert]
    if not alert or (calm and min(alert) <= max(calm)):
        raise KnowledgeError("triage.yml: entry 'levels': the alert levels must rank above all the others")
    entries = [Entry("triage.yml", f"rules[{i}]", data) for i, data in enumerate(top.get("rules", list))]
    for e in entries:
        e.entry = f"rules.{e.text('id')}"
    reasons = Entry(words.file, "rules", _keyed(words, "rules", [e.text("id") for e in entries],
                                                "a rule of triage.yml"))
    rules = {}
    for e in entries:
        rules[e.text("id")] = Rule(e.text("id"), e.choice("level", LEVELS), e.text("rule"),
                                   reasons.text(e.text("id")), e.text("source"),
                                   e.items("answers", ANSWER_KEYS))
    net = Entry(words.file, "safety_net", words.get("safety_net", dict))
    safety_net = {k: net.text(k) for k in ("cauda_equina", "worse")}
    safety_net["source"] = Entry("triage.yml", "safety_net", top.get("safety_net", dict)).text("source")
    care = Entry(words.file, "self_care", words.get("self_care", dict))
    self_care = {"source": Entry("triage.yml", "self_care", top.get("self_care", dict)).text("source")}
    for key in care.data:
        if key != "general" and key not in PATTERNS:
            care.fail(f"'{key}' is neither 'general' nor a pattern")
        self_care[key] = care.items(key)
    if "general" not in self_care:
        care.fail("missing 'general'")
    return thresholds, threshold_sources, levels, rules, safety_net, self_care


def _questions(files: _Files) -> tuple:
    top = files.rules("questions.yml")
    groups = top.items("groups")
    entries = [Entry("questions.yml", f"questions[{i}]", data)
               for i, data in enumerate(top.get("questions", list))]
    names = []
    for e in entries:
        e.entry = e.choice("name", QUESTIONS)
        if e.entry in names:
            e.fail("duplicate question")
        names.append(e.entry)
    missing = [q for q in QUESTIONS if q not in names]
    if missing:
        raise KnowledgeError(f"questions.yml: missing contract questions: {', '.join(missing)}")
    words = files.words("questions.yml")
    said = _keyed(words, "questions", names, "a question of questions.yml")
    out = {}
    for e in entries:
        w = Entry(words.file, e.entry, said[e.entry])
        buttons = []
        for b in w.get("buttons", list, []):
            be = Entry(words.file, f"{e.entry}.buttons", b)
            buttons.append((be.text("title"), be.choice("value", ANSWER_VALUES.get(e.entry, ()))))
        out[e.entry] = Question(e.entry, e.choice("group", groups), w.text("text"), w.text("why"),
                                tuple(buttons), w.items("steps", None, ()),
                                w.text("positive"), w.text("negative", "", True), e.text("source"))
    return tuple(groups), out


def _faq(files: _Files) -> dict:
    top = files.words("faq.yml")
    out = {}
    for i, data in enumerate(top.get("faq", list)):
        e = Entry(top.file, f"faq[{i}]", data)
        key = e.text("key")
        e.entry = key
        if not FAQ_KEY.match(key):
            e.fail("'key' must be snake_case (the NLU intent is faq/<key>)")
        if key in out:
            e.fail("duplicate key")
        out[key] = Faq(key, e.text("title"), " ".join(e.text("answer").split()), e.text("source"))
    if not out:
        top.fail("no 'faq' entries")
    return out


def _fields(text: str) -> set:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def _messages(files: _Files) -> dict:
    """en/messages.yml: section -> key -> sentence; another language has the same keys and the
    same {fields} as English."""
    top = files.words("messages.yml")
    out = {}
    for section, data in top.data.items():
        e = Entry(top.file, str(section), data)
        out[section] = {key: e.text(key) for key in e.data}
    if files.language != REFERENCE:
        reference = _messages(_Files(files.directory, REFERENCE))
        for section, sentences in reference.items():
            for key, text in sentences.items():
                mine = out.get(section, {}).get(key)
                if mine is None:
                    top.fail(f"missing '{section}.{key}' (every sentence of {REFERENCE}/messages.yml)")
                if _fields(mine) != _fields(text):
                    Entry(top.file, f"{section}.{key}", {}).fail(
                        f"needs the fields {sorted(_fields(text))}, has {sorted(_fields(mine))}")
    return out


def languages(directory: str | Path = DIR) -> list:
    """The language codes of a knowledge folder: its subfolders with a messages.yml."""
    return list(_languages(str(directory)))


@lru_cache(maxsize=None)
def _languages(directory: str) -> tuple:
    # listed once per folder and process: load() asks for every message read
    folder = Path(directory)
    return tuple(sorted(p.name for p in folder.iterdir() if (p / "messages.yml").is_file())) \
        if folder.is_dir() else ()


def language(directory: str | Path = DIR) -> str:
    """The language of this process: LANGUAGE (default en), read as gettext does: a list of codes
    separated by ":" ("en_GB:en"), the first one that has a folder wins, "en_GB" falling back to
    "en". None there: the first code is returned, and loading it fails with the list of folders."""
    wanted = [c for c in (os.environ.get("LANGUAGE") or REFERENCE).split(":") if c]
    available = languages(directory)
    for code in wanted:
        for candidate in (code, code.split(".")[0].split("_")[0]):
            if candidate in available:
                return candidate
    return wanted[0] if wanted else REFERENCE


def load(directory: str | Path | None = None, lang: str | None = None) -> Knowledge:
    """Read and check every knowledge file: the rule files of `directory` (default: the packaged
    folder) and the wording of language `lang` (default: `language()`) in its subfolder."""
    if directory is None:
        return _default(lang or language())
    lang = lang or language(directory)
    files = _Files(Path(directory), lang)
    regions = _regions(files)
    claudication, radicular, sensory, patterns = _patterns(files, regions)
    thresholds, th_sources, levels, rules, net, care = _triage(files)
    groups, questions = _questions(files)
    return Knowledge(regions, _self_tests(files), _flags(files, levels), claudication, radicular,
                     sensory, patterns, thresholds, th_sources, levels, rules, net, care, groups,
                     questions, _faq(files), _messages(files))


@lru_cache(maxsize=None)
def _default(lang: str) -> Knowledge:
    return load(DIR, lang)


def message(section: str, key: str, **fields: Any) -> str:
    """A fixed sentence of the bot (<language>/messages.yml), its {fields} filled in."""
    text = load().messages[section][key]
    return text.format(**fields) if fields else text
