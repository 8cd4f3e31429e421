"""Plain-language explanation of an assessment: reasons, pertinent positives and negatives,
safety net, self-care and a summary the patient can show a doctor.

All wording comes from the knowledge files of the language (knowledge/<language>/: the rule
files' wording, questions.yml, and the `explain` section of messages.yml); this module only picks
and joins it.
"""
from __future__ import annotations

from . import case as c
from .knowledge import load, message
from .redflags import unsure_flags
from .roots import positive_tests


def _say(key: str, **fields) -> str:
    return message("explain", key, **fields)


def _join(words: list, last: str = "and") -> str:
    """"a, b and c": `last` is the key of the joining word ("and" or "or")."""
    words = [w for w in words if w]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_say(last)} {words[-1]}"


def _title(question: str, value: str) -> str:
    """The button title for a value (e.g. tingling -> pins and needles), lower case."""
    q = load().questions[question]
    return next((t.lower() for t, v in q.buttons if v == value), value.replace("_", " "))


def _weeks(weeks: float) -> str:
    """A duration in weeks said the way a person would say it."""
    if weeks < 2:
        days = max(1, round(weeks * 7))
        return _say("days" if days != 1 else "day", count=days)
    if weeks >= 52:
        years = round(weeks / 52 * 2) / 2
        return _say("years" if years != 1 else "year", count=f"{years:g}")
    if weeks >= 9:
        return _say("months", count=round(weeks / 4.345))
    whole = round(weeks)
    return _say("weeks" if abs(weeks - whole) < 0.1 else "about_weeks", count=whole)


def _answers(case: dict, keys) -> dict:
    return {k: c.get(case, k) for k in keys if c.get(case, k) is not None}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def root_reasons(case: dict, roots: list) -> list[dict]:
    """Reasons like 'Pins and needles in the top of the foot can fit the L5 nerve root.'"""
    if not roots:
        return []
    known = load().regions
    chars = c.items(case, "symptom_character")
    what = _cap(_title("symptom_character", chars[0]) if chars else _say("symptoms"))
    named = [known[r] for r in c.regions(case)]
    where = _answers(case, ("symptom_location",))
    out = []
    for root in roots:
        regs = [r for r in named if root in r.core]
        if regs:
            out.append((_say("root", what=what, where=_join([r.label for r in regs]), root=root),
                        where, regs[0].source))
    for also in dict.fromkeys(r.also for r in named if not r.core and r.also):
        regs = [r for r in named if not r.core and r.also == also]
        said = {"what": what, "where": _join([r.label for r in regs])}
        text = (_say("roots", roots=_join(list(also), "or"), **said) if len(also) > 1
                else _say("root", root=also[0], **said))
        out.append((text, where, regs[0].source))
    out += [(_say("self_check", label=t.label, meaning=t.meaning), _answers(case, t.answers), t.source)
            for t in positive_tests(case)]
    out.append((_say("overlap"), {}, "clinical-reference §1.2"))
    return [{"text": t, "answers": a, "source": s} for t, a, s in out]


def pertinent(case: dict) -> tuple[list, list, list]:
    """(positives, negatives, not sure) in the patient's terms, in question order."""
    kn = load()
    pos, neg, unsure = [], [], []
    for name, q in kn.questions.items():
        value = c.get(case, name)
        if c.unsure(case, name):
            unsure.append(q.positive.split("{")[0].strip() or name.replace("_", " "))
        elif value in ("yes", "no"):
            (pos if value == "yes" else neg).append(q.positive if value == "yes" else q.negative)
        elif value is not None:
            pos.append(_describe(name, value, q.positive))
    return pos, [n for n in neg if n], unsure


def _describe(name: str, value, template: str) -> str:
    known = load().regions
    if name == "symptom_location":
        return template.format(regions=_join([known[r].label for r in value if r in known]))
    if name == "symptom_side":
        return template.format(side=_say("both_sides") if value == "both" else _say("side", side=value))
    if name == "symptom_character":
        return template.format(characters=_join([_title(name, v) for v in value]))
    if name in ("aggravating_posture", "relieving_posture"):
        return template.format(values=_join([_title(name, v) for v in value], "or"))
    if name == "symptom_duration":
        return template.format(duration=_weeks(value))
    return template.format(age=value)


def safety_net(case: dict, flags: list) -> list[str]:
    kn = load()
    raised = {f["name"] for f in flags}
    return ([kn.safety_net["cauda_equina"], kn.safety_net["worse"]]
            + [kn.flags[n].safety_net for n in unsure_flags(case) if n not in raised])


def self_care(pattern: str, level: str) -> list[str]:
    """Self-care advice for the pattern, at the levels that are not an alert (none with a flag)."""
    kn = load()
    if kn.levels[level].alert:
        return []
    care = kn.self_care
    return list(care.get(pattern, ())) + list(care["general"])


def explain(case: dict, flags: list, pattern: str, roots: list, level: str, rules: list) -> dict:
    """The text fields of an Assessment."""
    kn = load()
    reasons = [{"text": f["reason"], "answers": f["answers"], "source": f["source"]} for f in flags]
    if not flags:
        p = kn.pattern(pattern)
        keys = ("symptom_location", "symptom_side", "symptom_character", "aggravating_posture",
                "relieving_posture")
        reasons.append({"text": p.explain, "answers": _answers(case, keys), "source": p.source})
        reasons += root_reasons(case, roots)
    reasons += [{"text": kn.rules[r].reason, "answers": _answers(case, kn.rules[r].answers),
                 "source": kn.rules[r].source} for r in rules]
    positives, negatives, unsure = pertinent(case)
    net = safety_net(case, flags)
    care = self_care(pattern, level)
    lines = [
        _say("title"),
        _say("recommendation", level=level, headline=kn.levels[level].headline),
        _say("flags", flags=_join([f["name"].replace("_", " ") for f in flags]) or _say("no_flags")),
        _say("reported", answers="; ".join(positives) or _say("nothing_reported")),
        _say("denied", answers="; ".join(negatives) or _say("nothing_denied")),
    ]
    if unsure:
        lines.append(_say("unsure", answers="; ".join(unsure)))
    if not flags:
        named = pattern.replace("_", " ")
        lines.append(_say("pattern_roots", pattern=named, roots=", ".join(roots)) if roots
                     else _say("pattern", pattern=named))
    return {"reasons": reasons, "safety_net": net, "positives": positives,
            "negatives": negatives, "summary": "\n".join(lines), "self_care": care}
