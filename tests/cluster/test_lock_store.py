"""The Redis ticket lock (addons/lock_store.py) against the real Redis: mutual exclusion between
stores that share nothing but Redis (as two servers do), first-come-first-served order, renewal
while a turn runs, expiry of a dead holder's ticket, void tickets after the lock state is lost,
no keys left behind, and a clear start-up error when Redis is unreachable."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis

from addons.lock_store import TicketLockStore
from rasa.core.lock_store import LockError
from rasa.shared.exceptions import ConnectionException
from tools.stack import free_port

pytestmark = pytest.mark.cluster


def make_store(redis_url, prefix, **kw):
    return TicketLockStore(url=redis_url, key_prefix=prefix, **kw)


def leftover_keys(redis_url, prefix):
    return redis.Redis.from_url(redis_url).keys(f"{prefix}:*")


def test_two_stores_never_hold_one_conversation_at_once(redis_url, key_prefix):
    stores = [make_store(redis_url, key_prefix, lifetime=5), make_store(redis_url, key_prefix, lifetime=5)]
    active, overlaps, entered = [0], [0], []

    async def turn(i):
        async with stores[i % 2].lock("conv"):
            active[0] += 1
            overlaps[0] += active[0] > 1
            entered.append(i)
            await asyncio.sleep(0.005)
            active[0] -= 1

    async def main():
        await asyncio.gather(*(turn(i) for i in range(60)))

    asyncio.run(main())
    assert overlaps[0] == 0
    assert sorted(entered) == list(range(60))
    assert leftover_keys(redis_url, key_prefix) == []


def test_turns_are_served_in_the_order_tickets_were_issued(redis_url, key_prefix):
    a, b = make_store(redis_url, key_prefix, lifetime=5), make_store(redis_url, key_prefix, lifetime=5)
    order = []

    async def turn(store, i):
        async with store.lock("conv"):
            order.append(i)
            await asyncio.sleep(0.01)

    async def main():
        tasks = []
        for i in range(20):
            tasks.append(asyncio.create_task(turn(a if i % 2 else b, i)))
            await asyncio.sleep(0.02)  # each ticket is issued before the next message arrives
        await asyncio.gather(*tasks)

    asyncio.run(main())
    assert order == list(range(20))


def test_ticket_issue_is_atomic_under_concurrency(redis_url, key_prefix):
    stores = [make_store(redis_url, key_prefix, lifetime=5) for _ in range(4)]

    async def main():
        return await asyncio.gather(*(stores[i % 4].issue("conv") for i in range(200)))

    tickets = asyncio.run(main())
    assert len({gen for gen, _ in tickets}) == 1
    assert sorted(n for _, n in tickets) == list(range(1, 201))


def test_a_running_turn_keeps_its_lock_beyond_the_lifetime(redis_url, key_prefix):
    store, other = make_store(redis_url, key_prefix, lifetime=1), make_store(redis_url, key_prefix, lifetime=1)
    events = []

    async def slow():
        async with store.lock("conv"):
            events.append("slow-in")
            await asyncio.sleep(3.5)  # 3.5 x the lifetime: kept alive by renewal
            events.append("slow-out")

    async def fast():
        await asyncio.sleep(0.2)
        async with other.lock("conv"):
            events.append("fast-in")

    async def main():
        await asyncio.gather(slow(), fast())

    asyncio.run(main())
    assert events == ["slow-in", "slow-out", "fast-in"]


def test_a_dead_holder_blocks_for_at_most_the_lifetime(redis_url, key_prefix):
    dead, alive = make_store(redis_url, key_prefix, lifetime=1.5), make_store(redis_url, key_prefix, lifetime=1.5)

    async def main():
        ticket = await dead.issue("conv")  # like a server killed with -9 while holding the lock:
        assert await dead.try_acquire("conv", ticket) == 1  # nobody renews or releases it
        start = time.monotonic()
        async with alive.lock("conv"):
            waited = time.monotonic() - start
        # the dead ticket is void now: its process must not run
        assert await dead.try_acquire("conv", ticket) == -1
        return waited

    waited = asyncio.run(main())
    assert 1.0 <= waited <= 4.0


def test_a_ticket_from_a_lost_lock_state_is_void(redis_url, key_prefix):
    store = make_store(redis_url, key_prefix, lifetime=5)
    client = redis.Redis.from_url(redis_url)

    async def main():
        old = await store.issue("conv")
        for key in client.keys(f"{key_prefix}:*"):  # what a Redis restart without persistence does
            client.delete(key)
        new = await store.issue("conv")
        assert new[1] == old[1] == 1 and new[0] != old[0]
        assert await store.try_acquire("conv", old) == -1
        assert await store.try_acquire("conv", new) == 1
        await store.release("conv", new)
        await store.release("conv", old)

    asyncio.run(main())
    assert leftover_keys(redis_url, key_prefix) == []


def test_waiting_longer_than_wait_timeout_fails_with_lock_error(redis_url, key_prefix):
    holder = make_store(redis_url, key_prefix, lifetime=5)
    waiter = make_store(redis_url, key_prefix, lifetime=5, wait_timeout=1)

    async def main():
        async with holder.lock("conv"):
            with pytest.raises(LockError):
                async with waiter.lock("conv"):
                    pass
        async with waiter.lock("conv"):  # the failed waiter's ticket does not block the queue
            pass

    asyncio.run(main())
    assert leftover_keys(redis_url, key_prefix) == []


def test_waiters_are_woken_by_the_release_not_by_a_poll(redis_url, key_prefix):
    a, b = make_store(redis_url, key_prefix, lifetime=5), make_store(redis_url, key_prefix, lifetime=5)

    async def main():
        released = {}

        async def holder():
            async with a.lock("conv"):
                await asyncio.sleep(0.3)
                released["at"] = time.monotonic()

        async def waiter():
            await asyncio.sleep(0.05)
            async with b.lock("conv"):
                return time.monotonic() - released["at"]

        _, delay = await asyncio.gather(holder(), waiter())
        return delay

    delay = asyncio.run(main())
    assert delay < 0.5  # the safety-net re-check is every 1 s


def test_unreachable_redis_fails_start_up_with_a_clear_message():
    start = time.monotonic()
    with pytest.raises(ConnectionException, match="cannot reach Redis"):
        TicketLockStore(url=f"redis://127.0.0.1:{free_port()}/1", startup_timeout=2)
    assert time.monotonic() - start < 10
