"""The reference bot of the benchmark: what `rasa init --no-prompt` makes with the Rasa in .venv.

    python -m tools.starter_bot            # build (once) and print the model path

Built once per Rasa version under build/starter-bot/rasa-<version>/ (git-ignored) and trained there
once, niced, under the team's training lock; later runs reuse the model. Nothing is downloaded: the
project template ships inside the rasa package. `StarterBot` starts its Rasa server and its action
server on free loopback ports, with the in-memory tracker store its endpoints.yml leaves in place.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import List

from tools.stack import HOST, ROOT, Server, ServerError, base_env, free_port

CACHE = ROOT / "build" / "starter-bot"
TRAIN_LOCK = ROOT / "build" / ".train.lock"  # never two trainings at once on this machine (2 cores)
BUILD_TIMEOUT = 3600


def rasa_version() -> str:
    out = subprocess.run([sys.executable, "-c", "import rasa; print(rasa.__version__)"],
                         capture_output=True, text=True, check=True, env=base_env())
    return out.stdout.strip()


def folder(version: str | None = None) -> Path:
    return CACHE / f"rasa-{version or rasa_version()}"


def model_of(project: Path) -> Path | None:
    models = sorted((project / "models").glob("*.tar.gz"))
    return models[-1] if models else None


def build(log=print) -> Path:
    """The starter bot's project folder, created and trained if there is no model yet."""
    project = folder()
    done = project / ".built"
    if done.is_file() and model_of(project):
        return project
    if project.exists():
        shutil.rmtree(project)  # an interrupted build: start again from the template
    project.mkdir(parents=True)  # rasa init wants an existing, empty folder
    cmd: List[str] = ["nice", "-n", "10", sys.executable, "-m", "rasa", "init", "--no-prompt",
                      "--init-dir", str(project)]
    if shutil.which("flock"):
        TRAIN_LOCK.parent.mkdir(parents=True, exist_ok=True)
        cmd = ["flock", str(TRAIN_LOCK)] + cmd
    log(f"building the starter bot in {project} (rasa init --no-prompt, trains once) ...")
    start = time.monotonic()
    log_path = CACHE / f"{project.name}.build.log"
    with open(log_path, "wb") as out:
        result = subprocess.run(cmd, cwd=CACHE, env=base_env(), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=BUILD_TIMEOUT)
    if result.returncode != 0 or not model_of(project):
        raise ServerError(f"rasa init failed ({result.returncode}); see {log_path}")
    done.write_text(f"built in {time.monotonic() - start:.0f}s\n")
    log(f"starter bot trained in {time.monotonic() - start:.0f}s: {model_of(project)}")
    return project


class ProjectServer(Server):
    """A `Server` run in another folder: `--actions actions` must import the starter bot's package."""

    def __init__(self, cwd: Path, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cwd = cwd

    def launch(self) -> "ProjectServer":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start {time.strftime('%H:%M:%S')}: {' '.join(self.cmd)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        return self


class StarterBot:
    """Its Rasa server (REST channel, HTTP API) and its action server, like `Stack` for this assistant."""

    def __init__(self, project: Path, logs: Path, token: str, start_timeout: float = 300):
        self.project, self.logs, self.token, self.start_timeout = project, Path(logs), token, start_timeout
        self.action_port, self.rasa_port = free_port(), free_port()
        env = base_env(SANIC_HOST=HOST)
        endpoints = self.logs / "starter-endpoints.yml"
        self.logs.mkdir(parents=True, exist_ok=True)
        # rasa init's endpoints.yml has every endpoint commented out: the same, plus its action server
        endpoints.write_text(f"action_endpoint:\n  url: http://{HOST}:{self.action_port}/webhook\n")
        py = sys.executable
        self.actions = ProjectServer(project, "starter-actions",
                              [py, "-m", "rasa", "run", "actions", "--actions", "actions",
                               "-p", str(self.action_port)],
                              env, self.logs / "starter-actions.log", f"http://{HOST}:{self.action_port}/health")
        self.rasa = ProjectServer(project, "starter-rasa",
                           [py, "-m", "rasa", "run", "--enable-api", "--auth-token", token,
                            "-i", HOST, "-p", str(self.rasa_port), "--endpoints", str(endpoints),
                            "--credentials", str(project / "credentials.yml"), "-m", str(model_of(project))],
                           env, self.logs / "starter-rasa.log",
                           f"http://{HOST}:{self.rasa_port}/status?token={token}")

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()


def main() -> int:
    project = build()
    print(model_of(project))
    return 0


if __name__ == "__main__":
    sys.exit(main())
