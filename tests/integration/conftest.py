"""Fixtures that run the REAL servers. Reuse them in later integration tests (browser, eval):

    @pytest.mark.integration
    def test_something(stack, sender):    # module-scoped: one action server + Rasa server per module
        replies = stack.say(sender, "hello")

Servers bind to free ports on 127.0.0.1, use a temporary SQLite tracker DB and a random API token,
and log to results/integration/<test module>/{actions,rasa}.log. The model is models/spine.tar.gz
(or $SPINE_MODEL): `make test` trains it first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.integration.rasa_stack import DEFAULT_MODEL, ROOT, Stack, new_sender

RESULTS = ROOT / "results" / "integration"


@pytest.fixture(scope="session")
def model_path() -> Path:
    path = Path(os.environ.get("SPINE_MODEL", DEFAULT_MODEL))
    if not path.is_file():
        pytest.fail(f"no trained model at {path}: run `make train` (make test does it)", pytrace=False)
    return path


@pytest.fixture(scope="module")
def stack(request, model_path, tmp_path_factory):
    logs = RESULTS / Path(request.module.__file__).stem
    db = tmp_path_factory.mktemp("tracker") / "tracker.db"
    with Stack(tracker_db=db, logs=logs, model=model_path) as running:
        yield running


@pytest.fixture
def sender() -> str:
    return new_sender()
