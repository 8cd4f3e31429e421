"""Patient free text -> findings: a partial case (docs/architecture.md) plus `extras`.

interpret(text, question, case) reads the answer to the question being asked (if any) and always
also scans the text for anything volunteered, above all red-flag statements. Words come from
knowledge/lexicon.yml through the spaCy pipeline of nlp.py (entity ruler + NegEx); this module
holds only the reading rules. It never raises: bad input gives {} or what was safely found.
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher

from . import lexicon, numbers
from .knowledge import AGGRAVATING, QUESTIONS, RELIEVING, load as load_knowledge
from .nlp import build_pipeline

log = logging.getLogger(__name__)

WHOLE = 5000  # characters read as one reading (longer messages are read part by part)
PART = 1500
MAX_WORD = 20  # longer "words" are not words: left as they are
NOT_CUES = ("numbers", "duration_units", "duration_fixed", "fillers", "negation", "age_cues",
            "question_cues", "scope")
YES_NO = ("bladder_bowel_change", "saddle_numbness", "leg_weakness", "weakness_worsening",
          "heel_walk_difficulty", "toe_walk_difficulty", "back_pain", "fever", "cancer_history",
          "weight_loss", "recent_trauma", "calf_swelling", "diabetes")
SELF_TESTS = {"heel_walk_difficulty": "heel", "toe_walk_difficulty": "tiptoe"}
POSTURE_QUESTIONS = {"aggravating_posture": "worse", "relieving_posture": "better"}
# Answers to these questions describe the symptoms themselves, so every region named counts.
SYMPTOM_QUESTIONS = (None, "symptom_location", "symptom_side", "symptom_character", "back_pain")
# A "no" that was not asked for is kept only where a wrong "no" cannot hide a red flag.
SAFE_VOLUNTEERED_NO = ("diabetes", "back_pain")
PLURAL_NOT_BOTH = {"toes", "tiptoes"}
# Sentences about these say nothing about how long the leg symptoms have lasted.
OTHER_TOPICS = {"DIABETES", "CANCER", "RISK", "SPHINCTER", "FEVER", "WEIGHT", "CHEST"}
FOOT_DROP_TYPES = {"foot_drop": "foot_drop_described", "knee_buckling": "knee_buckling",
                   "big_toe": "big_toe_weak", "hip_flexion": "hip_flexion_weak"}
THIGH_REGIONS = {"outer_thigh", "back_thigh", "inner_thigh", "thigh", "upper_front_thigh", "front_thigh",
                 "outside_leg", "inside_leg", "back_leg"}
NEGATORS = {"no", "not", "n't", "never", "without", "nothing"}
WHERE_IT_STOPS = {"above", "below", "at", "before", "short", "just", "around", "round", "halfway", "mid"}
KNEE_BOUNDARY = {"past", "below", "beyond", "further", "until", "till", "than", "far", "upto"}
RIGHT_AS_INTENSIFIER = {"into", "down", "up", "across", "through", "now", "away", "round",
                        "around", "there", "after", "from", "to", "back"}
CONTRACTIONS = re.compile(r"\b(do|does|did|ca|can|wo|is|are|was|were|have|has|had|could|would|"
                          r"should|must|need|ai)nt\b")
FEVER_TEMP = re.compile(r"\b(3[7-9]|4[0-2])(?:\.\d)?\b|\b10[0-5](?:\.\d)?\s*(?:f\b|degrees)")
OUT_OF = re.compile(r"\b(\d{1,2})\s*/\s*10\b")
# The question a flag word answers, for the red-flag net (label, or (label, value)).
NET_QUESTIONS = {"SADDLE": "saddle_numbness", ("SPHINCTER", "bladder"): "bladder_bowel_change",
                 ("SPHINCTER", "bowel"): "bladder_bowel_change", ("FEVER", "fever"): "fever",
                 "CANCER": "cancer_history", ("WEIGHT", "loss"): "weight_loss",
                 ("TRAUMA", "major"): "recent_trauma", ("TRAUMA", "minor"): "recent_trauma",
                 "SWELLING": "calf_swelling", ("WEAKNESS", "worsening"): "weakness_worsening",
                 "WEAKNESS": "leg_weakness"}
TOPIC_LABELS = {"cancer_history": "CANCER", "weight_loss": "WEIGHT", "fever": "FEVER",
                "calf_swelling": "SWELLING", "leg_weakness": "WEAKNESS", "diabetes": "DIABETES",
                "saddle_numbness": "SADDLE", "bladder_bowel_change": "SPHINCTER",
                "recent_trauma": "TRAUMA"}


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


def interpret(text, question=None, case=None) -> dict:
    """Findings from one patient message; see the module docstring.

    A message of any length is read whole: up to WHOLE characters as one reading; beyond that the
    first part answers the question and every further part of at most PART characters (cut at
    sentence ends) is read for what it volunteers, so a red flag on page three still counts. An
    internal error is logged at ERROR (with the traceback) and gives {}: the conversation goes on,
    and the log shows that a message was not read.
    """
    try:
        if question not in QUESTIONS:
            question = None
        clean = normalise(text)
        if not clean.strip():
            return {}
        case = case if isinstance(case, dict) else {}
        parts = split_long(clean)
        findings = read_part(parts[0], question, case)
        seen = {parts[0]}
        for part in parts[1:]:
            if part in seen or not may_speak(part):
                continue  # a repeated part says nothing new; a part without topic words says nothing
            seen.add(part)
            findings = _add_volunteered(findings, read_part(part, None, case))
        return findings
    except Exception:  # a message must never break the conversation
        log.exception("interpret failed on a message of %d characters", len(str(text)))
        return {}


def read_part(text: str, question, case: dict) -> dict:
    """One reading; when the patient corrects themselves, the answer after the last correction
    counts for the question ("Left. Sorry, no, right"). Turning a red-flag answer from yes to no
    that way is kept but marked for confirmation."""
    reading = Reading(text, question, case)
    findings = reading.findings()
    cut = reading.correction_at() if question else None
    if cut is None:
        return findings
    later = Reading(text[cut:], question, case).findings()
    value = later.get(question)
    if value is None or value == "question":
        return findings
    before = findings.get(question)
    findings = {**findings, question: value}
    extras = dict(findings.get("extras") or {})
    if before == "yes" and value != "yes" and question in _flag_questions():
        extras["confirm"] = list(dict.fromkeys((extras.get("confirm") or []) + [question]))
    if value != "unsure" and question in (extras.get("unsure") or []):
        extras["unsure"] = [q for q in extras["unsure"] if q != question]
    for key in ("extras",):
        for k, v in (later.get(key) or {}).items():
            if k not in ("evidence", "unsure", "confirm", "question_back") and k not in extras:
                extras[k] = v
    findings["extras"] = extras
    return findings


@lru_cache(maxsize=1)
def _flag_questions() -> frozenset:
    """Contract questions whose "yes" can raise a red flag (from red_flags.yml)."""
    return frozenset(k for f in load_knowledge().flags.values() for t in f.triggers for k in t.answers
                     if k in QUESTIONS)


def split_long(text: str) -> list:
    """The text in parts a reading handles in bounded time: whole when short, else cut at
    sentence ends (or, inside a run-on sentence, at a space) into parts of at most PART chars."""
    if len(text) <= WHOLE:
        return [text]
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + PART)
        if end < len(text):
            cut = max(text.rfind(c, start, end) for c in ".!?\n;")
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        parts.append(text[start:end])
        start = end
    return [p for p in parts if p.strip()] or [text[:PART]]


def may_speak(part: str) -> bool:
    """Cheap pre-check: a part with no lexicon word at all cannot add a finding."""
    return bool(_topic_words() & set(re.findall(r"[a-z']+", part)))


@lru_cache(maxsize=1)
def _topic_words() -> frozenset:
    out = set()
    for g in lexicon.load().values():
        if g.label:
            for p in g.phrases():
                out.update(re.findall(r"[a-z']+", p))
    return frozenset(out - set(lexicon.words("fillers")))


def _add_volunteered(findings: dict, later: dict) -> dict:
    """Add what a later part of a long message volunteers: positive answers and extras only."""
    from .engine import merge  # engine imports the rules; only long messages need it here

    kept = {k: v for k, v in later.items() if k != "extras" and v == "yes"}
    extras = {k: v for k, v in (later.get("extras") or {}).items()
              if k not in ("evidence", "unsure", "confirm", "question_back")}
    if extras:
        kept["extras"] = extras
    out = merge(findings, kept) if kept else findings
    confirm = [q for q in (later.get("extras") or {}).get("confirm", []) if q not in out]
    if confirm:
        ex = dict(out.get("extras") or {})
        ex["confirm"] = list(dict.fromkeys((ex.get("confirm") or []) + confirm))
        out = {**out, "extras": ex}
    return out


# --- text clean-up -------------------------------------------------------------------------------

def normalise(text) -> str:
    """Lower case, markup removed, apostrophes restored ("dont" -> "don't"), typos corrected."""
    if not isinstance(text, str):
        return ""
    text = html.unescape(re.sub(r"<[^>]*>", " ", text)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\s[-\u2013\u2014]+\s", "; ", text)
    text = CONTRACTIONS.sub(lambda m: m.group(1) + "n't", text)
    text = re.sub(r"\b(i)(ve|m)\b", r"\1'\2", text)
    text = re.sub(r"\b(that|there|it|what|he|she)s\b(?! (own|self))", r"\1's", text)
    text = OUT_OF.sub(r"\1 out of 10", text)
    return re.sub(r"[a-z]{5,}", lambda m: correct(m.group(0)), text)


@lru_cache(maxsize=1)
def _vocab():
    nlp = build_pipeline()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    mine = {w for g in lexicon.load().values() for p in g.phrases()
            for w in re.findall(r"[a-z]+", p) if len(w) >= 4}
    # the lookup table's keys are inflected forms; its values are the base words ("strip")
    bases = {v for v in table.values() if isinstance(v, str)}
    index = {}
    for w in sorted(mine):
        for d in _deletes(w, 2 if len(w) >= 7 else 1):
            index.setdefault(d, set()).add(w)
    return mine, _Known(table, bases), index


class _Known:
    """English words: the lookup table's inflected forms (its keys) and base words (its values)."""

    def __init__(self, table, bases):
        self.table, self.bases = table, bases

    def __contains__(self, word):
        return word in self.bases or word in self.table


def _deletes(word: str, depth: int) -> set:
    """The word and every string made from it by deleting up to `depth` letters."""
    out, edge = {word}, {word}
    for _ in range(depth):
        edge = {w[:i] + w[i + 1:] for w in edge for i in range(len(w))}
        out |= edge
    return out


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """A lexicon word one edit away (two for long words) from an unknown word, else the word.

    Candidates come from a deletion index (two strings within k edits share a string made by at
    most k deletions), so the cost per word does not grow with the lexicon."""
    mine, english, index = _vocab()
    if word in mine or word in english or len(word) > MAX_WORD:
        return word
    limit = 2 if len(word) >= 8 else 1
    pool = set()
    for d in _deletes(word, limit):
        pool |= index.get(d, set())
    best = [w for w in sorted(pool) if abs(len(w) - len(word)) <= limit and _distance(word, w) <= limit]
    return best[0] if len(best) == 1 else word


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            cur.append(cost)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=1)
def _cue_matcher():
    nlp = build_pipeline()
    matcher = Matcher(nlp.vocab)
    for group in lexicon.load().values():
        if group.label or group.name in NOT_CUES:
            continue
        for value, pattern in lexicon.group_patterns(group, nlp):
            matcher.add(f"{group.name}.{value}", [pattern])
    return matcher


# --- one message -----------------------------------------------------------------------------

class Reading:
    """The parsed message and the rules that turn it into findings."""

    def __init__(self, text: str, question, case: dict):
        nlp = build_pipeline()
        self.text, self.question, self.case = text, question, case
        self.doc = doc = nlp(text)
        self.sents = list(doc.sents)
        sent_of = {}
        for n, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                sent_of[i] = n
        self.sent_of = sent_of
        self.ents = [Ent(e.label_, e.ent_id_, e.start, e.end, bool(e._.negex), sent_of[e.start],
                         e.text) for e in doc.ents]
        self.cues = [Cue(nlp.vocab.strings[m], s, e, sent_of[s])
                     for m, s, e in _cue_matcher()(doc)]
        negex = nlp.get_pipe("negex")
        terms = negex.process_negations(doc)[2]
        self.clauses = negex.termination_boundaries(doc, terms)
        self._relief = None
        self.unsure_at = [c.start for c in self.cues if c.key == "answers.unsure"]
        self.out, self.extras, self.evidence = {}, {}, {}
        self.net = []  # flag words set aside by a scope rule: the red-flag net confirms them
        self.low = set()  # questions whose answer was read with low confidence
        self.others = []  # entities about someone else ("my mum had cancer")
        self._drop_false_ents()
        self._scope()


    # scope: questions back, other people, hedged amounts ------------------------------------

    def _words(self, group: str, value: str) -> set:
        return set(lexicon.words(group, value))

    def _scope(self):
        """Set aside what the patient does not state about themselves (docs/reading.md):

        - a question back ("does skin cancer count?") is not an answer; its flag words count only
          when the patient says them of themselves ("could my diabetes be causing this?");
        - an echo ("Weak? I carried the shopping") repeats the bot's word, it does not state it;
        - a clause about someone else ("my mum's legs are weak", "a friend told me ...")."""
        self.asks, echoes = set(), set()
        wh, aux = self._words("question_cues", "wh"), self._words("question_cues", "aux")
        not_after = self._words("question_cues", "not_after_aux")
        for n, sent in enumerate(self.sents):
            words = [t for t in sent if not t.is_punct and not t.is_space]
            if not words:
                continue
            ends = sent.text.rstrip().endswith("?")
            first, second = words[0].lower_, words[1].lower_ if len(words) > 1 else ""
            head = sent[:4]
            starts = first in wh or first in aux and len(words) >= 4 and second not in not_after \
                and not any(t.is_punct for t in head)
            if ends and len(words) <= 3 and n + 1 < len(self.sents):
                echoes.add(n)
            elif ends or starts:
                self.asks.add(n)
        self.echoes = echoes
        me = self._words("question_cues", "self")
        maybe = self._words("question_cues", "hypothetical")
        self.named_places = [e for e in self.ents if e.label == "REGION"]  # before any is set aside
        kept = []
        for e in self.ents:
            if e.sent in echoes:
                continue
            if e.sent in self.asks:
                sent = self.sents[e.sent]
                before = {t.lower_ for t in self.doc[sent.start:e.start]}
                mine = any(t.lower_ in me for t in sent) and not before & maybe
                if not mine:
                    continue
                self.net.append(e)  # a flag word in the patient's own question: confirm it
            if self._about_someone_else(e):
                self.others.append(e)
                continue
            kept.append(e)
        self.ents = kept
        skip = self.asks | echoes
        self.cues = [c for c in self.cues if c.sent not in skip or c.key.startswith("corrections.")]
        self.unsure_at = [c.start for c in self.cues if c.key == "answers.unsure"
                          and not self._not_a_hedge(c)]

    def _about_someone_else(self, e: Ent) -> bool:
        return self._someone_else(self.clause(e.start))

    def _someone_else(self, span) -> bool:
        """The clause speaks of another person and not of the patient ("it's the wife can't")."""
        a, b = span
        simile = self._words("scope", "simile")
        rel = [c for c in self.cues if c.key == "history_cues.relative" and a <= c.start < b
               and not any(x.start <= c.start < x.end for x in self.ents if x.label == "REGION")
               and not any(t.lower_ in simile for t in self.doc[max(a, c.start - 4):c.start])]
        if not rel:
            return False
        me = self._words("question_cues", "self")
        told = self._words("scope", "hearsay")
        skip = set()
        for c in rel:
            for i in range(max(a, c.start - 2), c.start):
                if self.doc[i].lower_ == "my":
                    skip.add(i)
        for i in range(a, b):
            if self.doc[i].lower_ == "me" and i > a and self.doc[i - 1].lower_ in told:
                skip.add(i)
        return not any(self.doc[i].lower_ in me for i in range(a, b) if i not in skip)

    def _not_a_hedge(self, c: Cue) -> bool:
        """"can't tell when my bladder's full" describes a symptom; "maybe half a stone" doubts
        the amount, not the loss."""
        if c.end >= len(self.doc):
            return False
        nxt = self.doc[c.end]
        amounts = self._words("scope", "amount") | set(lexicon.words("numbers"))
        return nxt.lower_ in self._words("scope", "not_hedge_after") or nxt.like_num or (
            nxt.lower_ in amounts and c.start > 0 and not self.doc[c.start - 1].is_sent_start)

    def correction_at(self):
        """Character offset after the last self-correction ("Left. Sorry, no, right"), else None."""
        openers = self._words("corrections", "opener")
        best = None
        for c in self.cues:
            if c.key != "corrections.cue" or c.start == 0:
                continue
            prev = self.doc[c.start - 1]
            if prev.is_punct or prev.lower_ in openers:
                best = c
        if best is None or best.end >= len(self.doc):
            return None
        words = set(lexicon.words("answers", "yes")) | set(lexicon.words("answers", "no"))
        yes_no = self.question in YES_NO or self.question in SELF_TESTS
        last, prev = self.doc[best.end - 1], self.doc[best.start - 1]
        if yes_no and last.lower_ in words:
            return last.idx  # "but no, ...": the answer word is part of the new version
        if yes_no and prev.lower_ in words:
            return prev.idx  # "yes actually, low down"
        i = best.end
        while i < len(self.doc) and (self.doc[i].is_punct or not yes_no and self.doc[i].lower_ in words):
            i += 1  # "Left. Sorry, no, right": the "no" takes back the old answer
        return self.doc[i].idx if i < len(self.doc) else None

    def others_only(self, label: str) -> bool:
        """Only someone else was said to have it ("my mum's legs are weak but mine are fine")."""
        def of(e):
            return e.label == label or label == "WEAKNESS" and e.label == "SENSATION" and e.value == "weakness"
        return any(of(e) for e in self.others) and not any(of(e) and not e.negated for e in self.ents)

    # helpers ---------------------------------------------------------------------------------

    def _drop_false_ents(self):
        asleep = [c for c in self.cues if c.key == "trauma_cues.asleep"]
        kept = []
        for e in self.ents:
            if any(c.start <= e.start < c.end or e.start <= c.start < e.end for c in asleep):
                continue  # "fell asleep" is neither a fall nor numbness
            if (e.label == "REGION" and e.value == "lower_back" and e.end < len(self.doc)
                    and self.doc[e.end].lower_ == "of" and len(e.text.split()) == 2):
                continue  # "the back of it" is not the lower back
            if e.label == "POSTURE" and e.value == "standing_still" and e.end < len(self.doc) \
                    and self.doc[e.end].lower_ in WHERE_IT_STOPS:
                continue  # "it stops above the knee" says where, not what relieves it
            if e.label in ("SENSATION", "WEAKNESS") and e.value in ("weakness", "weak") and any(
                    x.value == "bladder_topic" and self.clause(x.start) == self.clause(e.start)
                    for x in self.ents):
                continue  # "my stream is weak" is about the bladder, not the leg
            if e.label == "REGION" and e.value == "lower_front_thigh" and self._knee_boundary(e):
                continue  # "outer thigh, above the knee", "it stops above the knee"
            kept.append(e)
        self.ents = kept

    def _knee_boundary(self, e: Ent) -> bool:
        """"above the knee" marks where another thigh region or the pain ends (§1.3): not the
        lower front of the thigh unless said so ("just above the knee", "front of my thigh ...")."""
        words = e.text.split()
        if words[0] not in ("above", "just") or "kneecap" in e.text:
            return False
        sent = self.sents[self.sent_of[e.start]]
        other = any(x.label == "REGION" and x.value in THIGH_REGIONS and x.sent == self.sent_of[e.start]
                    for x in self.ents)
        before = {t.lower_ for t in self.doc[max(sent.start, e.start - 5):e.start]}
        bound = bool(before & KNEE_BOUNDARY) or any(t.lemma_ in ("stop", "end") for t in
                                                    self.doc[max(sent.start, e.start - 5):e.start])
        if words[0] == "just":
            return bound and other
        return bound or other

    def clause(self, i: int):
        for a, b in self.clauses:
            if a <= i < b:
                return a, b
        return i, i + 1

    def recent(self, ents: list) -> list:
        """The findings not said to be long-standing and unchanged."""
        return [e for e in ents if not self.has_cue("history_cues.longstanding", e.sent)
                or self.changed(e.sent)]

    def changed(self, sent: int) -> bool:
        """A long-standing symptom said to have changed now counts as new (§3.1)."""
        return any(c.key == "history_extra.changed" and c.sent == sent and not self._negated_cue(c)
                   for c in self.cues)

    def past(self, e: Ent, resolved: bool = True) -> bool:
        """Said of a long-past, healed event ("broke my back in 1998 and it healed fine"), or with
        resolved=True of anything over ("had back pain last year but it went")."""
        keys = ("history_extra.long_past",) + (("history_cues.resolved",) if resolved else ())
        a, b = self.clause(e.start)
        if any(c.key in keys and a <= c.start < b for c in self.cues):
            return not self.changed(e.sent)
        return any(t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")
                   and int(t.text) < 2020 for t in self.doc[a:b])

    def has_cue(self, key: str, sent=None, span=None) -> bool:
        return any(c for c in self.cues if c.key == key and (sent is None or c.sent == sent)
                   and (span is None or span[0] <= c.start < span[1]))

    def said_cue(self, key: str, sent=None) -> bool:
        """A cue not denied just before it ("I'm not dieting", "without trying to lose")."""
        stop = NEGATORS | self._words("scope", "ended")
        return any(c.key == key and (sent is None or c.sent == sent) and not {
            t.lower_ for t in self.doc[max(0, c.start - 3):c.start]} & stop for c in self.cues)

    def uncertain(self, e: Ent) -> bool:
        # "don't know when I need to go" is a symptom, not a hedge: cues inside the words do not count
        if not self.unsure_at:
            return False
        a, b = self.clause(e.start)
        return any(a <= i < b and not e.start <= i < e.end for i in self.unsure_at)

    def pos(self, label, values=None, sents=None):
        """Entities that are stated (not negated, not hedged)."""
        return [e for e in self.ents if e.label == label and (values is None or e.value in values)
                and not e.negated and not self.uncertain(e) and (sents is None or e.sent in sents)]

    def neg(self, label, values=None):
        return [e for e in self.ents if e.label == label and e.negated
                and (values is None or e.value in values)]

    def sentence_text(self, n: int) -> str:
        return self.sents[n].text.strip()[:200]

    def symptom_sents(self) -> set:
        """Sentences that describe symptoms (a sensation, weakness, spreading or severity word)."""
        words = set(lexicon.words("sensations"))
        out = {e.sent for e in self.ents if not e.negated
               and e.label in ("SENSATION", "WEAKNESS", "TRAVEL", "SEVERE")}
        out |= {self.sent_of[t.i] for t in self.doc if t.lower_ in words or t.lemma_ in words}
        return out

    def set(self, key, value, sent=None):
        self.out[key] = value
        if sent is not None:
            self.evidence[key] = self.sentence_text(sent)

    def extra(self, key, value=True, sent=None):
        self.extras[key] = value
        if sent is not None:
            self.evidence[f"extras.{key}"] = self.sentence_text(sent)

    # the answer to the question --------------------------------------------------------------

    def leading(self):
        """'yes' / 'no' said at the start of the reply (not "I am not ...")."""
        first = self.sents[0].end if self.sents else 0
        hits = sorted((c for c in self.cues if c.key in ("answers.yes", "answers.no")
                       and c.start < min(first, 6)), key=lambda c: (c.start, c.start - c.end))
        for c in hits:
            nxt = self.doc[c.end] if c.end < len(self.doc) else None
            # "I have", "a bit" answer the question only when they stand alone ("I've leaked ...")
            if c.key == "answers.yes" and c.end - c.start > 1 and nxt is not None and not nxt.is_punct:
                continue
            return c.key.split(".")[1]
        return None

    def later_answer(self):
        """'no' / 'not sure' given later in the reply: a multi-word "no" anywhere ("not a bother",
        "came back negative"), or a yes / no word opening a later clause ("..., but no")."""
        hits = []
        for c in self.cues:
            if c.key not in ("answers.yes", "answers.no") or c.start == 0:
                continue
            prev = self.doc[c.start - 1]
            opens = prev.is_punct or (c.start, c.start) in {(a, a) for a, _ in self.clauses} \
                or prev.lower_ in lexicon.words("negation", "termination")
            multi = c.key == "answers.no" and c.end - c.start > 1
            if opens and (c.end >= len(self.doc) or self.doc[c.end].is_punct or c.key == "answers.no") or multi:
                hits.append(c)
        return hits[-1].key.split(".")[1] if hits else None

    def answer(self, key: str, found):
        """Combine what the topic words say with yes / no / not sure."""
        if found == "yes":
            return "yes"
        lead = self.leading()
        first = next((t.i for t in self.doc if t.is_punct), len(self.doc))
        if any(i < first for i in self.unsure_at) or not lead and self.unsure_at:
            return "unsure"
        if lead or found:
            return lead or found
        later = self.later_answer()
        if later == "no" and key in _flag_questions():
            self.low.add(key)  # a "no" read from the middle of the reply: confirm it
        return later

    # findings --------------------------------------------------------------------------------

    def findings(self) -> dict:
        q = self.question
        self.regions_and_side()
        self.character()
        self.red_flags()
        self.history()
        self.weakness()
        self.self_tests()
        self.postures()
        self.duration_and_age()
        if q in YES_NO and q not in self.out and q not in SELF_TESTS:
            value = self.answer(q, None)
            if value:
                self.set(q, value, 0)
        if self.out.get(q) == "unsure" or q and q not in self.out and self.has_cue("answers.unsure"):
            self.extras.setdefault("unsure", []).append(q)
        statements = set(range(len(self.sents))) - self.asks - self.echoes
        if self.asks and q and not statements and q in self.out \
                and not (self.out[q] == "yes" and q in _flag_questions()):
            del self.out[q]  # "Weak how? Like tired, or ...?" asks; it does not answer
            self.evidence.pop(q, None)
        if self.asks and (q is None or q not in self.out):
            self.extras["question_back"] = True
        confirm = self.net_confirm() + [k for k in sorted(self.low) if k not in self.net_confirm()]
        if confirm:
            self.extras["confirm"] = confirm
        if self.evidence:
            self.extras["evidence"] = self.evidence
        if self.extras:
            self.out["extras"] = self.extras
        return self.out

    def net_confirm(self) -> list:
        """The red-flag net: flag words the reading set aside for a soft reason (a hedge, the
        patient's own question) while no flag answer was recorded for them: confirm those."""
        out = []
        hedged = [e for e in self.ents if not e.negated and self.uncertain(e)]
        for e in self.net + hedged:
            key = NET_QUESTIONS.get((e.label, e.value), NET_QUESTIONS.get(e.label))
            if key == "calf_swelling" and self.question != key and not any(
                    x.label == "REGION" and x.sent == e.sent for x in self.ents):
                continue
            if key and self.out.get(key) != "yes" and key not in out:
                out.append(key)
        return out

    def topic(self, key: str, yes_sent, denied: bool, definite: bool = False):
        """Record a yes/no topic: volunteered positives always, negatives when asked (or safe).

        definite: the words themselves settle it as "no" whatever the first word was
        ("yes, but on purpose" is not unexplained weight loss)."""
        asked = self.question == key
        if yes_sent is not None:
            value = "yes"
        elif asked and (definite or self.others_only(TOPIC_LABELS.get(key, ""))):
            value = "no"
        elif asked:
            value = self.answer(key, "no" if denied else None)
        elif denied and key in SAFE_VOLUNTEERED_NO:
            value = "no"
        else:
            return
        if value:
            self.set(key, value, yes_sent if yes_sent is not None else 0)

    def regions_and_side(self):
        q = self.question
        if q in SELF_TESTS or q in POSTURE_QUESTIONS or q == "calf_swelling":
            return  # body words there are about the test, the posture or the other calf
        keep = None if q in SYMPTOM_QUESTIONS else self.symptom_sents()
        regions, sides = [], set()
        for e in self.pos("REGION", sents=keep) + self._buttock_words(keep):
            if e.value not in regions:
                regions.append(e.value)
            sides |= self._sides_near(e)
        for e in self.pos("SIDE"):
            if q == "symptom_side" or q in SYMPTOM_QUESTIONS and e.sent in self.symptom_sents() \
                    or keep is not None and e.sent in keep:
                if not self._intensifier(e):
                    sides.add(e.value)
        if regions:
            self.set("symptom_location", regions)
        back = [e for e in self.pos("REGION", ["lower_back"]) if not self.past(e)]
        if "lower_back" in regions and (back or q != "back_pain"):
            self.topic("back_pain", next(e.sent for e in self.ents if e.value == "lower_back"), False)
        elif q == "back_pain" and self.pos("REGION", ["lower_back"]):
            self.topic("back_pain", None, True, True)  # "I had back pain last year but it went"
        elif q == "back_pain":
            self.topic("back_pain", None, bool(self.neg("REGION", ["lower_back"])))
        side = "both" if "both" in sides or {"left", "right"} <= sides else next(iter(sides), None)
        if side:
            self.set("symptom_side", side)
        elif q == "symptom_side" and self.has_cue("answers.unsure"):
            self.set("symptom_side", "unsure")

    def _intensifier(self, e: Ent) -> bool:
        nxt = self.doc[e.end].lower_ if e.end < len(self.doc) else ""
        return e.text == "right" and nxt in RIGHT_AS_INTENSIFIER

    def _sides_near(self, e: Ent) -> set:
        sides = {"left", "right", "both"}
        out = {t.lower_ for t in self.doc[e.start:e.end] if t.lower_ in sides}
        for t in reversed(self.doc[max(0, e.start - 3):e.start]):
            if t.is_punct or t.lower_ in ("and", "or", "to", "into", "from"):
                break
            if t.lower_ in sides:
                out.add(t.lower_)
        last = self.doc[e.end - 1]
        if not out and last.lower_ != last.lemma_ and last.lower_ not in PLURAL_NOT_BOTH \
                and last.lower_.endswith(("s", "feet")):
            out.add("both")
        return out

    def _buttock_words(self, keep):
        """"bum"/"bottom" without altered feeling is the buttock, not the saddle (§7, §8.1)."""
        return [Ent("REGION", "buttock", e.start, e.end, False, e.sent, e.text)
                for e in self.pos("SADDLE", sents=keep)
                if e.text in ("bum", "bottom", "backside") and not self._saddle(e)]

    def character(self):
        q = self.question
        if q in SELF_TESTS or q in POSTURE_QUESTIONS or q == "calf_swelling":
            return
        keep = None if q in SYMPTOM_QUESTIONS else self.symptom_regions_sents()
        values = []
        travel = {e.sent for e in self.pos("TRAVEL")}
        for e in self.pos("SENSATION", sents=keep):
            value = e.value
            if e.text == "sharp" and e.sent not in travel:
                value = "pain"
            if e.text == "hot" and self.pos("SWELLING", sents={e.sent}):
                continue  # "swollen and hot" describes the calf, not burning nerve pain
            if value not in values:
                values.append(value)
        if values:
            self.set("symptom_character", values)
        self.radicular(values)
        severe = self.pos("SEVERE", ["severe"])
        if severe:
            self.extra("severe_pain", True, severe[0].sent)
        night = self.pos("NIGHT", sents=self.symptom_sents() | ({0} if q is None else set()))
        if night:
            self.extra("night_pain", True, night[0].sent)

    def symptom_regions_sents(self) -> set:
        return {e.sent for e in self.pos("REGION")} & self.symptom_sents()

    def radicular(self, characters):
        """Nerve pain down the leg: shooting/electric/burning with the leg, or pain travelling
        below the knee (§0, §8.1). Burning confined to the feet and calf cramp are not."""
        known = load_knowledge().regions
        regions = set(self.out.get("symptom_location", [])) | set(self.case.get("symptom_location") or [])
        below = {r for r in regions if r in known and known[r].below_knee}
        feet_only = regions and all(r in known and known[r].zone in ("foot", "ankle") for r in regions)
        travel = self.pos("TRAVEL")
        sent = None
        if any(e.value == "sciatica" for e in travel):
            sent = next(e.sent for e in travel if e.value == "sciatica")
        elif not feet_only and {"shooting", "burning"} & set(characters) and (travel or below or "leg" in regions):
            sent = (travel or self.pos("SENSATION", ["shooting", "burning"]))[0].sent
        elif travel and below and not feet_only and set(characters) - {"cramping"}:
            sent = travel[0].sent
        if sent is not None:
            self.extra("radicular", True, sent)

    def _saddle(self, e: Ent) -> bool:
        """Altered feeling around the saddle, not one buttock cheek (§3.2, §8.1)."""
        if self.has_cue("saddle_cues.normal", span=self.clause(e.start)) and not self.has_cue(
                "saddle_cues.altered", span=self.clause(e.start)):
            return False  # "I can feel everything just fine when I wipe"
        if any(w in e.text for w in ("numb", "wipe", "wiping", "toilet paper")):
            return True
        before = {t.lower_ for t in self.doc[max(0, e.start - 2):e.start]}
        if e.text in ("bum", "bottom", "backside") and before & {"left", "right", "one"}:
            return False
        return self.has_cue("saddle_cues.altered", span=(self.sents[e.sent].start, self.sents[e.sent].end))

    def red_flags(self):
        q = self.question
        # saddle
        saddle = [e for e in self.pos("SADDLE") if self._saddle(e)]
        if q == "saddle_numbness" and not saddle and self.leading() != "no":
            # "yes, a bit numb" answers about the saddle; "tingling in my bum cheek" does not
            placed = {e.sent for e in self.pos("REGION")}
            saddle = [e for e in self.pos("SENSATION", ["numbness", "tingling"]) if e.sent not in placed]
        denied = bool(self.neg("SADDLE") or self.neg("SENSATION", ["numbness", "tingling"])
                      or self.has_cue("saddle_cues.normal") and not saddle)
        self.topic("saddle_numbness", saddle[0].sent if saddle else None, denied)
        # bladder and bowel
        found = self.pos("SPHINCTER", ["bladder", "bowel"]) + self.toilet_accidents() + self.sphincter_trouble()
        recent = self.recent(found)
        if found and not recent:
            self.extra("longstanding_bladder", True, found[0].sent)
        found = recent
        constipated = self.pos("SPHINCTER", ["constipation"])
        if constipated and not found:
            self.extra("isolated_constipation", True, constipated[0].sent)
        old = "longstanding_bladder" in self.extras or (
            q == "bladder_bowel_change" and not found and self.has_cue("history_cues.longstanding"))
        denied = bool(self.neg("SPHINCTER") or constipated or old)
        self.topic("bladder_bowel_change", found[0].sent if found else None, denied, old)
        sexual = self.recent(self.pos("SPHINCTER", ["sexual"]))
        if sexual:
            self.extra("sexual_dysfunction", True, sexual[0].sent)
        # fever
        resolved = {e.sent for e in self.ents if self.has_cue("history_cues.resolved", e.sent)
                    or self.has_cue("history_cues.longstanding", e.sent)}
        fever = [e for e in self.pos("FEVER", ["fever"] + (["illness"] if q == "fever" else []))
                 if e.sent not in resolved]
        temp = q == "fever" and FEVER_TEMP.search(self.text)
        denied = bool(self.neg("FEVER") or self.pos("FEVER", sents=resolved))
        self.topic("fever", fever[0].sent if fever else (0 if temp else None), denied)
        # calf swelling (not years of puffy ankles on both sides, §8.5)
        legs = {e.sent for e in self.pos("REGION") if e.value in ("calf", "leg", "outer_calf", "back_leg", "shin", "ankle")}
        legs |= {e.sent + 1 for e in self.named_places if e.value in ("calf", "leg", "outer_calf", "back_leg")}
        # "... your calf swell up? Mine's swollen": the next sentence speaks of the calf named before
        said = [e for e in self.pos("SWELLING") if q == "calf_swelling" or e.sent in legs]
        swelling = [e for e in said if not self._old_ankles(e.sent)]
        legs_fine = q == "calf_swelling" and self.neg("REGION", ["calf", "leg", "ankle", "shin"])
        self.topic("calf_swelling", swelling[0].sent if swelling else None,
                   bool(self.neg("SWELLING") or legs_fine), bool(said) and not swelling)
        chest = self.pos("CHEST")
        if chest:
            self.extra("chest_symptoms", True, chest[0].sent)
        isch = self.pos("ISCHAEMIA")
        for e in isch:
            self.extra(f"{e.value}_limb_ischaemia", True, e.sent)

    def sphincter_trouble(self) -> list:
        """A bladder or bowel word with a trouble word in the same clause ("the flow is just a
        trickle", "takes ages to get going when I pee"); answering the bladder question, the
        trouble word alone ("I can't go"). Constipation and negated words do not count (§3.1)."""
        out = []
        for e in self.pos("SPHINCTER", ["bladder_topic", "bowel_topic"]):
            kind = "bladder" if e.value == "bladder_topic" else "bowel"
            a, b = self.clause(e.start)
            span = (max(a, e.start - 8), min(b, e.end + 8))
            if self._trouble_cue(f"sphincter_cues.{kind}_trouble", span):
                out.append(Ent("SPHINCTER", kind, e.start, e.end, False, e.sent, e.text))
        if self.question == "bladder_bowel_change" and not out and self.leading() != "no" \
                and not self.pos("SPHINCTER", ["constipation"]) and not self.neg("SPHINCTER"):
            for a, b in self.clauses:
                if any(a <= x.start < b and x.label in ("REGION", "SENSATION", "WEAKNESS")
                       for x in self.ents):
                    continue  # "my legs are weak" is not about the bladder
                if self._trouble_cue("sphincter_cues.bladder_trouble", (a, b)):
                    out.append(Ent("SPHINCTER", "bladder", a, b, False, self.sent_of[a], ""))
                    break
        return out

    def _trouble_cue(self, key: str, span) -> bool:
        for c in self.cues:
            if c.key == key and span[0] <= c.start < span[1]:
                before = {t.lower_ for t in self.doc[max(span[0], c.start - 3):c.start]}
                if not before & NEGATORS:
                    return True
        return False

    def toilet_accidents(self) -> list:
        """"Accidents" told about the bladder or bowels are incontinence, not injuries."""
        toilet = {e.sent for e in self.ents if e.label == "SPHINCTER"}
        return [e for e in self.pos("TRAUMA", ["unspecified"]) if "accident" in e.text
                and (self.question == "bladder_bowel_change" or e.sent in toilet)]

    def _old_ankles(self, sent: int) -> bool:
        """Puffy ankles on both sides, or for years, without redness (§3.2 dvt, §8.5)."""
        if any(e.text.startswith("red") for e in self.pos("SWELLING", sents={sent})):
            return False
        places = self.pos("REGION", sents={sent})
        both_ankles = places and all(e.value in ("ankle", "foot") and "both" in self._sides_near(e)
                                     for e in places)
        return bool(both_ankles or self.has_cue("history_cues.longstanding", sent))

    def history(self):
        q = self.question
        # cancer: the patient's own, not a relative's, not a benign lump (§3.2)
        said = self.pos("CANCER")
        cancer = [e for e in said
                  if not self.has_cue("history_cues.relative", span=self.clause(e.start))
                  and not self.has_cue("history_cues.benign", e.sent)]
        other = len(said) > len(cancer)  # a relative's cancer, or a benign lump
        denied = bool(self.neg("CANCER") or other or self.has_cue("history_cues.benign"))
        self.topic("cancer_history", cancer[0].sent if cancer else None, denied, other)
        # weight loss: unintended only
        loss = self.pos("WEIGHT", ["loss"])
        meant = [e for e in loss if self.said_cue("history_cues.intentional", e.sent)]
        old = [e for e in loss if e not in meant and self.past(e)]
        loss = [e for e in loss if e not in meant and e not in old]
        on_purpose = bool(meant or old) or q == "weight_loss" and self.said_cue("history_cues.intentional")
        denied = bool(on_purpose or self.neg("WEIGHT", ["loss"]) or self.pos("WEIGHT", ["gain"]))
        self.topic("weight_loss", loss[0].sent if loss else None, denied, on_purpose)
        # trauma: major / minor; a lifting or twisting strain is not trauma (§3.2, §8.4)
        if q != "bladder_bowel_change" and q not in SELF_TESTS:
            self.trauma()
        diabetes = self.pos("DIABETES", ["diabetes"])
        if not diabetes and self.pos("DIABETES", ["borderline"]):
            self.set("diabetes", "unsure", self.pos("DIABETES")[0].sent)
        else:
            self.topic("diabetes", diabetes[0].sent if diabetes else None, bool(self.neg("DIABETES")))
        for e in self.pos("RISK"):
            if e.value in ("osteoporosis", "long_term_steroids"):
                self.extra(e.value, True, e.sent)
            else:
                risks = self.extras.setdefault("infection_risk", [])
                if e.value not in risks:
                    risks.append(e.value)

    def trauma(self):
        q = self.question
        if q in POSTURE_QUESTIONS:
            return
        onset = {c.sent for c in self.cues if c.key == "trauma_cues.onset"}
        strain_ok = q == "recent_trauma" or bool(onset)
        strain = [e for e in self.pos("TRAUMA", ["strain"]) if q == "recent_trauma" or e.sent in onset]
        if q == "recent_trauma":
            strain += self.pos("POSTURE", ["bending_forward"])
        hits = self.pos("TRAUMA", ["major", "minor"])
        accidents = self.toilet_accidents()
        hits += [e for e in self.pos("TRAUMA", ["unspecified"]) if e not in accidents
                 and not (strain_ok and any(s.sent == e.sent for s in strain))]
        healed = [e for e in hits if self.past(e, resolved=False)]
        hits = [e for e in hits if e not in healed]
        if healed and not hits and q == "recent_trauma":
            self.set("recent_trauma", "no", healed[0].sent)
            return
        if hits:
            kind = self._trauma_kind(hits)
            if kind:
                self.extra("trauma_kind", kind, hits[0].sent)
            self.set("recent_trauma", "yes", hits[0].sent)
        elif strain:
            self.extra("trauma_kind", "strain", strain[0].sent)
            self.set("recent_trauma", "no", strain[0].sent)
        else:
            self.topic("recent_trauma", None, bool(self.neg("TRAUMA")))

    def _trauma_kind(self, hits):
        """major: a high-energy cue (crash, down the stairs, from a ladder); minor: a slip, trip or
        fall from standing; None: a bare "I had a fall" (the rules then take the safe side, §3.2)."""
        if any(e.value == "major" for e in hits):
            return "major"
        # "fell on the stairs" is high, "missed the bottom step" / "fell from standing" is not
        sents = {e.sent for e in hits}
        if any(self.has_cue("trauma_cues.height", n) and not self.has_cue("trauma_cues.low", n)
               for n in sents):
            return "major"
        if any(e.value == "minor" for e in hits) or any(self.has_cue("trauma_cues.low", n) for n in sents):
            return "minor"
        return None

    def weakness(self):
        q = self.question
        if q == "recent_trauma":
            return  # "I tripped on the step" there is how they were hurt
        found = self.pos("WEAKNESS") + self.pos("SENSATION", ["weakness"])
        if q in SELF_TESTS:  # only what ordinary walking shows ("I catch my toes when I walk")
            found = [e for e in found if self.has_cue("walk_cues.ordinary", span=self.clause(e.start))]
            if not found:
                return
        bladder = {self.clause(e.start) for e in self.pos("SPHINCTER", ["bladder_topic"])}
        found = [e for e in found if not self._claudication(e.sent) and self.clause(e.start) not in bladder]
        weak = [e for e in found if e.value != "worsening" or "weak" in e.text]
        clauses = {self.clause(e.start) for e in weak}
        asked = q in ("leg_weakness", "weakness_worsening")
        # "getting worse" speaks of the weakness only in the same clause ("weak, and the pain ...")
        worse = [e for e in found if e.value == "worsening" and (asked or "weak" in e.text
                                                                 or self.clause(e.start) in clauses
                                                                 or self._worse_weakness(e, weak))]
        if weak or (worse and q == "leg_weakness"):
            sent = (weak or worse)[0].sent
            self.set("leg_weakness", "yes", sent)
            chars = self.out.setdefault("symptom_character", [])
            if "weakness" not in chars:
                chars.append("weakness")
            where = [e.value for e in self.pos("REGION", sents={e.sent for e in weak})]
            if where:
                self.extra("weakness_regions", list(dict.fromkeys(where)), sent)
            if self.out.get("symptom_side") == "both" and q not in SYMPTOM_QUESTIONS[1:] \
                    or any(e.text.startswith("both") for e in self.pos("SIDE", sents={sent})):
                self.extra("bilateral_weakness", True, sent)
        else:
            denied = self.neg("WEAKNESS") + self.neg("SENSATION", ["weakness"])
            # legs that only tire or go heavy on walking are not weak (§8.1)
            tired = self.pos("SENSATION", ["heaviness"]) or any(
                self._claudication(e.sent) for e in self.pos("WEAKNESS") + self.pos("SENSATION", ["weakness"]))
            self.topic("leg_weakness", None, bool(denied or tired))
        for e in self.recent([e for e in weak if not self.past(e, resolved=False)]):
            if e.value in FOOT_DROP_TYPES:
                self.extra(FOOT_DROP_TYPES[e.value], True, e.sent)
        if worse:
            self.set("weakness_worsening", "yes", worse[0].sent)
            self.extra("worsening_weakness", True, worse[0].sent)
        elif q == "weakness_worsening":
            denied = self.neg("WEAKNESS") + self.neg("SENSATION", ["weakness"])
            self.topic("weakness_worsening", None, bool(denied))

    def _worse_weakness(self, e: Ent, weak: list) -> bool:
        """"my leg is worse every day, I can barely lift it now": a worsening word in a sentence
        with weakness speaks of the weakness unless its own clause names a pain ("the pain ...")."""
        a, b = self.clause(e.start)
        pain = any(a <= x.start < b and x.label == "SENSATION" and x.value != "weakness" for x in self.ents)
        return not pain and any(w.sent == e.sent for w in weak)

    def _claudication(self, sent: int) -> bool:
        """Legs that tire or give out only on walking/standing and recover on rest (§8.1)."""
        if self._relief is None:  # once per message: long messages stay fast
            self._relief = bool(self.has_cue("posture_cues.better")
                                or self.pos("POSTURE", ["sitting", "bending_forward"]))
        return self._relief and bool(self.pos("POSTURE", ["walking", "standing"], sents={sent}))

    def self_tests(self):
        """Heel / tiptoe self-checks, clause by clause (§2). A clause names its test, or takes the
        one named before it in the sentence, or the one asked about. Clauses about ordinary walking
        or about a feeling are not the test; a negated difficulty ("no difficulty", "nothing I
        couldn't do") is success."""
        q = self.question
        results = {}
        named = {}
        for a, b in self.clauses:
            span = (a, b)
            n = self.sent_of.get(a)
            if n in self.asks or n in self.echoes:
                continue
            if self._someone_else(span):
                continue  # "it's my husband who can't"
            test = self._named_test(span)
            if not test and (self.has_cue("walk_cues.ordinary", span=span) or self._feeling_clause(span)):
                continue
            test = test or named.get(n) or SELF_TESTS.get(q)
            named[n] = test
            if test is None:
                continue
            if self._cue_said("self_test_cues.cannot", span):
                results[test] = "yes"
            elif self.has_cue("self_test_cues.can", span=span) or self._cue_denied("self_test_cues.cannot", span):
                results.setdefault(test, "no")
        for key, test in SELF_TESTS.items():
            if test in results:
                self.set(key, results[test], 0)
            elif q == key:
                if self.has_cue("answers.unsure"):
                    self.set(key, "unsure")
                elif self.leading():
                    # "can you walk on your heels?" - "yes" means no difficulty
                    self.set(key, "no" if self.leading() == "yes" else "yes", 0)

    def _named_test(self, span):
        """The test a clause names; the longer cue wins ("heel won't come off" is the tiptoe test)."""
        best = None
        for c in self.cues:
            if c.key in ("self_test_cues.heel", "self_test_cues.tiptoe") and span[0] <= c.start < span[1]:
                if best is None or c.end - c.start > best.end - best.start:
                    best = c
        return None if best is None else ("heel" if best.key.endswith("heel") else "tiptoe")

    def _feeling_clause(self, span) -> bool:
        """"though I can't feel my toes much": a feeling, not how the test went."""
        return any(span[0] <= e.start < span[1] and e.label == "SENSATION" and e.value != "weakness"
                   for e in self.ents) and not any(
            span[0] <= e.start < span[1] and e.label == "WEAKNESS" for e in self.ents)

    def _negated_cue(self, c: Cue) -> bool:
        """A negation word right before a cue, with no punctuation between ("no difficulty")."""
        for i in range(c.start - 1, max(-1, c.start - 3), -1):
            t = self.doc[i]
            if t.is_punct:
                return False
            if t.lower_ in NEGATORS:
                return True
        return False

    def _cue_said(self, key: str, span) -> bool:
        return any(c.key == key and span[0] <= c.start < span[1] and not self._negated_cue(c)
                   for c in self.cues)

    def _cue_denied(self, key: str, span) -> bool:
        return any(c.key == key and span[0] <= c.start < span[1] and self._negated_cue(c)
                   for c in self.cues)

    def postures(self):
        q = self.question
        if q not in SYMPTOM_QUESTIONS and q not in POSTURE_QUESTIONS:
            return  # "I leak when I sneeze" is not an answer about posture
        found = {"worse": [], "better": []}
        items = self.pos("POSTURE")
        if q in POSTURE_QUESTIONS:  # "lifting" is a posture here, a strain elsewhere
            items += [Ent("POSTURE", "bending_forward", e.start, e.end, False, e.sent, e.text)
                      for e in self.pos("TRAUMA", ["strain"]) if e.text.startswith("lift")]
        for e in items:
            if e.value == "nothing" and q not in POSTURE_QUESTIONS:
                continue
            way = self._direction(e)
            allowed = AGGRAVATING if way == "worse" else RELIEVING
            if way and e.value in allowed and e.value not in found[way]:
                found[way].append(e.value)
        for key, way in POSTURE_QUESTIONS.items():
            values = found[way]
            if len(values) > 1 and "nothing" in values:
                values.remove("nothing")
            if values:
                self.set(key, values, next(e.sent for e in items if e.value == values[0]))
            elif q == key and self.unsure_at:
                self.set(key, "unsure")
            elif q == key and not self.asks:
                self.set(key, ["nothing"])

    def _direction(self, e: Ent):
        """'worse' or 'better' from the nearest cue in the sentence, else from the question."""
        def nearest(keys, before_only=False, span=None):
            best = None
            for c in self.cues:
                if c.key in keys and c.sent == e.sent and (not before_only or c.end <= e.start) \
                        and (span is None or span[0] <= c.start < span[1]) and not self._blocked(e, c):
                    d = 0 if c.start < e.end and e.start < c.end else min(abs(c.start - e.end), abs(e.start - c.end))
                    if best is None or d < best[0]:
                        best = (d, c.key.split(".")[1])
            return best
        strong = nearest(("posture_cues.worse", "posture_cues.better"))
        near = nearest(("posture_cues.worse", "posture_cues.better"), span=self.clause(e.start))
        default = POSTURE_QUESTIONS.get(self.question)
        weak = None if default else nearest(("posture_cues.worse_weak",), before_only=True)
        if near:
            return near[1]
        if weak and weak[0] <= 3:
            return "worse"  # "when I walk", "after I stand": only right before the posture
        return strong[1] if strong else default

    def _blocked(self, e: Ent, c: Cue) -> bool:
        """A cue belongs to the nearest posture: in "pain when walking, sitting down settles it"
        "settles" is about sitting, not walking; "standing and walking make it worse" share it."""
        lo, hi = (e.end, c.start) if c.start >= e.end else (c.end, e.start)
        for p in self.ents:
            if p.label == "POSTURE" and p is not e and lo <= p.start and p.end <= hi:
                gap = self.doc[min(e.end, p.end):max(e.start, p.start)]
                if not any(t.lower_ in ("and", "or", "/", "&", "nor") for t in gap):
                    return True
        return False

    def duration_and_age(self):
        q = self.question
        if q == "symptom_duration":
            self._asked_number(q, numbers.duration_weeks(self.text, asked=True))
        elif q in SYMPTOM_QUESTIONS:
            # symptom sentences first; in the opening message also the others ("came on 2 weeks ago")
            first = sorted(self.symptom_sents() | {e.sent for e in self.pos("REGION")})
            other = [n for n in range(len(self.sents)) if n not in first and q is None
                     and not any(e.sent == n and e.label in OTHER_TOPICS for e in self.ents)]
            for n in first + other:
                weeks = numbers.duration_weeks(self.sents[n].text)
                if weeks is not None and weeks >= 1 / 7:
                    self.set("symptom_duration", weeks, n)
                    break
        if q == "age":
            self._asked_number(q, numbers.age_years(self.text, asked=True))
        elif numbers.age_years(self.text) is not None:
            self.set("age", numbers.age_years(self.text))

    def _asked_number(self, key: str, value):
        if value is None and self.has_cue("answers.unsure"):
            value = "unsure"
        if value is not None:
            self.set(key, value, 0)
