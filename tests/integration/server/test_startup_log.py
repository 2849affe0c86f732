"""The start-up log: "listening on URL" only once the server answers (issue 19).

The server used to log its URL before building the app and binding the socket, seconds before
it answered, and with ``--port 0`` it named port 0. These start their own server processes
(on SQLite, which is all that start-up needs) and read its log as it is written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from queue import Empty, Queue

import pytest
from support import free_port

LISTENING = re.compile(r"annota-server listening on (http://\S+) \((\d+) process(?:es)?\)")


def start(data_dir: Path, *args: str) -> tuple[subprocess.Popen[str], Queue[str]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in ("ANNOTA_DATABASE_URL", "ANNOTA_DATA_DIR", "ANNOTA_STORAGE_URL"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "annota_server", "run", "--data-dir", str(data_dir), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: Queue[str] = Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


def until_listening(process: subprocess.Popen[str], lines: Queue[str]) -> tuple[str, int, str]:
    """Read the log up to the "listening" line: (its URL, its process count, what came before)."""
    before: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except Empty:
            if process.poll() is not None:
                pytest.fail("the server exited:\n" + "".join(before))
            continue
        found = LISTENING.search(line)
        if found:
            return found[1], int(found[2]), "".join(before)
        before.append(line)
    pytest.fail("no 'listening' line:\n" + "".join(before))


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def answers_at_once(url: str) -> int:
    # One request, no retry: the line promised that the server answers now.
    with urllib.request.urlopen(f"{url}/api/server/health", timeout=10) as response:
        return int(response.status)


def test_listening_is_logged_once_the_server_answers_with_its_real_port(tmp_path: Path) -> None:
    process, lines = start(tmp_path, "--host", "127.0.0.1", "--port", "0")
    try:
        url, processes, before = until_listening(process, lines)
        assert answers_at_once(url) == 200
        assert processes == 1
        assert not url.endswith(":0")
        ours = [line for line in before.splitlines() if "annota-server" in line]
        assert any("starting" in line for line in ours)
        assert not any("http://" in line for line in ours), "a URL before the server answered"
    finally:
        stop(process)


def test_listening_with_several_processes(tmp_path: Path) -> None:
    port = free_port()
    process, lines = start(tmp_path, "--host", "127.0.0.1", "--port", str(port), "--workers", "2")
    try:
        url, processes, _ = until_listening(process, lines)
        assert url == f"http://127.0.0.1:{port}"
        assert processes == 2
        assert answers_at_once(url) == 200
    finally:
        stop(process)
