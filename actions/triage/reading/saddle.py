"""Saddle numbness: altered feeling around the back passage, genitals or inner upper thighs.

Reads saddle_numbness. A saddle word counts with altered feeling in its sentence ("numb when I
wipe"), and so do the tops of both inner thighs; "bum" / "bottom" alone, or one cheek ("my left bum"), is the buttock; "I can feel
everything just fine when I wipe" denies it. Answering the saddle question, numbness or tingling
named with no other place answers it.

Follows clinical-reference §1.1 (S3-S5), §3.2 (cauda_equina: saddle), §7 (saddle words) and
§8.1 (a buttock cheek is not the saddle). Words: lexicon groups saddle, saddle_cues, saddle_words.
"""
from __future__ import annotations

from .answers import leading, topic
from .core import Ent, part_named, words


def read(r) -> None:
    q = r.question
    found = [e for e in r.pos("SADDLE") if altered(r, e)] + upper_inner_thighs(r)
    if q == "saddle_numbness" and not found and leading(r) != "no":
        # "yes, a bit numb" answers about the saddle; "tingling in my bum cheek" does not
        placed = {e.sent for e in r.pos("REGION")} | {e.sent for e in r.pos("SADDLE") if one_cheek(r, e)}
        found = [e for e in r.pos("SENSATION", ["numbness", "tingling"]) if e.sent not in placed]
    denied = bool(r.neg("SADDLE") or r.neg("SENSATION", ["numbness", "tingling"])
                  or r.has_cue("saddle_cues.normal") and not found)
    topic(r, "saddle_numbness", found[0].sent if found else None, denied)


def upper_inner_thighs(r) -> list:
    """Altered feeling at the top of both inner thighs ("the insides of my thighs, right up at the
    top, are numb"): the inner upper thighs are part of the saddle (§1.1, §7), as the lexicon's
    "inner upper thighs" is. One thigh only ("the top of my left inner thigh") stays a region."""
    out = []
    for e in r.pos("REGION", ["inner_thigh"]):
        both = e.text.split()[-1].lower() in words("saddle_words", "both_thighs") or any(
            t.lower_ in words("saddle_words", "both_sides") for t in r.doc[max(0, e.start - 3):e.end])
        sent = r.sents[e.sent]
        if both and part_named(r, e, ("top",)) and r.has_cue("saddle_cues.altered", span=(sent.start, sent.end)):
            out.append(e)
    return out


def one_cheek(r, e: Ent) -> bool:
    """A buttock word said of one side or one cheek ("my left bum", "the right cheek of my
    bottom", "one bum cheek"): the buttock, not the saddle (§8.1). "Both cheeks" is not one."""
    if not any(w in e.text.split() for w in words("saddle_words", "buttock")):
        return False
    start = max(r.clause(e.start)[0], e.start - 5)
    near = {t.lower_ for t in r.doc[start:min(len(r.doc), e.end + 1)]}
    if near & words("saddle_words", "both_sides"):
        return False
    return bool(near & (words("saddle_words", "one_side") | words("saddle_words", "cheek")))


def altered(r, e: Ent) -> bool:
    """Altered feeling around the saddle, not one buttock cheek (§3.2, §8.1)."""
    span = r.clause(e.start)
    if r.has_cue("saddle_cues.normal", span=span) and not r.has_cue("saddle_cues.altered", span=span):
        return False  # "I can feel everything just fine when I wipe"
    if any(w in e.text for w in words("saddle_words", "altered")):
        return True
    if one_cheek(r, e):
        return False
    near = (max(0, e.start - 3), e.end + 3)
    if origin(r, e) and not r.has_cue("saddle_cues.altered", span=near):
        return False  # "it shoots down from his bum": where sciatica starts, not saddle feeling
    return r.has_cue("saddle_cues.altered", span=(r.sents[e.sent].start, r.sents[e.sent].end))


def origin(r, e: Ent) -> bool:
    """A buttock word said as where the pain comes from ("down from my bum", "starts in my
    bottom and goes down"): the buttock (§8.1)."""
    if not any(w in e.text.split() for w in words("saddle_words", "buttock")):
        return False
    before = {t.lower_ for t in r.doc[max(0, e.start - 3):e.start]}
    return bool(before & words("saddle_words", "origin"))
