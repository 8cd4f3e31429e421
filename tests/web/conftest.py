"""Fixtures of the web tests: the REAL servers (action server, Rasa server, web/server.py)
and Debian's Chromium driven by Playwright for Python (no browser download: /usr/bin/chromium,
installed by `make browser-deps`). Screenshots go to results/browser/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.stack import ROOT

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
