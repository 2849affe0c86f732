"""The README's first screen works as written against `make serve` (issue 19).

(tests/docs/test_examples.py runs all of the README's examples, against the test server.)

This runs `make serve` itself (in a scratch directory that borrows the project's .venv), then
the README's first SDK example and the hint that `make serve` prints, each as a user would
paste it. The only change: the example's port 8080 becomes the free port the server got.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import free_port
from support.examples import python_blocks

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def first_sdk_example() -> str:
    text = README.read_text()
    section_line = text.count("\n", 0, text.index("## Using the SDK")) + 1
    found = [block for block in python_blocks(README) if block.line > section_line]
    assert found, "no python example under 'Using the SDK'"
    return found[0].source


class Served:
    def __init__(self, directory: Path, port: int, process: subprocess.Popen[bytes], log: Path):
        self.directory, self.port, self.process, self.log = directory, port, process, log

    def text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def make_serve(tmp_path: Path) -> Iterator[Served]:
    if not (ROOT / ".venv" / ".installed-demo").exists():
        pytest.skip("needs `make install` (or `make demo`) first")
    # The Makefile works in its own directory: give it one that shares the project's venv.
    (tmp_path / "pyproject.toml").symlink_to(ROOT / "pyproject.toml")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    port = free_port()
    log = tmp_path / "make-serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTA_")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            # -o: never reinstall here, even when pyproject.toml is newer than the stamp.
            [
                "make",
                "-f",
                str(ROOT / "Makefile"),
                "-o",
                ".venv/.installed-demo",
                "serve",
                f"PORT={port}",
            ],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make and the server stop together
        )
    served = Served(tmp_path, port, process, log)
    try:
        deadline = time.monotonic() + 60
        while "listening on" not in served.text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make serve did not start:\n" + served.text())
            time.sleep(0.1)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_python(served: Served, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTA_")}
    return subprocess.run(
        [sys.executable, *args], cwd=served.directory, env=env, capture_output=True, text=True
    )


def test_the_readme_example_works_as_written_against_make_serve(make_serve: Served) -> None:
    example = first_sdk_example()
    assert example.count("port=8080") == 1, "the example names make serve's default port"
    assert (make_serve.directory / ".annota" / "admin-password").is_file()
    done = run_python(make_serve, "-c", example.replace("port=8080", f"port={make_serve.port}"))
    assert done.returncode == 0, done.stderr
    assert "Invalid HTTP request" not in make_serve.text()


def fresh_shell_env() -> dict[str, str]:
    """The environment of a new terminal: no ANNOTA_* settings and no virtualenv on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTA_")}
    env.pop("VIRTUAL_ENV", None)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if not (Path(p) / "activate").exists()]
    env["PATH"] = os.pathsep.join(path)
    return env


def test_the_hints_make_serve_prints_work_in_a_fresh_shell(make_serve: Served) -> None:
    lines = make_serve.text().splitlines()
    # How to use the venv is said, and each printed command names it by its absolute path.
    activate = next(line for line in lines if "source " in line and "/activate" in line)
    assert str(make_serve.directory / ".venv" / "bin" / "activate") in activate
    hint = next(line for line in lines if "python -c" in line)
    command = shlex.split(hint.strip())
    assert command[0] == str(make_serve.directory / ".venv" / "bin" / "python")
    assert command[1] == "-c"
    assert f"port={make_serve.port}" in command[2]
    env = fresh_shell_env()
    done = subprocess.run(
        command, cwd=make_serve.directory, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "admin"

    health = shlex.split(next(line for line in lines if "annota health" in line).strip())
    assert health[0] == str(make_serve.directory / ".venv" / "bin" / "annota")
    done = subprocess.run(health, cwd=make_serve.directory, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["status", "ok", "database", "ok", "(sqlite)"]
