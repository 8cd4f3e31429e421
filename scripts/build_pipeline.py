"""Build the project's spaCy pipeline into PATH (Rasa's SpacyNLP loads it from there).

    python scripts/build_pipeline.py build/spacy_pipeline
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actions.triage.nlp import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
