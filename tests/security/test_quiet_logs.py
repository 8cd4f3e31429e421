"""Patient text never reaches a log at the default level: the redaction of the project's own
loggers and of Rasa's structlog events (actions/privacy.py, addons/guard.py)."""

from __future__ import annotations

import logging
import warnings

import pytest

from actions import privacy
from addons import guard


@pytest.fixture
def redacting(monkeypatch):
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    previous = logging.getLogRecordFactory()
    had = getattr(logging, "_spine_redacting", False)
    logging._spine_redacting = False
    privacy.redact_project_logs()
    yield
    logging.setLogRecordFactory(previous)
    logging._spine_redacting = had


def message(name: str, level: int, msg: str, *args) -> str:
    record = logging.getLogger(name).makeRecord(name, level, __file__, 1, msg, args, None)
    return record.getMessage()


def test_project_loggers_keep_numbers_but_not_strings(redacting):
    assert message("actions.triage.interpreter", logging.ERROR, "interpret failed on %r", "my left calf burns") \
        == "interpret failed on '<18 str>'"
    assert message("channels.rest", logging.INFO, "%s sent %d messages", "+447700900123", 3) == "<13 str> sent 3 messages"
    assert message("addons.guard", logging.WARNING, "%(who)s", {"who": "Ada"}) == "<3 str>"
    # DEBUG, and other libraries' loggers, are left alone
    assert message("actions.form", logging.DEBUG, "asked %s", "leg_weakness") == "asked leg_weakness"
    assert message("sanic.root", logging.INFO, "listening on %s", "127.0.0.1") == "listening on 127.0.0.1"


def test_debug_level_turns_redaction_off(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    previous = logging.getLogRecordFactory()
    had = getattr(logging, "_spine_redacting", False)
    logging._spine_redacting = False
    try:
        privacy.redact_project_logs()
        assert logging.getLogRecordFactory() is previous
    finally:
        logging._spine_redacting = had


def test_rasa_structlog_keys_with_text_are_redacted():
    event = {"event": "message.parsing.failed", "user_text": "/ my phone is 07700 900123", "sender_id": "+4477",
             "intent": "greet"}
    assert guard._structlog_redactor(None, "warning", dict(event)) == {
        "event": "message.parsing.failed", "user_text": "<redacted>", "sender_id": "<redacted>", "intent": "greet"}


def test_rasas_malformed_command_warning_is_dropped(monkeypatch, redacting):
    monkeypatch.setattr(logging, "_spine_redacting", True)  # the factory is already installed
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        guard.quiet_patient_data()
        warnings.warn("Failed to parse arguments in line '/inform{my calf'. Continuing", UserWarning, stacklevel=2)
        warnings.warn("something else", UserWarning, stacklevel=2)
    assert [str(w.message) for w in seen] == ["something else"]
