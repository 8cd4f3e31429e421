"""Fixtures shared by every test folder: the trained model and ONE stack of real servers per test
session (action server, Rasa server, page server), started the first time a test asks for it.

    @pytest.mark.integration
    def test_something(stack, sender):
        replies = stack.say(sender, "hello")       # REST channel
        page = stack.web_url                       # the page server

The servers bind to free ports on 127.0.0.1, use a temporary SQLite tracker DB and a random API
token, and log to results/integration/session/{actions,rasa,web}.log. The model is
models/spine.tar.gz (or $SPINE_MODEL): `make test` trains it first. The page shows a non-default
emergency number (EMERGENCY_NUMBER below) so tests can tell the configured one from the default.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.stack import DEFAULT_MODEL, ROOT, Stack, new_sender

LOGS = ROOT / "results" / "integration" / "session"
EMERGENCY_NUMBER = "112"  # not the default (999)
SUMMARY_SECRET = "session-test-secret"
SETTINGS = {"SUMMARY_SECRET": SUMMARY_SECRET, "EMERGENCY_NUMBER": EMERGENCY_NUMBER, "SUMMARY_TTL_HOURS": "24"}


@pytest.fixture(scope="session")
def model_path() -> Path:
    path = Path(os.environ.get("SPINE_MODEL", DEFAULT_MODEL))
    if not path.is_file():
        pytest.fail(f"no trained model at {path}: run `make train` (make test does it)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def stack(model_path, tmp_path_factory):
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    with Stack(tracker_db=db, logs=LOGS, model=model_path, env=SETTINGS, web=True) as running:
        yield running


@pytest.fixture
def sender() -> str:
    return new_sender()
