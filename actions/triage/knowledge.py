"""Load and validate the clinical knowledge files (actions/triage/knowledge/*.yml).

The YAML files are the single source for the engine, the bot's wording, the FAQ answers and
docs/clinical-rules.md. Every knowledge file is read by `read` (the lexicon by lexicon.py and the
body map by web/bodymap.py too, both through it); a malformed entry raises KnowledgeError naming
the file and the entry, so a bad edit by a reviewer fails at start-up instead of silently
changing a rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
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

    def pattern(self, name: str) -> Pattern:
        return next(p for p in self.patterns if p.name == name)

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


def _roots(e: Entry) -> tuple[tuple, tuple]:
    core, also = e.items("core", ROOTS), e.items("also", ROOTS)
    if set(core) & set(also):
        e.fail("a root is both core and also")
    return core, also


def _regions(directory: Path) -> dict:
    raw = read(directory / "regions.yml")
    top = Entry("regions.yml", "(top level)", raw)
    sources = Entry("regions.yml", "sources", top.get("sources", dict))
    out = {}
    for rid, data in top.get("regions", dict).items():
        e = Entry("regions.yml", rid, data)
        localising = e.get("localising", bool, True)
        core, also = _roots(e)
        if not localising and (core or also):
            e.fail("a non-localising region cannot have roots")
        default = sources.text("map" if localising else "non_localising")
        if rid not in REGION_IDS:
            e.fail("not a region id of docs/architecture.md")
        out[rid] = Region(rid, e.text("label"), e.text("zone"), e.get("below_knee", bool), core,
                          also, localising, e.text("source", default), e.text("note", "", True))
    missing = [r for r in REGION_IDS if r not in out]
    if missing:
        raise KnowledgeError(f"regions.yml: missing region ids: {', '.join(missing)}")
    return out


def _self_tests(directory: Path) -> dict:
    top = Entry("self_tests.yml", "(top level)", read(directory / "self_tests.yml"))
    out = {}
    for tid, data in top.get("tests", dict).items():
        e = Entry("self_tests.yml", tid, data)
        core, also = _roots(e)
        out[tid] = SelfTest(tid, e.text("label"), e.items("answers", ANSWER_KEYS), core, also,
                            e.get("motor_deficit", bool), e.text("meaning"), e.text("source"))
    return out


def _flags(directory: Path, levels: dict) -> dict:
    top = Entry("red_flags.yml", "(top level)", read(directory / "red_flags.yml"))
    out = {}
    for name, data in top.get("flags", dict).items():
        e = Entry("red_flags.yml", name, data)
        if name not in FLAGS:
            e.fail(f"not a contract flag (allowed: {', '.join(FLAGS)})")
        triggers = []
        for i, t in enumerate(e.get("triggers", list)):
            te = Entry("red_flags.yml", f"{name}.triggers[{i}]", t)
            te.entry = f"{name}.{te.text('id')}"
            if not levels[te.choice("level", LEVELS)].alert:
                alert = sorted((n for n, lv in levels.items() if lv.alert), key=lambda n: -levels[n].rank)
                te.fail(f"a red flag must be at an alert level ({' or '.join(alert)})")
            triggers.append(Trigger(te.text("id"), te.text("rule"), te.text("level"),
                                    te.items("answers", ANSWER_KEYS), te.text("reason"),
                                    te.text("unresolved", "", True)))
        if not triggers:
            e.fail("no triggers")
        out[name] = Flag(name, e.text("why"), e.text("safety_net"), e.text("sources"),
                         tuple(triggers))
    missing = set(FLAGS) - set(out)
    if missing:
        raise KnowledgeError(f"red_flags.yml: missing flags: {', '.join(sorted(missing))}")
    return out


def _patterns(directory: Path, regions: dict) -> tuple:
    raw = read(directory / "patterns.yml")
    top = Entry("patterns.yml", "(top level)", raw)
    claud = Entry("patterns.yml", "claudication_posture", top.get("claudication_posture", dict))
    claudication = {"rule": claud.text("rule"), "source": claud.text("source"),
                    "aggravating_any": claud.items("aggravating_any", AGGRAVATING),
                    "relieving_any": claud.items("relieving_any", RELIEVING)}
    zones = {r.zone for r in regions.values()}
    patterns = []
    for i, data in enumerate(top.get("patterns", list)):
        e = Entry("patterns.yml", f"patterns[{i}]", data)
        e.entry = e.choice("name", PATTERNS)
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
        patterns.append(Pattern(e.entry, e.text("rule"), params, e.text("explain"),
                                e.text("source")))
    names = [p.name for p in patterns]
    if sorted(names) != sorted(PATTERNS):
        raise KnowledgeError(f"patterns.yml: patterns must be exactly {', '.join(PATTERNS)}, got {names}")
    if names[-1] != "nonspecific":
        raise KnowledgeError("patterns.yml: entry 'nonspecific': must be the last rule (fallback)")
    return (claudication, top.items("radicular_characters", CHARACTERS),
            top.items("sensory_characters", CHARACTERS), tuple(patterns))


def _triage(directory: Path) -> tuple:
    top = Entry("triage.yml", "(top level)", read(directory / "triage.yml"))
    th = Entry("triage.yml", "thresholds", top.get("thresholds", dict))
    names = ("duration_soon_weeks", "bilateral_radicular_max_weeks", "fracture_age", "child_age")
    thresholds = {n: th.get(n, (int, float)) for n in names}
    sources = Entry("triage.yml", "thresholds.sources", th.get("sources", dict))
    threshold_sources = {n: sources.text(n) for n in names}
    levels = {}
    for name, data in top.get("levels", dict).items():
        e = Entry("triage.yml", f"levels.{name}", data)
        if name not in LEVELS:
            e.fail(f"not a contract level (allowed: {', '.join(LEVELS)})")
        levels[name] = Level(name, e.get("rank", int), e.get("alert", bool), e.text("label"),
                             e.text("headline"), e.text("where"), e.text("when"),
                             e.text("extra", "", True), e.text("source"))
    if set(levels) != set(LEVELS):
        raise KnowledgeError(f"triage.yml: levels must be exactly {', '.join(LEVELS)}")
    if sorted(levels, key=lambda name: levels[name].rank) != list(LEVELS):
        raise KnowledgeError(f"triage.yml: entry 'levels': ranks must order {' > '.join(LEVELS[::-1])}")
    alert = [lv.rank for lv in levels.values() if lv.alert]
    calm = [lv.rank for lv in levels.values() if not lv.alert]
    if not alert or (calm and min(alert) <= max(calm)):
        raise KnowledgeError("triage.yml: entry 'levels': the alert levels must rank above all the others")
    rules = {}
    for i, data in enumerate(top.get("rules", list)):
        e = Entry("triage.yml", f"rules[{i}]", data)
        e.entry = f"rules.{e.text('id')}"
        rules[e.text("id")] = Rule(e.text("id"), e.choice("level", LEVELS), e.text("rule"),
                                   e.text("reason"), e.text("source"),
                                   e.items("answers", ANSWER_KEYS))
    net = Entry("triage.yml", "safety_net", top.get("safety_net", dict))
    safety_net = {k: net.text(k) for k in ("cauda_equina", "worse", "source")}
    care = Entry("triage.yml", "self_care", top.get("self_care", dict))
    self_care = {"source": care.text("source")}
    for key in care.data:
        if key != "source":
            if key != "general" and key not in PATTERNS:
                care.fail(f"'{key}' is neither 'general' nor a pattern")
            self_care[key] = care.items(key)
    if "general" not in self_care:
        care.fail("missing 'general'")
    return thresholds, threshold_sources, levels, rules, safety_net, self_care


def _questions(directory: Path) -> tuple:
    top = Entry("questions.yml", "(top level)", read(directory / "questions.yml"))
    groups = top.items("groups")
    out = {}
    for i, data in enumerate(top.get("questions", list)):
        e = Entry("questions.yml", f"questions[{i}]", data)
        e.entry = e.choice("name", QUESTIONS)
        if e.entry in out:
            e.fail("duplicate question")
        buttons = []
        for b in e.get("buttons", list, []):
            be = Entry("questions.yml", f"{e.entry}.buttons", b)
            buttons.append((be.text("title"), be.choice("value", ANSWER_VALUES.get(e.entry, ()))))
        out[e.entry] = Question(e.entry, e.choice("group", groups), e.text("text"), e.text("why"),
                                tuple(buttons), e.items("steps", None, ()),
                                e.text("positive"), e.text("negative", "", True), e.text("source"))
    missing = [q for q in QUESTIONS if q not in out]
    if missing:
        raise KnowledgeError(f"questions.yml: missing contract questions: {', '.join(missing)}")
    return tuple(groups), out


def _faq(directory: Path) -> dict:
    top = Entry("faq.yml", "(top level)", read(directory / "faq.yml"))
    out = {}
    for i, data in enumerate(top.get("faq", list)):
        e = Entry("faq.yml", f"faq[{i}]", data)
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


def load(directory: str | Path | None = None) -> Knowledge:
    """Read and check every knowledge file in `directory` (default: the packaged folder)."""
    if directory is None:
        return _default()
    directory = Path(directory)
    regions = _regions(directory)
    claudication, radicular, sensory, patterns = _patterns(directory, regions)
    thresholds, th_sources, levels, rules, net, care = _triage(directory)
    groups, questions = _questions(directory)
    return Knowledge(regions, _self_tests(directory), _flags(directory, levels), claudication, radicular,
                     sensory, patterns, thresholds, th_sources, levels, rules, net, care, groups,
                     questions, _faq(directory))


@lru_cache(maxsize=1)
def _default() -> Knowledge:
    return load(DIR)
