"""Cancer and weight loss: the patient's own cancer, and weight lost without trying.

Reads cancer_history and weight_loss. A relative's cancer or a benign lump is not the patient's
cancer; weight lost on purpose (dieting), long ago, or lost and put back on does not count; "my
weight is steady" denies. A cancer named by its organ or treatment ("a lung one", chemo) counts;
answering the cancer question, the organ alone does ("Breast, 2012, all clear").

Follows clinical-reference §3.2 (malignancy: any past or current cancer, unexplained weight loss,
family history and benign lumps excluded). Words: lexicon groups cancer, cancer_sites, weight, history_cues,
history_extra.
"""
from __future__ import annotations

from .answers import leading, topic
from .core import Ent, words
from .trauma import fall_not_weight


def read(r) -> None:
    q = r.question
    # cancer: the patient's own, not a relative's, not a benign lump (§3.2)
    said = r.pos("CANCER")
    cancer = [e for e in said if not _relatives(r, e) and not _benign(r, e)]
    other = len(said) > len(cancer)  # a relative's cancer, or a benign lump
    if q == "cancer_history" and not said:
        cancer = _site_named(r)
    denied = bool(r.neg("CANCER") or other or r.has_cue("history_cues.benign"))
    topic(r, "cancer_history", cancer[0].sent if cancer else None, denied, other)
    # weight loss: unintended only
    loss = r.pos("WEIGHT", ["loss"])
    loss = [e for e in loss if not fall_not_weight(r, e)]
    meant = [e for e in loss if r.said_cue("history_cues.intentional", e.sent) and not _goes_on(r, e.sent)]
    back = r.pos("WEIGHT", ["regained"])
    # lost and put back on ("lost a bit with the flu but put it back on") is not unexplained
    old = [e for e in loss if e not in meant and (r.past(e) or any(x.start > e.start for x in back))]
    loss = [e for e in loss if e not in meant and e not in old]
    on_purpose = bool(meant or old) or q == "weight_loss" and r.said_cue("history_cues.intentional")
    denied = bool(on_purpose or r.neg("WEIGHT", ["loss"]) or r.pos("WEIGHT", ["gain"]) or back)
    topic(r, "weight_loss", loss[0].sent if loss else None, denied, on_purpose)


def _goes_on(r, sent: int) -> bool:
    """"I lost it dieting, but I stopped in March and it's still dropping off me": a loss that goes
    on after the reason for it ended is unexplained (§3.2)."""
    ended = [c for c in r.cues if c.key == "history_cues.intent_ended" and c.sent == sent]
    return any(c.key == "history_cues.continuing" and c.sent == sent and c.start > x.start
               for x in ended for c in r.cues)


def _relatives(r, e) -> bool:
    """The cancer is a relative's: its clause names a relative, and the nearest person word before
    it is that relative, not the patient ("I think my mum had it" is the mum's; "I had it myself,
    like my mum" is the patient's), and no word of the patient's own ("myself", "me too") follows."""
    a, b = r.clause(e.start)
    rel = {c.start for c in r.cues if c.key == "history_cues.relative" and a <= c.start < b}
    if not rel:
        return False
    me, owner = words("question_cues", "self"), words("scope", "possessive")
    thinks = words("scope", "hearsay") | words("scope", "belief")
    end = r.sents[e.sent].end
    for i in range(e.start - 1, a - 1, -1):
        if i in rel:
            near = [t.lower_ for t in r.doc[max(r.sents[e.sent].start, i - 3):min(end, i + 4)]]
            joined = "and" in near and any(t in me and t not in owner for t in near)  # "me and my mum"
            return not joined and not r.has_cue("history_cues.own_too", span=(e.end, end))
        t = r.doc[i].lower_
        if t in me and t not in owner and not (i + 1 < b and r.doc[i + 1].lower_ in thinks):
            return False
    return True


def _benign(r, e) -> bool:
    """A benign word in the sentence, outside the cancer words ("a malignant mole" is cancer)."""
    return any(c.key == "history_cues.benign" and c.sent == e.sent
               and not (e.start <= c.start < e.end) for c in r.cues)


def _site_named(r) -> list:
    """Answering the cancer question, an organ named as the patient's own ("Breast, 2012, all
    clear", "Prostate, had the op"): a cancer history, unless the reply opens with "no", denies
    it, doubts it ("still waiting on the biopsy"), names a benign lump or someone else, or the
    organ word belongs to another finding."""
    if leading(r) == "no" or r.unsure_at or r.has_cue("history_cues.benign"):
        return []
    close = words("negation", "close")
    for c in r.cues:
        if c.key != "cancer_sites.site" or c.sent in r.asks:
            continue
        span = r.clause(c.start)
        if r.has_cue("history_cues.relative", span=span) or any(
                e.start <= c.start < e.end for e in r.ents) or {
                t.lower_ for t in r.doc[max(span[0], c.start - 3):c.start]} & close:
            continue
        return [Ent("CANCER", "cancer", c.start, c.end, False, c.sent, r.doc[c.start:c.end].text)]
    return []
