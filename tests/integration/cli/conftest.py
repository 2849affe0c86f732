"""Fixtures of the CLI tests: the ``annota`` command run in-process against the real server.

``run`` -> a :class:`Cli` whose home and working directory are a fresh temporary folder,
    with no ANNOTA_* variables: what it knows comes from its arguments and ``annota login``.

``logged_in`` -> a :class:`Cli` after ``annota login`` as a fresh regular user.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import ServerProcess, TestUser

from annota.cli import main


@dataclass
class Result:
    """What one run of the command did."""

    code: int
    out: str
    err: str


@dataclass
class Cli:
    """Runs ``annota ARGS...`` as a user would, from ``home``; the exit status is ``code``."""

    home: Path
    server: ServerProcess
    stdin: str = ""

    @property
    def profile(self) -> Path:
        return self.home / ".annota"

    def __call__(self, *args: str, stdin: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdout", out)
            patch.setattr("sys.stderr", err)
            patch.setattr("sys.stdin", io.StringIO(stdin))
            try:
                code = main(list(args))
            except SystemExit as refused:  # argparse refuses a command line by exiting
                code = refused.code if isinstance(refused.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    def login(self, user: TestUser) -> Result:
        return self(
            "login", self.server.url, "-u", user.username, "--password-stdin", stdin=user.password
        )


@pytest.fixture
def run(server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    home = tmp_path / "home"
    home.mkdir()
    for name in [n for n in os.environ if n.startswith("ANNOTA_") or n in ("WORKSPACE", "PROJECT")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    return Cli(home, server)


@pytest.fixture
def logged_in(run: Cli, new_user: TestUser) -> Cli:
    result = run.login(new_user)
    assert result.code == 0, result.err
    return run
