"""Large replacements of shapes in short write transactions, all or nothing to everyone else.

SQLite has one write lock for the whole database: a 100,000-shape PUT written in one transaction
held it for the whole insert, and every other write (a login among them) waited behind it. So
a replacement is written in bounded batches, and made visible by a revision switch:

- every shape row carries the ``generation`` it belongs to, and every job names its live one
  (``jobs.shapes_generation``); readers see a shape only when the two agree (:func:`live`);
- a replacement takes a new generation (the id of a ``shape_stages`` row), inserts its rows
  under it, ``write_batch_rows`` per transaction, invisible to every reader;
- then one short transaction checks ``If-Match``, bumps the annotation revision and switches
  the scope's jobs to the new generation (a few rows, whatever the number of shapes): readers
  see the old shapes up to that commit and the new ones from it;
- the superseded rows, invisible from then on, are deleted a batch per transaction.

Why a switch, not staging rows elsewhere and copying them into place: the copy (and the delete
of the old rows) would again be one transaction as long as the data. A failure before the
switch deletes the staged rows (a batch at a time); a process killed meanwhile leaves invisible
rows whose stage is older than the orphan grace, which the workers' sweep deletes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Column, ColumnElement, Table, delete, select, update
from sqlalchemy.orm import Session

from annota_server.db import bulk
from annota_server.db.engine import Database, retry_transient
from annota_server.db.models import Job, Shape, ShapeStage, utcnow

logger = logging.getLogger("annota_server")

T = TypeVar("T")

between_batches: Callable[[int], None] | None = None
"""Test hook: called with the number of rows staged after each committed batch (None: off)."""


def live(shape: Any = Shape) -> ColumnElement[bool]:
    """The condition that a shape row (of ``shape``: the model or its table) is visible."""
    return cast(
        ColumnElement[bool],
        shape.generation
        == select(Job.shapes_generation).where(Job.id == shape.job_id).scalar_subquery(),
    )


def generations(db: Session, job_ids: Sequence[int] | set[int]) -> dict[int, int]:
    """The live generation of each of these jobs (read after the jobs were locked or bumped)."""
    wanted = sorted(set(job_ids))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), 10_000):
        rows = db.execute(
            select(Job.id, Job.shapes_generation).where(Job.id.in_(wanted[start : start + 10_000]))
        )
        found.update({job_id: generation for job_id, generation in rows})
    return found


def insert_shapes(db: Session, rows: Sequence[Mapping[str, Any]], **constant: Any) -> None:
    """Insert shape rows (every column but ``id``; ``constant`` ones the same in all rows).

    One executemany of tuples straight to the driver (sqlite3's; psycopg's pipelines it): the
    values are converted a column at a time, and a value the same in every row (the task, the
    timestamps, the generation) once, instead of SQLAlchemy's processing of each parameter of
    each row. One statement for any number of rows, which tests count.
    """
    if not rows:
        return
    dialect = db.connection().dialect
    table = cast(Table, Shape.__table__)
    first = rows[0]
    names: list[str] = []
    columns: list[Any] = []
    for column in table.c:
        name = column.name
        if name == "id":
            continue
        convert = bulk.converter(column, dialect)
        if name in constant or name not in first:
            value = constant[name] if name in constant else _default(column)
            value = value if convert is None else convert(value)
            values: Sequence[Any] = [value] * len(rows)
        else:
            values = bulk.converted(convert, [row[name] for row in rows])
        names.append(name)
        columns.append(values)
    bulk.insert_columns(db, table, names, columns)


def _default(column: Column[Any]) -> Any:
    """The value SQLAlchemy would insert for a column the rows leave out."""
    default = column.default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    return arg(None) if callable(arg) else arg


def replace(
    database: Database,
    batch: int,
    rows: list[dict[str, Any]],
    jobs: ColumnElement[bool],
    switch: Callable[[Session], T],
) -> T:
    """Write ``rows`` (shapes without ``generation``) as the new shapes of the ``jobs``.

    ``switch(db)`` runs in the short transaction that makes them visible, before the jobs are
    switched: it checks and bumps the revision (its exceptions give the replacement up), and
    its result is returned. Nothing is visible to anyone unless it commits.
    """
    stage = _open(database)
    try:
        for start in range(0, len(rows), batch):
            part = rows[start : start + batch]
            with database.session(write=True) as db, db.begin():
                insert_shapes(db, part, generation=stage)
            if between_batches is not None:
                between_batches(start + len(part))

        def commit_switch() -> T:
            with database.session(write=True) as db, db.begin():
                result = switch(db)
                db.execute(
                    update(Job)
                    .where(jobs)
                    .values(shapes_generation=stage)
                    .execution_options(synchronize_session=False)
                )
                db.execute(delete(ShapeStage).where(ShapeStage.id == stage))
            return result

        result = retry_transient(commit_switch)
    except BaseException:
        _discard(database, batch, stage)
        raise
    try:
        _delete_superseded(database, batch, Shape.job_id.in_(select(Job.id).where(jobs)))
    except Exception:  # invisible already: the workers' sweep deletes what is left
        logger.warning("could not delete superseded shapes", exc_info=True)
    return result


def sweep(database: Database, batch: int, grace_seconds: float, now: datetime | None = None) -> int:
    """Delete the rows of stages abandoned longer than ``grace_seconds`` ago and superseded rows.

    Returns how many shape rows went. Each statement deletes at most ``batch`` rows.
    """
    cutoff = (now or utcnow()) - timedelta(seconds=grace_seconds)
    with database.session(write=True) as db, db.begin():
        db.execute(delete(ShapeStage).where(ShapeStage.created_at < cutoff))
    return _delete_superseded(database, batch, None)


def _open(database: Database) -> int:
    with database.session(write=True) as db, db.begin():
        stage = ShapeStage(created_at=utcnow())
        db.add(stage)
        db.flush()
        return stage.id


def _discard(database: Database, batch: int, stage: int) -> None:
    """Delete a given-up stage's rows, a batch per transaction, then the stage."""
    try:
        _delete_batches(database, batch, Shape.generation == stage)
        with database.session(write=True) as db, db.begin():
            db.execute(delete(ShapeStage).where(ShapeStage.id == stage))
    except Exception:  # invisible: the sweep deletes them once the stage is old
        logger.warning("could not delete the staged shapes of stage %d", stage, exc_info=True)


def _delete_superseded(database: Database, batch: int, where: ColumnElement[bool] | None) -> int:
    """Delete shape rows that are neither live nor part of a stage being written."""
    superseded = ~live() & Shape.generation.not_in(select(ShapeStage.id))
    return _delete_batches(database, batch, superseded if where is None else where & superseded)


def _delete_batches(database: Database, batch: int, where: ColumnElement[bool]) -> int:
    # Chosen by a read, deleted by a short write: rows that are neither live nor staged never
    # become either again (a job only ever switches to a new stage), so no recheck is needed.
    gone = 0
    while True:
        with database.session(write=False) as db, db.begin():
            chosen = list(db.scalars(select(Shape.id).where(where).limit(batch)))
        if chosen:
            with database.session(write=True) as db, db.begin():
                db.execute(
                    delete(Shape)
                    .where(Shape.id.in_(chosen))
                    .execution_options(synchronize_session=False)
                )
        gone += len(chosen)
        if len(chosen) < batch:
            return gone
