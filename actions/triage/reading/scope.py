"""What the patient does not state about themselves, and self-corrections (docs/reading.md).

- A question back ("does skin cancer count?") is not an answer; its flag words count only when
  the patient says them of themselves ("could my diabetes be causing this?"), and then they are
  confirmed (the red-flag net).
- An echo ("Weak? I carried the shopping") repeats the bot's word; it does not state it.
- A clause about someone else ("my mum's legs are weak", "a friend told me ...") is set aside.
- A hedge ("maybe", "not sure") doubts what it stands next to, not an amount ("maybe half a
  stone") and not a symptom described with the same words ("can't tell when my bladder's full").
- A fear that did not come true ("I was sure my foot would drop but it didn't") states nothing:
  the feared clause is set aside and the clause that denies it is kept (`r.feared`).
- After a self-correction ("Left. Sorry, no, right") the last version answers the question.

Follows clinical-reference §3.1 (only the patient's own, stated symptoms count; "I'm not sure" is
an answer) and the conversation contract (a question back to the bot is not an answer). Words:
lexicon groups question_cues, scope, corrections, answers, history_cues.relative, fear_cues.
"""
from __future__ import annotations

from .. import lexicon
from ..contract import YES_NO_QUESTIONS
from .core import SELF_TESTS, Cue, words

# The question a flag word answers, for the red-flag net (label, or (label, value)).
NET_QUESTIONS = {"SADDLE": "saddle_numbness", ("SPHINCTER", "bladder"): "bladder_bowel_change",
                 ("SPHINCTER", "bowel"): "bladder_bowel_change", ("FEVER", "fever"): "fever",
                 "CANCER": "cancer_history", ("WEIGHT", "loss"): "weight_loss",
                 ("TRAUMA", "major"): "recent_trauma", ("TRAUMA", "minor"): "recent_trauma",
                 "SWELLING": "calf_swelling", ("WEAKNESS", "worsening"): "weakness_worsening",
                 "WEAKNESS": "leg_weakness"}


def set_aside(r) -> None:
    """Mark the sentences that ask or echo, and set aside the entities the patient does not
    state about themselves (see the module docstring)."""
    asks, echoes, tails = set(), set(), []
    wh, aux = words("question_cues", "wh"), words("question_cues", "aux")
    not_after = words("question_cues", "not_after_aux")
    for n, sent in enumerate(r.sents):
        tokens = [t for t in sent if not t.is_punct and not t.is_space]
        if not tokens:
            continue
        ends = sent.text.rstrip().endswith("?")
        first, second = tokens[0].lower_, tokens[1].lower_ if len(tokens) > 1 else ""
        head = sent[:4]
        starts = first in wh or first in aux and len(tokens) >= 4 and second not in not_after \
            and not any(t.is_punct for t in head)
        tail = _tag_question(sent, wh | aux) if ends and not starts else None
        if tail is not None and (someone_else(r, (sent.start, tail)) or any(
                c.key == "history_cues.relative" and sent.start <= c.start < tail for c in r.cues) or not any(
                sent.start <= e.start < tail and e.label not in ("SIDE", "REGION", "POSTURE") for e in r.ents)):
            tail = None  # "not me, my mum had it, is that relevant?", "not sure I follow, what ...?"
        if ends and len(tokens) <= 3 and n + 1 < len(r.sents):
            echoes.add(n)
        elif tail is not None:
            tails.append((tail, sent.end))  # "I'm burning up, is that normal?": a statement, then the question
        elif ends or starts:
            asks.add(n)
    r.asks, r.echoes, r.tails = asks, echoes, tails
    me = words("question_cues", "self")
    maybe = words("question_cues", "hypothetical")
    r.named_places = [e for e in r.ents if e.label == "REGION"]  # before any is set aside
    r.feared = feared(r)
    fears = [f for f, _ in r.feared]
    kept = []
    for e in r.ents:
        if e.sent in echoes or any(a <= e.start < b for a, b in fears + tails):
            continue
        if e.sent in asks:
            sent = r.sents[e.sent]
            before = {t.lower_ for t in r.doc[sent.start:e.start]}
            mine = any(t.lower_ in me for t in sent) and not before & maybe
            if not mine:
                continue
            r.net.append(e)  # a flag word in the patient's own question: confirm it
        if someone_else(r, r.clause(e.start)):
            r.others.append(e)
            continue
        kept.append(e)
    r.ents = kept
    skip = asks | echoes
    r.cues = [c for c in r.cues if (c.sent not in skip or c.key.startswith("corrections."))
              and not any(a <= c.start < b for a, b in fears)]
    r.unsure_at = [c.start for c in r.cues if c.key == "answers.unsure" and not not_a_hedge(r, c)]


def _tag_question(sent, openers) -> int | None:
    """Where the question starts in a statement that ends with one after a comma ("I'm burning up
    and shaking, is that normal?"), or None. The part before the comma is stated."""
    commas = [t.i for t in sent if t.text == ","]
    if not commas:
        return None
    after = [t for t in sent if t.i > commas[-1] and not t.is_punct]
    before = [t for t in sent if t.i < commas[-1] and not t.is_punct]
    if len(after) < 2 or len(before) < 3 or after[0].lower_ not in openers \
            or before[0].lower_ in words("question_cues", "hypothetical"):
        return None  # "if I had numbness down there, would that matter?" states nothing
    return commas[-1]


def feared(r) -> list:
    """(feared clause, denying clause) pairs: a clause that fears or expects something with
    "would" ("I was sure my foot would drop", "I thought I'd fall") followed in its sentence by a
    clause saying it did not happen ("but it didn't", "but I managed fine") and naming no finding
    of its own ("but I didn't make it to the toilet" is incontinence)."""
    def has(key, span):
        return any(c.key == key and span[0] <= c.start < span[1] for c in r.cues)

    out = []
    clauses = sorted(r.clauses)
    for n, (a, b) in enumerate(clauses):
        if not (has("fear_cues.feared", (a, b)) and has("fear_cues.would", (a, b))):
            continue
        for c, d in clauses[n + 1:]:
            if r.sent_of.get(c) != r.sent_of.get(a):
                break
            if any(c <= e.start < d and not e.negated for e in r.ents):
                break  # "... but I didn't make it to the toilet": what happened is a finding
            if has("fear_cues.did_not", (c, d)):
                out.append(((a, b), (c, d)))
                break
    return out


def someone_else(r, span) -> bool:
    """The clause speaks of another person and not of the patient ("it's the wife can't")."""
    a, b = span
    simile = words("scope", "simile")
    places = words("scope", "place_links")
    rel = [c for c in r.cues if c.key == "history_cues.relative" and a <= c.start < b
           and not any(x.start <= c.start < x.end for x in r.ents if x.label == "REGION")
           and not any(t.lower_ in simile for t in r.doc[max(a, c.start - 4):c.start])
           and not _at_their_place(r, c, places)]
    if not rel:
        return False
    me = words("question_cues", "self")
    joins, mine = ("and", "&"), me - words("scope", "possessive")
    if a >= 1 and (r.doc[a].lower_ in joins and r.doc[a - 1].lower_ in mine
                   or a >= 2 and r.doc[a - 1].lower_ in joins and r.doc[a - 2].lower_ in mine):
        return False  # "me and my mum both had it": the patient too
    told = words("scope", "hearsay")
    owner, told_me = words("scope", "possessive"), words("scope", "hearsay_object")
    skip = set()
    for c in rel:
        for i in range(max(a, c.start - 2), c.start):
            if r.doc[i].lower_ in owner:
                skip.add(i)
    for i in range(a, b):
        if r.doc[i].lower_ in told_me and i > a and r.doc[i - 1].lower_ in told:
            skip.add(i)
    return not any(r.doc[i].lower_ in me for i in range(a, b) if i not in skip)


def _at_their_place(r, c, places) -> bool:
    """"at my daughter's", "round my mum's": the relative's home is where it happened, not who."""
    if c.end >= len(r.doc) or r.doc[c.end].lower_ not in ("'s", "s", "’s"):
        return False
    return any(t.lower_ in places for t in r.doc[max(0, c.start - 3):c.start])


def others_only(r, label: str) -> bool:
    """Only someone else was said to have it ("my mum's legs are weak but mine are fine")."""
    def of(e):
        return e.label == label or label == "WEAKNESS" and e.label == "SENSATION" and e.value == "weakness"
    return any(of(e) for e in r.others) and not any(of(e) and not e.negated for e in r.ents)


def not_a_hedge(r, c: Cue) -> bool:
    """"can't tell when my bladder's full" describes a symptom; "maybe half a stone" and "six foot
    maybe" doubt the amount, not the loss or the fall."""
    amounts = words("scope", "amount") | words("numbers")
    # "six foot maybe", "a stone or so maybe": a hedge right after a number and its unit
    before = [t for t in r.doc[max(0, c.start - 3):c.start] if not t.is_punct]
    if before and len(before) >= 2 and (before[-2].like_num or before[-2].lower_ in amounts) \
            and before[-1].lower_ in words("scope", "units_before_hedge"):
        return True
    if c.end >= len(r.doc):
        return False
    nxt = r.doc[c.end]
    return nxt.lower_ in words("scope", "not_hedge_after") or nxt.like_num or (
        nxt.lower_ in amounts and c.start > 0 and not r.doc[c.start - 1].is_sent_start)


def correction_at(r):
    """Character offset after the last self-correction ("Left. Sorry, no, right"), else None."""
    openers = words("corrections", "opener")
    best = None
    for c in r.cues:
        if c.key != "corrections.cue" or c.start == 0:
            continue
        prev = r.doc[c.start - 1]
        if prev.is_punct or prev.lower_ in openers:
            best = c
    if best is None or best.end >= len(r.doc):
        return None
    answers = set(lexicon.words("answers", "yes")) | set(lexicon.words("answers", "no"))
    yes_no = r.question in YES_NO_QUESTIONS or r.question in SELF_TESTS
    last, prev = r.doc[best.end - 1], r.doc[best.start - 1]
    if yes_no and last.lower_ in answers:
        return last.idx  # "but no, ...": the answer word is part of the new version
    if yes_no and prev.lower_ in answers:
        return prev.idx  # "yes actually, low down"
    i = best.end
    while i < len(r.doc) and (r.doc[i].is_punct or not yes_no and r.doc[i].lower_ in answers):
        i += 1  # "Left. Sorry, no, right": the "no" takes back the old answer
    return r.doc[i].idx if i < len(r.doc) else None


def net_confirm(r) -> list:
    """The red-flag net: flag words the reading set aside for a soft reason (a hedge, the
    patient's own question) while no flag answer was recorded for them: confirm those."""
    out = []
    hedged = [e for e in r.ents if not e.negated and r.uncertain(e)]
    for e in r.net + hedged:
        key = NET_QUESTIONS.get((e.label, e.value), NET_QUESTIONS.get(e.label))
        if key == "calf_swelling" and r.question != key and not any(
                x.label == "REGION" and x.sent == e.sent for x in r.ents):
            continue
        if key and r.out.get(key) != "yes" and key not in out:
            out.append(key)
    return out

