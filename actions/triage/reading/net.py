"""The learned red-flag net: sentence embeddings beside the rules (issue 10, point 1).

Every message is cut into sentences (and long sentences into clauses); each is embedded with
all-MiniLM-L6-v2 (actions/triage/encoder.py) and compared with the example sentences of
knowledge/<language>/net.yml. A piece that is close enough to a red-flag topic's examples, and
closer to them than to every flag-free look-alike, names that topic's question. `confirm` returns
those questions for which the rules recorded no "yes": the dialogue then asks them again to
confirm ("Just to check: ..."). The net never raises or drops a flag itself: a clearly stated flag
is the rules' job and still ends the interview in the same turn.

Cost is bounded: at most `max_sentences` pieces of at most 64 word pieces each, in one batch
(about 15-25 ms a piece on one core). Without the model installed the net is silent.

Follows clinical-reference §3.1 (new versus long-standing), §3.2 (the red flags), §5.4 and §8.5
(clot), §8.1 (look-alikes). Its words are not lexicon groups: the example sentences, the words
that split clauses and those that open a supposition are in knowledge/<language>/net.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import encoder, knowledge
from ..contract import QUESTIONS

SENTENCE_END = re.compile(r"(?<=[.!?;:\n])\s+|\n+")
LONG_WORDS = 16  # a sentence of more words is compared as a whole and clause by clause
MIN_CHARS = 8
MIN_CLAUSE_WORDS = 4  # a shorter clause ("each leg") says too little on its own


@dataclass(frozen=True)
class Topic:
    name: str
    question: str
    vectors: np.ndarray


@dataclass(frozen=True)
class Net:
    threshold: float
    margin: float
    overrule: float
    overrule_margin: float
    max_sentences: int
    topics: tuple
    look_alikes: np.ndarray
    clause: re.Pattern = re.compile(r",\s+")
    supposition: re.Pattern = re.compile(r"(?!)")


@lru_cache(maxsize=4)
def load(language: str | None = None):
    """The net of this language, with its example sentences embedded once, or None without a model."""
    enc = encoder.encoder()
    if enc is None:
        return None
    language = language or knowledge.language()
    data = knowledge.read(knowledge.DIR / language / "net.yml", f"{language}/net.yml")
    topics = []
    for name, entry in (data.get("topics") or {}).items():
        question = entry.get("question")
        says = entry.get("says") or []
        if question not in QUESTIONS or not says:
            raise knowledge.KnowledgeError(f"{language}/net.yml: topic {name!r} needs a contract "
                                           f"question and example sentences")
        topics.append(Topic(name, question, enc.encode([str(s) for s in says])))
    look_alikes = enc.encode([str(s) for s in data.get("not_flags") or []])

    def alternatives(key: str) -> str:
        return "|".join(re.escape(str(w)).replace("\\ ", r"\s+") for w in data.get(key) or [])

    clause = re.compile(r",\s+|\s+(?:" + alternatives("clause_words") + r")\s+", re.I) \
        if data.get("clause_words") else re.compile(r",\s+")
    supposition = re.compile(r"(?:" + alternatives("supposition_starts") + r")\b", re.I) \
        if data.get("supposition_starts") else re.compile(r"(?!)")
    return Net(float(data.get("threshold", 0.6)), float(data.get("margin", 0.06)),
               float(data.get("overrule", 0.7)), float(data.get("overrule_margin", 0.12)),
               int(data.get("max_sentences", 12)), tuple(topics), look_alikes, clause, supposition)


def pieces(text: str, limit: int, clause: re.Pattern | None = None,
           supposition: re.Pattern | None = None) -> list:
    """The statements of the text (not its questions or suppositions), and the clauses of its
    long sentences, at most `limit` in all (clause and supposition words: those of the net)."""
    if clause is None or supposition is None:
        net = load()
        clause = clause or (net.clause if net else re.compile(r",\s+"))
        supposition = supposition or (net.supposition if net else re.compile(r"(?!)"))
    sentences, clauses = [], []
    for sentence in SENTENCE_END.split(text):
        sentence = sentence.strip()
        if len(sentence) < MIN_CHARS or sentence.endswith("?") or supposition.match(sentence):
            continue  # the patient's questions and suppositions are the rules' net's (scope.py)
        sentences.append(sentence)
        if len(sentence.split()) > LONG_WORDS:
            clauses.extend(c.strip() for c in clause.split(sentence)
                           if len(c.strip()) >= MIN_CHARS and len(c.split()) >= MIN_CLAUSE_WORDS)
    # every sentence before any clause: a late sentence is not crowded out by early clauses
    return list(dict.fromkeys(sentences + clauses))[:limit]


def scores(text: str) -> list:
    """(piece, topic, similarity, margin over the nearest look-alike) for every piece's best topic."""
    net = load()
    if net is None or not net.topics:
        return []
    parts = pieces(text, net.max_sentences, net.clause, net.supposition)
    if not parts:
        return []
    vectors = _vectors(tuple(parts))
    nearest_none = (vectors @ net.look_alikes.T).max(1) if len(net.look_alikes) else np.zeros(len(parts))
    out = []
    for i, part in enumerate(parts):
        sims = [float((vectors[i] @ t.vectors.T).max()) for t in net.topics]
        best = int(np.argmax(sims))
        out.append((part, net.topics[best], sims[best], sims[best] - float(nearest_none[i])))
    return out


@lru_cache(maxsize=512)
def _vectors(parts: tuple) -> np.ndarray:
    """The pieces' vectors (a message read twice in one turn, or repeated, is encoded once)."""
    return encoder.encoder().encode(list(parts))


def questions(text: str) -> list:
    """The questions whose red-flag topic some piece of the text resembles (see the docstring)."""
    net = load()
    if net is None:
        return []
    out = []
    for _, topic, sim, margin in scores(text):
        if sim >= net.threshold and margin >= net.margin and topic.question not in out:
            out.append(topic.question)
    return out


def confirm(text: str, findings: dict) -> list:
    """The net's questions that the rules did not answer from this message at all.

    Where the rules read an answer to the question (a "no", a long-past event, another person's
    illness), they understood the topic and their reading stands: the embedding cannot tell a
    denial from a statement. The patient's own questions are left to the rules' net
    (reading/scope.py), which confirms flag words stated in them.
    """
    net = load()
    if net is None:
        return []
    out = []
    for _, topic, sim, margin in scores(text):
        q = topic.question
        if q in out or findings.get(q) == "yes" or sim < net.threshold or margin < net.margin:
            continue
        if q in findings and (sim < net.overrule or margin < net.overrule_margin):
            continue  # the rules read this topic: only a clear resemblance questions their reading
        out.append(q)
    return out
