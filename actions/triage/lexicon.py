"""Load and validate the patient-word lexicon (knowledge/<language>/lexicon.yml) and derive matchers from it.

One file feeds the interpreter, the spaCy entity ruler and the Rasa NLU synonym and lookup files,
so the words the bot understands and the words the rules use never drift apart. The file is read
by knowledge.read; a malformed entry raises KnowledgeError naming the file, the group and the entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .contract import AGGRAVATING, CHARACTERS, RELIEVING, REGION_IDS, SIDES
from .knowledge import DIR, KnowledgeError, language, read

# The words of the process language (LANGUAGE, read once at start, as the sentences are).
PATH = DIR / language() / "lexicon.yml"

# Groups whose values must be contract values (docs/architecture.md).
ALLOWED = {
    "regions": set(REGION_IDS),
    "sides": set(SIDES) - {"unsure"},
    "sensations": set(CHARACTERS),
    "postures": set(AGGRAVATING) | set(RELIEVING),
}
REQUIRED = ("regions", "sides", "sensations", "postures", "answers", "negation", "numbers",
            "duration_units", "fillers")
# Rasa NLU entity name -> lexicon group (entity names fixed by the project).
NLU_GROUPS = {"body_region": "regions", "side": "sides", "sensation": "sensations",
              "posture": "postures"}
FILLER_SLOTS = 3  # small words (plus one number) that may stand between two words of a loose phrase
NEGATION_PIECES = {"not", "n't", "nt"}


LexiconError = KnowledgeError  # the name the reader modules still use: the same error type


@dataclass(frozen=True)
class Group:
    name: str
    source: str
    label: str | None
    loose: bool
    values: dict  # value -> tuple of phrases

    def phrases(self):
        return [p for ps in self.values.values() for p in ps]


def _fail(msg: str, path: Path = PATH):
    raise KnowledgeError(f"{path}: {msg}")


def _group(name, raw, path: Path = PATH) -> Group:
    def fail(msg):
        _fail(msg, path)

    if not isinstance(raw, dict):
        fail(f"group '{name}' must be a mapping with source and values")
    extra = set(raw) - {"source", "label", "loose", "values"}
    if extra:
        fail(f"group '{name}' has unknown keys {sorted(extra)}")
    source, label, values = raw.get("source"), raw.get("label"), raw.get("values")
    if not isinstance(source, str) or "§" not in source and "contract" not in source:
        fail(f"group '{name}' needs a source: line naming a clinical-reference section")
    if label is not None and (not isinstance(label, str) or not label.isupper()):
        fail(f"group '{name}' label must be an upper-case word, got {label!r}")
    if not isinstance(raw.get("loose", False), bool):
        fail(f"group '{name}' loose must be true or false")
    if not isinstance(values, dict) or not values:
        fail(f"group '{name}' needs a non-empty values mapping")
    clean, seen = {}, {}
    for value, phrases in values.items():
        value = str(value)
        if name in ALLOWED and value not in ALLOWED[name]:
            fail(f"group '{name}' entry '{value}' is not one of {sorted(ALLOWED[name])}")
        if not isinstance(phrases, list) or not phrases:
            fail(f"group '{name}' entry '{value}' must be a non-empty list of phrases")
        for p in phrases:
            if not isinstance(p, str) or not p.strip():
                fail(f"group '{name}' entry '{value}' has an empty or non-text phrase {p!r}")
            key = p.strip().lower()
            if key in seen and label and seen[key] != value:
                fail(f"group '{name}' phrase '{p}' is listed under both '{seen[key]}' and '{value}'")
            seen[key] = value
        clean[value] = tuple(dict.fromkeys(p.strip().lower() for p in phrases))
    return Group(name, source, label, raw.get("loose", False), clean)


@lru_cache(maxsize=None)
def load(path: Path = PATH) -> dict:
    """All groups of the lexicon, validated: name -> Group."""
    raw = read(path, str(path))
    groups = {name: _group(name, body, path) for name, body in raw.items()}
    missing = [g for g in REQUIRED if g not in groups]
    if missing:
        _fail(f"missing groups {missing}", path)
    return groups


def words(group: str, value: str | None = None) -> tuple:
    """Phrases of a group (of one value when given)."""
    g = load()[group]
    return g.values.get(value, ()) if value else tuple(g.phrases())


def labels() -> list:
    """Entity labels given by the pipeline, in lexicon order."""
    return [g.label for g in load().values() if g.label]


def _token_spec(text: str, lemma: str) -> dict:
    # Match on the lemma when it is a plain inflection ("calfs" -> calf, "n't" -> not), and on
    # the exact word when the lookup table maps it to another word ("worse" -> wrong).
    if lemma in NEGATION_PIECES or lemma[:3] == text[:3]:
        return {"LEMMA": lemma}
    return {"LOWER": text}


def phrase_pattern(tokens: list, loose: bool) -> list:
    """A Matcher pattern for one phrase given as [(lower, lemma), ...]."""
    filler = set(words("fillers"))
    content = [t for i, t in enumerate(tokens) if i == 0 or t[0] not in filler] if loose else tokens
    if not loose or len(content) == len(tokens) and len(tokens) == 1:
        return [_token_spec(*t) for t in tokens]
    small = {"LOWER": {"IN": sorted(filler)}, "OP": "?"}
    gap = [small] * (FILLER_SLOTS - 1) + [{"LIKE_NUM": True, "OP": "?"}, small]  # "lost 5 kilos"
    pattern = []
    for i, tok in enumerate(content):
        if i:
            pattern.extend(gap)
        pattern.append(_token_spec(*tok))
    return pattern


def _tokens(nlp, phrase: str) -> list:
    return [(t.lower_, t.lemma_.lower() or t.lower_) for t in nlp(phrase)]


def group_patterns(group: Group, nlp=None) -> list:
    """(value, pattern) pairs for every phrase of a group."""
    nlp = nlp or _lemmatiser()
    return [(value, phrase_pattern(_tokens(nlp, p), group.loose))
            for value, phrases in group.values.items() for p in phrases]


def entity_patterns(nlp=None) -> list:
    """spaCy EntityRuler patterns (label, pattern, id = normalised value) for labelled groups.

    Two entries that match the same words with different meanings fail loudly (the ruler would
    otherwise pick one of them silently)."""
    out, seen = [], {}
    for g in load().values():
        if not g.label:
            continue
        for value, pattern in group_patterns(g, nlp):
            key = repr(pattern)
            if seen.setdefault(key, (g.name, value)) != (g.name, value):
                _fail(f"group '{g.name}' entry '{value}' matches the same words as "
                      f"group '{seen[key][0]}' entry '{seen[key][1]}': {pattern}")
            out.append({"label": g.label, "pattern": pattern, "id": value})
    return out


def negation_termset() -> dict:
    """negspacy termset; phrases that contain a negation word are pseudo-negations, so
    'can't pee' reads as a bladder symptom rather than a denial."""
    neg = load()["negation"].values
    pieces = set(neg["preceding"])
    inner = [p for g in load().values() if g.label for p in g.phrases()
             if len(p.split()) > 1 and set(p.replace("n't", " n't").split()) & pieces]
    return {
        "pseudo_negations": sorted(set(neg["pseudo"]) | set(inner)),
        "preceding_negations": list(neg["preceding"]),
        "following_negations": list(neg["following"]),
        "termination": list(neg["termination"]),
    }


def nlu_synonyms() -> dict:
    """Canonical value -> patient phrases, for Rasa NLU synonym files."""
    out = {}
    for group in NLU_GROUPS.values():
        for value, phrases in load()[group].values.items():
            out.setdefault(value, [])
            out[value].extend(p for p in phrases if p != value and p not in out[value])
    return out


def nlu_lookups() -> dict:
    """NLU entity name -> phrases, for Rasa lookup tables."""
    out = {entity: list(words(group)) for entity, group in NLU_GROUPS.items()}
    numbers = [p for p in words("numbers") if len(p) > 2]
    out["duration"] = sorted(set(numbers) | set(words("duration_units")))
    out["age"] = sorted(set(numbers) | {"years old", "year old"})
    return out


def base_pipeline():
    """Tokenizer, sentencizer and lookup lemmatizer: enough to turn lexicon phrases into patterns.

    spaCy is imported here, not at module level, so loading the word lists stays light."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def _lemmatiser():
    return base_pipeline()
