"""A throwaway PostgreSQL cluster for tests.

The cluster lives in a fresh temporary directory, listens on a free loopback port, trusts every
local connection (no password) and has the superuser ``annota``. ``initdb`` refuses to run as
root, so when the tests run as root the directory is handed to the ``postgres`` system user and
``initdb``/``pg_ctl`` run through ``runuser -u postgres --``.

Usage::

    cluster = PostgresCluster()
    cluster.start()          # raises PostgresUnavailable when PostgreSQL cannot be started
    cluster.url              # postgresql+psycopg://annota@127.0.0.1:PORT/postgres
    cluster.stop()           # pg_ctl -m fast stop, then removes the directory
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .ports import free_port

SUPERUSER = "annota"
SYSTEM_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started on this machine; the message says why."""


def _version_key(path: Path) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", path.parent.name)
    return tuple(int(n) for n in numbers)


def find_pg_bindir() -> Path | None:
    """Return the directory holding ``initdb`` and ``pg_ctl``, or None when there is none.

    ``PATH`` wins; otherwise the newest ``/usr/lib/postgresql/<version>/bin`` (Debian's layout).
    """
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    candidates = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    candidates = [c for c in candidates if (c / "pg_ctl").exists()]
    if not candidates:
        return None
    return max(candidates, key=lambda c: _version_key(c / "initdb"))


class PostgresCluster:
    """One temporary PostgreSQL cluster; see the module docstring."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port: int | None = None
        self.base_dir: Path | None = None
        self.bindir: Path | None = None
        self._started = False
        self._as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    # -- paths -------------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "the cluster was not started"
        return self.base_dir / "db"

    @property
    def log_path(self) -> Path:
        assert self.base_dir is not None, "the cluster was not started"
        return self.base_dir / "log"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the cluster's ``postgres`` database."""
        assert self.port is not None, "the cluster was not started"
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/postgres"

    # -- running commands --------------------------------------------------------------------
    def _command(self, *args: str) -> list[str]:
        assert self.bindir is not None
        program = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            return ["runuser", "-u", SYSTEM_USER, "--", *program]
        return program

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.base_dir,
            check=False,
        )

    def _log_tail(self, limit: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return "(no server log)"

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> PostgresCluster:
        """Create and start the cluster; raise :class:`PostgresUnavailable` when impossible."""
        self.bindir = find_pg_bindir()
        if self.bindir is None:
            raise PostgresUnavailable(
                "no PostgreSQL server binaries (initdb, pg_ctl) in PATH or "
                "/usr/lib/postgresql/*/bin; install them with `apt-get install postgresql`"
            )
        if self._as_root:
            if shutil.which("runuser") is None:
                raise PostgresUnavailable("running as root but `runuser` is missing")
            try:
                import pwd

                account = pwd.getpwnam(SYSTEM_USER)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root but there is no {SYSTEM_USER!r} system user to run initdb"
                ) from None
        # Not under pytest's basetemp: that directory is private to the current user, and the
        # postgres user must be able to enter this one.
        self.base_dir = Path(tempfile.mkdtemp(prefix="annota-pg-"))
        if self._as_root:
            os.chown(self.base_dir, account.pw_uid, account.pw_gid)
        try:
            result = self._run("initdb", "-D", str(self.data_dir), "-A", "trust", "-U", SUPERUSER)
            if result.returncode != 0:
                raise PostgresUnavailable(
                    f"initdb failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
                )
            last_error = ""
            for _attempt in range(3):  # the free port may be taken before postgres binds it
                self.port = free_port(self.host)
                options = f"-p {self.port} -k {self.base_dir} -c listen_addresses={self.host}"
                result = self._run(
                    "pg_ctl",
                    "-D",
                    str(self.data_dir),
                    "-o",
                    options,
                    "-l",
                    str(self.log_path),
                    "-w",
                    "start",
                )
                if result.returncode == 0:
                    self._started = True
                    return self
                last_error = f"{result.stdout}\n{result.stderr}\n--- log ---\n{self._log_tail()}"
            raise PostgresUnavailable(f"pg_ctl start failed:\n{last_error}")
        except (OSError, subprocess.SubprocessError) as exc:
            self._remove()
            raise PostgresUnavailable(f"cannot run the PostgreSQL binaries: {exc!r}") from exc
        except PostgresUnavailable:
            self._remove()
            raise

    def stop(self) -> None:
        """Stop the cluster (``pg_ctl -m fast stop``) and delete its directory."""
        if self._started:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", timeout=60)
            self._started = False
        self._remove()

    def _remove(self) -> None:
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self.base_dir = None

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
