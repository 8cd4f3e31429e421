"""The event broker (Rasa's pika type, on the real RabbitMQ): off unless RABBITMQ_URL is set; when it is,
the generated endpoints publish exactly the events the tracker store stored, once each."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
from urllib.parse import urlsplit

import pytest

from addons.tracker_store import SafeTrackerStore
from rasa.core.brokers.broker import EventBroker
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from tests.cluster.conftest import unavailable
from tools.cluster import rabbitmq_env, render_endpoints
from tools.stack import new_sender

pytestmark = pytest.mark.cluster

RABBITMQ_URL = os.environ.get("CLUSTER_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet]\n")


@pytest.fixture
def rabbitmq():
    parts = urlsplit(RABBITMQ_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 5672), timeout=3).close()
    except OSError:
        unavailable(f"RabbitMQ at {parts.hostname}:{parts.port or 5672}")
    return RABBITMQ_URL


def endpoints(tmp_path, monkeypatch, rabbitmq_url):
    for key, value in {"ACTION_URL": "http://127.0.0.1:1/webhook", "DB_URL": "sqlite://", "RASA_SERVERS": "1",
                       "REDIS_URL": "redis://127.0.0.1:6379/1", "LOCK_LIFETIME": "30",
                       **rabbitmq_env(rabbitmq_url)}.items():
        monkeypatch.setenv(key, value)
    return read_endpoints_from_path(render_endpoints(tmp_path / "endpoints.yml", rabbitmq_url))


def test_no_event_broker_without_rabbitmq_url(tmp_path, monkeypatch):
    assert endpoints(tmp_path, monkeypatch, None).event_broker is None


def test_stored_events_are_published_once_each(rabbitmq, tmp_path, monkeypatch):
    import aio_pika

    config = endpoints(tmp_path, monkeypatch, rabbitmq).event_broker
    assert config.type == "pika"
    queue_name = f"spine_test_{secrets.token_hex(4)}"
    config.kwargs["queues"] = [queue_name]
    sender = new_sender()

    async def main():
        broker = await EventBroker.create(config, loop=asyncio.get_running_loop())
        store = SafeTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"), event_broker=broker)
        tracker = await store.get_or_create_tracker(sender)  # 1 event: action_listen
        tracker.update(UserUttered("hello", {"name": "greet", "confidence": 1.0}))
        tracker.update(BotUttered("hi"))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        await store.save(tracker)  # nothing new: nothing published
        await asyncio.sleep(1)
        await broker.close()

        connection = await aio_pika.connect_robust(rabbitmq)
        got = []
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(queue_name, durable=True)
            while True:
                message = await queue.get(fail=False, timeout=5)
                if message is None:
                    break
                await message.ack()
                got.append(json.loads(message.body))
            await queue.delete(if_unused=False, if_empty=False)
        return got

    got = asyncio.run(main())
    assert [(e["sender_id"], e["event"]) for e in got] == [
        (sender, "action"), (sender, "user"), (sender, "bot"), (sender, "action")]
