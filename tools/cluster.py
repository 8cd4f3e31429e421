"""Start the REAL cluster on one machine: nginx in front of several Rasa servers and action servers that
share a PostgreSQL tracker store and a Redis lock store (cluster/). Used by `make run-cluster`
(scripts/run_cluster.sh), tests/cluster and tools/bench_cluster.py.

    with Cluster(logs=Path("logs/cluster"), db_url=..., redis_url=...) as cluster:
        cluster.say("patient-1", "hello")          # through nginx
        cluster.kill_rasa(0)                       # kill -9 one Rasa server

`python -m tools.cluster` runs it in the foreground until Ctrl-C; settings from the environment
(see docs/cluster.md): RASA_SERVERS, ACTION_SERVERS, CLUSTER_PORT, DB_URL, REDIS_URL, RABBITMQ_URL,
LOCK_LIFETIME, WEB_PORT.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

import requests

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.stack import DEFAULT_MODEL, HOST, ROOT, Server, ServerError, base_env, free_port  # noqa: E402

CLUSTER_DIR = ROOT / "cluster"
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def nginx_binary() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not path:
        raise ServerError("nginx is not installed: run `make cluster-deps`")
    return path


def render_nginx(prefix: Path, port: int, action_proxy_port: int, rasa_ports: List[int], action_ports: List[int],
                 api_port: int) -> Path:
    def lines(ports: List[int]) -> str:
        return "\n".join(f"        server {HOST}:{p} max_fails=1 fail_timeout=5s;" for p in ports)

    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    os.chmod(prefix / "tmp", 0o777)
    for sub in (prefix / "tmp").iterdir():
        os.chmod(sub, 0o777)
    values = {"CLUSTER_PORT": port, "ACTION_PROXY_PORT": action_proxy_port, "NGINX_PREFIX": prefix,
              "API_PORT": api_port, "NGINX_RATE": os.environ.get("NGINX_RATE", "10r/s"),
              "NGINX_BURST": os.environ.get("NGINX_BURST", "40"),
              "RASA_SERVER_LINES": lines(rasa_ports), "ACTION_SERVER_LINES": lines(action_ports)}
    # only ${NAME} of these names: nginx's own $variables stay as they are
    text = re.sub(r"\$\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))),
                  (CLUSTER_DIR / "nginx.conf.template").read_text())
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


def render_endpoints(path: Path, rabbitmq_url: Optional[str]) -> Path:
    """cluster/endpoints-cluster.yml, plus the event broker section when RABBITMQ_URL is set."""
    text = (CLUSTER_DIR / "endpoints-cluster.yml").read_text()
    if rabbitmq_url:
        text += "\n" + (CLUSTER_DIR / "event-broker.yml").read_text()
    path.write_text(text)
    return path


def rabbitmq_env(url: Optional[str]) -> Dict[str, str]:
    if not url:
        return {}
    parts = urlsplit(url)
    return {"RABBITMQ_HOST": parts.hostname or "127.0.0.1", "RABBITMQ_PORT": str(parts.port or 5672),
            "RABBITMQ_USER": parts.username or "guest", "RABBITMQ_PASSWORD": parts.password or "guest"}


class Cluster:
    """nginx + RASA_SERVERS Rasa servers + ACTION_SERVERS action servers (+ optionally the web page)."""

    def __init__(
        self,
        logs: Path,
        db_url: str = DEFAULT_DB_URL,
        redis_url: str = DEFAULT_REDIS_URL,
        rasa_servers: int = 2,
        action_servers: int = 2,
        port: Optional[int] = None,
        model: Path = DEFAULT_MODEL,
        token: Optional[str] = None,
        lock_lifetime: float = 30,
        rabbitmq_url: Optional[str] = None,
        web_port: Optional[int] = None,
        start_timeout: float = 400,
        extra_env: Optional[Dict[str, str]] = None,
    ):
        import secrets

        self.logs = Path(logs).resolve()
        self.logs.mkdir(parents=True, exist_ok=True)
        self.model = Path(model)
        self.token = token or secrets.token_hex(16)
        self.port = port or free_port()
        self.action_proxy_port = free_port()
        self.api_port = free_port()
        self.start_timeout = start_timeout
        self.rasa_ports = [free_port() for _ in range(rasa_servers)]
        self.action_ports = [free_port() for _ in range(action_servers)]
        self.endpoints = render_endpoints(self.logs / "endpoints.yml", rabbitmq_url)
        env = base_env(
            ACTION_URL=f"http://{HOST}:{self.action_proxy_port}/webhook",
            DB_URL=db_url, REDIS_URL=redis_url, RASA_SERVERS=str(rasa_servers),
            LOCK_LIFETIME=str(lock_lifetime), SANIC_HOST=HOST,
            **rabbitmq_env(rabbitmq_url), **(extra_env or {}),
        )
        self.env = env
        py = sys.executable
        self.actions = [
            Server(f"actions{i}", [py, "-m", "actions", "--actions", "actions", "-p", str(p)],
                   env, self.logs / f"actions{i}.log", f"http://{HOST}:{p}/health")
            for i, p in enumerate(self.action_ports)
        ]
        self.rasa = [
            Server(f"rasa{i}",
                   [py, "-m", "rasa", "run", "--enable-api", "--auth-token", self.token, "-i", HOST, "-p", str(p),
                    "--cors", "*", "--credentials", str(self.logs / "credentials.yml"),
                    "--endpoints", str(self.endpoints), "-m", str(self.model)],
                   env, self.logs / f"rasa{i}.log", f"http://{HOST}:{p}/status?token={self.token}")
            for i, p in enumerate(self.rasa_ports)
        ]
        self.nginx_prefix = self.logs / "nginx"
        self.nginx_conf = render_nginx(self.nginx_prefix, self.port, self.action_proxy_port,
                                       self.rasa_ports, self.action_ports, self.api_port)
        self.nginx = Server("nginx", [nginx_binary(), "-p", str(self.nginx_prefix), "-c", str(self.nginx_conf)],
                            env, self.logs / "nginx.log", f"http://{HOST}:{self.port}/nginx-health")
        self.web: Optional[Server] = None
        if web_port:
            web_env = dict(env, WEB_PORT=str(web_port), RASA_PUBLIC_URL=f"http://localhost:{self.port}",
                           RASA_URL=self.api_url, RASA_TOKEN=self.token, RASA_PORT=str(self.port))
            self.web = Server("web", [py, "web/server.py"], web_env, self.logs / "web.log",
                              f"http://{HOST}:{web_port}/")

    # -- life cycle
    def start(self) -> "Cluster":
        if not self.model.is_file():
            raise ServerError(f"no trained model at {self.model}: run `make train`")
        # the effective credentials, as for one server: credentials.yml plus the channels `env` sets
        from channels.credentials import write as write_credentials

        write_credentials(ROOT / "credentials.yml", self.logs / "credentials.yml", self.env)
        try:
            check = subprocess.run([self.nginx.cmd[0], "-t", "-q", "-p", str(self.nginx_prefix),
                                    "-c", str(self.nginx_conf)], capture_output=True, text=True)
            if check.returncode:
                raise ServerError(f"nginx rejects {self.nginx_conf}:\n{check.stderr}")
            self.nginx.start(30)
            for server in self.actions:
                server.launch()
            for server in self.actions:
                server.wait_ready(self.start_timeout)
            for server in self.rasa:  # all load the model at once; each waits for its own
                server.launch()
            for server in self.rasa:
                server.wait_ready(self.start_timeout)
            if self.web:
                self.web.start(60)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in [self.nginx, *(s for s in [self.web] if s), *self.rasa, *self.actions]:
            server.stop()

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def kill_rasa(self, index: int) -> None:
        self.rasa[index].kill()

    def kill_action(self, index: int) -> None:
        self.actions[index].kill()

    def restart_rasa(self, index: int) -> None:
        self.rasa[index].stop()
        self.rasa[index].start(self.start_timeout)

    def restart_action(self, index: int) -> None:
        self.actions[index].stop()
        self.actions[index].start(self.start_timeout)

    # -- clients
    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        """The HTTP API through nginx's host-only listener (the public port serves only the channels)."""
        return f"http://{HOST}:{self.api_port}"

    def server_url(self, index: int) -> str:
        return f"http://{HOST}:{self.rasa_ports[index]}"

    def say(self, sender: str, message: str, timeout: float = 120, base: Optional[str] = None) -> List[Dict[str, Any]]:
        r = requests.post(f"{base or self.url}/webhooks/rest/webhook",
                          json={"sender": sender, "message": message}, timeout=timeout)
        r.raise_for_status()
        return r.json()

    def tracker(self, sender: str, base: Optional[str] = None) -> Dict[str, Any]:
        r = requests.get(f"{base or self.api_url}/conversations/{sender}/tracker",
                         params={"token": self.token, "include_events": "ALL"}, timeout=60)
        r.raise_for_status()
        return r.json()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logs", default=os.environ.get("CLUSTER_LOGS", "logs/cluster"))
    args = parser.parse_args(argv)
    env = os.environ
    cluster = Cluster(
        logs=Path(args.logs), db_url=env.get("DB_URL", DEFAULT_DB_URL), redis_url=env.get("REDIS_URL", DEFAULT_REDIS_URL),
        rasa_servers=int(env.get("RASA_SERVERS", 2)), action_servers=int(env.get("ACTION_SERVERS", 2)),
        port=int(env.get("CLUSTER_PORT", 8088)), model=Path(env.get("MODEL", DEFAULT_MODEL)),
        token=env.get("RASA_TOKEN"), lock_lifetime=float(env.get("LOCK_LIFETIME", 30)),
        rabbitmq_url=env.get("RABBITMQ_URL") or None, web_port=int(env.get("WEB_PORT", 8080)),
    )
    stopping = {"now": False}

    def on_signal(signum: int, _frame: Any) -> None:
        stopping["now"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    # Ctrl-C stops all, even when a shell started this in the background with SIGINT ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print(f"Starting {len(cluster.actions)} action servers, {len(cluster.rasa)} Rasa servers and nginx "
          f"(logs in {cluster.logs}) ...", flush=True)
    try:
        cluster.start()
        web = cluster.web.ready_url if cluster.web else "(none)"
        print(f"""
Spine Triage Assistant cluster is ready.
  Web page:     {web}
  nginx:        {cluster.url}   (the channels: REST, socket.io, webhooks)
  HTTP API:     {cluster.api_url}   (this host only)
  Rasa servers: {', '.join(cluster.server_url(i) for i in range(len(cluster.rasa)))}
  REST channel: curl -s -XPOST {cluster.url}/webhooks/rest/webhook -d '{{"sender":"me","message":"hello"}}'
  Event broker: {'RabbitMQ ' + rabbitmq_env(env.get('RABBITMQ_URL'))['RABBITMQ_HOST'] if env.get('RABBITMQ_URL') else 'off (set RABBITMQ_URL)'}
Press Ctrl-C to stop.""", flush=True)
        while True:  # stay until Ctrl-C or until a process dies
            for server in [cluster.nginx, *cluster.rasa, *cluster.actions, *([cluster.web] if cluster.web else [])]:
                if not server.running:
                    print(f"{server.name} stopped; see {server.log_path}. Stopping the others.", file=sys.stderr)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0 if stopping["now"] else 130
    except ServerError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        print("Stopping the cluster...", file=sys.stderr, flush=True)
        cluster.stop()
        print("Stopped.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
