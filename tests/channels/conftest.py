"""ONE stack of real servers for all channel tests, with the four messaging channels on and
their APIs pointed at a fake on localhost (fakes.py). The test process gets the same settings,
so it can sign requests and compute the patients' pseudonyms.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.channels.clients import SECRETS
from tests.channels.fakes import FakePlatforms
from tools.stack import DEFAULT_MODEL, ROOT, Stack

LOGS = ROOT / "results" / "integration" / "channels"
EMERGENCY_NUMBER = "112"
SETTINGS = dict(SECRETS, SUMMARY_SECRET="channel-test-secret", EMERGENCY_NUMBER=EMERGENCY_NUMBER,
                WEB_PUBLIC_URL="https://bot.example.org", SUMMARY_TTL_HOURS="24")


@pytest.fixture(scope="package")
def fake():
    platforms = FakePlatforms().start()
    yield platforms
    platforms.stop()


@pytest.fixture(scope="package")
def channel_stack(fake, tmp_path_factory):
    model = os.environ.get("SPINE_MODEL", str(DEFAULT_MODEL))
    if not os.path.isfile(model):
        pytest.fail(f"no trained model at {model}: run `make train`", pytrace=False)
    env = dict(SETTINGS, **fake.env())
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        db = tmp_path_factory.mktemp("channels") / "tracker.db"
        with Stack(tracker_db=db, logs=LOGS, model=model, env=env) as running:
            yield running


@pytest.fixture
def settings(monkeypatch):
    """The channel settings in this process, for unit tests that need no server."""
    for key, value in SETTINGS.items():
        monkeypatch.setenv(key, value)
    return SETTINGS


@pytest.fixture(scope="package")
def transcripts():
    """name -> transcript of a channel conversation as its fake API recorded it; written to
    results/integration/channels/transcripts.md at the end (for the closing note)."""
    kept = {}
    yield kept
    if kept:
        LOGS.mkdir(parents=True, exist_ok=True)
        (LOGS / "transcripts.md").write_text(
            "\n\n".join(f"## {name}\n\n```\n{text}\n```" for name, text in sorted(kept.items())) + "\n")
        (LOGS / "transcripts.json").write_text(json.dumps(kept, indent=1))
