"""Engines and sessions, with the SQLite settings a multi-threaded server needs.

Lock order. Every write path takes its row locks parent first: workspace -> project -> task ->
job -> the rows under them (assets, shapes, labels...). On PostgreSQL a parent that is only
changed, never re-keyed, is locked ``FOR NO KEY UPDATE``: that does not conflict with the
``FOR KEY SHARE`` lock a foreign-key check takes on it when a child row is inserted, so an
upload (task, then job, then new assets) and an annotation save (job, then new shapes) cannot
wait on each other in a cycle. Where the database still reports a deadlock or a serialization
failure, :func:`retry_transient` runs the whole transaction again.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annota_server import events
from annota_server.db import activity

_WRITE = "annota_write"

logger = logging.getLogger("annota_server")

T = TypeVar("T")

RETRY_ATTEMPTS = 5
"""How often a transaction runs at most when the database reports a transient conflict."""
RETRY_BASE_DELAY = 0.02
"""Seconds; attempt ``n`` waits a random time up to ``RETRY_BASE_DELAY * 2**n`` before it runs."""

# SQLSTATEs that mean "this transaction lost a race; run it again": serialization_failure,
# deadlock_detected.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})


class Rerun(Exception):  # noqa: N818 (an instruction, not an error)
    """Raised inside a transaction that must run again (it lost a race the database allowed)."""


def transient(exc: BaseException) -> bool:
    """Whether ``exc`` is a deadlock or serialization failure that a rerun would not meet."""
    if isinstance(exc, Rerun):
        return True
    if not isinstance(exc, OperationalError):
        return False
    return getattr(exc.orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


def retry_transient(
    attempt: Callable[[], T],
    *,
    attempts: int = RETRY_ATTEMPTS,
    sleep: Callable[[float], object] = time.sleep,
) -> T:
    """Run ``attempt`` (one whole transaction) again while it fails transiently.

    Bounded: the last failure propagates. Full jitter spreads the reruns of the transactions
    that deadlocked together, so they do not meet again.
    """
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except (OperationalError, Rerun) as exc:
            if number >= attempts or not transient(exc):
                raise
            logger.info(
                "transaction conflict (attempt %d of %d); running it again", number, attempts
            )
            sleep(random.uniform(0, RETRY_BASE_DELAY * 2**number))
    raise AssertionError("unreachable")  # pragma: no cover


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
        # JSON columns (points, attributes, masks) are read by orjson: the same values as
        # json.loads gives, at a fraction of its cost per row (exports read every shape's).
        options["json_deserializer"] = orjson.loads
        # Parameters stay out of error messages, so no secret or hash can reach a log.
        self.engine = create_engine(url, hide_parameters=True, **options)
        if self.backend == "sqlite":
            _prepare_sqlite(self.engine)
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        activity.install(self._write_sessions)
        events.install(self._write_sessions)  # after activity: its flush comes first

    def session(self, *, write: bool) -> Session:
        """Open a session; a write session locks SQLite for writing when it begins."""
        return self._write_sessions() if write else self._read_sessions()

    def write_connection(self) -> Connection:
        """Open a connection whose transactions take the write lock (used by migrations)."""
        return self._writer.connect()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
