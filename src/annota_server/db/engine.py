"""Engines and sessions, with the SQLite settings a multi-threaded server needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annota_server.db import activity

_WRITE = "annota_write"


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the driver (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A write transaction takes the write lock up front; a deferred one that upgrades
        # later fails at once with SQLITE_BUSY instead of waiting for busy_timeout.
        # Sent on the driver's connection: it is bookkeeping, and SQLAlchemy's statement
        # pipeline would cost more than the BEGIN itself (it is not counted as a statement).
        immediate = connection.get_execution_options().get(_WRITE, False)
        statement = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        try:
            connection.connection.driver_connection.execute(statement)  # type: ignore[union-attr]
        except sqlite3.OperationalError as exc:  # busy: the same error as any statement's
            raise OperationalError(statement, None, exc) from exc


class Database:
    """One database: the engine plus factories for read and write sessions."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.backend = parsed.get_backend_name()
        options: dict[str, Any] = {}
        if self.backend == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            options["pool_size"] = 8
            options["max_overflow"] = 32
        else:
            options["pool_pre_ping"] = True
            options["pool_size"] = 10
            options["max_overflow"] = 20
        # Parameters stay out of error messages, so no secret or hash can reach a log.
        self.engine = create_engine(url, hide_parameters=True, **options)
        if self.backend == "sqlite":
            _prepare_sqlite(self.engine)
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        activity.install(self._write_sessions)

    def session(self, *, write: bool) -> Session:
        """Open a session; a write session locks SQLite for writing when it begins."""
        return self._write_sessions() if write else self._read_sessions()

    def write_connection(self) -> Connection:
        """Open a connection whose transactions take the write lock (used by migrations)."""
        return self._writer.connect()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
