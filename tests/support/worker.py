"""``annota-server worker`` as a subprocess for tests.

Usage::

    worker = WorkerProcess(server, tmp_path / "worker.log", ANNOTA_OPERATION_WORKERS="1").start()
    worker.wait_for_log("finished")  # a regular expression
    worker.stop()                    # SIGTERM: a running operation goes back to the queue
    worker.stop(signal.SIGKILL)      # dies at once, as a crashed host would

It gets the database, data dir (unless given one) and environment of ``like`` (a
:class:`ServerProcess`), plus ``env``; ``start()`` returns once its operation threads run.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from .server import REPO_ROOT, STARTUP_TIMEOUT, ServerProcess


class WorkerProcess:
    """``annota-server worker`` in a subprocess, with the environment of ``like``."""

    def __init__(
        self,
        like: ServerProcess,
        log_path: Path,
        *,
        data_dir: Path | None = None,
        args: list[str] | None = None,
        **env: str,
    ) -> None:
        self.like = like
        self.data_dir = data_dir
        self.args = list(args or [])
        self.log_path = log_path
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        data_dir = self.data_dir or self.like.data_dir
        command = [sys.executable, "-m", "annota_server", "worker"]
        command += ["--database-url", self.like.database_url, "--data-dir", str(data_dir)]
        command += self.args
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env={**self.like._environ(), **self.env},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # As generous as a server's start: a crash shows at once (poll), a loaded machine is slow.
        self.wait_for_log("started \\d+ operation workers", timeout=STARTUP_TIMEOUT)
        return self

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log_text())
            if found:
                return found
            assert self.process is not None, self.log_text()
            assert self.process.poll() is None, self.log_text()
            time.sleep(0.05)
        raise AssertionError(f"the worker never logged {pattern!r}:\n{self.log_text()}")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        process, self.process = self.process, None
        if process is None:
            return 0
        if process.poll() is None:
            process.send_signal(sig)
        try:
            return process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait(timeout=20)
