"""The words in the test stories do what the stories say: a story that expects an alert
after a message must carry a red flag in that message, and no other message may."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.extraction import read_message
from actions.triage import merge, red_flags_now

STORIES = sorted(Path(__file__).resolve().parents[1].glob("test_*.yml"))


def messages():
    for path in STORIES:
        for story in yaml.safe_load(path.read_text())["stories"]:
            steps = story["steps"]
            for i, step in enumerate(steps):
                if "user" not in step:
                    continue
                after = steps[i + 1] if i + 1 < len(steps) else {}
                alert = any(s.get("alert") for s in after.get("slot_was_set", []))
                yield pytest.param(step["user"].strip(), step["intent"], alert,
                                   id=f"{path.stem}:{story['story']}:{i}")


@pytest.mark.parametrize("text, intent, alert", list(messages()))
def test_story_message_raises_a_flag_exactly_when_the_story_says(text, intent, alert):
    case = merge({}, read_message(text, intent, None, {}))
    assert bool(red_flags_now(case)) == alert
