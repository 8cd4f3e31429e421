"""Fixtures of the privacy and security tests."""

from __future__ import annotations

import pytest
import requests


@pytest.fixture(scope="session")
def forget_model(stack):
    """The session's stack; skip (saying why) if its model predates the forget-me data."""
    r = requests.get(f"{stack.url}/domain", params={"token": stack.token},
                     headers={"Accept": "application/json"}, timeout=30)
    r.raise_for_status()
    intents = {i if isinstance(i, str) else next(iter(i)) for i in r.json().get("intents", [])}
    if not {"forget_me", "confirm_forget", "keep_data"} <= intents:
        pytest.skip("models/spine.tar.gz was trained before data/nlu/privacy.yml: run `make train`")
    return stack
