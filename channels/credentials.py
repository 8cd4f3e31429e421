"""Writes the effective credentials file of the Rasa server from the environment, at start.

    python -m channels.credentials BASE.yml OUT.yml

BASE (credentials.yml) holds the channels that are always on (REST, socketio); a messaging
channel is added when ALL its variables are set and left out (with a note on stderr) otherwise,
so an unset variable never stops the server. The file names only the connector classes: the
connectors read their secrets from the environment, so no secret is written to disk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Text, Tuple

import yaml

CHANNELS: Dict[Text, Tuple[Text, List[Text]]] = {
    "slack": ("channels.slack.SlackInput", ["SLACK_TOKEN", "SLACK_SIGNING_SECRET"]),
    "facebook": ("channels.facebook.FacebookInput",
                 ["FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET", "FACEBOOK_PAGE_ACCESS_TOKEN"]),
    "twilio": ("channels.twilio.TwilioInput",
               ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER", "RASA_PUBLIC_URL"]),
    "telegram": ("channels.telegram.TelegramInput",
                 ["TELEGRAM_TOKEN", "TELEGRAM_BOT_NAME", "TELEGRAM_SECRET_TOKEN"]),
}


def effective(base: Mapping[Text, object], env: Mapping[Text, Text]) -> Tuple[Dict[Text, object], List[Text]]:
    """(credentials, notes): the base plus every channel whose variables are all set."""
    out = dict(base or {})
    notes = []
    for name, (path, variables) in CHANNELS.items():
        missing = [v for v in variables if not (env.get(v) or "").strip()]
        if missing:
            if len(missing) < len(variables):
                notes.append(f"{name}: off ({', '.join(missing)} not set)")
            continue
        out[path] = {}
        notes.append(f"{name}: on (/webhooks/{name}/webhook)")
    return out, notes


def write(base_path: Path, out_path: Path, env: Optional[Mapping[Text, Text]] = None) -> List[Text]:
    base = yaml.safe_load(Path(base_path).read_text()) or {}
    data, notes = effective(base, os.environ if env is None else env)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text("# Generated at start by channels/credentials.py from " + str(base_path)
                        + " and the environment. Do not edit.\n" + yaml.safe_dump(data, sort_keys=False))
    return notes


def main(argv: List[Text]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for note in write(Path(argv[0]), Path(argv[1])):
        print(f"channels: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
