"""The cluster as `make run-cluster` starts it (tools/cluster.py): nginx, 2 Rasa servers, 2 action
servers, the real PostgreSQL (a database of its own) and Redis, started once for this module.

Every test compares each stored conversation with what its client sent (tools/interviews.py):
every message stored exactly once, in order, each answered. The fault tests kill or restart one
piece in the middle of running interviews; the kill of a Rasa server comes last.
"""

from __future__ import annotations

import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.cluster.conftest import PG_RESTART, PG_START, REDIS_START, pg_ok, redis_ok, wait_until
from tools.cluster import Cluster
from tools.interviews import (ANSWERS, APOLOGY_START, FLAG_ANSWERS, Interview, check_tracker, patient_address, run_all,
                              user_texts)
from tools.stack import ROOT, new_sender

pytestmark = pytest.mark.cluster

LOGS = ROOT / "results" / "cluster"
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


@pytest.fixture(scope="module")
def cluster(database, redis_url, nginx):
    running = Cluster(logs=LOGS, db_url=database, redis_url=redis_url, lock_lifetime=20,
                      extra_env={"EMERGENCY_NUMBER": "999"})
    with running:
        yield running


def interviews(cluster, count, full_every=3):
    """`count` interviews through nginx; every `full_every`-th one is a full interview."""
    return [Interview(cluster.url, cluster.token, api_url=cluster.api_url, sender=new_sender("cl"),
                      answers=dict(ANSWERS if i % full_every == 0 else FLAG_ANSWERS)) for i in range(count)]


def assert_all_kept(cluster, patients, outcomes):
    failures = [f"{p.sender}: {e!r}" for p, e in zip(patients, outcomes, strict=True) if e is not None]
    assert not failures, "\n".join(failures)
    for patient in patients:
        assert patient.finished, f"{patient.sender} did not finish: {patient.slots}"
        problems = check_tracker(cluster.tracker(patient.sender), patient.sent)
        assert not problems, f"{patient.sender}: " + "\n".join(problems)


def run_with_fault(cluster, patients, fault, after_messages):
    """Run the interviews; call `fault()` once they have sent `after_messages` messages in all."""
    outcomes = {}

    def go():
        outcomes["value"] = run_all(patients)

    runner = threading.Thread(target=go)
    runner.start()
    deadline = time.monotonic() + 300
    while sum(len(p.sent) for p in patients) < after_messages and runner.is_alive():
        assert time.monotonic() < deadline, "interviews made no progress"
        time.sleep(0.2)
    assert runner.is_alive(), "the interviews finished before the fault: raise after_messages"
    fault()
    runner.join(600)
    return outcomes["value"]


@pytest.mark.parametrize("path", ["/status", "/version", "/conversations/someone/tracker", "/model/parse"])
def test_the_public_port_serves_only_the_channels(cluster, path):
    public = requests.get(f"{cluster.url}{path}", params={"token": cluster.token}, timeout=10)
    assert public.status_code == 404
    internal = requests.get(f"{cluster.api_url}/status", params={"token": cluster.token}, timeout=10)
    assert internal.status_code == 200 and "model_file" in internal.json()


def test_a_flood_from_one_address_gets_429_and_the_cluster_keeps_serving(cluster):
    def post(_):
        # an empty body: Rasa answers 4xx at once, so the flood costs no dialogue work
        return requests.post(f"{cluster.url}/webhooks/rest/webhook", data=b"", timeout=30).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(post, range(150)))
    assert 429 in codes and all(c in (400, 429) for c in codes), sorted(set(codes))
    # the limit is per address: right after the flood, a patient on another address (as each of the
    # benchmarks' patients is) is served at its first attempt
    other = Interview(cluster.url, cluster.token, api_url=cluster.api_url, sender=new_sender("other-address"),
                      source_address=patient_address(0))
    assert other.send("hello") and other.errors == []
    time.sleep(5)  # the bucket refills at NGINX_RATE
    patient = Interview(cluster.url, cluster.token, api_url=cluster.api_url, sender=new_sender("after-flood"))
    assert patient.send("hello")


def test_a_burst_through_both_servers_is_stored_exactly_once_and_answered(cluster):
    sender = new_sender("burst")
    cluster.say(sender, "hello")
    texts = [f"what is sciatica {word}" for word in WORDS]

    def send(i):
        return cluster.say(sender, texts[i], base=cluster.server_url(i % 2))

    with ThreadPoolExecutor(len(texts)) as pool:
        replies = list(pool.map(send, range(len(texts))))
    assert all(replies), "a message got no reply"
    assert not any(APOLOGY_START in (m.get("text") or "") for r in replies for m in r)
    tracker = cluster.tracker(sender)
    stored = user_texts(tracker)
    assert stored[0] == "hello" and sorted(stored[1:]) == sorted(texts) and len(stored) == 1 + len(texts)
    # each message was answered, once: the replies to one never straddle another
    assert not check_tracker(tracker, stored)


def test_messages_sent_one_after_another_are_stored_in_that_order(cluster):
    sender = new_sender("order")
    cluster.say(sender, "hello")
    texts = [f"what is sciatica {word}" for word in WORDS[:12]]
    with ThreadPoolExecutor(len(texts)) as pool:
        futures = []
        for i, text in enumerate(texts):  # alternate servers; each arrives before the previous is answered
            futures.append(pool.submit(cluster.say, sender, text, 120, cluster.server_url(i % 2)))
            time.sleep(0.5)
        replies = [f.result() for f in futures]
    assert all(replies)
    tracker = cluster.tracker(sender)
    assert user_texts(tracker) == ["hello"] + texts
    assert not check_tracker(tracker, ["hello"] + texts)


def test_database_down_gets_the_apology_and_never_a_fresh_conversation(cluster):
    patient = Interview(cluster.url, cluster.token, api_url=cluster.api_url, sender=new_sender("dbdown"))
    patient.send(patient.opening)
    before = cluster.tracker(patient.sender)
    subprocess.run(PG_RESTART.replace(" restart", " stop"), shell=True, check=True, capture_output=True)
    try:
        replies = cluster.say(patient.sender, "no, all normal")
    finally:
        subprocess.run(PG_START, shell=True, check=True, capture_output=True)
        wait_until(pg_ok, 60, "PostgreSQL")
    assert len(replies) == 1 and replies[0]["text"].startswith(APOLOGY_START)
    assert "call 999" in replies[0]["text"]
    logs = "".join(server.log_path.read_text(errors="replace") for server in cluster.rasa)
    assert f"Tracker store: could not read conversation '{patient.sender}'" in logs
    after = cluster.tracker(patient.sender)
    assert after["events"] == before["events"]  # not restarted, nothing half-written
    replies = cluster.say(patient.sender, "no, all normal")  # the patient tries again: it works
    assert replies and not replies[0]["text"].startswith(APOLOGY_START)
    assert user_texts(cluster.tracker(patient.sender)) == [patient.opening, "no, all normal"]


def test_postgresql_restart_mid_interviews_loses_nothing(cluster):
    patients = interviews(cluster, 6)
    outcomes = run_with_fault(
        cluster, patients, after_messages=10,
        fault=lambda: subprocess.run(PG_RESTART, shell=True, check=True, capture_output=True))
    assert_all_kept(cluster, patients, outcomes)


def test_redis_restart_mid_interviews_loses_nothing(cluster):
    def restart_redis():
        subprocess.run("redis-cli shutdown nosave", shell=True, check=False, capture_output=True)
        wait_until(lambda: not redis_ok(), 10, "Redis shutdown")
        time.sleep(1)
        subprocess.run(REDIS_START, shell=True, check=True, capture_output=True)
        wait_until(redis_ok, 30, "Redis")

    patients = interviews(cluster, 6)
    outcomes = run_with_fault(cluster, patients, after_messages=10, fault=restart_redis)
    assert_all_kept(cluster, patients, outcomes)


def test_action_server_killed_mid_interviews_loses_nothing(cluster):
    patients = interviews(cluster, 6)
    outcomes = run_with_fault(cluster, patients, after_messages=10, fault=lambda: cluster.kill_action(0))
    assert not cluster.actions[0].running
    assert_all_kept(cluster, patients, outcomes)


def test_rasa_server_killed_mid_20_interviews_every_interview_finishes_with_every_answer(cluster):
    patients = interviews(cluster, 20)
    outcomes = run_with_fault(cluster, patients, after_messages=40, fault=lambda: cluster.kill_rasa(0))
    assert not cluster.rasa[0].running
    assert_all_kept(cluster, patients, outcomes)
    assert requests.get(f"{cluster.api_url}/status", params={"token": cluster.token}, timeout=10).ok
