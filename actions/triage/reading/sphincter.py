"""Bladder, bowel and sexual function: new trouble, not long-standing or isolated constipation.

Reads bladder_bowel_change and the extras longstanding_bladder, isolated_constipation and
sexual_dysfunction. A bladder or bowel word counts with a trouble word in its clause ("the flow
is just a trickle"); answering the bladder question, the trouble word alone does ("I can't go").
Long-standing and unchanged trouble is not new; constipation alone is not a sign; "accidents" on
the toilet are incontinence, not injuries; "my stream is weak" is not a weak leg.

Follows clinical-reference §3.1 (new vs long-standing, isolated constipation) and §3.2
(cauda_equina: bladder, bowel, sexual). Words: lexicon groups sphincter, sphincter_cues,
sphincter_words, history_cues. "Straining for ages" is one long try, not old trouble. Sex is read like the bladder: a sex word with a trouble word in
its clause is sexual dysfunction ("I can't finish when we make love").
"""
from __future__ import annotations

from .answers import leading, topic
from .core import Cue, Ent, words

# The bladder and bowel values: sex words neither answer nor deny the bladder question.
TOILET = ("bladder", "bowel", "bladder_topic", "bowel_topic", "constipation", "topic")


def read(r) -> None:
    q = r.question
    found = [e for e in r.pos("SPHINCTER", ["bladder", "bowel"]) if not felt(r, e)] \
        + toilet_accidents(r) + trouble(r) + unfelt(r)
    recent = r.recent(found)
    if found and not recent:
        r.extra("longstanding_bladder", True, found[0].sent)
    found = recent
    constipated = r.pos("SPHINCTER", ["constipation"])
    if constipated and not found:
        r.extra("isolated_constipation", True, constipated[0].sent)
    old = "longstanding_bladder" in r.extras or (
        q == "bladder_bowel_change" and not found and r.has_cue("history_cues.longstanding"))
    denied = bool(r.neg("SPHINCTER", TOILET) or constipated or old)
    topic(r, "bladder_bowel_change", found[0].sent if found else None, denied, old)
    sexual = r.recent(r.pos("SPHINCTER", ["sexual"]) + sexual_trouble(r))
    if sexual:
        r.extra("sexual_dysfunction", True, sexual[0].sent)


def false_cue(r, c: Cue) -> bool:
    """"I strain for ages and nothing comes", "I sit on the loo for ages waiting": a long-standing
    word right before or after a try at the toilet says how long the try takes, not that the
    trouble is old (§3.1)."""
    if c.key != "history_cues.longstanding":
        return False
    if any(x.key == "sphincter_cues.act" and (0 <= c.start - x.end <= 1 or 0 <= x.start - c.end <= 1)
           for x in r.cues):
        return True
    # "I sit on the loo for ages": a "for ..." right after the toilet is how long the visit takes
    return r.doc[c.start].lower_ == "for" and any(
        x.label == "SPHINCTER" and x.value == "topic" and 0 <= c.start - x.end <= 1 for x in r.ents)


def false_entity(r, e: Ent) -> bool:
    """"my stream is weak" is about the bladder, not the leg; "the wee toe", "a wee bit": Scots
    and Irish "wee" before a noun is "small", not urine."""
    if e.value == "bladder_topic" and e.text in words("sphincter_words", "small") and e.end < len(r.doc):
        after = r.doc[e.end].lower_
        if after in words("sphincter_words", "small_nouns") or any(
                x.label == "REGION" and x.start == e.end for x in r.ents):
            return True
    return e.label in ("SENSATION", "WEAKNESS") and e.value in ("weakness", "weak") and any(
        x.value == "bladder_topic" and r.clause(x.start) == r.clause(e.start) for x in r.ents)


def trouble(r) -> list:
    """A bladder or bowel word with a trouble word in the same clause ("the flow is just a
    trickle", "takes ages to get going when I pee"); answering the bladder question, the
    trouble word alone ("I can't go"). A toilet word counts with a retention word after it ("I
    needed the loo and nothing would come"). Constipation and negated words do not count (§3.1)."""
    out = []
    for e in r.pos("SPHINCTER", ["bladder_topic", "bowel_topic"]):
        kind = "bladder" if e.value == "bladder_topic" else "bowel"
        a, b = r.clause(e.start)
        span = (max(a, e.start - 8), min(b, e.end + 8))
        if _opens_explanation(r, b):  # "Bowels are odd though: I can't feel anything happening"
            span = (span[0], min(r.clause(b)[1], e.end + 16) if b < len(r.doc) else b)
        if _trouble_cue(r, f"sphincter_cues.{kind}_trouble", span) and not felt(r, e):
            out.append(Ent("SPHINCTER", kind, e.start, e.end, False, e.sent, e.text))
    # a toilet word with a retention word after it; the retention word often negates it
    # ("went to the dunny, not a drop")
    for e in [e for e in r.ents if e.value in ("topic", "bladder_topic") and not r.uncertain(e)
              and not any(x.start == e.start for x in out)]:
        a, b = r.clause(e.start)
        if _trouble_cue(r, "sphincter_cues.retention", (e.end, min(b, e.end + 8))):
            out.append(Ent("SPHINCTER", "bladder", e.start, e.end, False, e.sent, e.text))
    if r.question == "bladder_bowel_change" and not out and leading(r) != "no" \
            and not r.pos("SPHINCTER", ["constipation"]) and not r.neg("SPHINCTER"):
        for a, b in r.clauses:
            if any(a <= x.start < b and x.label in ("REGION", "SENSATION", "WEAKNESS")
                   for x in r.ents):
                continue  # "my legs are weak" is not about the bladder
            if _trouble_cue(r, "sphincter_cues.bladder_trouble", (a, b)) and not _perceived(r, a, b):
                out.append(Ent("SPHINCTER", "bladder", a, b, False, r.sent_of[a], ""))
                break
    return out


def felt(r, e: Ent) -> bool:
    """"I can tell when my bladder is full": feeling it is normal, the trouble word is the
    feeling's object."""
    a, _ = r.clause(e.start)
    return _perceived(r, max(a, e.start - 6), e.start)


def _perceived(r, a: int, b: int) -> bool:
    """A perception word asking about the sign ("can tell when", "feel if") in tokens a..b with
    no negation just before it. "I feel like I haven't emptied" is the sign itself."""
    perceive, close = words("sphincter_words", "perceive"), words("negation", "close")
    links = words("sphincter_words", "perceive_links")
    for i in range(a, b):
        if r.doc[i].lower_ in perceive and i + 1 < len(r.doc) and r.doc[i + 1].lower_ in links:
            before = [t.lower_ for t in r.doc[max(0, i - 3):i]]
            return not any(w in close or w.endswith("n't") or w == "cannot" for w in before)
    return False


def unfelt(r) -> list:
    """A bladder or bowel sign negated by not perceiving it ("I can't really tell if my bladder's
    full", "can't feel when my bowels need to go"): the loss of feeling is the sign (§3.2)."""
    perceive, close = words("sphincter_words", "perceive"), words("negation", "close")
    out = []
    for e in [e for e in r.ents if e.label == "SPHINCTER" and (e.negated or r.uncertain(e))
              and e.value in ("bladder", "bowel", "bladder_topic", "bowel_topic")]:
        kind = "bowel" if e.value.startswith("bowel") else "bladder"
        a, b = r.clause(e.start)
        if e.value != kind and not _trouble_cue(r, f"sphincter_cues.{kind}_trouble", (e.end, b)):
            continue  # a topic word needs what is not felt: "if my bladder is full"
        before = [t.lower_ for t in r.doc[max(a, e.start - 6):e.start]]
        at = [i for i, w in enumerate(before) if w in perceive]
        if at and any(w in close or w.endswith("n't") or w == "cannot"
                      for w in before[max(0, at[0] - 3):at[0]]):
            out.append(Ent("SPHINCTER", kind, e.start, e.end, False, e.sent, e.text))
    return out


def sexual_trouble(r) -> list:
    """A word about sex with a trouble word in the same clause ("I can't finish when we make
    love", "nothing during sex since my back went"): indirect sexual dysfunction (§3.2)."""
    out = []
    # the trouble word often negates the sex word ("can't ... make love"): negated ones count
    for e in [e for e in r.ents if e.value == "sex_topic" and not r.uncertain(e)]:
        a, b = r.clause(e.start)
        if _trouble_cue(r, "sphincter_cues.sexual_trouble", (max(a, e.start - 8), min(b, e.end + 8))):
            out.append(Ent("SPHINCTER", "sexual", e.start, e.end, False, e.sent, e.text))
    # a euphemism: where ("in bed", "with my wife"), what ("finish") and a trouble word
    # ("I haven't been able to finish in bed", "can't, um, finish when I'm with my wife")
    # ("I can't finish my walk with my wife" has an object: not sexual)
    objects = words("sphincter_words", "object")
    for c in [c for c in r.cues if c.key == "sphincter_cues.sex_place"]:
        sent = r.sents[r.sent_of[c.start]]
        span = (max(sent.start, c.start - 14), min(sent.end, c.end + 14))
        acts = [x for x in r.cues if x.key == "sphincter_cues.sex_act" and span[0] <= x.start < span[1]
                and not (x.end < len(r.doc) and r.doc[x.end].lower_ in objects)]
        if acts and _trouble_cue(r, "sphincter_cues.sexual_trouble", span):
            out.append(Ent("SPHINCTER", "sexual", c.start, c.end, False, r.sent_of[c.start],
                           r.doc[c.start:c.end].text))
    return out


def _opens_explanation(r, end: int) -> bool:
    """A colon at the end of the clause ending at `end` (or right after a "though" that follows
    it): the next clause says what it means."""
    return any(r.doc[i].text == ":" for i in range(max(0, end - 1), min(len(r.doc), end + 2)))


def _trouble_cue(r, key: str, span) -> bool:
    """A trouble word in the span, not denied right before ("no control") or right after
    ("control is fine")."""
    close, after_ok = words("negation", "close"), words("negation", "following")
    for c in r.cues:
        if c.key == key and span[0] <= c.start < span[1]:
            before = {t.lower_ for t in r.doc[max(span[0], c.start - 3):c.start]}
            after = [t.lower_ for t in r.doc[c.end:c.end + 3]]
            fine = any(" ".join(after[:n]) in after_ok for n in (1, 2, 3) if len(after) >= n)
            if not before & close and not fine:
                return True
    return False


def toilet_accidents(r) -> list:
    """"Accidents" told about the bladder or bowels are incontinence, not injuries."""
    toilet = {e.sent for e in r.ents if e.label == "SPHINCTER"}
    return [e for e in r.pos("TRAUMA", ["unspecified"])
            if any(w in e.text for w in words("sphincter_words", "accident"))
            and (r.question == "bladder_bowel_change" or e.sent in toilet)]
