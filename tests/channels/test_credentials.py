"""The effective credentials file: a channel is on only when all its variables are set; no
secret and no ${VAR} is written; the file loads in Rasa and names the channels' classes."""

from __future__ import annotations

import yaml

from channels import credentials
from tests.channels.clients import SECRETS
from tools.stack import ROOT


def test_all_set_turns_the_four_channels_on(tmp_path):
    out = tmp_path / "credentials.yml"
    notes = credentials.write(ROOT / "credentials.yml", out, SECRETS)
    data = yaml.safe_load(out.read_text())
    base = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert "channels.rest.RestInput" in base, "the REST channel is the hardened one"
    assert set(data) == set(base) | {"channels.slack.SlackInput", "channels.facebook.FacebookInput",
                                     "channels.twilio.TwilioInput", "channels.telegram.TelegramInput"}
    assert len([n for n in notes if ": on" in n]) == 4
    text = out.read_text()
    assert "${" not in text
    assert not any(value in text for value in SECRETS.values() if len(value) > 6), "a secret was written"


def test_a_partly_configured_channel_stays_off_and_says_why(tmp_path):
    env = {k: v for k, v in SECRETS.items() if k != "TWILIO_AUTH_TOKEN"}
    env["SLACK_TOKEN"] = "  "
    data, notes = credentials.effective({"socketio": {}}, env)
    assert "channels.twilio.TwilioInput" not in data and "channels.slack.SlackInput" not in data
    assert "twilio: off (TWILIO_AUTH_TOKEN not set)" in notes
    assert "slack: off (SLACK_TOKEN not set)" in notes
    assert "channels.telegram.TelegramInput" in data


def test_nothing_set_leaves_the_base(tmp_path):
    data, notes = credentials.effective({"socketio": {}}, {})
    assert data == {"socketio": {}} and notes == []


def test_the_generated_file_loads_in_rasa(tmp_path, settings):
    from rasa.core.run import create_http_input_channels

    out = tmp_path / "credentials.yml"
    credentials.write(ROOT / "credentials.yml", out, SECRETS)
    names = {c.name() for c in create_http_input_channels(None, str(out))}
    assert {"facebook", "rest", "slack", "socketio", "telegram", "twilio"} <= names
