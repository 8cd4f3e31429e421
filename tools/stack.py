"""Start and stop the REAL servers (action server, Rasa server and, if asked, the page server) as
subprocesses, for tests, benchmarks and evaluations. No pytest in here: tests/conftest.py wraps it in
fixtures, and tools import it too (`from tools.stack import Stack`, repository root on sys.path).

    with Stack(tracker_db=tmp / "t.db", logs=Path("results/integration"), web=True) as stack:
        replies = stack.say("patient-1", "hello")
        tracker = stack.tracker("patient-1")
        page = stack.web_url
        stack.restart_rasa()

Every server binds to 127.0.0.1 on a free port; its output goes to a log file; each runs in its own
process group and is stopped with SIGTERM (then SIGKILL) at exit. `env` adds environment variables
for all of them (channel secrets, EMERGENCY_NUMBER, ...).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from channels.credentials import write as write_credentials

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = ROOT / "models" / "spine.tar.gz"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def new_sender(prefix: str = "test") -> str:
    """A fresh conversation id."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def base_env(**extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


class ServerError(RuntimeError):
    pass


class Server:
    """One subprocess, in its own process group, logging to a file."""

    def __init__(self, name: str, cmd: List[str], env: Dict[str, str], log_path: Path, ready_url: str):
        self.name, self.cmd, self.env, self.log_path, self.ready_url = name, cmd, env, log_path, ready_url
        self.proc: Optional[subprocess.Popen] = None

    def start(self, timeout: float) -> "Server":
        self.launch()
        self.wait_ready(timeout)
        return self

    def launch(self) -> "Server":
        """Start the process without waiting for it to be ready (several servers start at once)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        log.write(f"\n===== start {time.strftime('%H:%M:%S')}: {' '.join(self.cmd)}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        log.close()
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.proc.returncode} during start-up:\n{self.log_tail()}")
            try:
                if requests.get(self.ready_url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise ServerError(f"{self.name} not ready within {timeout:.0f}s ({self.ready_url}):\n{self.log_tail()}")

    def stop(self, timeout: float = 20) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a crash, no clean shutdown."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Stack:
    """The action server and the Rasa server (REST + socketio channels, HTTP API with a token)."""

    def __init__(
        self,
        tracker_db: Path,
        logs: Path,
        model: Path = DEFAULT_MODEL,
        token: Optional[str] = None,
        start_timeout: float = 300,
        env: Optional[Dict[str, str]] = None,
        web: bool = False,
    ):
        self.model = Path(model)
        self.token = token or secrets.token_hex(16)
        self.tracker_db = Path(tracker_db)
        self.logs = Path(logs)
        self.start_timeout = start_timeout
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.web_port = free_port() if web else None
        self.web_url = f"http://{HOST}:{self.web_port}" if web else None
        extra = dict(env or {})
        if web:
            extra.setdefault("WEB_PUBLIC_URL", self.web_url)
        env = base_env(
            ACTION_URL=f"http://{HOST}:{self.action_port}/webhook",
            TRACKER_DB=str(self.tracker_db),
            SANIC_HOST=HOST,
            **extra,
        )
        py = sys.executable
        self.actions = Server(
            "actions",
            [py, "-m", "actions", "--actions", "actions", "-p", str(self.action_port)],
            env, self.logs / "actions.log", f"http://{HOST}:{self.action_port}/health",
        )
        self.rasa = Server(
            "rasa",
            [py, "-m", "rasa", "run", "--enable-api", "--auth-token", self.token,
             "-i", HOST, "-p", str(self.rasa_port), "--cors", "*",
             "--credentials", str(self.logs / "credentials.yml"), "--endpoints", str(ROOT / "endpoints.yml"),
             "-m", str(self.model)],
            env, self.logs / "rasa.log", f"http://{HOST}:{self.rasa_port}/status?token={self.token}",
        )
        self.page = None
        if web:
            page_env = dict(env, WEB_HOST=HOST, WEB_PORT=str(self.web_port), RASA_PORT=str(self.rasa_port),
                            RASA_URL=self.url, RASA_TOKEN=self.token, RASA_PUBLIC_URL=self.url)
            self.page = Server("web", [py, "-m", "web.server"], page_env, self.logs / "web.log",
                               f"{self.web_url}/config.js")

    # -- life cycle
    def start(self) -> "Stack":
        if not self.model.is_file():
            raise ServerError(f"no trained model at {self.model}: run `make train`")
        # the effective credentials: credentials.yml plus the channels whose variables `env` sets
        write_credentials(ROOT / "credentials.yml", self.logs / "credentials.yml", self.rasa.env)
        try:
            self.actions.start(self.start_timeout)
            self.rasa.start(self.start_timeout)
            if self.page is not None:
                self.page.start(60)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.page is not None:
            self.page.stop()
        self.rasa.stop()
        self.actions.stop()

    def restart_rasa(self) -> None:
        """Stop and start only the Rasa server (same port, same tracker DB)."""
        self.rasa.stop()
        self.rasa.start(self.start_timeout)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- clients
    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    def say(self, sender: str, message: str, timeout: float = 60) -> List[Dict[str, Any]]:
        """One user message over the REST channel; returns the bot's messages."""
        return post_message(self.url, sender, message, timeout)

    def tracker(self, sender: str, include_events: str = "ALL") -> Dict[str, Any]:
        r = requests.get(f"{self.url}/conversations/{sender}/tracker",
                         params={"token": self.token, "include_events": include_events}, timeout=30)
        r.raise_for_status()
        return r.json()


MAX_WAITS = 20  # times one message is sent again after a 429


def post_message(url: str, sender: str, text: str, timeout: float) -> List[Dict[str, Any]]:
    """One user message over the REST channel; the bot's messages.

    The Rasa server limits each sender's message rate (addons/guard.py: 30 per 10 s, then one
    every third of a second). A scripted conversation sends faster than anyone types, so on a
    429 it waits as the answer's Retry-After says and sends the same message again, as a patient
    told to slow down would. Any other error status raises.
    """
    for _ in range(MAX_WAITS):
        r = requests.post(f"{url.rstrip('/')}/webhooks/rest/webhook",
                          json={"sender": sender, "message": text}, timeout=timeout)
        if r.status_code != 429:
            break
        time.sleep(min(float(r.headers.get("Retry-After") or 1), 5.0))
    r.raise_for_status()
    return r.json()


class Client:
    """The REST channel and tracker reads of one running Rasa server (evaluations over REST)."""

    def __init__(self, url: str, token: str):
        self.url, self.token = url.rstrip("/"), token
        self.slowest = 0.0

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        start = time.monotonic()
        replies = post_message(self.url, sender, text, 120)
        self.slowest = max(self.slowest, time.monotonic() - start)
        return replies

    def tracker(self, sender: str) -> Dict[str, Any]:
        r = requests.get(f"{self.url}/conversations/{sender}/tracker",
                         params={"token": self.token, "include_events": "NONE"}, timeout=30)
        r.raise_for_status()
        return r.json()

    def slots(self, sender: str) -> Dict[str, Any]:
        return self.tracker(sender)["slots"]


def report_over_rest(report, data: Any, url: Optional[str], token: str, model: Path, name: str) -> None:
    """report(Client, data) against the server at `url`, or against a Stack started for it."""
    if url:
        report(Client(url, token), data)
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        with Stack(tracker_db=Path(tmp) / f"{name}.db", logs=ROOT / "results" / name, model=Path(model)) as stack:
            report(Client(stack.url, stack.token), data)
