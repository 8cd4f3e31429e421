"""The project's spaCy pipeline, built in code from the lexicon (no model download needed).

blank English + sentencizer + lookup lemmatizer + entity ruler (lexicon.yml phrases) + negspacy
negex (custom termset from lexicon.yml). Rasa's SpacyNLP loads the saved copy by path:

    python -m actions.triage.nlp build PATH

A process that loads the saved pipeline must `import negspacy.negation` first (it registers the
"negex" factory).
"""
from __future__ import annotations

import sys
from functools import lru_cache

import negspacy.negation  # noqa: F401  registers the "negex" factory before the pipeline is built

from . import lexicon
from .lexicon import base_pipeline

__all__ = ["base_pipeline", "build_pipeline", "save_pipeline"]


@lru_cache(maxsize=1)
def build_pipeline():
    """The full pipeline (built once per process)."""
    nlp = base_pipeline()
    patterns = lexicon.entity_patterns(nlp)
    nlp.add_pipe("entity_ruler", config={"overwrite_ents": True}).add_patterns(patterns)
    nlp.add_pipe("negex", config={"neg_termset": lexicon.negation_termset(),
                                  "ent_types": lexicon.labels()})
    return nlp


def save_pipeline(path) -> None:
    build_pipeline().to_disk(path)


def main(argv: list) -> int:
    if len(argv) != 2 or argv[0] != "build":
        print("usage: python -m actions.triage.nlp build PATH", file=sys.stderr)
        return 2
    save_pipeline(argv[1])
    print(f"saved spaCy pipeline to {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
