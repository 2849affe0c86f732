"""The queue of long-running operations and the worker threads that run them.

Operations are rows of ``operations``; every process that runs operations (``annota-server run``
without ``--api-only``, and ``annota-server worker``) has ``settings.operation_workers`` daemon
threads that claim queued rows. Idle workers poll every ``operation_poll_seconds``; on
PostgreSQL, queuing an operation also sends ``NOTIFY annota_operations`` inside the queuing
transaction (so it is delivered at commit, and only then), and each process LISTENs on a
connection of its own, which wakes its workers on any host at once.

Claiming is safe across processes: PostgreSQL skips rows another process has locked
(``FOR UPDATE SKIP LOCKED``), SQLite's write transaction (``BEGIN IMMEDIATE``) lets one
claimer in at a time. While an operation runs, a heartbeat
thread refreshes the ``operation_heartbeats`` row of every operation this process holds (not
the operation's own row, which the operation's transaction writes: see :func:`beat`); a
running operation whose heartbeat went stale belongs to a dead process and is queued again (or
failed once it has used up its attempts) by whichever worker notices first. Every write here
is its own short transaction, so SQLite is never locked for longer than one statement or two.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, event, select, update
from sqlalchemy.orm import Mapper, Session

from annota_server import (
    evaluations,
    events,
    idempotency,
    metrics,
    orphans,
    staging,
    storage_keys,
    versions,
    webhooks,
)
from annota_server.bookkeeping import dialect_insert
from annota_server.context import Runtime
from annota_server.datasets import DatasetError, Outcome, export_dataset, import_dataset
from annota_server.datasets.base import Interrupted
from annota_server.db.engine import Database
from annota_server.db.models import Operation, OperationHeartbeat, utcnow

logger = logging.getLogger("annota_server")

CHANNEL = "annota_operations"
"""The PostgreSQL notification channel of queued operations."""
LISTEN_TIMEOUT = 1.0
"""How long the listener waits for a notification before it checks whether to stop."""
RECONNECT_SECONDS = 5.0
"""How long the listener waits before reconnecting after its connection failed."""
SWEEP_SECONDS = 30.0
"""How often expired results are looked for (more often when results live shorter)."""
PROGRESS_INTERVAL = 0.25
"""The least time between two progress writes of one operation (the last one always goes)."""

DEAD_PROCESS = "the server process running it stopped"

_wake = threading.Event()


def wake() -> None:
    """Tell this process's idle workers that an operation was queued (they poll anyway)."""
    _wake.set()


def notify(connection: Connection) -> None:
    """On PostgreSQL, wake every listening process when ``connection``'s transaction commits."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")


@event.listens_for(Operation, "after_insert")
def _queued(_mapper: Mapper[Operation], connection: Connection, target: Operation) -> None:
    # Every queued operation is inserted through the ORM (handlers/projects.py).
    if target.status == "queued":
        notify(connection)


class Cancelled(Interrupted):
    """The operation's cancellation was requested; it stops at this step."""


class LostClaim(Interrupted):
    """The operation is no longer this worker's (it was re-queued, taken or deleted)."""


class ShuttingDown(Interrupted):
    """The server is stopping; the operation goes back to the queue."""


@dataclass
class Run:
    """One claimed operation as its code sees it: its values, progress and cancellation."""

    runtime: Runtime
    worker_id: str
    stopping: threading.Event
    id: int
    kind: str
    format: str
    options: dict[str, Any]
    project_id: int
    input_key: str | None
    _last_write: float = field(default=0.0)
    _last_fraction: float = field(default=-1.0)

    def _mine(self) -> Any:
        return (
            (Operation.id == self.id)
            & (Operation.claimed_by == self.worker_id)
            & (Operation.status == "running")
        )

    def step(self, fraction: float, message: str | None = None) -> None:
        """Report progress; stop here (by raising) when cancelled, taken away or shutting down."""
        delay = self.runtime.settings.operation_step_delay
        if delay > 0:
            time.sleep(delay)
        if self.stopping.is_set():
            raise ShuttingDown("the server is stopping")
        fraction = min(1.0, max(0.0, fraction))
        now = time.monotonic()
        values: dict[str, Any] = {}
        due = now - self._last_write >= PROGRESS_INTERVAL or message is not None
        if due and fraction != self._last_fraction:
            values["progress"] = fraction
        if message is not None:
            values["message"] = message
        with self.runtime.database.session(write=bool(values)) as db, db.begin():
            if values:
                db.execute(update(Operation).where(self._mine()).values(**values))
                self._last_write, self._last_fraction = now, fraction
            state = db.execute(
                select(Operation.cancel_requested).where(self._mine())
            ).scalar_one_or_none()
        if state is None:
            raise LostClaim(f"operation {self.id} is no longer claimed by this worker")
        if state:
            raise Cancelled(f"operation {self.id} was cancelled")

    def finish(self, db: Session, outcome: Outcome) -> None:
        """Mark the operation finished inside ``db``'s transaction (nothing when no longer ours).

        Raises:
            Cancelled: its cancellation was requested meanwhile.
            LostClaim: it is not this worker's any more.

        """
        now = utcnow()
        values: dict[str, Any] = {
            "status": "finished",
            "progress": 1.0,
            "message": outcome.message,
            "finished_at": now,
            "claimed_by": None,
        }
        if outcome.skipped or outcome.options:
            # Kept beside the request's options: what the export left out, the version a
            # version operation made (no columns of their own).
            values["options"] = {**self.options, **outcome.options}
            if outcome.skipped:
                values["options"]["skipped"] = outcome.skipped
        if outcome.result_key is not None:
            ttl = timedelta(seconds=self.runtime.settings.result_ttl_seconds)
            values |= {
                "result_key": outcome.result_key,
                "result_size": outcome.result_size,
                "expires_at": now + ttl,
            }
        done = db.execute(
            update(Operation)
            .where(self._mine(), Operation.cancel_requested.is_(False))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount == 1:  # type: ignore[attr-defined]
            events.emit_row(db, Operation, self.id, "finished")
            return
        cancelled = db.execute(
            select(Operation.cancel_requested).where(self._mine())
        ).scalar_one_or_none()
        if cancelled:
            raise Cancelled(f"operation {self.id} was cancelled")
        raise LostClaim(f"operation {self.id} is no longer claimed by this worker")


class OperationWorkers:
    """The worker threads of one server process (plus one heartbeat thread)."""

    def __init__(self, runtime: Runtime, count: int | None = None) -> None:
        self.runtime = runtime
        self.count = runtime.settings.operation_workers if count is None else count
        self.worker_id = f"{secrets.token_hex(8)}"
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._held: set[int] = set()
        self._held_lock = threading.Lock()
        self._last_recovery = 0.0
        self._last_sweep = 0.0
        self._last_orphans: float | None = None  # None: not yet, so the first chore runs it
        self._chores_lock = threading.Lock()
        stale = runtime.settings.operation_stale_seconds
        self.heartbeat_seconds = max(0.2, min(5.0, stale / 3))
        self.recovery_seconds = max(0.5, min(5.0, stale / 2))
        self.sweep_seconds = max(1.0, min(SWEEP_SECONDS, runtime.settings.result_ttl_seconds))
        self.webhooks = webhooks.Sender(runtime, self.worker_id, self.stopping)

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the threads (none when the count is 0)."""
        if self.count <= 0 or self._threads:
            return
        for index in range(self.count):
            thread = threading.Thread(
                target=self._loop, name=f"annota-operations-{index}", daemon=True
            )
            self._threads.append(thread)
        self._threads.append(
            threading.Thread(target=self._heartbeat, name="annota-heartbeat", daemon=True)
        )
        self._threads.append(
            threading.Thread(target=self.webhooks.run, name="annota-webhooks", daemon=True)
        )
        if self.runtime.database.backend == "postgresql":
            self._threads.append(
                threading.Thread(target=self._listen, name="annota-listen", daemon=True)
            )
        for thread in self._threads:
            thread.start()
        logger.info("started %d operation workers (id %s)", self.count, self.worker_id)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the threads to stop and wait for them; a running operation is queued again."""
        self.stopping.set()
        _wake.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = []

    # -- the loops -----------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self._chores()
                claimed = self.claim()
                if claimed is not None:
                    self._execute(claimed)
                    continue
            except Exception:  # a database outage must not kill the worker
                logger.warning("operation worker error", exc_info=True)
            _wake.wait(self.runtime.settings.operation_poll_seconds)
            _wake.clear()

    def _listen(self) -> None:
        """Wake the workers on each ``NOTIFY``, on a connection of its own (PostgreSQL)."""
        import psycopg

        engine = self.runtime.database.engine
        args, kwargs = engine.dialect.create_connect_args(engine.url)
        while not self.stopping.is_set():
            try:
                with psycopg.connect(*args, **kwargs, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    _wake.set()  # anything queued while nobody listened
                    while not self.stopping.is_set():
                        for _notice in connection.notifies(timeout=LISTEN_TIMEOUT):
                            _wake.set()
            except Exception:
                logger.warning(
                    "listening for queued operations failed; polling until it reconnects",
                    exc_info=True,
                )
                self.stopping.wait(RECONNECT_SECONDS)

    def _heartbeat(self) -> None:
        while not self.stopping.wait(self.heartbeat_seconds):
            with self._held_lock:
                held = list(self._held)
            if not held:
                continue
            try:
                beat(self.runtime.database, self.worker_id, held)
            except Exception:
                logger.warning("operation heartbeat failed", exc_info=True)

    def _chores(self) -> None:
        """Recover operations of dead processes and delete expired results, now and then."""
        now = time.monotonic()
        with self._chores_lock:
            recover = now - self._last_recovery >= self.recovery_seconds
            sweep = now - self._last_sweep >= self.sweep_seconds
            orphans = (
                self._last_orphans is None
                or now - self._last_orphans >= self.runtime.settings.orphan_sweep_seconds
            )
            if recover:
                self._last_recovery = now
            if sweep:
                self._last_sweep = now
            if orphans:
                self._last_orphans = now
        if recover:
            self.recover_stale()
        if sweep:
            self.sweep_expired()
            idempotency.sweep(
                self.runtime.database, self.runtime.settings.idempotency_retention_seconds
            )
            self.webhooks.sweep()
        if orphans:
            self.sweep_orphans()

    # -- claiming and running ------------------------------------------------------------------

    def claim(self) -> Run | None:
        """Claim the oldest queued operation, or return None when there is none."""
        database = self.runtime.database
        with database.session(write=False) as db, db.begin():
            waiting = db.scalar(select(Operation.id).where(Operation.status == "queued").limit(1))
        if waiting is None:  # the common case costs no write lock
            return None
        now = utcnow()
        with database.session(write=True) as db, db.begin():
            row = db.execute(
                select(
                    Operation.id,
                    Operation.kind,
                    Operation.format,
                    Operation.options,
                    Operation.project_id,
                    Operation.input_key,
                )
                .where(Operation.status == "queued")
                .order_by(Operation.created_at, Operation.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if row is None:
                return None
            db.execute(
                update(Operation)
                .where(Operation.id == row.id)
                .values(
                    status="running",
                    claimed_by=self.worker_id,
                    started_at=now,
                    heartbeat_at=now,
                    attempts=Operation.attempts + 1,
                    message="",
                )
            )
            beat = {"operation_id": row.id, "worker": self.worker_id, "beat_at": now}
            db.execute(
                dialect_insert(db, OperationHeartbeat)
                .values(beat)
                .on_conflict_do_update(index_elements=["operation_id"], set_=beat)
            )
        with self._held_lock:
            self._held.add(row.id)
        logger.info("operation %d (%s, %s) started by worker %s", row.id, row.kind, row.format,
                    self.worker_id)  # fmt: skip
        return Run(
            runtime=self.runtime,
            worker_id=self.worker_id,
            stopping=self.stopping,
            id=row.id,
            kind=row.kind,
            format=row.format,
            options=dict(row.options or {}),
            project_id=row.project_id,
            input_key=row.input_key,
        )

    def _execute(self, run: Run) -> None:
        storage = self.runtime.storage
        began = time.monotonic()
        outcome = "finished"
        try:
            if run.kind == "export":
                storage.delete_prefix(
                    storage_keys.operation_results(run.id)
                )  # a dead attempt's leftovers
                export_dataset(run, storage_keys.operation_results(run.id))
            elif run.kind == "version":
                versions.freeze(run)
            elif run.kind == "evaluation":
                evaluations.evaluate(run)
            else:
                storage.delete_prefix(storage_keys.import_staging(run.project_id, run.id))
                import_dataset(run, storage_keys.import_staging(run.project_id, run.id))
        except ShuttingDown:
            outcome = "requeued"
            self._end(run, "queued", "", requeue=True)
        except Cancelled:
            outcome = "cancelled"
            self._end(run, "cancelled", "Cancelled.")
        except LostClaim:
            outcome = "lost"
            logger.info("operation %d was taken away from this worker", run.id)
        except DatasetError as error:
            outcome = "failed"
            self._end(run, "failed", str(error))
        except Exception:
            outcome = "failed"
            logger.exception("operation %d failed unexpectedly", run.id)
            self._end(run, "failed", "The operation failed because of a server error.")
        else:
            logger.info("operation %d finished", run.id)
            if run.kind == "import" and run.input_key:
                storage.delete(run.input_key)
        finally:
            with self._held_lock:
                self._held.discard(run.id)
            instruments = metrics.current()
            if instruments is not None:
                instruments.observe_operation(run.kind, outcome, time.monotonic() - began)

    def _end(self, run: Run, status: str, message: str, *, requeue: bool = False) -> None:
        """End (or re-queue) an operation that did not finish; its partial files go."""
        logger.info("operation %d ended %s: %s", run.id, status, message or "(no message)")
        storage = self.runtime.storage
        tidy = [partial(storage.delete_prefix, storage_keys.operation_results(run.id))]
        if run.kind == "import":
            tidy.append(
                partial(storage.delete_prefix, storage_keys.import_staging(run.project_id, run.id))
            )
        # Before the end is recorded: whoever sees it ended finds the files gone, and once it is
        # queued again another worker may be writing there. A failure to tidy (storage down) is
        # logged, never raised: the operation must still end.
        self._tidy(run, tidy)
        values: dict[str, Any] = {"status": status, "message": message, "claimed_by": None}
        if requeue:
            # A clean shutdown is not the operation's fault: it keeps its attempt.
            values |= {"attempts": Operation.attempts - 1, "heartbeat_at": None}
        else:
            values |= {"finished_at": utcnow()}
        with self.runtime.database.session(write=True) as db, db.begin():
            ended = db.execute(update(Operation).where(run._mine()).values(**values))
            if requeue:
                notify(db.connection())
            elif ended.rowcount == 1:  # type: ignore[attr-defined]
                events.emit_row(db, Operation, run.id, status)
        if not requeue and run.kind == "import" and run.input_key:
            # After: until the end is recorded, a retry may still need the upload.
            self._tidy(run, [partial(storage.delete, run.input_key)])

    @staticmethod
    def _tidy(run: Run, steps: Sequence[Callable[[], object]]) -> None:
        """Delete an operation's files; what cannot be deleted now is left to the orphan sweep."""
        for step in steps:
            try:
                step()
            except Exception:
                logger.warning("operation %d: could not delete its files", run.id, exc_info=True)

    # -- recovery and expiry -------------------------------------------------------------------

    def recover_stale(self) -> None:
        """Re-queue or fail running operations whose process stopped sending heartbeats."""
        settings = self.runtime.settings
        now = utcnow()
        cutoff = now - timedelta(seconds=settings.operation_stale_seconds)
        # Alive: claimed since the cutoff, or a heartbeat row of its claimer beat since.
        fresh = (
            select(OperationHeartbeat.operation_id)
            .where(
                OperationHeartbeat.operation_id == Operation.id,
                OperationHeartbeat.worker == Operation.claimed_by,
                OperationHeartbeat.beat_at >= cutoff,
            )
            .exists()
        )
        stale = (
            (Operation.status == "running")
            & (Operation.heartbeat_at.is_(None) | (Operation.heartbeat_at < cutoff))
            & ~fresh
        )
        with self.runtime.database.session(write=False) as db, db.begin():
            found = db.scalar(select(Operation.id).where(stale).limit(1))
        if found is None:
            return
        with self.runtime.database.session(write=True) as db, db.begin():
            rows = db.execute(
                select(
                    Operation.id,
                    Operation.kind,
                    Operation.project_id,
                    Operation.input_key,
                    Operation.attempts,
                    Operation.cancel_requested,
                )
                .where(stale)
                .with_for_update(skip_locked=True)
            ).all()
            ended: list[Any] = []
            for row in rows:
                if row.cancel_requested:
                    values: dict[str, Any] = {
                        "status": "cancelled",
                        "message": "Cancelled.",
                        "finished_at": now,
                    }
                    ended.append(row)
                elif row.attempts < settings.operation_max_attempts:
                    values = {"status": "queued", "message": f"Queued again: {DEAD_PROCESS}."}
                else:
                    values = {
                        "status": "failed",
                        "message": f"The operation failed: {DEAD_PROCESS}.",
                        "finished_at": now,
                    }
                    ended.append(row)
                db.execute(
                    update(Operation)
                    .where(Operation.id == row.id, stale)
                    .values(claimed_by=None, heartbeat_at=None, **values)
                )
                if values["status"] != "queued":
                    events.emit_row(db, Operation, row.id, values["status"])
            if len(ended) < len(rows):  # some went back to the queue
                notify(db.connection())
        for row in rows:
            logger.warning("operation %d: %s", row.id, DEAD_PROCESS)
        for row in ended:
            self.runtime.storage.delete_prefix(storage_keys.operation_results(row.id))
            if row.kind == "import":
                self.runtime.storage.delete_prefix(
                    storage_keys.import_staging(row.project_id, row.id)
                )
                if row.input_key:
                    self.runtime.storage.delete(row.input_key)

    def sweep_orphans(self) -> None:
        """Delete stored objects that no row refers to (see :mod:`annota_server.orphans`)."""
        settings = self.runtime.settings
        orphans.sweep(
            self.runtime.database,
            self.runtime.storage,
            grace=timedelta(seconds=settings.orphan_grace_seconds),
            data_dir=settings.data_dir,
        )
        # Shapes of replacements whose process died before switching or tidying up.
        staging.sweep(
            self.runtime.database, settings.write_batch_rows, settings.orphan_grace_seconds
        )

    def sweep_expired(self) -> None:
        """Delete results past their ``expires_at`` (file first, then the key)."""
        now = utcnow()
        with self.runtime.database.session(write=False) as db, db.begin():
            expired = db.execute(
                select(Operation.id, Operation.result_key).where(
                    Operation.result_key.is_not(None), Operation.expires_at < now
                )
            ).all()
        for row in expired:
            self.runtime.storage.delete_prefix(storage_keys.operation_results(row.id))
            with self.runtime.database.session(write=True) as db, db.begin():
                db.execute(
                    update(Operation)
                    .where(Operation.id == row.id, Operation.result_key == row.result_key)
                    .values(result_key=None)
                )


def beat(database: Database, worker_id: str, held: Iterable[int]) -> None:
    """Refresh the heartbeat of the operations ``worker_id`` runs.

    It writes their ``operation_heartbeats`` rows, never the ``operations`` rows: an operation
    writes its own row in its transaction (``run.finish``), and on PostgreSQL a REPEATABLE READ
    transaction (a version's freeze) fails when another one changed a row it then changes.
    """
    with database.session(write=True) as db, db.begin():
        db.execute(
            update(OperationHeartbeat)
            .where(
                OperationHeartbeat.operation_id.in_(sorted(held)),
                OperationHeartbeat.worker == worker_id,
            )
            .values(beat_at=utcnow())
        )
