"""The seen-ids store: once per key, in memory and in the REAL local Redis (shared by two
"servers", racing threads), a released claim can be claimed again, and the backend follows the
lock store (its Redis client) or REDIS_URL."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis

from channels import seen

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def red():
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as err:
        pytest.fail(f"the local Redis at {REDIS_URL} is not running: {err}", pytrace=False)
    yield client
    for key in client.scan_iter(f"{seen.PREFIX}test-*"):
        client.delete(key)


def test_memory_claims_once_and_releases():
    store = seen.MemorySeen()
    assert store.claim("slack:1") and not store.claim("slack:1")
    store.release("slack:1")
    assert store.claim("slack:1")


def test_memory_forgets_after_its_ttl_and_stays_bounded():
    store = seen.MemorySeen(ttl=0, max_keys=3)
    assert store.claim("a") and store.claim("a"), "an expired key is new again"
    store = seen.MemorySeen(max_keys=3)
    for key in "abcd":
        assert store.claim(key)
    assert len(store._keys) == 3


def test_redis_once_across_two_servers_racing(red):
    key = f"test-{uuid.uuid4().hex}"
    servers = [seen.RedisSeen.from_url(REDIS_URL) for _ in range(2)]
    wins = []
    barrier = threading.Barrier(8)

    def race(store):
        barrier.wait()
        wins.append(store.claim(key))

    threads = [threading.Thread(target=race, args=(servers[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]
    assert 0 < red.ttl(seen.PREFIX + key) <= seen.TTL_SECONDS
    servers[1].release(key)
    assert servers[0].claim(key)


def test_the_backend_follows_the_lock_store(monkeypatch, red):
    monkeypatch.delenv("REDIS_URL", raising=False)

    class RedisLockStore:  # what Rasa's RedisLockStore exposes: its client as `.red`
        def __init__(self):
            self.red = red

    class TicketLockStore:  # addons/lock_store.py: keeps its Redis URL
        url = REDIS_URL

    assert isinstance(seen.create(RedisLockStore()).primary, seen.RedisSeen)
    by_url = seen.create(TicketLockStore())
    assert isinstance(by_url.primary, seen.RedisSeen)
    key = f"test-{uuid.uuid4().hex}"
    assert by_url.claim(key) and red.exists(seen.PREFIX + key)
    assert isinstance(seen.create(object()).primary, seen.MemorySeen)
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    store = seen.create(object())
    assert isinstance(store.primary, seen.RedisSeen)
    key = f"test-{uuid.uuid4().hex}"
    assert store.claim(key) and not store.claim(key)
    assert red.exists(seen.PREFIX + key)


def test_an_unreachable_redis_falls_back_to_memory():
    store = seen.Seen(seen.RedisSeen.from_url("redis://127.0.0.1:1/0"))
    assert store.claim("test-x") and not store.claim("test-x")
