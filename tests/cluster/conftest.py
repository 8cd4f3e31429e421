"""Fixtures for the cluster tests: the REAL PostgreSQL, Redis and nginx of this machine.

A test that needs a service it cannot reach is skipped with the reason, unless CLUSTER_TESTS=required
(CI sets it): then it fails. Each test session uses its own PostgreSQL database
(spine_test_<random>, dropped at the end) and its own Redis key prefix, so runs never collide.
The services are the local ones by default; set PG_ADMIN_URL / REDIS_URL to use others.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from typing import Iterator

import pytest

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/1")
REQUIRED = os.environ.get("CLUSTER_TESTS", "").lower() == "required"

# How this machine restarts its services (the commands CI's images use).
PG_RESTART = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart"
PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
REDIS_START = ("redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no "
               "--dir /var/lib/redis --logfile /var/log/redis/ci.log")


def unavailable(reason: str) -> None:
    """Skip, or fail when the cluster tests are required."""
    message = f"cluster test needs {reason}"
    if REQUIRED:
        pytest.fail(message + " (CLUSTER_TESTS=required)", pytrace=False)
    pytest.skip(message + "; set CLUSTER_TESTS=required to make this a failure")


def pg_ok(url: str = PG_ADMIN_URL) -> bool:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=3).close()
        return True
    except psycopg2.Error:
        return False


def redis_ok(url: str = REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not back within {timeout:.0f}s")
        time.sleep(0.5)


def ensure_services_running() -> None:
    """Start PostgreSQL and Redis again if a fault test left them down (called after each test)."""
    if not pg_ok():
        subprocess.run(PG_START, shell=True, check=False, capture_output=True)
        wait_until(pg_ok, 60, "PostgreSQL")
    if not redis_ok():
        subprocess.run(REDIS_START, shell=True, check=False, capture_output=True)
        wait_until(redis_ok, 30, "Redis")


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not redis_ok():
        unavailable(f"Redis at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def key_prefix() -> str:
    return "t" + secrets.token_hex(6)


@pytest.fixture(scope="session")
def pg_admin() -> str:
    if not pg_ok():
        unavailable(f"PostgreSQL at {PG_ADMIN_URL}")
    return PG_ADMIN_URL


def _admin(url: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url, connect_timeout=5)
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def database(pg_admin) -> Iterator[str]:
    """A fresh database for this test session; its URL. Dropped at the end."""
    name = f"spine_test_{secrets.token_hex(4)}"
    _admin(pg_admin, f"CREATE DATABASE {name}")
    base = pg_admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        ensure_services_running()
        _admin(pg_admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def nginx() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not path:
        unavailable("nginx (install it with `make cluster-deps`)")
    return path


@pytest.fixture(autouse=True)
def services_back_after_test() -> Iterator[None]:
    """Whatever a fault test did, PostgreSQL and Redis run again afterwards."""
    had_pg, had_redis = pg_ok(), redis_ok()
    yield
    if had_pg and not pg_ok():
        subprocess.run(PG_START, shell=True, check=False, capture_output=True)
        wait_until(pg_ok, 60, "PostgreSQL")
    if had_redis and not redis_ok():
        subprocess.run(REDIS_START, shell=True, check=False, capture_output=True)
        wait_until(redis_ok, 30, "Redis")
