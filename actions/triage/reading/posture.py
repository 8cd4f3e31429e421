"""What makes the symptoms worse or better: standing, walking, sitting, bending forward, ...

Reads aggravating_posture and relieving_posture. Each posture takes the direction of the nearest
worse / better cue in its clause, else in its sentence, else of the question being asked; "when"
or "after" right before a posture makes it worse ("pain when I walk"). A cue belongs to the
nearest posture unless postures are joined ("standing and walking make it worse"). "It stops
above the knee" says where, not what relieves it. Asked about postures, "lifting" is bending
forward and "nothing" is an answer; elsewhere neither is. "It goes" is relief ("it goes when I
sit"), but not when it goes somewhere or becomes something ("it goes down my leg", "goes numb").

Follows clinical-reference §4.1 (worse with / better with) and §4.2 (the claudication posture
pattern). Words: lexicon groups postures, posture_cues, posture_words.
"""
from __future__ import annotations

from ..contract import AGGRAVATING, RELIEVING
from .core import POSTURE_QUESTIONS, SYMPTOM_QUESTIONS, Ent, words


def read(r) -> None:
    q = r.question
    if q not in SYMPTOM_QUESTIONS and q not in POSTURE_QUESTIONS:
        return  # "I leak when I sneeze" is not an answer about posture
    found = {"worse": [], "better": []}
    items = r.pos("POSTURE")
    if q in POSTURE_QUESTIONS:  # "lifting" is a posture here, a strain elsewhere
        lifting = words("posture_words", "lifting")
        items += [Ent("POSTURE", "bending_forward", e.start, e.end, False, e.sent, e.text)
                  for e in r.pos("TRAUMA", ["strain"]) if any(e.text.startswith(w) for w in lifting)]
    for e in items:
        if e.value == "nothing" and q not in POSTURE_QUESTIONS:
            continue
        way = direction(r, e)
        allowed = AGGRAVATING if way == "worse" else RELIEVING
        if way and e.value in allowed and e.value not in found[way]:
            found[way].append(e.value)
    for key, way in POSTURE_QUESTIONS.items():
        values = found[way]
        if len(values) > 1 and "nothing" in values:
            values.remove("nothing")
        if values:
            r.set(key, values, next(e.sent for e in items if e.value == values[0]))
        elif q == key and r.unsure_at:
            r.set(key, "unsure")
        elif q == key and not r.asks:
            r.set(key, ["nothing"])


def false_entity(r, e: Ent) -> bool:
    """"it stops above the knee" says where, not what relieves it; "my walking stick" is a thing."""
    if e.label != "POSTURE" or e.end >= len(r.doc):
        return False
    after = r.doc[e.end].lower_
    if e.value == "walking" and e.text.endswith("ing") and after in words("posture_words", "walking_things"):
        return True
    return e.value == "standing_still" and after in words("posture_words", "where_it_stops")


def false_cue(r, c) -> bool:
    """"the pain goes down my leg", "my foot goes numb": a cue word that also means moving
    ("goes") says where the symptom goes, or what it becomes, when the rest of its clause names a
    direction or a symptom before any posture or posture cue; "it goes when I sit" is relief."""
    if c.key not in ("posture_cues.worse", "posture_cues.better") or " ".join(
            t.lower_ for t in r.doc[c.start:c.end]) not in words("posture_words", "moving"):
        return False
    postures = {x.start for x in r.ents if x.label == "POSTURE"} | {
        x.start for x in r.cues if x.key.startswith("posture_cues.")}
    symptoms = {x.start for x in r.ents if x.label in ("SENSATION", "WEAKNESS", "TRAVEL", "REGION")}
    towards = words("posture_words", "direction")
    for i in range(c.end, r.clause(c.start)[1]):
        t = r.doc[i]
        if t.is_punct or i in postures:
            return False
        if t.lower_ in towards or i in symptoms:
            return True
    return False


def direction(r, e: Ent):
    """'worse' or 'better' from the nearest cue in the sentence, else from the question."""
    def nearest(keys, before_only=False, span=None):
        best = None
        for c in r.cues:
            if c.key in keys and c.sent == e.sent and (not before_only or c.end <= e.start) \
                    and (span is None or span[0] <= c.start < span[1]) and not _blocked(r, e, c):
                d = 0 if c.start < e.end and e.start < c.end else min(abs(c.start - e.end), abs(e.start - c.end))
                if best is None or d < best[0]:
                    best = (d, c.key.split(".")[1], c)
        return best
    strong = nearest(("posture_cues.worse", "posture_cues.better"))
    near = nearest(("posture_cues.worse", "posture_cues.better"), span=r.clause(e.start))
    default = POSTURE_QUESTIONS.get(r.question)
    weak = None if default else nearest(("posture_cues.worse_weak",), before_only=True)
    if near:
        # "pain when I walk, eases when I sit": "when" right before the posture, the cue past a comma
        if weak and weak[0] <= 3 and near[2].start >= e.end and not _opens_clause(r, weak[2]) \
                and any(t.is_punct for t in r.doc[e.end:near[2].start]):
            return "worse"
        return near[1]
    if weak and weak[0] <= 3:
        # "if I sit down, it eases off": a clause opened by "if" / "when" takes the cue of the
        # clause after it; "pain when I walk" is worse ("when" right before the posture)
        if strong and strong[2].start >= e.end and _opens_clause(r, weak[2]):
            return strong[1]
        return "worse"
    return strong[1] if strong else default


def _opens_clause(r, c) -> bool:
    """The cue is the first word of its clause ("If I sit, ..."), after at most a joining word."""
    a, _ = r.clause(c.start)
    return all(t.lower_ in words("posture_words", "shared_by") or t.is_punct for t in r.doc[a:c.start])


def _blocked(r, e: Ent, c) -> bool:
    """A cue belongs to the nearest posture: in "pain when walking, sitting down settles it"
    "settles" is about sitting, not walking; "standing and walking make it worse" share it."""
    lo, hi = (e.end, c.start) if c.start >= e.end else (c.end, e.start)
    shared = words("posture_words", "shared_by")
    for p in r.ents:
        if p.label == "POSTURE" and p is not e and lo <= p.start and p.end <= hi:
            gap = r.doc[min(e.end, p.end):max(e.start, p.start)]
            if not any(t.lower_ in shared for t in gap):
                return True
    return False
