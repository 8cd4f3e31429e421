"""The no-silent-loss tracker store (addons/tracker_store.py) on the real PostgreSQL and on SQLite:
round trip, a concurrent writer is refused instead of mixed in, a lost commit answer is not
repeated, an unreachable database fails loudly (at start and per turn), the pool check."""

from __future__ import annotations

import asyncio
import time

import pytest
import sqlalchemy as sa

from addons.tracker_store import SafeTrackerStore, TrackerConflict, TrackerStoreUnavailable, install_guards
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.exceptions import ConnectionException
from tools.stack import free_port, new_sender

pytestmark = pytest.mark.cluster

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet]\n")


def run(coro):
    return asyncio.run(coro)


def turn(tracker, text):
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(BotUttered(f"answer to {text}"))
    tracker.update(ActionExecuted("action_listen"))


@pytest.fixture(params=["postgresql", "sqlite"])
def store(request, tmp_path):
    if request.param == "postgresql":
        url = request.getfixturevalue("database")
        return SafeTrackerStore(domain=DOMAIN, url=url, servers=2)
    return SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))


def texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_round_trip_keeps_every_event_once(store):
    sender = new_sender()

    async def main():
        tracker = await store.get_or_create_tracker(sender)
        for text in ("one", "two"):
            turn(tracker, text)
            await store.save(tracker)
        again = await store.retrieve(sender)
        turn(again, "three")
        await store.save(again)
        return await store.retrieve(sender)

    final = run(main())
    assert texts(final) == ["one", "two", "three"]
    assert len(final.events) == 1 + 3 * 3


def test_a_second_writer_is_refused_not_mixed_in(store):
    sender = new_sender()

    async def main():
        first = await store.get_or_create_tracker(sender)
        turn(first, "hello")
        await store.save(first)
        a, b = await store.retrieve(sender), await store.retrieve(sender)  # two servers read the same state
        turn(a, "from a")
        await store.save(a)
        turn(b, "from b")
        with pytest.raises(TrackerConflict):
            await store.save(b)
        return await store.retrieve(sender)

    assert texts(run(main())) == ["hello", "from a"]


def test_two_new_conversations_with_one_id_do_not_merge(store):
    sender = new_sender()

    async def main():
        a = await store.get_or_create_tracker(sender)
        b_tracker = store.init_tracker(sender)  # created elsewhere at the same moment
        b_tracker._spine_stored = 0, (0, 0)
        b_tracker.update(ActionExecuted("action_listen"))
        with pytest.raises(TrackerConflict):
            await store.save(b_tracker)
        return a

    run(main())


def test_a_commit_whose_answer_was_lost_is_not_repeated(store):
    sender = new_sender()

    async def main():
        tracker = await store.get_or_create_tracker(sender)
        turn(tracker, "once")
        mark = tracker._spine_stored
        await store.save(tracker)
        # replay the same save as a retry would after a dropped connection: the rows are already there
        tracker._spine_stored = mark
        real_retrying = store._retrying

        async def second_attempt(what, sender_id, work):
            return await real_retrying(what, sender_id, lambda _: work(1))

        store._retrying = second_attempt
        await store.save(tracker)
        store._retrying = real_retrying
        return await store.retrieve(sender)

    assert texts(run(main())) == ["once"]


def test_unreachable_database_at_start_gives_up_with_a_clear_message():
    start = time.monotonic()
    with pytest.raises(ConnectionException, match="cannot reach the database"):
        SafeTrackerStore(domain=DOMAIN, url=f"postgresql://postgres@127.0.0.1:{free_port()}/x",
                         startup_timeout=2, connect_timeout=1)
    assert time.monotonic() - start < 15


def test_pool_larger_than_max_connections_is_refused_at_start(database):
    with pytest.raises(ConnectionException, match="max_connections"):
        SafeTrackerStore(domain=DOMAIN, url=database, servers=40, pool_size=5, max_overflow=5)


def test_a_database_that_goes_away_raises_instead_of_starting_over(database):
    store = SafeTrackerStore(domain=DOMAIN, url=database, retry_seconds=1)
    sender = new_sender()

    async def main():
        tracker = await store.get_or_create_tracker(sender)
        turn(tracker, "kept")
        await store.save(tracker)
        store.engine.dispose()
        import sqlalchemy as sa

        # the same store, now pointing at a port where no database listens
        store.engine = sa.create_engine(store.engine.url.set(port=free_port()), connect_args={"connect_timeout": 1})
        store.sessionmaker = sa.orm.session.sessionmaker(bind=store.engine)
        with pytest.raises(TrackerStoreUnavailable):
            await store.retrieve(sender)
        turn(tracker, "not saved")
        with pytest.raises(TrackerStoreUnavailable):
            await store.save(tracker)

    run(main())


def test_the_agent_does_not_wrap_this_store_in_rasas_fail_safe_store(tmp_path):
    store = SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    install_guards()
    agent = Agent(domain=DOMAIN, tracker_store=store)
    assert agent.tracker_store is store


def test_the_default_endpoints_use_this_store_on_sqlite(tmp_path, monkeypatch):
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path

    from tools.stack import ROOT

    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("ACTION_URL", "http://127.0.0.1:1/webhook")
    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    store = TrackerStore.create(endpoints.tracker_store, domain=DOMAIN)
    assert isinstance(store, SafeTrackerStore) and not store.is_postgres


# ---------------------------------------------------------------------- the cache of saved trackers

async def saved_turn(store, sender, text):
    """A new conversation with one turn, saved; its tracker."""
    tracker = await store.get_or_create_tracker(sender)
    turn(tracker, text)
    await store.save(tracker)
    return tracker

@pytest.fixture
def replays(monkeypatch):
    """How many trackers were rebuilt from stored rows (DialogueStateTracker.from_dict)."""
    from rasa.shared.core.trackers import DialogueStateTracker

    calls = []
    plain = DialogueStateTracker.from_dict.__func__

    def counted(cls, *args, **kwargs):
        calls.append(args[0])
        return plain(cls, *args, **kwargs)

    monkeypatch.setattr(DialogueStateTracker, "from_dict", classmethod(counted))
    return calls


def second_store(store, tmp_path):
    """Another server's store on the same database."""
    if store.is_postgres:
        return SafeTrackerStore(domain=DOMAIN, url=str(store.engine.url.render_as_string(hide_password=False)),
                                servers=2)
    return SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))


def delete_rows(store, sender):
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender})


def test_a_saved_tracker_is_handed_back_without_reading_its_rows(store, replays):
    sender = new_sender()

    async def main():
        tracker = await saved_turn(store, sender, "one")
        return tracker, await store.retrieve(sender)

    saved, again = run(main())
    assert again is saved
    assert replays == []


def test_a_second_reader_during_a_turn_reads_the_database(store, replays):
    sender = new_sender()

    async def main():
        await saved_turn(store, sender, "one")
        in_turn = await store.retrieve(sender)  # a turn holds it
        turn(in_turn, "not saved yet")
        return in_turn, await store.retrieve(sender)  # e.g. GET /conversations/<id>/tracker

    in_turn, other = run(main())
    assert other is not in_turn
    assert texts(other) == ["one"]
    assert replays == [sender]


def test_a_turn_that_failed_is_not_handed_back(store, replays):
    sender = new_sender()

    async def main():
        await saved_turn(store, sender, "one")
        failed = await store.retrieve(sender)
        turn(failed, "lost with the turn")  # never saved
        store._cache[sender] = failed  # even if it were put back, its unsaved events are seen
        return await store.retrieve(sender)

    assert texts(run(main())) == ["one"]
    assert replays == [sender]


def test_a_deletion_by_another_process_is_seen(store, replays):
    sender = new_sender()

    async def main():
        await saved_turn(store, sender, "one")
        delete_rows(store, sender)  # forget me / retention, from the action server
        return await store.retrieve(sender)

    assert run(main()) is None


def test_another_servers_write_is_seen(store, tmp_path, replays):
    sender = new_sender()
    other = second_store(store, tmp_path)

    async def main():
        await saved_turn(store, sender, "on a")
        theirs = await other.retrieve(sender)
        turn(theirs, "on b")
        await other.save(theirs)
        return await store.retrieve(sender)

    assert texts(run(main())) == ["on a", "on b"]
    assert sender in replays


def test_a_tracker_in_which_a_new_session_began_is_read_again(store, replays):
    from rasa.shared.core.events import SessionStarted

    sender = new_sender()

    async def main():
        tracker = await store.get_or_create_tracker(sender)
        turn(tracker, "old session")
        tracker.update(SessionStarted())
        turn(tracker, "new session")
        await store.save(tracker)
        return await store.retrieve(sender)

    again = run(main())
    assert texts(again) == ["new session"]  # only the latest session, as a read gives it
    assert replays == [sender]


@pytest.mark.parametrize("size, replayed", [(0, 2), (1, 1), (2, 0)])
def test_the_cache_keeps_the_latest_trackers_up_to_its_size(tmp_path, replays, size, replayed):
    store = SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), cache_size=size)
    first, second = new_sender(), new_sender()

    async def main():
        for sender in (first, second):
            await saved_turn(store, sender, sender)
        return [await store.retrieve(sender) for sender in (first, second)]

    assert [texts(t) for t in run(main())] == [[first], [second]]
    assert len(replays) == replayed
