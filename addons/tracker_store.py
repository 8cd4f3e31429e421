"""A tracker store that never loses a conversation without a word (SQLite or PostgreSQL).

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`: a failed read returns no tracker (the
conversation silently starts again) and a failed write goes to memory (lost at the next restart or on
another server). Its SQL store also keeps up to 150 PostgreSQL connections per process and waits
forever for an unreachable database. This store, an `SQLTrackerStore`, instead:

- retries a failed read or write for `retry_seconds` (a database restart is over in a few seconds;
  pooled connections are checked before use), then raises `TrackerStoreUnavailable`;
- refuses a write when the stored conversation changed since this process read it (another server
  wrote in between: only possible if the lock failed), raising `TrackerConflict`; on PostgreSQL the
  check and the insert run under a per-conversation advisory lock. A write that was committed but
  whose answer was lost (the database went away at that moment) is recognised on retry, not repeated;
- on either error, the patient gets `APOLOGY` (try again; in an emergency call EMERGENCY_NUMBER), the
  error is logged, and nothing of that turn is kept: no fresh conversation, no in-memory copy. The
  same happens when the lock store fails (`LockError`). See `install_guards`;
- uses `pool_size` + `max_overflow` connections per process (default 5 + 5, env SQL_POOL_SIZE /
  SQL_MAX_OVERFLOW), and at start checks that `servers` (env RASA_SERVERS) times that stays below
  PostgreSQL's `max_connections` minus its reserved connections;
- gives up at start with a clear message when the database does not answer within `startup_timeout`;
- keeps the trackers it saved (the latest `cache_size`, env TRACKER_CACHE_SIZE, default 256; 0 = off)
  and hands one back on the next read of its conversation instead of reading and replaying every
  event again, when the database still holds exactly what this process saved (the conversation's
  row count and highest row id unchanged: a forget-me or retention deletion or another server's
  write is seen) and the tracker has nothing unsaved (a turn that failed is not handed back). The
  tracker is taken out of the cache while a turn uses it, so a second reader (the HTTP API) reads
  the database as before. Only a tracker holding exactly the latest session is kept, so a handed-
  back tracker is the one a read would have built.

endpoints.yml (SQLite, one server):
    tracker_store:
      type: addons.tracker_store.SafeTrackerStore
      dialect: sqlite
      db: ${TRACKER_DB}
PostgreSQL (several servers): `url: ${DB_URL}` (postgresql://user:password@host:5432/db) and
`servers: ${RASA_SERVERS}`; see cluster/endpoints-cluster.yml.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

import sqlalchemy as sa
import sqlalchemy.exc

from rasa.core.lock_store import LockError
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import ConnectionException, RasaException

from actions.links import emergency_number
from actions.triage.knowledge import message

logger = logging.getLogger(__name__)

DEFAULT_POOL_SIZE = 5
DEFAULT_MAX_OVERFLOW = 5
DEFAULT_CACHE_SIZE = 256
STORED = "_spine_stored"  # attribute on a tracker, see SafeTrackerStore.save
NOTHING = (0, 0)  # the version of a conversation with no rows


def apology() -> Text:
    """What the patient is told when this turn could not be saved (knowledge/<language>/messages.yml)."""
    return message("store", "apology", number=emergency_number())


class TrackerStoreUnavailable(RasaException):
    """The tracker store could not be read or written (after retrying)."""


class TrackerConflict(RasaException):
    """The conversation in the database changed since this process read it."""


# Errors that mean "the database is (briefly) not there", worth a retry.
TRANSIENT = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError)


class SafeTrackerStore(SQLTrackerStore):
    """SQL tracker store without silent loss (see the module docstring)."""

    def __init__(
        self,
        domain: Any = None,
        host: Optional[Text] = None,
        dialect: Text = "sqlite",
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        event_broker: Any = None,
        query: Optional[Dict] = None,
        url: Optional[Text] = None,
        pool_size: Optional[int] = None,
        max_overflow: Optional[int] = None,
        servers: Optional[int] = None,
        connect_timeout: float = 5,
        startup_timeout: float = 30,
        retry_seconds: float = 3,
        cache_size: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        engine_url = self.get_db_url(dialect, url or host, port, db, username, password, None, query)
        self.retry_seconds = float(retry_seconds)
        self.is_postgres = sa.engine.make_url(engine_url).get_backend_name() == "postgresql"
        self.pool_size = int(pool_size or os.environ.get("SQL_POOL_SIZE") or DEFAULT_POOL_SIZE)
        self.max_overflow = int(
            max_overflow if max_overflow not in (None, "") else os.environ.get("SQL_MAX_OVERFLOW", DEFAULT_MAX_OVERFLOW))
        self.servers = int(servers or os.environ.get("RASA_SERVERS") or 1)
        size = cache_size if cache_size not in (None, "") else os.environ.get("TRACKER_CACHE_SIZE")
        self.cache_size = int(size if size not in (None, "") else DEFAULT_CACHE_SIZE)
        # sender -> the tracker saved last (its STORED mark holds the version it was saved at)
        self._cache: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()
        self.engine = sa.create_engine(engine_url, **self._engine_kwargs(float(connect_timeout)))
        self._wait_for_database(float(startup_timeout))
        if self.is_postgres:
            self._check_pool_fits()
        try:
            self.Base.metadata.create_all(self.engine)
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ProgrammingError, sqlalchemy.exc.IntegrityError) as e:
            # servers starting together race to create the table; one of them wins
            logger.debug(f"Tracker store: table creation raced ({e}); checking the table exists.")
            if not sa.inspect(self.engine).has_table(self.SQLEvent.__tablename__):
                raise
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.where = repr(self.engine.url)
        super(SQLTrackerStore, self).__init__(domain, event_broker, **kwargs)
        install_guards()

    # ------------------------------------------------------------------ start-up
    def _engine_kwargs(self, connect_timeout: float) -> Dict[Text, Any]:
        if not self.is_postgres:
            return {"connect_args": {"timeout": 30}}  # SQLite: wait this long for a writer's lock
        connect_args: Dict[Text, Any] = {"connect_timeout": max(1, int(connect_timeout))}
        schema = os.environ.get("POSTGRESQL_SCHEMA")
        if schema:
            connect_args["options"] = f"-csearch_path={schema}"
        return {
            "pool_size": self.pool_size, "max_overflow": self.max_overflow, "pool_timeout": 10,
            "pool_pre_ping": True, "connect_args": connect_args,
        }

    def _wait_for_database(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.engine.connect() as conn:
                    conn.execute(sa.text("SELECT 1"))
                return
            except TRANSIENT as error:
                if time.monotonic() >= deadline:
                    raise ConnectionException(
                        f"Tracker store: cannot reach the database {self.engine.url!r} within {timeout:.0f}s "
                        f"({_first_line(error)}). Start it or set DB_URL, then start the server again.") from error
                logger.warning(f"Tracker store: database not reachable yet ({_first_line(error)}); retrying.")
                time.sleep(1)

    def _check_pool_fits(self) -> None:
        with self.engine.connect() as conn:
            limit = int(conn.execute(sa.text("SHOW max_connections")).scalar())
            reserved = int(conn.execute(sa.text("SHOW superuser_reserved_connections")).scalar())
        need = self.servers * (self.pool_size + self.max_overflow)
        if need >= limit - reserved:
            raise ConnectionException(
                f"Tracker store: {self.servers} Rasa server(s) x (SQL_POOL_SIZE {self.pool_size} + "
                f"SQL_MAX_OVERFLOW {self.max_overflow}) = {need} connections, but PostgreSQL allows "
                f"{limit} - {reserved} reserved = {limit - reserved}. Lower SQL_POOL_SIZE/SQL_MAX_OVERFLOW, "
                f"raise max_connections, or put PgBouncer in front.")
        logger.info(f"Tracker store: {self.servers} x {self.pool_size + self.max_overflow} connections "
                    f"fit PostgreSQL's {limit - reserved}.")

    # ------------------------------------------------------------------ reads and writes
    async def _retrying(self, what: Text, sender_id: Text, work: Callable[[int], Any]) -> Any:
        deadline = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            try:
                return work(attempt)
            except TRANSIENT as error:
                if time.monotonic() >= deadline:
                    logger.error(f"Tracker store: could not {what} conversation '{sender_id}' in {self.where}: "
                                 f"{_first_line(error)}")
                    raise TrackerStoreUnavailable(f"could not {what} conversation '{sender_id}'") from error
                attempt += 1
                await asyncio.sleep(min(0.25 * attempt, 1.0))

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrying("read", sender_id, lambda _: self._read(sender_id, all_sessions=False))

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await self._retrying("read", conversation_id, lambda _: self._read(conversation_id, all_sessions=True))

    def _version(self, session: Any, sender_id: Text) -> Tuple[int, int]:
        """(row count, highest row id) of the sender, all sessions: changes with any insert or deletion."""
        count, top = (session.query(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
                      .filter(self.SQLEvent.sender_id == sender_id).one())
        return int(count or 0), int(top or 0)

    def _cached(self, session: Any, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The tracker this process saved last for the sender, if the database still holds just that."""
        tracker = self._cache.pop(sender_id, None)
        if tracker is None:
            return None
        index, version = getattr(tracker, STORED)
        if index != len(tracker.events) or self._version(session, sender_id) != version:
            return None  # a turn that failed kept unsaved events, or somebody else wrote or deleted
        return tracker

    def _keep(self, tracker: DialogueStateTracker) -> None:
        self._cache.pop(tracker.sender_id, None)
        if self.cache_size <= 0 or any(isinstance(e, SessionStarted) for e in list(tracker.events)[1:]):
            return  # a new session began in it: a read holds only that session, so read it again
        self._cache[tracker.sender_id] = tracker
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _read(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            if not all_sessions:
                cached = self._cached(session, sender_id)
                if cached is not None:
                    return cached
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=all_sessions).all()
            if not rows:
                return None
            tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(r.data) for r in rows], self.domain.slots)
            if not all_sessions:
                setattr(tracker, STORED, (len(tracker.events), self._version(session, sender_id)))
            return tracker

    async def keys(self) -> List[Text]:
        def read(_: int) -> List[Text]:
            with self.session_scope() as session:
                return [sid for (sid,) in session.query(self.SQLEvent.sender_id).distinct().all()]

        return await self._retrying("list", "*", read)

    async def create_tracker(self, sender_id: Text, append_action_listen: bool = True) -> DialogueStateTracker:
        from rasa.shared.core.constants import ACTION_LISTEN_NAME
        from rasa.shared.core.events import ActionExecuted

        tracker = self.init_tracker(sender_id)
        setattr(tracker, STORED, (0, NOTHING))  # nothing is stored: a concurrent writer is a conflict
        if append_action_listen:
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await self.save(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Insert the events not yet stored, if the stored conversation is still the one we read.

        `STORED` on the tracker is (how many of `tracker.events` are in the database, the sender's
        `_version` then). A tracker made elsewhere (e.g. by the HTTP API) has no such mark and is
        saved as Rasa does: the events past the number of rows of the latest stored session.
        """
        sender_id = tracker.sender_id
        mark = getattr(tracker, STORED, None)
        events = list(tracker.events)
        written: List[Any] = []

        def write(attempt: int) -> None:
            with self.session_scope() as session:
                if self.is_postgres:  # one writer per conversation for the check-then-insert below
                    session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": sender_id})
                version = self._version(session, sender_id)
                if mark is None:
                    index = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
                    expected = version
                else:
                    index, expected = mark
                pending = events[index:]
                if version != expected:
                    if attempt and self._already_saved(session, sender_id, pending):
                        setattr(tracker, STORED, (len(events), version))
                        return
                    logger.error(f"Tracker store: conversation '{sender_id}' changed in the database since it "
                                 f"was read ({expected[0]} -> {version[0]} events); this turn is not saved.")
                    raise TrackerConflict(f"conversation '{sender_id}' was changed by another writer")
                if pending:  # one multi-row INSERT (the ORM's one object per row costs more)
                    session.execute(self.SQLEvent.__table__.insert(),
                                    [self._row(sender_id, event) for event in pending])
                    version = self._version(session, sender_id)
                session.commit()
                setattr(tracker, STORED, (len(events), version))
                self._keep(tracker)
                written[:] = pending

        await self._retrying("save", sender_id, write)
        if self.event_broker is not None and written:
            await self._stream_new_events(self.event_broker, written, sender_id)

    def _row(self, sender_id: Text, event: Any) -> Dict[Text, Any]:
        data = event.as_dict()
        return dict(
            sender_id=sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
            action_name=data.get("name"), data=json.dumps(data))

    def _already_saved(self, session: Any, sender_id: Text, pending: List[Any]) -> bool:
        """Whether the last rows are exactly `pending` (a commit whose answer was lost)."""
        if not pending:
            return True
        rows = (session.query(self.SQLEvent.data).filter(self.SQLEvent.sender_id == sender_id)
                .order_by(self.SQLEvent.id.desc()).limit(len(pending)).all())
        stored = [json.loads(data) for (data,) in reversed(rows)]
        return stored == [json.loads(json.dumps(event.as_dict())) for event in pending]


def _first_line(error: BaseException) -> Text:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


# ---------------------------------------------------------------------- the agent-side guard
GUARDED = (TrackerStoreUnavailable, TrackerConflict, LockError)


def install_guards() -> None:
    """Two small changes to Rasa's Agent, made once when this store is created in a server:

    - it does not wrap this store in `FailSafeTrackerStore` (whose fallbacks are the silent loss);
    - a turn that fails with a tracker-store or lock error sends the patient `apology()` (replies
      collected for that turn are dropped: they were not saved) and logs the error, instead of
      Rasa's empty answer.
    """
    from rasa.core.agent import Agent

    if getattr(Agent, "_spine_guarded", False):
        return
    plain_create = Agent._create_tracker_store
    plain_handle = Agent.handle_message

    def create_tracker_store(store: Any, domain: Any) -> Any:
        if isinstance(store, SafeTrackerStore):
            store.domain = domain
            return store
        return plain_create(store, domain)

    async def handle_message(self: Any, message: Any) -> Any:
        try:
            return await plain_handle(self, message)
        except GUARDED as error:
            logger.error(f"Turn of conversation '{message.sender_id}' failed, the patient was asked to try "
                         f"again: {type(error).__name__}: {error}")
            await _apologise(message)
            return None

    Agent._create_tracker_store = staticmethod(create_tracker_store)
    Agent.handle_message = handle_message
    Agent._spine_guarded = True


async def _apologise(message: Any) -> None:
    from rasa.core.channels.channel import CollectingOutputChannel

    channel = message.output_channel
    if channel is None:
        return
    if isinstance(channel, CollectingOutputChannel):
        channel.messages.clear()
    try:
        await channel.send_text_message(message.sender_id, apology())
    except Exception as error:  # noqa: BLE001 - the channel itself is broken; the log still says why
        logger.error(f"Could not send the apology to '{message.sender_id}': {error}")
