"""Scripted interviews for the cluster tests, the benchmark and the soak (REST + the HTTP API).

A client of a cluster sees failures a single server never shows: a 502 when the server it was talking
to dies, the "please try again" apology while the database restarts. `Interview.send` delivers a
message exactly once anyway: after any failure it reads the tracker (HTTP API) to learn whether the
message was stored, and sends it again only if it was not. `check_tracker` then compares the tracker
with what the client knows it sent: nothing lost, nothing duplicated, every message answered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import requests
from requests.adapters import HTTPAdapter

from actions.triage.contract import TRIAGE_LEVELS
from actions.triage.knowledge import message

# The start of the tracker store's apology (addons/tracker_store.py), up to its first field
APOLOGY_START = message("store", "apology").split(" and ")[0]

# Answers by requested_slot (conversation contract); an interview finishes with "routine".
ANSWERS: Dict[str, str] = {
    "symptom_location": "the outside of my right shin and the top of my foot",
    "symptom_side": "right",
    "symptom_character": "shooting pain with pins and needles",
    "bladder_bowel_change": "no, all normal",
    "saddle_numbness": "no",
    "leg_weakness": "no",
    "weakness_worsening": "no",
    "heel_walk_difficulty": "I can walk on my heels fine",
    "toe_walk_difficulty": "tiptoes are fine",
    "aggravating_posture": "sitting and coughing",
    "relieving_posture": "walking about",
    "back_pain": "a little",
    "fever": "no",
    "cancer_history": "never",
    "weight_loss": "no",
    "recent_trauma": "no, I was lifting a box",
    "calf_swelling": "no",
    "diabetes": "no",
    "symptom_duration": "two weeks",
    "age": "thirty-five",
}
OPENING = "shooting pain down the outside of my right shin into the top of my foot"
# A shorter interview: the weakness answer is a red flag and ends it (progressive weakness).
FLAG_ANSWERS = dict(ANSWERS, leg_weakness="yes, my right foot is getting weaker every day and I trip on it",
                    weakness_worsening="yes, quickly, over the last two days")


class DeliveryError(AssertionError):
    pass


class FromAddress(HTTPAdapter):
    """Connections from one loopback address (127.0.0.0/8), so that nginx sees the clients of a
    benchmark as many patients, each with its own address, as in real use, and its per-address
    limit (limit_req) applies to each of them rather than to all of them at once."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def patient_address(index: int) -> str:
    """The loopback address of simulated patient `index` (127.0.1.0 onwards; never 127.0.0.1)."""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


@dataclass
class Interview:
    """One patient: `run()` goes through the interview; `sent` is what the server accepted."""

    base_url: str
    token: str
    sender: str
    answers: Dict[str, str] = field(default_factory=lambda: dict(ANSWERS))
    opening: str = OPENING
    max_turns: int = 40
    give_up_after: float = 180.0
    sent: List[str] = field(default_factory=list)
    retries: int = 0
    errors: List[str] = field(default_factory=list)
    latencies: List[float] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)
    api_url: str = ""  # where the HTTP API is (nginx's host-only listener); default base_url
    source_address: str = ""  # the patient's own loopback address for the channel; default the system's
    _session: Optional[requests.Session] = field(default=None, repr=False)

    # -- HTTP
    def _post(self, text: str) -> List[Dict[str, Any]]:
        if self._session is None:
            self._session = requests.Session()
            if self.source_address:
                self._session.mount("http://", FromAddress(self.source_address))
        r = self._session.post(f"{self.base_url}/webhooks/rest/webhook",
                          json={"sender": self.sender, "message": text}, timeout=120)
        r.raise_for_status()
        return r.json()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def tracker(self, patient: bool = True) -> Dict[str, Any]:
        """The tracker; retried while the cluster recovers (up to `give_up_after`)."""
        deadline = time.monotonic() + self.give_up_after
        while True:
            try:
                r = requests.get(f"{self.api_url or self.base_url}/conversations/{self.sender}/tracker",
                                 params={"token": self.token, "include_events": "ALL"}, timeout=60)
                if r.status_code == 200:
                    return r.json()
                problem = f"HTTP {r.status_code}"
            except requests.RequestException as error:
                problem = type(error).__name__
            if not patient or time.monotonic() > deadline:
                raise DeliveryError(f"{self.sender}: tracker unreadable ({problem})")
            time.sleep(1)

    # -- exactly-once delivery
    def send(self, text: str) -> List[Dict[str, Any]]:
        deadline = time.monotonic() + self.give_up_after
        while True:
            start = time.monotonic()
            try:
                replies = self._post(text)
                if replies and not any(APOLOGY_START in (m.get("text") or "") for m in replies):
                    self.latencies.append(time.monotonic() - start)
                    self.sent.append(text)
                    return replies
                self.errors.append("apology" if replies else "empty reply")
            except requests.RequestException as error:
                status = getattr(getattr(error, "response", None), "status_code", None)
                self.errors.append(f"HTTP {status}" if status else type(error).__name__)
            if self._stored(text):
                self.sent.append(text)
                return []
            if time.monotonic() > deadline:
                raise DeliveryError(f"{self.sender}: {text!r} not delivered; errors {self.errors[-5:]}")
            self.retries += 1
            time.sleep(1)

    def _stored(self, text: str) -> bool:
        users = user_texts(self.tracker())
        if users == self.sent + [text]:
            return True
        if users == self.sent:
            return False
        raise DeliveryError(f"{self.sender}: tracker diverged from what was sent:\n{users}\nvs\n{self.sent + [text]}")

    # -- the interview
    def run(self) -> "Interview":
        self.send(self.opening)
        for _ in range(self.max_turns):
            self.slots = self.tracker()["slots"]
            question = self.slots.get("requested_slot")
            if not question:
                return self
            self.send(self.answers.get(question, "I'm not sure"))
        raise DeliveryError(f"{self.sender}: not finished after {self.max_turns} turns")

    @property
    def finished(self) -> bool:
        return not self.slots.get("requested_slot") and self.slots.get("triage_level") in TRIAGE_LEVELS


def user_texts(tracker: Dict[str, Any]) -> List[str]:
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]


def check_tracker(tracker: Dict[str, Any], sent: List[str]) -> List[str]:
    """Problems with a stored conversation, compared with what the client sent (empty: none)."""
    problems = []
    users = user_texts(tracker)
    if users != sent:
        problems.append(f"user messages differ: stored {len(users)}, sent {len(sent)}\n{users}\n{sent}")
    answered, seen_user = 0, False
    for event in tracker.get("events", []):
        if event.get("event") == "user":
            if seen_user and not answered:
                problems.append(f"a message got no answer before the next: {event.get('text')!r}")
            seen_user, answered = True, 0
        elif event.get("event") == "bot":
            answered += 1
    if seen_user and not answered:
        problems.append("the last message got no answer")
    return problems


def lost_events(tracker: Dict[str, Any], sent: List[str]) -> int:
    """User messages the client had accepted that the tracker does not hold, plus duplicates."""
    users = user_texts(tracker)
    missing = max(0, len(sent) - len(users))
    extra = max(0, len(users) - len(sent))
    return missing + extra + sum(1 for a, b in zip(users, sent, strict=False) if a != b)


def run_all(interviews: List[Interview], threads: Optional[int] = None) -> List[Optional[BaseException]]:
    """Run the interviews concurrently; the exception of each (None when it finished)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(interview: Interview) -> Optional[BaseException]:
        try:
            interview.run()
            return None
        except BaseException as error:  # noqa: BLE001 - reported per interview
            return error

    with ThreadPoolExecutor(max_workers=threads or len(interviews)) as pool:
        return list(pool.map(one, interviews))
