"""Bookkeeping written behind the requests: logins' session rows and last login, token use.

A login must not need SQLite's one write lock: behind a long write it would wait, and fail
after the busy timeout. So a login writes nothing itself (its session token is signed, see
:func:`annota_server.security.new_signed_session`, and valid without a row); what it has to
record is queued here, and one thread per process writes whatever is queued, together, in one
short transaction.

The request that queued a record waits for it at most :data:`WAIT_SECONDS`: normally it is
written by then, so the caller's next request sees it (``last_login``); behind a long write the
answer goes out and the record follows. Every write request first waits for this process's
queue to be written (:meth:`Bookkeeping.flush`), so a revocation counts and ends the sessions
logged in just before it. A record lost with its process costs only the record: the session's
validity never depends on it (a revocation bumps the user's session epoch).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from annota_server.db.engine import Database
from annota_server.db.models import AccessToken, AuthSession, LoginFailure, User

logger = logging.getLogger("annota_server")

WAIT_SECONDS = 1.0
"""The longest a request waits for its own record before it answers anyway."""
FLUSH_SECONDS = 30.0
"""The longest a write request waits for the queue (a database that is down fails sooner)."""
ATTEMPTS = 3
"""How often a batch is tried before its records are given up (and logged)."""


@dataclass(frozen=True)
class LoginRecord:
    """A successful login: its session row, the user's last login, and failures to forget."""

    user_id: int
    token_hash: str
    expires_at: datetime
    epoch: int
    at: datetime
    forget_failures: tuple[str, str] | None = None
    """(username, client) whose failed attempts the login clears, when it had any."""


@dataclass(frozen=True)
class TokenUse:
    """An access token was used (its ``last_used_at``, once a minute at most)."""

    token_id: int
    at: datetime


Record = LoginRecord | TokenUse


class Bookkeeping:
    """The queue of one process, and the thread that writes it."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._pending: list[tuple[Record, threading.Event]] = []
        self._writing: list[threading.Event] = []
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def record(self, entry: Record, *, wait: float = WAIT_SECONDS) -> None:
        """Queue ``entry``; wait up to ``wait`` seconds for it to be written."""
        done = threading.Event()
        with self._changed:
            self._pending.append((entry, done))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="annota-bookkeeping", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()
        done.wait(wait)

    def flush(self, timeout: float = FLUSH_SECONDS) -> None:
        """Wait until what was queued so far is written (or given up)."""
        with self._changed:
            waiting = [done for _, done in self._pending] + self._writing
        for done in waiting:
            done.wait(timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending:
                    self._changed.wait()
                batch, self._pending = self._pending, []
                self._writing = [done for _, done in batch]
            try:
                self._write_batch([entry for entry, _ in batch])
            finally:
                with self._changed:
                    self._writing = []
                for _, done in batch:
                    done.set()

    def _write_batch(self, entries: list[Record]) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self._database.session(write=True) as db, db.begin():
                    write(db, entries)
                return
            except OperationalError:
                if attempt == ATTEMPTS:
                    logger.warning("could not record %d logins or token uses", len(entries),
                                   exc_info=True)  # fmt: skip
            except Exception:
                logger.warning("could not record logins or token uses", exc_info=True)
                return


def write(db: Session, entries: list[Record]) -> None:
    """Write ``entries`` in ``db``'s transaction."""
    logins = [entry for entry in entries if isinstance(entry, LoginRecord)]
    if logins:
        rows = [
            {
                "user_id": entry.user_id,
                "token_hash": entry.token_hash,
                "created_at": entry.at,
                "expires_at": entry.expires_at,
                "epoch": entry.epoch,
            }
            for entry in logins
        ]
        # A logout may have stored the session (revoked) first: it stays revoked.
        db.execute(dialect_insert(db, AuthSession).on_conflict_do_nothing(), rows)
        for entry in logins:
            db.execute(
                update(User)
                .where(User.id == entry.user_id)
                .values(last_login=entry.at)
                .execution_options(synchronize_session=False)
            )
            db.execute(
                delete(AuthSession).where(
                    AuthSession.user_id == entry.user_id, AuthSession.expires_at <= entry.at
                )
            )
            if entry.forget_failures is not None:
                username, client = entry.forget_failures
                db.execute(
                    delete(LoginFailure).where(
                        LoginFailure.username == username, LoginFailure.client == client
                    )
                )
    for use in entries:
        if isinstance(use, TokenUse):
            # Bookkeeping, not an edit: the token's version (its ETag) stays.
            db.execute(
                update(AccessToken)
                .where(AccessToken.id == use.token_id)
                .values(last_used_at=use.at)
                .execution_options(synchronize_session=False)
            )


def dialect_insert(db: Session, model: Any) -> Any:
    """An INSERT of ``model`` that can take ``ON CONFLICT`` on this session's database."""
    if db.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
