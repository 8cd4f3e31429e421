"""Text clean-up before reading: markup, apostrophes, the lexicon's rewrites, typo correction.

normalise() lower-cases, strips markup, restores apostrophes and applies the rewrite rules of the
lexicon group `patterns.rewrite` ("dont" -> "don't", "7/10" -> "7 out of 10"); correct() turns an
unknown word into the one lexicon word within one edit (two for long words), so "numbnes" reads as
"numbness" (clinical-reference §7: patients' own spelling).
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from .. import lexicon
from .core import PATTERNS

MAX_WORD = 20  # longer "words" are not words: left as they are


def normalise(text) -> str:
    """Lower case, markup removed, apostrophes restored ("dont" -> "don't"), typos corrected."""
    if not isinstance(text, str):
        return ""
    text = html.unescape(re.sub(r"<[^>]*>", " ", text)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\s[-\u2013\u2014]+\s", "; ", text)
    for pattern, replacement in _rewrites():
        text = pattern.sub(replacement, text)
    return re.sub(r"[a-z]{5,}", lambda m: correct(m.group(0)), text)


@lru_cache(maxsize=1)
def _rewrites() -> list:
    """(compiled pattern, replacement) for each "PATTERN => REPLACEMENT" rule, in lexicon order."""
    out = []
    for rule in lexicon.words(PATTERNS, "rewrite"):
        pattern, sep, replacement = rule.partition(" => ")
        try:
            if not sep:
                raise re.error("no ' => ' between pattern and replacement")
            out.append((re.compile(pattern), replacement))
        except re.error as err:
            raise lexicon.LexiconError(f"lexicon group '{PATTERNS}' rewrite {rule!r}: {err}") from err
    return out


@lru_cache(maxsize=1)
def _vocab():
    from ..nlp import build_pipeline

    nlp = build_pipeline()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    mine = {w for g in lexicon.load().values() if g.name != PATTERNS for p in g.phrases()
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
