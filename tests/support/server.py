"""The reference server (``python -m annota_server run``) as a subprocess for tests.

Usage::

    srv = ServerProcess(database_url="sqlite:////tmp/x/annota.db", data_dir=Path("/tmp/x"))
    srv.start()              # starts it on a free loopback port, waits for /api/server/health,
                             # creates the admin account and checks that it can log in
    srv.url                  # "http://127.0.0.1:PORT"
    srv.restart()            # same port, same database
    srv.stop()

The server always runs with ``ANNOTA_VALIDATE_RESPONSES=1`` (it validates its own responses
against openapi.yaml) and a login lockout (``login_max_failures`` failures lock an account
for ``login_lockout_seconds``). Its stdout and stderr go to ``log_path``; every start-up failure
raises :class:`ServerStartError` with the end of that log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import urllib3

from .http import Http
from .ports import free_port

if TYPE_CHECKING:
    from .s3 import S3Endpoint

REPO_ROOT = Path(__file__).resolve().parents[2]

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Adm1n-Str0ng-Passw0rd!"
ADMIN_EMAIL = "admin@example.com"

LOGIN_MAX_FAILURES = 5
# Long, so that no slow machine sees a lockout end during a test; the lockout test ends it by
# ageing the recorded failures (DatabaseProbe.move_back), not by waiting.
LOGIN_LOCKOUT_SECONDS = 600
LOGIN_MAX_FAILURES_PER_USER = 20

# Generous: a crash is seen at once (the process exits); only a loaded machine is slow.
STARTUP_TIMEOUT = 120.0


class ServerStartError(RuntimeError):
    """The server could not be started, or its admin account could not be created."""


class ServerProcess:
    """One server subprocess; see the module docstring.

    Attributes: ``url``, ``host``, ``port``, ``database_url``, ``data_dir``, ``log_path``,
    ``admin_username``, ``admin_password``, ``admin_email``, ``login_max_failures``,
    ``login_lockout_seconds``, ``env`` (the server's extra environment), ``run_args`` (more
    arguments of ``run``, such as ``--api-only``), ``process`` and ``s3``
    (endpoint, bucket and prefix of its files when they are on S3; give ``server_env`` of it
    in ``extra_env`` too). ``stored_keys()`` lists its storage either way.
    """

    def __init__(
        self,
        *,
        database_url: str,
        data_dir: Path,
        host: str = "127.0.0.1",
        extra_env: dict[str, str] | None = None,
        run_args: list[str] | None = None,
        s3: tuple[S3Endpoint, str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.run_args = list(run_args or [])
        self.s3 = s3
        self.data_dir = Path(data_dir)
        self.host = host
        self.port: int = 0
        self.log_path = self.data_dir / "server.log"
        self.admin_username = ADMIN_USERNAME
        self.admin_password = ADMIN_PASSWORD
        self.admin_email = ADMIN_EMAIL
        self.login_max_failures = LOGIN_MAX_FAILURES
        self.login_lockout_seconds = LOGIN_LOCKOUT_SECONDS
        self.login_max_failures_per_user = LOGIN_MAX_FAILURES_PER_USER
        self.env: dict[str, str] = {
            "ANNOTA_VALIDATE_RESPONSES": "1",
            "ANNOTA_LOGIN_MAX_FAILURES": str(LOGIN_MAX_FAILURES),
            "ANNOTA_LOGIN_LOCKOUT_SECONDS": str(LOGIN_LOCKOUT_SECONDS),
            "ANNOTA_LOGIN_MAX_FAILURES_PER_USER": str(LOGIN_MAX_FAILURES_PER_USER),
            **(extra_env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self._admin_created = False

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def http(self, token: str | None = None, workspace: str | None = None) -> Http:
        """A new :class:`Http` client for this server."""
        return Http(self.url, token=token, workspace=workspace)

    # -- environment and commands -----------------------------------------------------------
    def _environ(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in (
            "ANNOTA_DATABASE_URL",
            "ANNOTA_DATA_DIR",
            "ANNOTA_STORAGE_URL",
            "ANNOTA_S3_ENDPOINT_URL",
            "ANNOTA_STORAGE_REDIRECT",
        ):
            env.pop(name, None)
        paths = [str(REPO_ROOT / "src"), str(REPO_ROOT / "gen")]
        if env.get("PYTHONPATH"):
            paths.append(env["PYTHONPATH"])
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env["PYTHONUNBUFFERED"] = "1"
        env.update(self.env)
        return env

    def _db_args(self) -> list[str]:
        return ["--database-url", self.database_url, "--data-dir", str(self.data_dir)]

    def gc(self, *args: str) -> str:
        """Run ``annota-server gc`` on this server's database and storage; its report.

        ``args`` go before the database options (``"--grace-seconds", "0"``, ``"--dry-run"``).
        """
        return self.command("gc", *args)

    def command(self, name: str, *args: str) -> str:
        """Run ``annota-server NAME ARGS`` on this server's database and storage; its stdout."""
        command = [sys.executable, "-m", "annota_server", name, *args, *self._db_args()]
        done = subprocess.run(
            command, env=self._environ(), capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        """What the server logged after byte ``offset`` of its log."""
        try:
            with self.log_path.open("rb") as fh:
                fh.seek(offset)
                return fh.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def _failure(self, message: str) -> ServerStartError:
        tail = self.log_text()[-8000:] or "(empty)"
        return ServerStartError(f"{message}\n--- server log ({self.log_path}) ---\n{tail}")

    # -- storage -----------------------------------------------------------------------------
    @property
    def s3_bucket(self) -> str | None:
        """The bucket that holds this server's files, if it stores them on S3."""
        return self.s3[1] if self.s3 else None

    def stored_keys(self) -> set[str]:
        """Every key in this server's storage (its data dir's ``storage/``, or its S3 prefix)."""
        if self.s3 is not None:
            endpoint, bucket, prefix = self.s3
            start = f"{prefix}/" if prefix else ""
            return {key.removeprefix(start) for key in endpoint.keys(bucket, start)}
        root = self.data_dir / "storage"
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}

    def store(self, key: str, data: bytes) -> None:
        """Write ``data`` at ``key`` behind the server's back (local directory or S3 prefix)."""
        if self.s3 is not None:
            endpoint, bucket, prefix = self.s3
            name = f"{prefix}/{key}" if prefix else key
            endpoint.client.put_object(Bucket=bucket, Key=name, Body=data)
            return
        path = self.data_dir / "storage" / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    # -- life cycle --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, *, port: int | None = None) -> ServerProcess:
        """Start the server, wait until healthy and make sure the admin account exists."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        attempts = 1 if port else 3  # a fresh free port may be taken before the server binds it
        for attempt in range(attempts):
            self.port = port or free_port(self.host)
            offset = self.log_size()
            self._spawn()
            try:
                self._wait_until_healthy()
                break
            except ServerStartError:
                self.stop()
                output = self.log_since(offset).lower()
                port_taken = "address already in use" in output or "errno 98" in output
                if not port_taken or attempt == attempts - 1:
                    raise
        if not self._admin_created:
            self.create_admin()
        return self

    def _spawn(self) -> None:
        command = [
            sys.executable,
            "-m",
            "annota_server",
            "run",
            "--host",
            self.host,
            "--port",
            str(self.port),
            *self._db_args(),
            *self.run_args,
        ]
        with self.log_path.open("ab") as log:
            log.write(f"\n=== {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=self._environ(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def _wait_until_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        pool = urllib3.PoolManager()
        last = "no answer yet"
        try:
            while time.monotonic() < deadline:
                code = self.process.poll()
                if code is not None:
                    raise self._failure(f"the server exited with status {code} during start-up")
                try:
                    response = pool.request(
                        "GET",
                        f"{self.url}/api/server/health",
                        retries=False,
                        timeout=urllib3.Timeout(total=2.0),
                    )
                    if response.status == 200:
                        return
                    last = f"{response.status}: {response.data[:500]!r}"
                except urllib3.exceptions.HTTPError as exc:
                    last = repr(exc)
                time.sleep(0.1)
        finally:
            pool.clear()
        raise self._failure(
            f"GET /api/server/health did not answer 200 within {STARTUP_TIMEOUT:.0f}s ({last})"
        )

    def create_admin(self) -> None:
        """Create the admin account (as ``annota-server createadmin`` does) and check its login.

        In this process rather than through the command: the server has migrated the database
        already, and a second interpreter importing the server costs seconds at every start.
        The command itself is tested where it is the subject (test_account_recovery).
        """
        from annota_server import accounts
        from annota_server.db.engine import Database

        database = Database(self.database_url)
        try:
            with database.session(write=True) as db:
                accounts.create_user(
                    db,
                    username=self.admin_username,
                    password=self.admin_password,
                    email=self.admin_email,
                    is_admin=True,
                )
                db.commit()
        except Exception as exc:
            raise self._failure(f"creating the admin failed: {exc!r}") from exc
        finally:
            database.dispose()
        response = self.http().post(
            "/api/auth/login",
            json={"username": self.admin_username, "password": self.admin_password},
        )
        if response.status != 200:
            raise self._failure(f"the new admin cannot log in: {response!r}")
        self._admin_created = True

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    def restart(self) -> ServerProcess:
        """Stop and start again on the same port with the same database."""
        port = self.port
        self.stop()
        return self.start(port=port)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<ServerProcess {self.url} db={self.database_url}>"
