"""Fixtures shared by every test folder: the trained model and ONE stack of real servers per test
session (action server, Rasa server, page server), started the first time a test asks for it.

    @pytest.mark.integration
    def test_something(stack, sender):
        replies = stack.say(sender, "hello")       # REST channel
        page = stack.web_url                       # the page server

The browser tests share one headless Chromium (`chromium`, Debian's /usr/bin/chromium driven by
Playwright for Python; `make browser-deps` installs it) and save screenshots in results/browser/.

The servers bind to free ports on 127.0.0.1, use a temporary SQLite tracker DB and a random API
token, and log to results/integration/session/{actions,rasa,web}.log. The model is
models/spine.tar.gz (or $SPINE_MODEL): `make test` trains it first. The page shows a non-default
emergency number (EMERGENCY_NUMBER below) so tests can tell the configured one from the default.
"""

from __future__ import annotations

import os
import shutil
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


SHOTS = ROOT / "results" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root in a container, without GPU, and quiet on a machine with no network but loopback.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def web_stack(stack):
    """The session's servers and the page's URL."""
    return stack, stack.web_url


def pytest_collection_modifyitems(items):
    """The browser tests run last, whatever order the paths were given in: Playwright's sync API
    keeps an event loop running in the main thread for the rest of the session, after which
    `asyncio.run()` (used by many tests) refuses to start."""
    items.sort(key=lambda item: "chromium" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser-deps` (apt-get install chromium)", pytrace=False)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
