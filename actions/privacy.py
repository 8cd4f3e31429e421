"""Forget me and retention: deleting conversations from the tracker store (docs/privacy.md).

Actions:
  action_ask_forget   "delete my data" in any channel: pauses the interview and asks to confirm.
  action_forget_me    deletes every event of the conversation, tells the patient what went, and
                      sends the widget a `{"type": "forgotten"}` payload (it clears the browser copy).
  action_keep_data    "keep it": nothing deleted, the interview carries on.

The action server reaches the SAME database as the Rasa server's SQLTrackerStore (table
`events`, one row per event, keyed by `sender_id`): TRACKER_DB_URL (an SQLAlchemy URL) if set,
else the `tracker_store` section of $ENDPOINTS (endpoints.yml, ${VAR} filled from the
environment; SQLite and PostgreSQL alike).

Why the deletion runs after the turn: Rasa saves a turn's events AFTER the action returns, and
its SQL store then writes every event of the in-memory session that it does not find in the
table (the cluster's store, addons/tracker_store.py, refuses the save instead), so a deletion
made inside the action is undone or breaks the turn. `action_forget_me` therefore starts a
background thread that waits for the turn's save (the row of its own `action_forget_me` event)
and deletes every event of the sender up to the end of that turn (its timestamp, all sessions),
again a few times over the next minute in case a turn that was already running saves old
events once more. Events keep their original timestamps when re-saved, so later messages of a
new conversation are never touched.

Retention: conversations whose latest event is older than RETENTION_DAYS (default 30; 0 = keep
forever) are deleted when the action server starts and then every RETENTION_INTERVAL_HOURS
(default 24), by a daemon thread of the action server (the one process that always runs next
to Rasa). `make retention` (tools/retention.py) runs the same sweep by hand.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage.knowledge import message

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
TABLE = "events"
DEFAULT_RETENTION_DAYS = 30.0
FORGET_ACTION = "action_forget_me"
# After the forget turn is saved, delete again at these delays (seconds): a turn that read the
# old events before the first deletion may save them again when it ends.
REPEATS = (1, 3, 10, 30, 60)
SAVE_WAIT = 120.0  # longest wait for Rasa to save the forget turn
CLOCK_SLACK = 2.0  # the Rasa server's clock may differ a little from the action server's


# ----------------------------------------------------------------------------- logs
PROJECT_LOGGERS = ("actions", "addons", "channels", "web")


REDACTED = re.compile(r"<(\d+ )?\w+>")


def _redact(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str) and REDACTED.fullmatch(value):
        return value  # redacted already (a second factory in the chain): keep the first length
    size = f"{len(value)} " if isinstance(value, (str, bytes, list, tuple, dict)) else ""
    return f"<{size}{type(value).__name__}>"


def redact_project_logs() -> None:
    """Log records of the project's own loggers keep their numbers but not their strings.

    A safety net, not an excuse: project code must not log patient text, slot values or ids,
    but if a line does (`log.exception("... %r", text)`), the text is replaced by its length at
    every level but DEBUG (LOG_LEVEL=DEBUG shows everything, for a developer on test data).
    """
    if os.environ.get("LOG_LEVEL", "").upper() == "DEBUG" or getattr(logging, "_spine_redacting", False):
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.args and record.levelno > logging.DEBUG and record.name.split(".")[0] in PROJECT_LOGGERS:
            if isinstance(record.args, dict):
                record.args = {k: _redact(v) for k, v in record.args.items()}
            else:
                record.args = tuple(_redact(a) for a in record.args)
        return record

    logging.setLogRecordFactory(factory)
    logging._spine_redacting = True  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- the store
def _fill_env(value: Any) -> Any:
    """Rasa's ${VAR} substitution for endpoints.yml values."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\$\{([^}]+)\}", lambda m: os.environ.get(m.group(1), ""), value)


def store_url() -> Optional[Text]:
    """The SQLAlchemy URL of the tracker store, or None if it is not an SQL store."""
    url = os.environ.get("TRACKER_DB_URL", "").strip()
    if url:
        return url
    path = Path(os.environ.get("ENDPOINTS") or "endpoints.yml")
    if not path.is_absolute():
        path = Path.cwd() / path if (Path.cwd() / path).is_file() else ROOT / path
    try:
        config = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return None
    section = {k: _fill_env(v) for k, v in (config.get("tracker_store") or {}).items()}
    dialect = section.get("dialect") or ("sqlite" if str(section.get("type", "")).lower() == "sql" else None)
    if not dialect:
        return None
    from sqlalchemy.engine import URL

    db = section.get("db") or "rasa.db"
    if dialect == "sqlite":
        return f"sqlite:///{db}"
    port = section.get("port")
    return str(URL.create(
        drivername=dialect, username=section.get("username") or None,
        password=section.get("password") or None, host=section.get("url") or section.get("host") or None,
        port=int(port) if port else None, database=db,
    ).render_as_string(hide_password=False))


class Store:
    """The `events` table of Rasa's SQLTrackerStore, for deleting only."""

    def __init__(self, url: Text):
        import sqlalchemy as sa

        self.sa = sa
        self.url = url
        kwargs: Dict[Text, Any] = {"poolclass": sa.pool.NullPool}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        self.engine = sa.create_engine(url, **kwargs)

    @classmethod
    def from_env(cls) -> Optional["Store"]:
        url = store_url()
        if not url:
            return None
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///"):])
            if not path.is_file():  # never create an empty database: Rasa owns it
                return None
        return cls(url)

    def exists(self) -> bool:
        return self.sa.inspect(self.engine).has_table(TABLE)

    def _run(self, sql: Text, **params: Any) -> int:
        with self.engine.begin() as conn:
            return conn.execute(self.sa.text(sql), params).rowcount or 0

    def _rows(self, sql: Text, **params: Any) -> List[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(self.sa.text(sql), params))

    def count(self, sender_id: Text) -> int:
        return self._rows(f"SELECT COUNT(*) FROM {TABLE} WHERE sender_id = :s", s=sender_id)[0][0]

    def user_messages(self, sender_id: Text) -> int:
        return self._rows(f"SELECT COUNT(*) FROM {TABLE} WHERE sender_id = :s AND type_name = 'user'",
                          s=sender_id)[0][0]

    def delete(self, sender_id: Text, up_to: Optional[float] = None) -> int:
        """Delete the sender's events (only those with timestamp <= up_to, if given)."""
        if up_to is None:
            return self._run(f"DELETE FROM {TABLE} WHERE sender_id = :s", s=sender_id)
        return self._run(f"DELETE FROM {TABLE} WHERE sender_id = :s AND timestamp <= :t",
                         s=sender_id, t=up_to)

    def end_of_turn(self, sender_id: Text, action: Text, since: float) -> Optional[float]:
        """Timestamp of the end of the turn in which `action` ran (after `since`), once saved.

        The end is the first `action_listen` after the action's own row; None while Rasa has
        not saved the turn yet.
        """
        rows = self._rows(
            f"SELECT id, timestamp FROM {TABLE} WHERE sender_id = :s AND type_name = 'action' "
            f"AND action_name = :a AND timestamp >= :t ORDER BY id LIMIT 1",
            s=sender_id, a=action, t=since)
        if not rows:
            return None
        row_id, stamp = rows[0]
        listen = self._rows(
            f"SELECT timestamp FROM {TABLE} WHERE sender_id = :s AND id > :i "
            f"AND action_name = 'action_listen' ORDER BY id LIMIT 1", s=sender_id, i=row_id)
        return float(listen[0][0]) if listen else None

    def expire(self, days: float, now: Optional[float] = None) -> int:
        """Delete every conversation whose latest event is older than `days`; how many went."""
        cutoff = (time.time() if now is None else now) - days * 86400
        old = f"SELECT sender_id FROM {TABLE} GROUP BY sender_id HAVING MAX(timestamp) < :c"
        with self.engine.begin() as conn:
            senders = [r[0] for r in conn.execute(self.sa.text(old), {"c": cutoff})]
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                names = {f"s{i}": s for i, s in enumerate(chunk)}
                marks = ", ".join(f":{n}" for n in names)
                conn.execute(self.sa.text(f"DELETE FROM {TABLE} WHERE sender_id IN ({marks})"), names)
        return len(senders)


# ----------------------------------------------------------------------------- forgetting
def finish_forget(store: Store, sender_id: Text, since: float, *, wait: float = SAVE_WAIT,
                  repeats: tuple = REPEATS, poll: float = 0.25) -> bool:
    """Delete the forget turn once Rasa has saved it, then again a few times (module docstring)."""
    deadline = time.monotonic() + wait
    cut = None
    while cut is None and time.monotonic() < deadline:
        time.sleep(poll)
        try:
            cut = store.end_of_turn(sender_id, FORGET_ACTION, since - CLOCK_SLACK)
        except Exception:  # noqa: BLE001 - a locked or briefly unreachable DB: try again
            log.warning("forget: the tracker store could not be read; retrying")
    if cut is None:
        log.error("forget: the turn was not saved within %.0f s; deleting what is there", wait)
        cut = time.time()
    start = time.monotonic()
    for delay in (0,) + tuple(repeats):
        time.sleep(max(0.0, start + delay - time.monotonic()))
        try:
            store.delete(sender_id, up_to=cut)
        except Exception:  # noqa: BLE001
            log.warning("forget: a deletion pass failed; the next one retries")
    return True


def _forget_in_background(store: Store, sender_id: Text, since: float) -> None:
    threading.Thread(target=finish_forget, args=(store, sender_id, since),
                     name="forget", daemon=True).start()


# ----------------------------------------------------------------------------- retention
def retention_days() -> float:
    try:
        return max(0.0, float(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS)))
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def sweep(store: Optional[Store] = None, days: Optional[float] = None) -> int:
    """One retention pass: how many conversations were deleted (0 if there is no SQL store)."""
    days = retention_days() if days is None else days
    store = store or Store.from_env()
    if days <= 0 or store is None or not store.exists():
        return 0
    return store.expire(days)


def _sweep_forever() -> None:
    try:
        hours = max(0.1, float(os.environ.get("RETENTION_INTERVAL_HOURS", "24")))
    except ValueError:
        hours = 24.0
    while True:
        try:
            removed = sweep()
            log.info("retention: %d conversation(s) older than %g days deleted", removed, retention_days())
        except Exception:  # noqa: BLE001 - the next pass retries; never take the server down
            log.warning("retention: the sweep failed; next try in %g h", hours)
        time.sleep(hours * 3600)


def _is_action_server() -> bool:
    """True in `rasa run actions` / `python -m rasa_sdk`, not when tests import the module."""
    argv = sys.argv
    return ("rasa_sdk" in (argv[0] if argv else "")) or argv[1:3] == ["run", "actions"]


if _is_action_server():
    redact_project_logs()
    if retention_days() > 0:
        threading.Thread(target=_sweep_forever, name="retention", daemon=True).start()


# ----------------------------------------------------------------------------- actions
def done_text(messages: int) -> Text:
    said = (message("privacy", "said_none") if messages == 0 else message("privacy", "said_one") if messages == 1
            else message("privacy", "said_many", count=messages))
    return message("privacy", "done", said=said)


class AskForget(Action):
    """Asks before deleting; pauses the interview so a "yes" is not read as an answer."""

    def name(self) -> Text:
        return "action_ask_forget"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=message("privacy", "ask"), buttons=[
            {"title": message("privacy", "delete_button"), "payload": "/confirm_forget"},
            {"title": message("privacy", "keep_button"), "payload": "/keep_data"},
        ])
        return [SlotSet("forget_pending", True), ActiveLoop(None)]


class ForgetMe(Action):
    """Deletes every event of this conversation from the tracker store (module docstring)."""

    def name(self) -> Text:
        return FORGET_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        since = time.time()
        try:
            store = Store.from_env()
            if store is None or not store.exists():
                raise LookupError("no SQL tracker store")
            # the message that asked for the deletion is not saved yet: count it too
            messages = store.user_messages(tracker.sender_id) + 1
        except Exception:  # noqa: BLE001 - tell the patient rather than pretend
            log.error("forget: the tracker store is not reachable; nothing was deleted")
            dispatcher.utter_message(text=message("privacy", "no_store"))
            return [SlotSet("forget_pending", False)]
        _forget_in_background(store, tracker.sender_id, since)
        dispatcher.utter_message(text=done_text(messages))
        if tracker.get_latest_input_channel() == "socketio":  # the web widget clears its copy
            dispatcher.utter_message(json_message={"data": {"type": "forgotten"}})
        return [AllSlotsReset(), ActiveLoop(None)]


class KeepData(Action):
    """Nothing is deleted; an interview that was paused to ask carries on."""

    def name(self) -> Text:
        return "action_keep_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=message("privacy", "kept"))
        events: List[Dict[Text, Any]] = [SlotSet("forget_pending", False)]
        if tracker.get_slot("requested_slot") and not tracker.get_slot("assessed"):
            # the form asks its question again; the "no" to the deletion is not an answer to it
            events += [SlotSet("requested_slot", None), FollowupAction("symptom_form")]
        return events
