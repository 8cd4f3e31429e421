"""The web tests use the session's servers and browser (tests/conftest.py: `stack`, `web_stack`,
`chromium`, `shots_dir`): one Playwright session for the whole test run, since a second sync
Playwright session cannot start while one is open."""

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SHOTS  # noqa: F401 (the browser tests use them)
