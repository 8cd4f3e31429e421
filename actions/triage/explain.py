"""Plain-language explanation of an assessment: reasons, pertinent positives and negatives,
safety net, self-care and a summary the patient can show a doctor.

All wording comes from the knowledge files; this module only picks and joins it.
"""
from __future__ import annotations

from . import case as c
from .knowledge import load
from .redflags import unsure_flags
from .roots import positive_tests


def _join(words: list, last: str = "and") -> str:
    words = [w for w in words if w]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def _title(question: str, value: str) -> str:
    """The button title for a value (e.g. tingling -> pins and needles), lower case."""
    q = load().questions[question]
    return next((t.lower() for t, v in q.buttons if v == value), value.replace("_", " "))


def _weeks(weeks: float) -> str:
    """A duration in weeks said the way a person would say it."""
    if weeks < 2:
        days = max(1, round(weeks * 7))
        return f"{days} day{'s' if days != 1 else ''}"
    if weeks >= 52:
        years = round(weeks / 52 * 2) / 2
        return f"about {years:g} year{'s' if years != 1 else ''}"
    if weeks >= 9:
        months = round(weeks / 4.345)
        return f"about {months} months"
    whole = round(weeks)
    return f"{whole} weeks" if abs(weeks - whole) < 0.1 else f"about {whole} weeks"


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
    what = _cap(_title("symptom_character", chars[0]) if chars else "symptoms")
    named = [known[r] for r in c.regions(case)]
    where = _answers(case, ("symptom_location",))
    out = []
    for root in roots:
        regs = [r for r in named if root in r.core]
        if regs:
            out.append((f"{what} in {_join([r.label for r in regs])} can fit the {root} nerve root.",
                        where, regs[0].source))
    for also in dict.fromkeys(r.also for r in named if not r.core and r.also):
        regs = [r for r in named if not r.core and r.also == also]
        out.append((f"{what} in {_join([r.label for r in regs])} can fit the "
                    f"{_join(list(also), 'or')} nerve root{'s' if len(also) > 1 else ''}.",
                    where, regs[0].source))
    out += [(f"You had trouble with {t.label}: {t.meaning}.", _answers(case, t.answers), t.source)
            for t in positive_tests(case)]
    out.append(("Nerve maps overlap and differ between people, so this is a likely nerve, not a "
                "certain one; only a doctor's examination can tell.", {}, "clinical-reference §1.2"))
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
        return template.format(side="on both sides" if value == "both" else f"on the {value}")
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
        "Summary from the Spine Triage Assistant (a symptom checker, not a diagnosis).",
        f"Recommendation: {level} - {kn.levels[level].headline}",
        f"Red flags: {_join([f['name'].replace('_', ' ') for f in flags]) or 'none found'}.",
        f"Reported: {'; '.join(positives) or 'nothing yet'}.",
        f"Denied: {'; '.join(negatives) or 'nothing asked'}.",
    ]
    if unsure:
        lines.append(f"Not sure about: {'; '.join(unsure)}.")
    if not flags:
        lines.append(f"Pattern this can fit: {pattern.replace('_', ' ')}"
                     + (f"; possible nerve roots {', '.join(roots)}." if roots else "."))
    return {"reasons": reasons, "safety_net": net, "positives": positives,
            "negatives": negatives, "summary": "\n".join(lines), "self_care": care}
