"""Engine entry points: merge new findings into a case, and assess a finished (or flagged) case."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .explain import explain
from .knowledge import load
from .patterns import likely_pattern
from .redflags import red_flags_now
from .roots import suspected_roots
from .triage import triage


def _sticky_keys() -> set:
    """Answers that raise a flag: once "yes" (or true) they stay, whatever comes later."""
    return {k for f in load().flags.values() for t in f.triggers for k in t.answers
            if k != "extras.trauma_kind"} | {"leg_weakness"}


def _raised(value) -> bool:
    return value is True or value == "yes"


def _merge_extras(old: dict, new: dict, replace: set) -> dict:
    out = dict(old)
    for key, value in new.items():
        before = out.get(key)
        if _raised(before) and not _raised(value) and f"extras.{key}" in _sticky_keys():
            continue
        if isinstance(before, dict) and isinstance(value, dict):
            out[key] = {**before, **value}
        elif isinstance(before, list) and isinstance(value, list) and key not in replace:
            out[key] = before + [v for v in value if v not in before]
        else:
            out[key] = value
    return out


def merge(case: dict, findings: dict, replace=False) -> dict:
    """A new case: scalars from `findings` replace earlier ones, lists are united.

    replace=True (or a key or collection of keys) makes list answers replace instead: use it when
    the findings answer or correct that very question. Flag answers never go from yes back to no.
    """
    if replace is True:
        replace = set(findings)
    elif isinstance(replace, str):
        replace = {replace}
    else:
        replace = set(replace or ())
    sticky = _sticky_keys()
    out = dict(case)
    for key, value in findings.items():
        before = out.get(key)
        if key == "extras":
            out[key] = _merge_extras(before or {}, value or {}, replace)
        elif key in sticky and _raised(before) and not _raised(value):
            continue
        elif isinstance(before, list) and isinstance(value, list) and key not in replace:
            out[key] = before + [v for v in value if v not in before]
        else:
            out[key] = value
    answered = [k for k, v in findings.items() if k != "extras" and v not in (None, "unsure")]
    unsure = (out.get("extras") or {}).get("unsure")
    if unsure and answered:
        # a concrete answer supersedes an earlier "not sure"
        out["extras"] = {**out["extras"], "unsure": [k for k in unsure if k not in answered]}
    return out


@dataclass
class Assessment:
    triage_level: str
    red_flags: list
    suspected_roots: list
    likely_pattern: str
    reasons: list = field(default_factory=list)
    safety_net: list = field(default_factory=list)
    positives: list = field(default_factory=list)
    negatives: list = field(default_factory=list)
    summary: str = ""
    self_care: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def assess(case: dict) -> Assessment:
    """The outcome for the case as it stands, read as the end of the interview."""
    flags = red_flags_now(case, final=True)
    pattern = likely_pattern(case)
    roots = suspected_roots(case, pattern)
    level, rules = triage(case, flags, pattern)
    text = explain(case, flags, pattern, roots, level, rules)
    return Assessment(level, [f["name"] for f in flags], roots, pattern, **text)
