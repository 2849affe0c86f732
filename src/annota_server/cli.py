"""The ``annota-server`` command: serve the API, run operations, create an admin, migrate."""

from __future__ import annotations

import argparse
import atexit
import getpass
import importlib.util
import logging
import logging.config
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from annota_server import logs
from annota_server.settings import (
    ENV_DATA_DIR,
    ENV_DATABASE_URL,
    ENV_METRICS,
    ENV_OPERATION_WORKERS,
    ConfigurationError,
    Settings,
)

logger = logging.getLogger("annota_server")
MIN_PASSWORD_LENGTH = 8
# Modules of the `server` extra that every command imports: `pip install annota` (the SDK
# alone) installs this script too, and without them it would end in a traceback.
SERVER_MODULES = ("connexion", "starlette", "uvicorn", "sqlalchemy", "alembic", "yaml")
USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,150}")  # as UserCreateRequest in openapi.yaml


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env().with_overrides(
        database_url=args.database_url, data_dir=args.data_dir
    )


def _add_storage_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help=f"SQLAlchemy database URL (env {ENV_DATABASE_URL}); default: SQLite in the data dir",
    )
    parser.add_argument(
        "--data-dir", help=f"directory for the SQLite database (env {ENV_DATA_DIR}; ./.annota)"
    )


def _workers(value: str) -> int:
    """``--workers``: a positive number, or ``auto`` for one process per core."""
    if value == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be a positive number or 'auto', not {value!r}")
    return count


def _role_settings(args: argparse.Namespace) -> Settings:
    settings = _settings(args)
    if getattr(args, "api_only", False):
        # The API without operation workers: a separate `annota-server worker` runs them.
        settings = replace(settings, operation_workers=0)
    return settings


def _prepare_metrics(settings: Settings, processes: int) -> None:
    """Give several processes one directory for their metrics (before prometheus-client loads)."""
    if not settings.metrics or processes < 2 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    directory = tempfile.mkdtemp(prefix="annota-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    atexit.register(shutil.rmtree, directory, True)


def _run(args: argparse.Namespace) -> int:
    from annota_server.listening import serve

    settings = _role_settings(args)
    role = "the API only" if args.api_only else "the API and operations"
    # "listening on URL" follows once it answers (annota_server.listening).
    logger.info(
        "annota-server starting: %s with %d process(es) (database: %s)",
        role,
        args.workers,
        _safe(settings),
    )
    from annota_server.connections import ConnectionLimits, GuardedProtocol

    GuardedProtocol.configure(ConnectionLimits.of(settings))
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_config": logs.logging_config(logs.log_format()),
        # Header deadline and connection cap (see connections.py); idle keep-alives close.
        "http": GuardedProtocol,
        "timeout_keep_alive": settings.keep_alive_seconds,
    }
    if args.workers > 1:
        from annota_server.db import migrate
        from annota_server.db.engine import Database
        from annota_server.storage_url import open_storage

        open_storage(settings)  # a bad storage setting stops here, once, not in every process
        _prepare_metrics(settings, args.workers)
        # Migrate once here; each process builds its app from the environment.
        database = Database(settings.effective_database_url)
        migrate.upgrade(database)
        database.dispose()
        os.environ[ENV_DATABASE_URL] = settings.effective_database_url
        os.environ[ENV_DATA_DIR] = str(settings.data_dir)
        os.environ[ENV_OPERATION_WORKERS] = str(settings.operation_workers)
        serve("annota_server.app:app_from_env", factory=True, workers=args.workers, **common)
    else:
        from annota_server.app import create_app

        serve(create_app(settings), **common)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from annota_server.app import build_runtime
    from annota_server.worker import OperationWorkers

    settings = _settings(args)
    if args.metrics_port is not None:
        settings = replace(settings, metrics=True)  # asking for the port is asking for them
    if settings.operation_workers < 1:
        print(f"error: {ENV_OPERATION_WORKERS} must be at least 1 for a worker", file=sys.stderr)
        return 2
    runtime = build_runtime(settings)
    if args.metrics_port is not None:
        from prometheus_client import CollectorRegistry, start_http_server

        from annota_server import metrics

        registry = CollectorRegistry(auto_describe=False)
        registry.register(metrics.Scrape(metrics.enable(), runtime.database))
        start_http_server(args.metrics_port, addr=args.metrics_host, registry=registry)
        logger.info("metrics on http://%s:%d/metrics", args.metrics_host, args.metrics_port)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    workers = OperationWorkers(runtime)
    logger.info(
        "annota-server worker: %d operation threads, no HTTP (database: %s)",
        workers.count,
        _safe(settings),
    )
    workers.start()
    try:
        stop.wait()
    finally:
        logger.info("annota-server worker stopping; running operations go back to the queue")
        workers.stop()
        runtime.database.dispose()
    return 0


def _gc(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from annota_server import orphans
    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.storage_url import open_storage

    settings = _settings(args)
    grace = settings.orphan_grace_seconds if args.grace_seconds is None else args.grace_seconds
    database = Database(settings.effective_database_url)
    try:
        migrate.upgrade(database)
        report = orphans.sweep(
            database,
            open_storage(settings),
            grace=timedelta(seconds=grace),
            data_dir=settings.data_dir,
            dry_run=args.dry_run,
        )
    finally:
        database.dispose()
    verb = "would delete" if args.dry_run else "deleted"
    for item in report.orphans:
        print(f"{verb} {item.key} ({item.size} bytes, written {item.modified:%Y-%m-%d %H:%M:%S})")
    for folder in report.staging:
        print(f"{verb} staging folder {folder}")
    print(
        f"{report.examined} stored objects examined; {verb} {len(report.orphans)} unreferenced "
        f"({report.orphan_bytes} bytes) and {len(report.staging)} staging folders "
        f"(older than {grace} s)."
    )
    return 0


def _remeasure(args: argparse.Namespace) -> int:
    from annota_server import remeasure
    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.storage_url import open_storage

    settings = _settings(args)
    database = Database(settings.effective_database_url)
    try:
        migrate.upgrade(database)
        report = remeasure.remeasure(database, open_storage(settings), dry_run=args.dry_run)
    finally:
        database.dispose()
    verb = "would correct" if args.dry_run else "corrected"
    for item in report.corrected:
        sizes = f"{item.was[0]}x{item.was[1]} -> {item.now[0]}x{item.now[1]}"
        shapes = f"; {item.shapes} shapes to review" if item.shapes else ""
        print(f"{verb} asset {item.asset_id} ({item.name}): {sizes}{shapes}")
    for asset_id in report.unreadable:
        print(f"could not read the image of asset {asset_id}")
    print(
        f"{report.examined} image assets examined; {verb} {len(report.corrected)} "
        f"(not upright); {len(report.unreadable)} unreadable."
    )
    return 0


def _safe(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.effective_database_url).render_as_string(hide_password=True)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    from_env = os.environ.get("ANNOTA_ADMIN_PASSWORD")
    if from_env:
        return from_env
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        raise SystemExit("error: the passwords differ")
    return first


def _createadmin(args: argparse.Namespace) -> int:
    from annota_server import accounts
    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.problems import Problem

    if not USERNAME.fullmatch(args.username):
        print(
            "error: a username has 1-150 letters, digits and the characters _ . @ + -",
            file=sys.stderr,
        )
        return 1
    password = _read_password(args)
    if len(password) < MIN_PASSWORD_LENGTH:
        print(
            f"error: the password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr
        )
        return 1
    database = Database(_settings(args).effective_database_url)
    try:
        migrate.upgrade(database)
        with database.session(write=True) as db:
            try:
                user = accounts.create_user(
                    db,
                    username=args.username,
                    password=password,
                    email=args.email or "",
                    is_admin=True,
                )
            except Problem as problem:
                print(f"error: {problem.detail}", file=sys.stderr)
                return 1
            db.commit()
            print(f"Created administrator {user.username!r} (id {user.id}).")
    finally:
        database.dispose()
    return 0


def _setpassword(args: argparse.Namespace) -> int:
    """Set a user's password from the server's side: recovery without an admin session."""
    from sqlalchemy import select

    from annota_server import accounts
    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.db.models import User

    password = _read_password(args)
    if len(password) < MIN_PASSWORD_LENGTH:
        print(
            f"error: the password needs at least {MIN_PASSWORD_LENGTH} characters", file=sys.stderr
        )
        return 1
    database = Database(_settings(args).effective_database_url)
    try:
        migrate.upgrade(database)
        with database.session(write=True) as db:
            user = db.scalars(select(User).where(User.username == args.username)).first()
            if user is None:
                print(f"error: no user is called {args.username!r}", file=sys.stderr)
                return 1
            accounts.set_password(db, user, password)
            db.commit()
            print(f"Set the password of {user.username!r}; their sessions are revoked.")
    finally:
        database.dispose()
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from annota_server.db import migrate
    from annota_server.db.engine import Database

    settings = _settings(args)
    database = Database(settings.effective_database_url)
    try:
        migrate.upgrade(database)
    finally:
        database.dispose()
    print(f"The database schema is up to date ({_safe(settings)}).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of ``annota-server``."""
    parser = argparse.ArgumentParser(
        prog="annota-server", description="The annota reference server."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="serve the API (and run operations)")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    run.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    run.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N|auto",
        help="server processes (1); auto: one per core",
    )
    run.add_argument(
        "--api-only",
        action="store_true",
        help="serve the API without running operations (run `annota-server worker` for them)",
    )
    _add_storage_options(run)
    run.set_defaults(func=_run)

    work = commands.add_parser("worker", help="run exports and imports only (no HTTP)")
    work.add_argument(
        "--metrics-port",
        type=int,
        help=f"serve Prometheus metrics on this port (as {ENV_METRICS}=1 does on the API's)",
    )
    work.add_argument("--metrics-host", default="127.0.0.1", help="address of --metrics-port")
    _add_storage_options(work)
    work.set_defaults(func=_worker)

    admin = commands.add_parser("createadmin", help="create a site administrator")
    admin.add_argument("--username", required=True)
    admin.add_argument("--email")
    admin.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from stdin (else env ANNOTA_ADMIN_PASSWORD, else a prompt)",
    )
    _add_storage_options(admin)
    admin.set_defaults(func=_createadmin)

    setpw = commands.add_parser(
        "setpassword", help="set a user's password and revoke their sessions"
    )
    setpw.add_argument("username")
    setpw.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from stdin (else env ANNOTA_ADMIN_PASSWORD, else a prompt)",
    )
    _add_storage_options(setpw)
    setpw.set_defaults(func=_setpassword)
    gc = commands.add_parser(
        "gc", help="report and delete stored objects that no row refers to, then exit"
    )
    gc.add_argument("--dry-run", action="store_true", help="only report what would be deleted")
    gc.add_argument(
        "--grace-seconds",
        type=int,
        help="leave objects younger than this (default ANNOTA_ORPHAN_GRACE_SECONDS, 3600): "
        "they may belong to writes in flight",
    )
    _add_storage_options(gc)
    gc.set_defaults(func=_gc)

    measure = commands.add_parser(
        "remeasure",
        help="record every image's upright width and height (EXIF orientation), then exit",
    )
    measure.add_argument("--dry-run", action="store_true", help="only report what would change")
    _add_storage_options(measure)
    measure.set_defaults(func=_remeasure)

    upgrade = commands.add_parser(
        "migrate", help="create or upgrade the database schema, then exit"
    )
    _add_storage_options(upgrade)
    upgrade.set_defaults(func=_migrate)
    return parser


def _missing_server_module() -> str | None:
    """The first of :data:`SERVER_MODULES` that cannot be imported, if any (none is imported)."""
    for name in SERVER_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except ImportError:
            return name
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annota-server`` console script."""
    missing = _missing_server_module()
    if missing is not None:
        print(
            f"annota-server: the server's dependencies are missing (no module {missing!r}); "
            "pip install annota-server",
            file=sys.stderr,
        )
        return 2
    args = build_parser().parse_args(argv)
    try:
        logging.config.dictConfig(logs.logging_config(logs.log_format()))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # connexion imports starlette's test client, which warns on every start; not our concern.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    try:
        code: int = args.func(args)
    except ConfigurationError as exc:  # one line, no traceback: the operator fixes a setting
        print(f"annota-server: error: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    raise SystemExit(main())
