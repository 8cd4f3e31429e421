"""The parsed message every topic reader works on, and the reading rules they share.

`Reading` parses one message with the spaCy pipeline of nlp.py: sentences, the lexicon's entities
with their NegEx negation, cue phrases (unlabelled lexicon groups, "group.value") and NegEx clause
boundaries. It holds the findings the topic readers build (`out`: contract answers, `extras`,
`evidence`: the sentence behind each finding) and the shared rules: which entities are stated
(not negated, not hedged), clause and sentence scope, a negation word right before a cue, and the
time frame of clinical-reference §3.1 (long-standing and unchanged, long past, resolved, changed
since). Words come from knowledge/<language>/lexicon.yml; spaCy is loaded on the first message only.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon

# Unlabelled lexicon groups that are not cue phrases: numbers, word lists the rules compare single
# words with, regular expressions. Every other unlabelled group is matched as cues.
NOT_CUES = ("numbers", "duration_units", "duration_fixed", "fillers", "negation", "age_cues",
            "question_cues", "scope", "patterns", "grammar", "region_words", "side_words",
            "saddle_words", "character_words", "sphincter_words", "swelling_words", "weakness_words",
            "trauma_words",
            "posture_words", "number_words", "since_days", "since_dates", "decades", "decade_steps")
PATTERNS = "patterns"  # the group of regular expressions (not words: no typo correction towards them)
SELF_TESTS = {"heel_walk_difficulty": "heel", "toe_walk_difficulty": "tiptoe"}
POSTURE_QUESTIONS = {"aggravating_posture": "worse", "relieving_posture": "better"}
# Answers to these questions describe the symptoms themselves, so every region named counts.
SYMPTOM_QUESTIONS = (None, "symptom_location", "symptom_side", "symptom_character", "back_pain")


@dataclass(frozen=True)
class Ent:
    label: str
    value: str
    start: int
    end: int
    negated: bool
    sent: int
    text: str


@dataclass(frozen=True)
class Cue:
    key: str  # "group.value"
    start: int
    end: int
    sent: int


@lru_cache(maxsize=None)
def words(group: str, value: str | None = None) -> frozenset:
    """The phrases of a lexicon group (of one value when given), as a set."""
    return frozenset(lexicon.words(group, value))


PARTS = ("inner", "outer", "back", "front", "top", "bottom")  # lexicon region_words: parts of a region


def part_named(r, e: Ent, parts=PARTS):
    """The part of a region named with it (one of `parts`), before it ("the top bit of my foot",
    "high up at the front of my thigh") or after it ("my knee, on the inside", "my thighs right
    up at the top"), else None."""
    skip = words("fillers") | words("region_words", "part_nouns") | words("region_words", "part_links")

    def part(word):
        return next((p for p in parts if word in words("region_words", p)), None)
    for i in range(e.start - 1, max(-1, e.start - 6), -1):
        if part(r.doc[i].lower_):
            return part(r.doc[i].lower_)
        if r.doc[i].is_punct or r.doc[i].lower_ not in skip:
            break
    links, linked = words("region_words", "part_links"), False
    for i in range(e.end, min(len(r.doc), e.end + 6)):
        t = r.doc[i]
        if part(t.lower_) and linked:
            return part(t.lower_)
        linked = linked or t.lower_ in links
        if not (t.lower_ in skip or t.text == "," and not linked):
            break
    return None


@lru_cache(maxsize=1)
def cue_matcher():
    """A spaCy Matcher for every cue group: match ids are "group.value"."""
    from spacy.matcher import Matcher

    from ..nlp import build_pipeline

    nlp = build_pipeline()
    matcher = Matcher(nlp.vocab)
    for group in lexicon.load().values():
        if group.label or group.name in NOT_CUES:
            continue
        for value, pattern in lexicon.group_patterns(group, nlp):
            matcher.add(f"{group.name}.{value}", [pattern])
    return matcher


class Reading:
    """One parsed message and the findings being built from it (see the module docstring)."""

    def __init__(self, text: str, question, case: dict):
        from ..nlp import build_pipeline

        nlp = build_pipeline()
        self.text, self.question, self.case = text, question, case
        self.doc = doc = nlp(text)
        self.sents = list(doc.sents)
        sent_of = {}
        for n, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                sent_of[i] = n
        self.sent_of = sent_of
        negex = nlp.get_pipe("negex")
        preceding, following, terms = negex.process_negations(doc)
        self.clauses = negex.termination_boundaries(doc, terms)
        starts = {e.start for e in doc.ents}
        self.ents = [Ent(e.label_, e.ent_id_, e.start, e.end,
                         bool(e._.negex) and not self._forward_only(e, preceding, following, starts),
                         sent_of[e.start], e.text) for e in doc.ents]
        self.cues = [Cue(nlp.vocab.strings[m], s, e, sent_of[s])
                     for m, s, e in cue_matcher()(doc)]
        self.unsure_at = [c.start for c in self.cues if c.key == "answers.unsure"]
        self.out, self.extras, self.evidence = {}, {}, {}
        # set by scope.set_aside: sentences that ask or echo, what was set aside and why
        self.asks, self.echoes = set(), set()
        self.named_places = []  # every region named, before any is set aside
        self.net = []  # flag words set aside by a scope rule: the red-flag net confirms them
        self.low = set()  # questions whose answer was read with low confidence
        self.others = []  # entities about someone else ("my mum had cancer")
        self.feared = []  # (feared clause, denying clause): "I was sure it would drop but it didn't"
        self.memo = {}  # what a topic reader computes once per message

    def _forward_only(self, e, preceding, following, starts) -> bool:
        """NegEx negated the entity only by a following negation ("weak, not getting worse") that,
        past punctuation, opens a negated phrase of its own: that "not" denies what follows it
        ("getting worse", "my calf, not the shin"), not the entity before the comma."""
        a, b = self.clause(e.start)
        if any(a <= s < e.start for _, s, _ in preceding):
            return False
        after = [(s, end) for _, s, end in following if a <= s < b and end > e.end]
        return bool(after) and all(
            any(self.doc[i].is_punct for i in range(e.end, s)) and self._skip_determiners(end) in starts
            for s, end in after)

    def _skip_determiners(self, i: int) -> int:
        """The first token from i on that is not a determiner ("not the shin" -> "shin")."""
        dets = words("grammar", "determiners")
        while i < len(self.doc) and self.doc[i].lower_ in dets:
            i += 1
        return i

    # scope of a word --------------------------------------------------------------------------

    def clause(self, i: int):
        for a, b in self.clauses:
            if a <= i < b:
                return a, b
        return i, i + 1

    def pos(self, label, values=None, sents=None):
        """Entities that are stated (not negated, not hedged)."""
        return [e for e in self.ents if e.label == label and (values is None or e.value in values)
                and not e.negated and not self.uncertain(e) and (sents is None or e.sent in sents)]

    def neg(self, label, values=None):
        return [e for e in self.ents if e.label == label and e.negated
                and (values is None or e.value in values)]

    def uncertain(self, e: Ent) -> bool:
        # "don't know when I need to go" is a symptom, not a hedge: cues inside the words do not count
        if not self.unsure_at:
            return False
        a, b = self.clause(e.start)
        return any(a <= i < b and not e.start <= i < e.end for i in self.unsure_at)

    def has_cue(self, key: str, sent=None, span=None) -> bool:
        return any(c for c in self.cues if c.key == key and (sent is None or c.sent == sent)
                   and (span is None or span[0] <= c.start < span[1]))

    def said_cue(self, key: str, sent=None) -> bool:
        """A cue not denied just before it ("I'm not dieting", "without trying to lose")."""
        stop = words("negation", "close") | words("scope", "ended")
        return any(c.key == key and (sent is None or c.sent == sent) and not {
            t.lower_ for t in self.doc[max(0, c.start - 3):c.start]} & stop for c in self.cues)

    def negated_cue(self, c: Cue) -> bool:
        """A negation word right before a cue, with no punctuation between ("no difficulty");
        "without" also a word further back, as it governs a phrase ("without my toes touching
        down")."""
        close = words("negation", "close")
        for i in range(c.start - 1, max(-1, c.start - 4), -1):
            t = self.doc[i]
            if t.is_punct:
                return False
            if t.lower_ in close and (i >= c.start - 2 or t.lower_ == "without"):
                return True
        return False

    def symptom_sents(self) -> set:
        """Sentences that describe symptoms (a sensation, weakness, spreading or severity word)."""
        feelings = words("sensations")
        out = {e.sent for e in self.ents if not e.negated
               and e.label in ("SENSATION", "WEAKNESS", "TRAVEL", "SEVERE")}
        out |= {self.sent_of[t.i] for t in self.doc if t.lower_ in feelings or t.lemma_ in feelings}
        return out

    # time frame (§3.1) ------------------------------------------------------------------------

    def recent(self, ents: list) -> list:
        """The findings not said to be long-standing and unchanged."""
        return [e for e in ents if not self.has_cue("history_cues.longstanding", e.sent)
                or self.changed(e.sent)]

    def changed(self, sent: int) -> bool:
        """A long-standing symptom said to have changed now counts as new (§3.1)."""
        return any(c.key == "history_extra.changed" and c.sent == sent and not self.negated_cue(c)
                   for c in self.cues)

    def past(self, e: Ent, resolved: bool = True) -> bool:
        """Said of a long-past, healed event ("broke my back in 1998 and it healed fine", "when I
        was twelve"), or with
        resolved=True of anything over ("had back pain last year but it went")."""
        keys = ("history_extra.long_past",) + (("history_cues.resolved",) if resolved else ())
        a, b = self.clause(e.start)
        if any(c.key in keys and a <= c.start < b for c in self.cues):
            return not self.changed(e.sent)
        if any(c.key == "history_extra.at_age" and a <= c.start < b and c.end < b
               and (self.doc[c.end].like_num or self.doc[c.end].lower_ in words("numbers"))
               for c in self.cues):
            return not self.changed(e.sent)  # "a car clipped me when I was twelve"
        return any(t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")
                   and int(t.text) < 2020 for t in self.doc[a:b])

    # the findings -----------------------------------------------------------------------------

    def sentence_text(self, n: int) -> str:
        return self.sents[n].text.strip()[:200]

    def set(self, key, value, sent=None):
        self.out[key] = value
        if sent is not None:
            self.evidence[key] = self.sentence_text(sent)

    def extra(self, key, value=True, sent=None):
        self.extras[key] = value
        if sent is not None:
            self.evidence[f"extras.{key}"] = self.sentence_text(sent)
