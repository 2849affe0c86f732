"""The ``annota-server`` command: run the server, create an administrator, migrate."""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.config
import os
import re
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from annota_server.settings import ENV_DATA_DIR, ENV_DATABASE_URL, ConfigurationError, Settings

logger = logging.getLogger("annota_server")
MIN_PASSWORD_LENGTH = 8
USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,150}")  # as UserCreateRequest in openapi.yaml

# Given to uvicorn too, which applies it in every worker process.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        # annota_server logs one line per request; these would only repeat or add noise.
        "uvicorn.access": {"level": "WARNING"},
        "connexion": {"level": "WARNING"},
        "alembic": {"level": "WARNING"},
    },
}


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


def _run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings(args)
    url = f"http://{args.host}:{args.port}"
    logger.info("annota-server listening on %s (database: %s)", url, _safe(settings))
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_config": LOGGING,
    }
    if args.workers > 1:
        from annota_server.db import migrate
        from annota_server.db.engine import Database

        # Migrate once here; each worker builds its app from the environment.
        database = Database(settings.effective_database_url)
        migrate.upgrade(database)
        database.dispose()
        os.environ[ENV_DATABASE_URL] = settings.effective_database_url
        os.environ[ENV_DATA_DIR] = str(settings.data_dir)
        uvicorn.run("annota_server.app:app_from_env", factory=True, workers=args.workers, **common)
    else:
        from annota_server.app import create_app

        uvicorn.run(create_app(settings), **common)
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

    run = commands.add_parser("run", help="serve the API")
    run.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    run.add_argument("--port", type=int, default=8080, help="port to listen on (8080)")
    run.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    _add_storage_options(run)
    run.set_defaults(func=_run)

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

    upgrade = commands.add_parser(
        "migrate", help="create or upgrade the database schema, then exit"
    )
    _add_storage_options(upgrade)
    upgrade.set_defaults(func=_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``annota-server`` console script."""
    args = build_parser().parse_args(argv)
    logging.config.dictConfig(LOGGING)
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
