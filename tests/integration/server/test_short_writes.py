"""Large writes hold the write lock a bounded batch at a time, and stay all or nothing.

A server in this process with ``write_batch_rows`` = 10, so a PUT of 95 shapes takes ten
batches. SQLAlchemy's events count what every write transaction of the request threads writes;
the staging hook pauses the PUT between two batches (threading.Event, never a sleep) while
other requests run, or makes it fail there. A login writes nothing in its request (its records
are written behind it, by the bookkeeping thread), so it goes on while SQLite is locked. The
workers' heartbeat writes a row of its own, not the operation's (PostgreSQL REPEATABLE READ).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, func, select, update
from sqlalchemy.exc import OperationalError
from support import Http, create_project, create_task

from annota_server import staging
from annota_server.context import Runtime
from annota_server.db.engine import Database
from annota_server.db.models import Operation, OperationHeartbeat, Shape, ShapeStage, utcnow
from annota_server.settings import Settings
from annota_server.storage import LocalStorage
from annota_server.worker import OperationWorkers, beat

from .operations_support import fresh_database, in_process_server, png, start_export, upload

USERNAME, PASSWORD = "short", "short-writes-password"
BATCH = 10
WORKER = "annota-"  # the server's own threads (operation workers, heartbeat)
WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Transactions:
    """Rows written by each transaction of the request threads, while counting."""

    counting: bool = False
    done: list[dict[str, int]] = field(default_factory=list)
    """Per committed transaction: rows written by table."""
    statements: list[str] = field(default_factory=list)
    _open: dict[int, dict[str, int]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _ours(self) -> bool:
        return self.counting and not threading.current_thread().name.startswith(WORKER)

    def begin(self, conn: Any) -> None:
        if self._ours():
            with self._lock:
                self._open[id(conn)] = {}

    def executed(
        self, conn: Any, cursor: Any, statement: str, params: Any, _ctx: Any, many: bool
    ) -> None:
        if not self._ours():
            return
        words = statement.split()
        verb = words[0].upper()
        with self._lock:
            self.statements.append(verb)
        if verb not in WRITES:
            return
        table = words[2 if verb in ("INSERT", "DELETE") else 1].strip('"').lower()
        rows = len(params) if many else max(cursor.rowcount, 0)
        with self._lock:
            tally = self._open.setdefault(id(conn), {})
            tally[table] = tally.get(table, 0) + rows

    def commit(self, conn: Any) -> None:
        with self._lock:
            tally = self._open.pop(id(conn), None)
            if tally:
                self.done.append(tally)

    def during(self, action: Any) -> list[dict[str, int]]:
        """The write transactions ``action()`` committed (rows by table, each)."""
        self.done, self.statements, self.counting = [], [], True
        try:
            action()
        finally:
            self.counting = False
        return self.done


@dataclass
class App:
    """The in-process server: a logged-in client, its database, the transaction counter."""

    http: Http
    database: Database
    transactions: Transactions
    backend: str


@pytest.fixture(scope="module")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    directory = tmp_path_factory.mktemp("short")
    with fresh_database(database_url, directory) as url:
        settings = Settings(
            data_dir=directory, database_url=url, operation_workers=0, write_batch_rows=BATCH
        )
        counter = Transactions()
        listeners = [
            ("begin", counter.begin),
            ("after_cursor_execute", counter.executed),
            ("commit", counter.commit),
        ]
        for name, fn in listeners:
            event.listen(Engine, name, fn)
        database = Database(url)
        try:
            with in_process_server(settings, USERNAME, PASSWORD) as http:
                yield App(http, database, counter, database.backend)
        finally:
            for name, fn in listeners:
                event.remove(Engine, name, fn)
            database.dispose()


@pytest.fixture
def hook() -> Iterator[None]:
    yield
    staging.between_batches = None


def _job(http: Http) -> tuple[int, list[int], int]:
    project = create_project(http, labels=["thing"])
    task = create_task(http, project["id"], segment_size=100)
    assets = upload(http, task["id"], [(f"{k}.png", png(200, 20)) for k in range(3)])
    job = http.get("/api/jobs", params={"task": task["id"]}).expect(200).json()["results"][0]
    return job["id"], [a["id"] for a in assets], project["labels"][0]["id"]


def _shapes(assets: list[int], label: int, count: int, x: int = 1) -> list[dict[str, Any]]:
    return [
        {"asset": assets[k % len(assets)], "label": label, "kind": "bbox",
         "points": [x, 1, x + 2 + k % 50, 3]}
        for k in range(count)
    ]  # fmt: skip


def _stored(database: Database) -> tuple[int, int]:
    """Shape rows of every generation, and stages, in the database."""
    with database.session(write=False) as db:
        return (
            int(db.scalar(select(func.count()).select_from(Shape)) or 0),
            int(db.scalar(select(func.count()).select_from(ShapeStage)) or 0),
        )


def test_a_large_put_writes_at_most_a_batch_per_transaction(app: App) -> None:
    job, assets, label = _job(app.http)
    url = f"/api/jobs/{job}/annotations"
    app.http.put(url, json={"shapes": _shapes(assets, label, 95)}).expect(200)
    again = _shapes(assets, label, 95, x=7)
    written = app.transactions.during(lambda: app.http.put(url, json={"shapes": again}).expect(200))

    assert written, "the PUT wrote nothing"
    assert max(sum(t.values()) for t in written) <= BATCH, written
    assert sum(t.get("shapes", 0) for t in written) == 95 + 95  # 95 inserted, 95 old deleted
    assert len([t for t in written if t.get("shapes")]) >= 2 * 95 // BATCH, written
    stored = app.http.get(url).expect(200).json()["shapes"]
    assert sorted(s["points"][0] for s in stored) == [7] * 95
    assert _stored(app.database)[1] == 0  # no stage left


def test_readers_and_logins_go_on_while_a_large_put_is_paused_then_a_stale_one_stores_nothing(
    app: App, hook: None
) -> None:
    job, assets, label = _job(app.http)
    url = f"/api/jobs/{job}/annotations"
    first = app.http.put(url, json={"shapes": _shapes(assets, label, 5)}).expect(200)
    tag = first.headers["ETag"]
    before = _stored(app.database)
    paused, resume = threading.Event(), threading.Event()

    def pause(staged: int) -> None:
        if staged == 2 * BATCH:
            paused.set()
            resume.wait(120)

    staging.between_batches = pause
    answers: list[Any] = []
    big = {"shapes": _shapes(assets, label, 95, x=9)}
    writer = threading.Thread(
        target=lambda: answers.append(app.http.put(url, json=big, headers={"If-Match": tag}))
    )
    writer.start()
    try:
        assert paused.wait(120), "the PUT never reached its second batch"
        # Two batches are committed but invisible; the write lock is free.
        seen = app.http.get(url).expect(200).json()["shapes"]
        assert sorted(s["points"][0] for s in seen) == [1] * 5
        Http(app.http.base_url).login(USERNAME, PASSWORD)
        # Someone saves meanwhile: the paused PUT's If-Match is stale at its switch.
        app.http.patch(url, json={"delete": [seen[0]["id"]]}).expect(200)
    finally:
        resume.set()
        writer.join(120)
    assert answers[0].status == 412, answers[0].text
    stored = app.http.get(url).expect(200).json()["shapes"]
    assert sorted(s["points"][0] for s in stored) == [1] * 4
    assert _stored(app.database) == (before[0] - 1, 0)  # its staged rows went too


def test_a_failure_between_batches_leaves_the_old_shapes_and_no_staged_row(
    app: App, hook: None
) -> None:
    job, assets, label = _job(app.http)
    url = f"/api/jobs/{job}/annotations"
    app.http.put(url, json={"shapes": _shapes(assets, label, 5)}).expect(200)
    before = _stored(app.database)

    def fail(staged: int) -> None:
        if staged == 3 * BATCH:
            raise OperationalError("INSERT", None, Exception("disk I/O error"))

    staging.between_batches = fail
    app.http.put(url, json={"shapes": _shapes(assets, label, 95, x=9)}).expect(503)
    stored = app.http.get(url).expect(200).json()["shapes"]
    assert sorted(s["points"][0] for s in stored) == [1] * 5
    assert _stored(app.database) == before


def test_a_task_put_switches_every_job_at_once(app: App) -> None:
    project = create_project(app.http, labels=["thing"])
    task = create_task(app.http, project["id"], segment_size=2)
    files = [(f"{k}.png", png(200, 20)) for k in range(4)]
    assets = [a["id"] for a in upload(app.http, task["id"], files)]
    label = project["labels"][0]["id"]
    url = f"/api/tasks/{task['id']}/annotations"
    app.http.put(url, json={"shapes": _shapes(assets, label, 25)}).expect(200)
    answer = app.http.put(url, json={"shapes": _shapes(assets, label, 33, x=4)}).expect(200)
    assert sorted(s["points"][0] for s in answer.json()["shapes"]) == [4] * 33
    stats = app.http.get(f"/api/projects/{project['id']}").expect(200).json()
    assert stats["statistics"]["annotations"] == 33


def test_a_login_writes_nothing(app: App) -> None:
    app.transactions.during(lambda: Http(app.http.base_url).login(USERNAME, PASSWORD))
    assert not set(app.transactions.statements) & set(WRITES), app.transactions.statements


def test_a_login_needs_no_write_lock_on_sqlite(app: App) -> None:
    if app.backend != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    with app.database.write_connection() as conn, conn.begin():  # BEGIN IMMEDIATE: the lock
        token = Http(app.http.base_url).login(USERNAME, PASSWORD)
        assert Http(app.http.base_url).with_token(token).get("/api/users/self").status == 200


def _running(app: App, worker: str, claimed: datetime, beat_at: datetime) -> int:
    """An export operation marked running by ``worker``, with its heartbeat row."""
    project = create_project(app.http, labels=["thing"])
    operation = start_export(app.http, project["id"], "annota")["id"]
    with app.database.session(write=True) as db, db.begin():
        db.execute(
            update(Operation)
            .where(Operation.id == operation)
            .values(status="running", claimed_by=worker, heartbeat_at=claimed)
        )
        db.add(OperationHeartbeat(operation_id=operation, worker=worker, beat_at=beat_at))
    return operation


def test_a_heartbeat_does_not_fail_the_operations_repeatable_read_transaction(app: App) -> None:
    if app.backend != "postgresql":
        pytest.skip("SQLite runs one writer at a time: the two cannot interleave")
    earlier = utcnow() - timedelta(minutes=1)
    operation = _running(app, "w-rr", earlier, earlier)
    with app.database.session(write=True) as db, db.begin():
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        assert db.get(Operation, operation) is not None  # the snapshot is taken here
        beat(app.database, "w-rr", [operation])  # commits meanwhile, as the thread does
        # What versions.freeze does at its end (run.finish): no serialization failure.
        db.execute(update(Operation).where(Operation.id == operation).values(progress=1.0))
    with app.database.session(write=False) as db:
        row = db.get(OperationHeartbeat, operation)
        assert row is not None
        assert row.beat_at > earlier


def test_a_fresh_heartbeat_row_keeps_an_old_claim_alive_and_a_stale_one_does_not(
    app: App, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url="unused", operation_stale_seconds=30)
    runtime = Runtime(settings, app.database, "test", LocalStorage(settings.storage_dir))
    long_ago = utcnow() - timedelta(hours=1)
    alive = _running(app, "w-alive", long_ago, utcnow())
    dead = _running(app, "w-dead", long_ago, long_ago)
    OperationWorkers(runtime, count=0).recover_stale()
    with app.database.session(write=False) as db:
        assert db.get(Operation, alive).status == "running"  # type: ignore[union-attr]
        assert db.get(Operation, dead).status == "queued"  # type: ignore[union-attr]


def test_the_sweep_deletes_an_abandoned_stage_and_superseded_rows_only(app: App) -> None:
    job, assets, label = _job(app.http)
    url = f"/api/jobs/{job}/annotations"
    app.http.put(url, json={"shapes": _shapes(assets, label, 3)}).expect(200)
    live = _stored(app.database)[0]
    with app.database.session(write=False) as db:
        row = db.execute(select(Shape).where(Shape.job_id == job).limit(1)).scalar_one()
        template = {c.name: getattr(row, c.name) for c in Shape.__table__.columns if c.name != "id"}
    long_ago = utcnow() - timedelta(hours=2)
    with app.database.session(write=True) as db, db.begin():
        dead, running = ShapeStage(created_at=long_ago), ShapeStage(created_at=utcnow())
        db.add_all([dead, running])
        db.flush()
        superseded = row.generation - 1 if row.generation > 0 else -1
        for generation in (dead.id, running.id, superseded):
            db.execute(Shape.__table__.insert(), [{**template, "generation": generation}] * 2)
        running_id = running.id
    assert staging.sweep(app.database, BATCH, 3600) == 4  # the dead stage's and superseded
    assert _stored(app.database) == (live + 2, 1)  # the running stage keeps its rows
    with app.database.session(write=True) as db, db.begin():
        db.execute(delete(ShapeStage).where(ShapeStage.id == running_id))
    assert staging.sweep(app.database, BATCH, 3600) == 2
    assert len(app.http.get(url).expect(200).json()["shapes"]) == 3
