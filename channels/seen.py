"""Which platform deliveries were already processed, so a retry or a duplicate is handled once.

`claim(store_key)` is True the first time a key is seen (the caller processes the delivery) and
False afterwards; `release(key)` forgets a claim whose processing failed, so the platform's retry
is processed. Two backends: in memory (one Rasa server; the default) and Redis (several Rasa
servers share the load). `for_app(app)` follows the lock store: when the lock store is on Redis
(Rasa's RedisLockStore: its client `.red`; addons/lock_store.py's TicketLockStore: its `url`) the
same Redis is used, else REDIS_URL if set, else memory. Keys expire after a day (platforms retry
for minutes to hours, not days).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any, Optional, Text

logger = logging.getLogger(__name__)
TTL_SECONDS = 24 * 3600
PREFIX = "spine:seen:"


class MemorySeen:
    def __init__(self, ttl: float = TTL_SECONDS, max_keys: int = 100_000):
        self.ttl, self.max_keys = ttl, max_keys
        self._keys: "OrderedDict[Text, float]" = OrderedDict()
        self._lock = threading.Lock()

    def claim(self, key: Text) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._keys and next(iter(self._keys.values())) <= now:
                self._keys.popitem(last=False)
            if key in self._keys:
                return False
            self._keys[key] = now + self.ttl
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
            return True

    def release(self, key: Text) -> None:
        with self._lock:
            self._keys.pop(key, None)


class RedisSeen:
    """SET NX EX: atomic, so two servers receiving the same delivery process it once."""

    def __init__(self, client: Any, ttl: int = TTL_SECONDS, prefix: Text = PREFIX):
        self.client, self.ttl, self.prefix = client, ttl, prefix

    @classmethod
    def from_url(cls, url: Text, **kwargs: Any) -> "RedisSeen":
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2), **kwargs)

    def claim(self, key: Text) -> bool:
        return bool(self.client.set(self.prefix + key, b"1", nx=True, ex=self.ttl))

    def release(self, key: Text) -> None:
        self.client.delete(self.prefix + key)


class Seen:
    """A store that falls back to memory (with a warning) if Redis cannot be reached: a rare
    duplicate reply is better than a lost patient message."""

    def __init__(self, primary: Any):
        self.primary = primary
        self.memory = primary if isinstance(primary, MemorySeen) else MemorySeen()

    def claim(self, key: Text) -> bool:
        if self.primary is self.memory:
            return self.memory.claim(key)
        try:
            return self.primary.claim(key)
        except Exception as err:  # redis.RedisError and socket errors
            logger.warning("seen-ids store unavailable (%s): using memory for %s", err, key)
            return self.memory.claim(key)

    def release(self, key: Text) -> None:
        try:
            self.primary.release(key)
        except Exception as err:
            logger.warning("seen-ids store unavailable (%s)", err)
        self.memory.release(key)


def create(lock_store: Optional[Any] = None) -> Seen:
    client = getattr(lock_store, "red", None)
    if client is not None and hasattr(client, "set"):
        logger.info("seen-ids store: the lock store's Redis")
        return Seen(RedisSeen(client))
    url = str(getattr(lock_store, "url", "") or "")
    if url.startswith(("redis://", "rediss://", "unix://")):  # addons/lock_store.py: its Redis URL
        logger.info("seen-ids store: the lock store's Redis URL")
        return Seen(RedisSeen.from_url(url))
    url = os.environ.get("REDIS_URL", "")
    if url:
        logger.info("seen-ids store: Redis at REDIS_URL")
        return Seen(RedisSeen.from_url(url))
    return Seen(MemorySeen())


def for_app(app: Any) -> Seen:
    """The app's store, made on first use (the agent's lock store exists only once Rasa runs)."""
    store = getattr(app.ctx, "spine_seen", None)
    if store is None:
        agent = getattr(app.ctx, "agent", None)
        store = create(getattr(agent, "lock_store", None))
        app.ctx.spine_seen = store
    return store
