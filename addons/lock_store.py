"""A conversation lock on Redis that is safe when several Rasa servers share one Redis.

Rasa 3.6's `RedisLockStore` issues tickets with a GET then a SET and its clean-up can delete a lock
another server has just taken, so two servers may run the same conversation at once; its waiters
poll every second with a blocking client. This store keeps Rasa's idea (a first-come-first-served
ticket lock per conversation) but does every step as one Lua script, so each step is atomic:

- `lock:<id>` is a hash {gen, next, serving}. `gen` is a random generation chosen when the hash is
  created: a ticket is (gen, number), so a ticket issued before the hash was dropped (queue drained,
  Redis restarted) can never match a new ticket with the same number.
- every ticket has a liveness key `lock:<id>:t:<gen>:<n>` that expires after `lifetime` seconds and
  is renewed every `lifetime / 3` seconds by the process that holds or awaits it. A ticket whose key
  is gone belongs to a process that died (kill -9): the queue skips it. So a crash blocks the
  conversation for at most `lifetime`, while a slow turn keeps its lock as long as it runs.
- waiters are woken by one Redis pub/sub subscription per process (a release publishes the
  conversation id), with a slow re-check as a safety net: no polling storm.
- the client is `redis.asyncio`: nothing blocks the event loop.

endpoints.yml:
    lock_store:
      type: addons.lock_store.TicketLockStore
      url: ${REDIS_URL}            # redis://host:6379/1 (rediss:// for TLS; user:password@ allowed)
      lifetime: 30                 # seconds a dead process may block a conversation
      wait_timeout: 60             # a message waits at most this long for its turn, then fails
      startup_timeout: 30          # start-up gives up when Redis cannot be reached within this
      key_prefix: spine            # optional: several assistants on one Redis

Scripts touch keys they derive from their KEYS[1], so this needs a single Redis (or a primary with
replicas), not Redis Cluster.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, LockStore
from rasa.shared.exceptions import ConnectionException

logger = logging.getLogger(__name__)

DEFAULT_LIFETIME = 30.0
DEFAULT_WAIT_TIMEOUT = 60.0
DEFAULT_STARTUP_TIMEOUT = 30.0
# Waiters re-check at least this often even without a release message (lost message, Redis restart).
RECHECK_SECONDS = 1.0

# Each script returns what the Python side needs; all of them refresh the hash's expiry (`keep`),
# so the hash outlives every live ticket and disappears on its own when all its processes died.
ISSUE = """
local gen = redis.call('HGET', KEYS[1], 'gen')
if not gen then
  gen = ARGV[1]
  redis.call('HSET', KEYS[1], 'gen', gen, 'next', 0, 'serving', 1)
end
local n = redis.call('HINCRBY', KEYS[1], 'next', 1)
redis.call('SET', KEYS[1] .. ':t:' .. gen .. ':' .. n, '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {gen, n}
"""

# 1: the caller holds the lock now; 0: wait; -1: the ticket is void (expired or from an old
# generation): the caller must not run. A waiter's check also renews its ticket.
TRY = """
local h = redis.call('HMGET', KEYS[1], 'gen', 'serving')
if not h[1] or h[1] ~= ARGV[1] then return -1 end
local base = KEYS[1] .. ':t:' .. ARGV[1] .. ':'
local n = tonumber(ARGV[2])
if redis.call('PEXPIRE', base .. n, ARGV[4]) == 0 then return -1 end
local serving = tonumber(h[2])
while serving < n and redis.call('EXISTS', base .. serving) == 0 do
  serving = serving + 1
end
redis.call('HSET', KEYS[1], 'serving', serving)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if serving == n then return 1 end
if serving > n then return -1 end
return 0
"""

RENEW = """
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return 0 end
local key = KEYS[1] .. ':t:' .. ARGV[1] .. ':' .. ARGV[2]
if redis.call('PEXPIRE', key, ARGV[3]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
"""

# Drops the ticket; if it was being served, the next ticket is served, and when none is left the
# hash goes (atomically: no ticket can be issued between the check and the delete).
RELEASE = """
redis.call('DEL', KEYS[1] .. ':t:' .. ARGV[1] .. ':' .. ARGV[2])
local h = redis.call('HMGET', KEYS[1], 'gen', 'next', 'serving')
if not h[1] or h[1] ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[2])
if tonumber(h[3]) == n then
  if n >= tonumber(h[2]) then
    redis.call('DEL', KEYS[1])
  else
    redis.call('HSET', KEYS[1], 'serving', n + 1)
  end
end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
"""


def _config(endpoint_config: Any, kwargs: Dict[Text, Any]) -> Dict[Text, Any]:
    settings: Dict[Text, Any] = {}
    if endpoint_config is not None:
        settings.update(endpoint_config.kwargs or {})
        if endpoint_config.url:
            settings["url"] = endpoint_config.url
    settings.update(kwargs)
    return settings


class TicketLockStore(LockStore):
    """Fair, crash-safe ticket lock per conversation on Redis (see the module docstring)."""

    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        cfg = _config(endpoint_config, kwargs)
        self.url = str(cfg.get("url") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1")
        if "://" not in self.url:  # Rasa's own redis lock store takes a bare host name
            self.url = f"redis://{self.url}:{int(cfg.get('port', 6379))}/{int(cfg.get('db', 1))}"
        self.lifetime = float(cfg.get("lifetime") or os.environ.get("LOCK_LIFETIME") or DEFAULT_LIFETIME)
        self.wait_timeout = float(cfg.get("wait_timeout") or DEFAULT_WAIT_TIMEOUT)
        self.socket_timeout = float(cfg.get("socket_timeout") or 5)
        prefix = str(cfg.get("key_prefix") or "")
        self.prefix = f"{prefix}:lock:" if prefix else "lock:"
        self.channel = f"{self.prefix}released"
        self._clients: Dict[int, Tuple[Any, Any]] = {}
        self._waiters: Dict[Text, set] = {}
        self._listener: Optional[asyncio.Task] = None
        super().__init__()
        self._check_reachable(float(cfg.get("startup_timeout") or DEFAULT_STARTUP_TIMEOUT))

    # ------------------------------------------------------------------ connection
    def _check_reachable(self, timeout: float) -> None:
        """Give up with a clear message when Redis does not answer within `timeout` seconds."""
        import redis

        deadline = time.monotonic() + timeout
        client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=2)
        try:
            while True:
                try:
                    client.ping()
                    logger.info(f"Lock store: Redis at {_safe_url(self.url)} is reachable.")
                    return
                except redis.RedisError as error:
                    if time.monotonic() >= deadline:
                        raise ConnectionException(
                            f"Lock store: cannot reach Redis at {_safe_url(self.url)} within {timeout:.0f}s "
                            f"({error}). Start Redis or set REDIS_URL, then start the server again."
                        ) from error
                    time.sleep(1)
        finally:
            client.close()

    def _client(self) -> Any:
        """One async client (connection pool) per event loop."""
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeout

        loop = asyncio.get_running_loop()
        known = self._clients.get(id(loop))
        client = known[1] if known is not None and known[0] is loop else None
        if client is None:
            client = aioredis.Redis.from_url(
                self.url, socket_timeout=self.socket_timeout, socket_connect_timeout=self.socket_timeout,
                retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
                retry_on_error=[RedisConnectionError, RedisTimeout], health_check_interval=10,
            )
            client._spine_scripts = {  # type: ignore[attr-defined]
                name: client.register_script(src)
                for name, src in (("issue", ISSUE), ("try", TRY), ("renew", RENEW), ("release", RELEASE))
            }
            self._clients = {id(loop): (loop, client)}  # Rasa runs one loop; a new loop replaces the old
        return client

    async def _run(self, script: Text, conversation_id: Text, *args: Any) -> Any:
        client = self._client()
        return await client._spine_scripts[script](keys=[self.prefix + conversation_id], args=list(args))

    # ------------------------------------------------------------------ the ticket protocol
    async def issue(self, conversation_id: Text) -> Tuple[Text, int]:
        gen, number = await self._run(
            "issue", conversation_id, secrets.token_hex(8), self._ms(self.lifetime), self._ms(self.keep)
        )
        return (gen.decode() if isinstance(gen, bytes) else str(gen)), int(number)

    async def try_acquire(self, conversation_id: Text, ticket: Tuple[Text, int]) -> int:
        return int(await self._run(
            "try", conversation_id, ticket[0], ticket[1], self._ms(self.keep), self._ms(self.lifetime)))

    async def renew(self, conversation_id: Text, ticket: Tuple[Text, int]) -> bool:
        return bool(await self._run(
            "renew", conversation_id, ticket[0], ticket[1], self._ms(self.lifetime), self._ms(self.keep)))

    async def release(self, conversation_id: Text, ticket: Tuple[Text, int]) -> None:
        await self._run("release", conversation_id, ticket[0], ticket[1], self.channel, conversation_id)

    @property
    def keep(self) -> float:
        return 2 * self.lifetime

    @staticmethod
    def _ms(seconds: float) -> int:
        return max(1, int(seconds * 1000))

    # ------------------------------------------------------------------ what Rasa calls
    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = 0, wait_time_in_seconds: float = 0
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock for the body; renewed while the body runs.

        Raises LockError when Redis fails, when the wait exceeds `wait_timeout`, or when this
        ticket was voided (this process stalled longer than `lifetime`).
        """
        from redis.exceptions import RedisError

        try:
            ticket = await self.issue(conversation_id)
        except RedisError as error:
            raise LockError(f"Lock store: Redis error while issuing a ticket for '{conversation_id}': {error}") from error
        renewer = asyncio.create_task(self._keep_alive(conversation_id, ticket))
        try:
            await self._wait_for_turn(conversation_id, ticket)
            yield TicketLock(conversation_id)
        finally:
            renewer.cancel()
            try:
                await self.release(conversation_id, ticket)
            except RedisError as error:  # the liveness key expires on its own
                logger.error(f"Lock store: could not release the lock of '{conversation_id}': {error}")

    async def _wait_for_turn(self, conversation_id: Text, ticket: Tuple[Text, int]) -> None:
        from redis.exceptions import RedisError

        deadline = time.monotonic() + self.wait_timeout
        self._ensure_listener()
        wake = asyncio.Event()
        self._waiters.setdefault(conversation_id, set()).add(wake)
        try:
            while True:
                wake.clear()
                try:
                    state = await self.try_acquire(conversation_id, ticket)
                except RedisError as error:
                    raise LockError(f"Lock store: Redis error while waiting for '{conversation_id}': {error}") from error
                if state == 1:
                    return
                if state < 0:
                    raise LockError(f"Lock store: the ticket for '{conversation_id}' expired while waiting.")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LockError(
                        f"Lock store: waited more than {self.wait_timeout:.0f}s for '{conversation_id}'.")
                try:
                    await asyncio.wait_for(wake.wait(), timeout=min(RECHECK_SECONDS, left))
                except asyncio.TimeoutError:
                    pass
        finally:
            waiters = self._waiters.get(conversation_id)
            if waiters is not None:
                waiters.discard(wake)
                if not waiters:
                    del self._waiters[conversation_id]

    async def _keep_alive(self, conversation_id: Text, ticket: Tuple[Text, int]) -> None:
        while True:
            await asyncio.sleep(self.lifetime / 3)
            try:
                if not await self.renew(conversation_id, ticket):
                    logger.error(f"Lock store: the lock of '{conversation_id}' was lost (expired) during its turn.")
                    return
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis down for a moment: try again at the next beat
                logger.warning(f"Lock store: could not renew the lock of '{conversation_id}': {error}")

    # ------------------------------------------------------------------ wake-ups
    def _ensure_listener(self) -> None:
        if self._listener is None or self._listener.done() or self._listener.get_loop() is not asyncio.get_running_loop():
            self._listener = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        """One subscription per process; a release message wakes the local waiters of that id."""
        while True:
            pubsub = None
            try:
                pubsub = self._client().pubsub(ignore_subscribe_messages=True)
                await pubsub.subscribe(self.channel)
                while True:
                    message = await pubsub.get_message(timeout=5.0)
                    if message and message.get("type") == "message":
                        cid = message["data"].decode() if isinstance(message["data"], bytes) else message["data"]
                        for wake in list(self._waiters.get(cid, ())):
                            wake.set()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # waiters still re-check every RECHECK_SECONDS
                logger.debug(f"Lock store: release subscription lost ({error}); reconnecting.")
                await asyncio.sleep(1)
            finally:
                if pubsub is not None:
                    try:
                        await pubsub.close()
                    except Exception:  # noqa: BLE001 - already broken
                        pass

    # ------------------------------------------------------------------ Rasa's sync interface
    # Rasa only calls `lock()`; these exist because the base class declares them.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None


def _safe_url(url: Text) -> Text:
    """The URL without its password, for log lines."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
