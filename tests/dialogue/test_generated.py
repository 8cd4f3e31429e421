"""Generated files must match the knowledge they come from (one source of truth)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nlu_files_match_the_lexicon_and_the_faq_knowledge():
    result = subprocess.run([sys.executable, "tools/gen_nlu.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_faq_answer_has_a_response_the_bot_can_send():
    import yaml

    from actions.triage import knowledge

    responses = yaml.safe_load((ROOT / "data/nlu/faq_responses.yml").read_text())["responses"]
    for key, entry in knowledge.load().faq.items():
        (response,) = responses[f"utter_faq/{key}"]
        assert response["text"] == entry.answer
