"""Yes / no / not sure: how a reply answers a yes/no question, and the end of every reading.

topic() records a yes/no topic from what its words say: a volunteered "yes" always, a "no" only
when that question was asked (or, volunteered, where a wrong "no" cannot hide a red flag). A bare
"yes" / "no" at the start of the reply, a "no" opening a later clause, and "not sure" anywhere
complete the answer; a "no" read from the middle of a reply to a red-flag question is confirmed.
finish() closes the reading: a question back is not an answer, hedged flag words are confirmed.

Follows clinical-reference §3.1 (negations, "I'm not sure" is an answer and never a "no") and the
conversation contract (answers yes, no, unsure). Words: lexicon groups answers, negation.
"""
from __future__ import annotations

from functools import lru_cache

from ..contract import QUESTIONS, YES_NO_QUESTIONS
from ..knowledge import load as load_knowledge
from . import scope
from .core import SELF_TESTS, words

# A "no" that was not asked for is kept only where a wrong "no" cannot hide a red flag.
SAFE_VOLUNTEERED_NO = ("diabetes", "back_pain")
TOPIC_LABELS = {"cancer_history": "CANCER", "weight_loss": "WEIGHT", "fever": "FEVER",
                "calf_swelling": "SWELLING", "leg_weakness": "WEAKNESS", "diabetes": "DIABETES",
                "saddle_numbness": "SADDLE", "bladder_bowel_change": "SPHINCTER",
                "recent_trauma": "TRAUMA"}


@lru_cache(maxsize=1)
def flag_questions() -> frozenset:
    """Contract questions whose "yes" can raise a red flag (from red_flags.yml)."""
    return frozenset(k for f in load_knowledge().flags.values() for t in f.triggers for k in t.answers
                     if k in QUESTIONS)


def leading(r):
    """'yes' / 'no' said at the start of the reply (not "I am not ...")."""
    first = r.sents[0].end if r.sents else 0
    hits = sorted((c for c in r.cues if c.key in ("answers.yes", "answers.no")
                   and c.start < min(first, 6)), key=lambda c: (c.start, c.start - c.end))
    for c in hits:
        if inside_sign(r, c):
            continue  # "I can't go, nothing comes": the "nothing" is part of the sign
        nxt = r.doc[c.end] if c.end < len(r.doc) else None
        # "I have", "a bit" answer the question only when they stand alone ("I've leaked ...")
        if c.key == "answers.yes" and c.end - c.start > 1 and nxt is not None and not nxt.is_punct:
            continue
        return c.key.split(".")[1]
    return None


# Cue groups that name a sign: an answer word inside one of their phrases is not an answer.
SIGN_CUES = ("sphincter_cues.bladder_trouble", "sphincter_cues.bowel_trouble",
             "sphincter_cues.retention", "saddle_cues.altered")


def inside_sign(r, c) -> bool:
    """The answer word is part of a longer phrase naming a sign ("nothing comes", "no feeling")."""
    return any(x.key in SIGN_CUES and x.start <= c.start and c.end <= x.end
               and x.end - x.start > c.end - c.start for x in r.cues)


def later_answer(r):
    """'no' / 'not sure' given later in the reply: a multi-word "no" anywhere ("not a bother",
    "came back negative"), or a yes / no word opening a later clause ("..., but no")."""
    hits = []
    for c in r.cues:
        if c.key not in ("answers.yes", "answers.no") or c.start == 0:
            continue
        prev = r.doc[c.start - 1]
        opens = prev.is_punct or (c.start, c.start) in {(a, a) for a, _ in r.clauses} \
            or prev.lower_ in words("negation", "termination")
        multi = c.key == "answers.no" and c.end - c.start > 1
        if opens and (c.end >= len(r.doc) or r.doc[c.end].is_punct or c.key == "answers.no") or multi:
            hits.append(c)
    return hits[-1].key.split(".")[1] if hits else None


def answer(r, key: str, found):
    """Combine what the topic words say with yes / no / not sure."""
    if found == "yes":
        return "yes"
    lead = leading(r)
    first = next((t.i for t in r.doc if t.is_punct), len(r.doc))
    if any(i < first for i in r.unsure_at) or not lead and r.unsure_at:
        return "unsure"
    if lead or found:
        return lead or found
    later = later_answer(r)
    if later == "no" and key in flag_questions():
        r.low.add(key)  # a "no" read from the middle of the reply: confirm it
    return later


def topic(r, key: str, yes_sent, denied: bool, definite: bool = False):
    """Record a yes/no topic: volunteered positives always, negatives when asked (or safe).

    definite: the words themselves settle it as "no" whatever the first word was
    ("yes, but on purpose" is not unexplained weight loss)."""
    asked = r.question == key
    if yes_sent is not None:
        value = "yes"
    elif asked and (definite or scope.others_only(r, TOPIC_LABELS.get(key, ""))):
        value = "no"
    elif asked:
        value = answer(r, key, "no" if denied else None)
    elif denied and key in SAFE_VOLUNTEERED_NO:
        value = "no"
    else:
        return
    if value:
        r.set(key, value, yes_sent if yes_sent is not None else 0)


def finish(r) -> dict:
    """The findings of a reading once every topic reader has run: the asked yes/no question
    answered by a bare yes / no / not sure, "not sure" listed, a question back not taken as an
    answer, the red-flag net's confirmations and the evidence."""
    q = r.question
    if q in YES_NO_QUESTIONS and q not in r.out and q not in SELF_TESTS:
        value = answer(r, q, None)
        if value:
            r.set(q, value, 0)
    if r.out.get(q) == "unsure" or q and q not in r.out and r.has_cue("answers.unsure"):
        r.extras.setdefault("unsure", []).append(q)
    statements = set(range(len(r.sents))) - r.asks - r.echoes
    if r.asks and q and not statements and q in r.out \
            and not (r.out[q] == "yes" and q in flag_questions()):
        del r.out[q]  # "Weak how? Like tired, or ...?" asks; it does not answer
        r.evidence.pop(q, None)
    if (r.asks or getattr(r, "tails", None)) and (q is None or q not in r.out):
        r.extras["question_back"] = True
    net = scope.net_confirm(r)
    confirm = net + [k for k in sorted(r.low) if k not in net]
    if confirm:
        r.extras["confirm"] = confirm
    if r.evidence:
        r.extras["evidence"] = r.evidence
    if r.extras:
        r.out["extras"] = r.extras
    return r.out
