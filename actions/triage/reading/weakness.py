"""Leg weakness, weakness getting worse, foot drop; the heel and tiptoe self-checks.

Reads leg_weakness, weakness_worsening, heel_walk_difficulty, toe_walk_difficulty and the extras
weakness_regions, bilateral_weakness, worsening_weakness, foot_drop_described, knee_buckling,
big_toe_weak and hip_flexion_weak. Legs that only tire or go heavy on walking and recover on rest
are claudication, not weakness; "getting worse" speaks of the weakness only in its clause (or a
sentence with weakness and no pain word); "yesterday I could ..., today not at all" is weakness
getting worse said as a comparison over time. The self-checks are read clause by clause: a clause
names its test, or takes the one named before it in the sentence, or the one asked; ordinary
walking and feelings are not the test; a negated difficulty ("no difficulty") is success, and so
is a feared failure that did not happen ("I was sure my foot would drop but it didn't").

Follows clinical-reference §2 (self-tests; answers read as difficulty), §3.2
(progressive_weakness, foot_drop), §7 (gives way, foot slaps, catching toes) and §8.1
(claudication is not weakness). Words: lexicon groups weakness, sensations, self_test_cues,
walk_cues, posture_cues, weakness_words, weakness_cues, side_words.
"""
from __future__ import annotations

from . import scope
from .answers import leading, topic
from .core import SELF_TESTS, SYMPTOM_QUESTIONS, Ent, words
from .trauma import single_trip

FOOT_DROP_TYPES = {"foot_drop": "foot_drop_described", "knee_buckling": "knee_buckling",
                   "big_toe": "big_toe_weak", "hip_flexion": "hip_flexion_weak"}


def _says_weak(e: Ent) -> bool:
    return any(w in e.text for w in words("weakness_words", "weak"))


def read(r) -> None:
    q = r.question
    if q == "recent_trauma":
        return  # "I tripped on the step" there is how they were hurt
    found = [e for e in r.pos("WEAKNESS") + r.pos("SENSATION", ["weakness"])
             if not single_trip(r, e) and not fastened(r, e)]
    if q in SELF_TESTS:  # only what ordinary walking shows ("I catch my toes when I walk")
        found = [e for e in found if r.has_cue("walk_cues.ordinary", span=r.clause(e.start))]
        if not found:
            return
    bladder = {r.clause(e.start) for e in r.pos("SPHINCTER", ["bladder_topic"])}
    found = [e for e in found if not claudication(r, e.sent) and r.clause(e.start) not in bladder]
    weak = [e for e in found if e.value != "worsening" or _says_weak(e)]
    clauses = {r.clause(e.start) for e in weak}
    asked = q in ("leg_weakness", "weakness_worsening")
    # "getting worse" speaks of the weakness only in the same clause ("weak, and the pain ...")
    worse = [e for e in found if e.value == "worsening" and (asked or _says_weak(e)
                                                             or r.clause(e.start) in clauses
                                                             or _worse_weakness(r, e, weak))]
    compared = _compared(r)
    if compared is not None and not worse:
        worse = [Ent("WEAKNESS", "worsening", 0, 0, False, compared, "")]
        if not weak:
            weak = [Ent("WEAKNESS", "weak", 0, 0, False, compared, "")]
    if weak or (worse and q == "leg_weakness"):
        sent = (weak or worse)[0].sent
        r.set("leg_weakness", "yes", sent)
        chars = r.out.setdefault("symptom_character", [])
        if "weakness" not in chars:
            chars.append("weakness")
        where = [e.value for e in r.pos("REGION", sents={e.sent for e in weak})]
        if where:
            r.extra("weakness_regions", list(dict.fromkeys(where)), sent)
        both = words("side_words", "both")
        if r.out.get("symptom_side") == "both" and q not in SYMPTOM_QUESTIONS[1:] \
                or any(e.text.startswith(w) for e in r.pos("SIDE", sents={sent}) for w in both) \
                or any(set(e.text.split()) & words("weakness_words", "both_legs") for e in weak):
            # "legs both went", "my legs gave out": the weakness phrase itself names both legs (§8.1)
            r.extra("bilateral_weakness", True, sent)
    else:
        denied = r.neg("WEAKNESS") + r.neg("SENSATION", ["weakness"])
        # legs that only tire or go heavy on walking are not weak (§8.1)
        tired = r.pos("SENSATION", ["heaviness"]) or any(
            claudication(r, e.sent) for e in r.pos("WEAKNESS") + r.pos("SENSATION", ["weakness"]))
        topic(r, "leg_weakness", None, bool(denied or tired))
    for e in r.recent([e for e in weak if not r.past(e, resolved=False)]):
        if e.value in FOOT_DROP_TYPES:
            r.extra(FOOT_DROP_TYPES[e.value], True, e.sent)
    if worse:
        r.set("weakness_worsening", "yes", worse[0].sent)
        r.extra("worsening_weakness", True, worse[0].sent)
    elif q == "weakness_worsening":
        denied = r.neg("WEAKNESS") + r.neg("SENSATION", ["weakness"])
        topic(r, "weakness_worsening", None, bool(denied))


def fastened(r, e: Ent) -> bool:
    """"with the tool belt buckled tight": a belt or strap buckles, a knee gives way; a bare
    "buckled" in a clause naming something fastened and no leg is not weakness."""
    if e.value != "knee_buckling" or len(e.text.split()) > 1:
        return False
    a, b = r.clause(e.start)
    if any(x.label == "REGION" and a <= x.start < b for x in r.ents):
        return False
    return any(t.lower_ in words("weakness_words", "fastened") for t in r.doc[a:b])


def _compared(r):
    """"Yesterday I could stand on tiptoe, today not at all": a clause that could do something
    then, and a later one that cannot now, is weakness getting worse (§3.2). The sentence of the
    later clause, or None. Clauses about pain or a feeling ("today I can't for the pain") and
    walking that recovers on rest (claudication, §8.1) are not weakness."""
    def has(key, span):
        return any(c.key == key and span[0] <= c.start < span[1] for c in r.cues)

    def feeling(span):
        return any(span[0] <= e.start < span[1] and e.label == "SENSATION" and e.value != "weakness"
                   for e in r.ents)

    could = None
    for span in _pieces(r):
        if r.sent_of.get(span[0]) in r.asks or scope.someone_else(r, span) or feeling(span):
            continue
        if could is None and has("weakness_cues.then", span) and has("weakness_cues.able", span) \
                and not has("weakness_cues.unable", span):
            could = span
        elif could is not None and span[0] >= could[1] and has("weakness_cues.now", span) \
                and has("weakness_cues.unable", span) and not claudication(r, r.sent_of[span[0]]):
            return r.sent_of[span[0]]
    return None


def _pieces(r) -> list:
    """The clauses, cut again at punctuation ("..., today not at all")."""
    out = []
    for a, b in r.clauses:
        start = a
        for i in range(a, b):
            if r.doc[i].is_punct:
                if i > start:
                    out.append((start, i))
                start = i + 1
        if b > start:
            out.append((start, b))
    return out


def _worse_weakness(r, e: Ent, weak: list) -> bool:
    """"my leg is worse every day, I can barely lift it now": a worsening word in a sentence
    with weakness speaks of the weakness unless its own clause names a pain ("the pain ...")."""
    a, b = r.clause(e.start)
    pain = any(a <= x.start < b and x.label == "SENSATION" and x.value != "weakness" for x in r.ents)
    return not pain and any(w.sent == e.sent for w in weak)


def claudication(r, sent: int) -> bool:
    """Legs that tire or give out only on walking/standing and recover on rest (§8.1)."""
    if "relief" not in r.memo:  # once per message: long messages stay fast
        r.memo["relief"] = bool(r.has_cue("posture_cues.better")
                                or r.pos("POSTURE", ["sitting", "bending_forward"]))
    return r.memo["relief"] and bool(r.pos("POSTURE", ["walking", "standing"], sents={sent}))


def self_checks(r) -> None:
    """Heel / tiptoe self-checks, clause by clause (§2). A clause names its test, or takes the
    one named before it in the sentence, or the one asked about. Clauses about ordinary walking
    or about a feeling are not the test; a negated difficulty ("no difficulty", "nothing I
    couldn't do") is success."""
    q = r.question
    results = {}
    named = {}
    for a, b in r.clauses:
        span = (a, b)
        n = r.sent_of.get(a)
        if n in r.asks or n in r.echoes:
            continue
        if scope.someone_else(r, span):
            continue  # "it's my husband who can't"
        test = _named_test(r, span)
        if any(span == d for _, d in r.feared):  # "... but it didn't": the check went well
            test = test or named.get(n) or SELF_TESTS.get(q)
            if test:
                named[n] = test
                results.setdefault(test, "no")
            continue
        if not test and (r.has_cue("walk_cues.ordinary", span=span) or _feeling_clause(r, span)
                         or _back_clause(r, span)):
            continue
        test = test or named.get(n) or SELF_TESTS.get(q)
        named[n] = test
        if test is None:
            continue
        if _cue_said(r, "self_test_cues.cannot", span):
            results[test] = "yes"
        elif r.has_cue("self_test_cues.can", span=span) or _cue_denied(r, "self_test_cues.cannot", span):
            results.setdefault(test, "no")
    if _compared(r) is not None:  # "yesterday I could ..., today not at all": now they cannot
        results = dict.fromkeys(results, "yes")
    for key, test in SELF_TESTS.items():
        if test in results:
            r.set(key, results[test], 0)
        elif q == key:
            if r.has_cue("answers.unsure"):
                r.set(key, "unsure")
            elif leading(r):
                # "can you walk on your heels?" - "yes" means no difficulty
                r.set(key, "no" if leading(r) == "yes" else "yes", 0)


def _named_test(r, span):
    """The test a clause names; the longer cue wins ("heel won't come off" is the tiptoe test)."""
    best = None
    for c in r.cues:
        if c.key in ("self_test_cues.heel", "self_test_cues.tiptoe") and span[0] <= c.start < span[1]:
            if best is None or c.end - c.start > best.end - best.start:
                best = c
    return None if best is None else ("heel" if best.key.endswith("heel") else "tiptoe")


def _back_clause(r, span) -> bool:
    """"the only thing I can't do is stop my back grumbling": the back, not how the test went."""
    regions = {e.value for e in r.ents if e.label == "REGION" and span[0] <= e.start < span[1]}
    return bool(regions) and regions <= {"lower_back", "buttock", "hip"} and not any(
        span[0] <= e.start < span[1] and e.label == "WEAKNESS" for e in r.ents)


def _feeling_clause(r, span) -> bool:
    """"though I can't feel my toes much": a feeling, not how the test went."""
    return any(span[0] <= e.start < span[1] and e.label == "SENSATION" and e.value != "weakness"
               for e in r.ents) and not any(
        span[0] <= e.start < span[1] and e.label == "WEAKNESS" for e in r.ents)


def _cue_said(r, key: str, span) -> bool:
    return any(c.key == key and span[0] <= c.start < span[1] and not r.negated_cue(c) for c in r.cues)


def _cue_denied(r, key: str, span) -> bool:
    return any(c.key == key and span[0] <= c.start < span[1] and r.negated_cue(c) for c in r.cues)
