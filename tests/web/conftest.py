"""Fixtures of the web tests: the REAL servers (action server, Rasa server, scripts/serve_web.py)
and Debian's Chromium driven by Playwright for Python (no browser download: /usr/bin/chromium,
installed by `make browser-deps`). Screenshots go to results/browser/.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import model_path  # noqa: F401 (a fixture)
from tests.integration.rasa_stack import HOST, ROOT, Server, Stack, base_env, free_port

SHOTS = ROOT / "results" / "browser"
LOGS = ROOT / "results" / "integration"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root in a container, without GPU, and quiet on a machine with no network but loopback.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
EMERGENCY_NUMBER = "112"  # not the default (999): the page must show the configured one
SECRET = "browser-test-secret"


@pytest.fixture(scope="module")
def web_stack(request, model_path, tmp_path_factory):  # noqa: F811
    """Action server + Rasa server + web page, all on free ports; yields (stack, page URL)."""
    web_port = free_port()
    web_url = f"http://{HOST}:{web_port}"
    logs = LOGS / Path(request.module.__file__).stem
    settings = {"SUMMARY_SECRET": SECRET, "WEB_PUBLIC_URL": web_url, "EMERGENCY_NUMBER": EMERGENCY_NUMBER,
                "SUMMARY_TTL_HOURS": "24"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in settings.items():
            mp.setenv(k, v)  # the Stack's action server inherits them
        db = tmp_path_factory.mktemp("tracker") / "tracker.db"
        with Stack(tracker_db=db, logs=logs, model=model_path) as stack:
            env = base_env(WEB_HOST=HOST, WEB_PORT=str(web_port), RASA_PORT=str(stack.rasa_port),
                           RASA_URL=stack.url, RASA_TOKEN=stack.token, RASA_PUBLIC_URL=stack.url, **settings)
            web = Server("web", [sys.executable, str(ROOT / "scripts" / "serve_web.py")], env,
                         logs / "web.log", f"{web_url}/config.js")
            web.start(60)
            try:
                yield stack, web_url
            finally:
                web.stop()


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
