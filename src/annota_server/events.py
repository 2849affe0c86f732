"""Events: every change, written to the ``events`` table (the outbox) in its own transaction.

One hook for the whole server, not a line per handler: the write sessions (see
``db/engine.py``) note, after each flush, the rows of the published models that were
inserted, changed or deleted, and insert one event per row just before the commit. An event
is therefore stored exactly when its change is: a request that fails, or rolls back, leaves
none. What the ORM does not see (bulk statements: annotation saves, the worker's status
updates) is published with :func:`emit` or :func:`emit_row` at the one place each happens.

Publishing a new kind of object is one line: ``publish(Issue, "issue")`` gives
``issue.created``, ``issue.updated`` and ``issue.deleted``.

Commit order. The feed and the webhook worker read events by id after a cursor, so an event
must never become visible with an id smaller than one already read. On PostgreSQL ids come
from a sequence, and two transactions may commit in the other order than they took their
ids; so the insert first takes a transaction-level advisory lock, held to the commit: ids
are then taken in commit order. That serialises only the last moment of writes that publish
(the insert and the commit). SQLite's write lock serialises whole write transactions anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from annota_server.db.models import (
    Asset,
    DatasetVersion,
    Event,
    Job,
    Operation,
    Project,
    ReviewIssue,
    Task,
    utcnow,
)

# Any constant; the same in every annota process (not the migrations' lock key).
_PG_LOCK_KEY = 0x616E6E6F7465
_PENDING = "annota_pending_events"

Change = Callable[[Any, Any], str | None]
"""Given a changed column's old and new value, the verb of an extra event (or None)."""


@dataclass(frozen=True)
class Source:
    """How the rows of one model are published."""

    name: str
    """The object type, the first part of each kind (``task`` in ``task.updated``)."""
    verbs: tuple[str, ...] = ("created", "updated", "deleted")
    exclude: frozenset[str] = frozenset()
    """Columns left out of the event's ``object`` (storage keys, internal bookkeeping)."""
    on_change: Mapping[str, tuple[Change, tuple[str, ...]]] = field(default_factory=dict)
    """Column -> (verb of the extra event when it changes, every verb it can give)."""

    def kinds(self) -> list[str]:
        """Every event kind this source can give."""
        extra = [verb for _fn, verbs in self.on_change.values() for verb in verbs]
        return [f"{self.name}.{verb}" for verb in (*self.verbs, *extra)]


SOURCES: dict[type, Source] = {}
KINDS: list[str] = []
"""Every event kind, in the order they were published (webhooks may ask for any of them)."""

_INTERNAL = frozenset({"version", "updated_at"})
"""Columns whose change alone is no edit (``changes`` never names them)."""


def publish(
    model: type,
    name: str,
    *,
    verbs: tuple[str, ...] = ("created", "updated", "deleted"),
    exclude: Iterable[str] = (),
    on_change: Mapping[str, tuple[Change, tuple[str, ...]]] | None = None,
) -> None:
    """Publish the changes of ``model``'s rows as ``<name>.<verb>`` events."""
    source = Source(name, verbs, frozenset(exclude), dict(on_change or {}))
    SOURCES[model] = source
    KINDS.extend(kind for kind in source.kinds() if kind not in KINDS)


def kind(name: str) -> None:
    """Declare an event kind that is published with :func:`emit` (not from the ORM)."""
    if name not in KINDS:
        KINDS.append(name)


def _always(verb: str) -> tuple[Change, tuple[str, ...]]:
    return (lambda _old, _new: verb), (verb,)


_OPERATION_ENDS = ("finished", "failed", "cancelled")

publish(Project, "project")
publish(Task, "task", exclude=("next_position",))
publish(
    Job,
    "job",
    on_change={"stage": _always("stage_changed"), "state": _always("state_changed")},
)
publish(Asset, "asset", exclude=("storage_key",))
kind("annotation.updated")
publish(
    ReviewIssue,
    "issue",
    exclude=("resolved_by_id", "resolved_at"),
    on_change={
        "resolved": (
            (lambda _old, new: "resolved" if new else "reopened"),
            ("resolved", "reopened"),
        )
    },
)
publish(DatasetVersion, "version", exclude=("frozen",))
publish(
    Operation,
    "operation",
    exclude=("input_key", "result_key", "claimed_by", "heartbeat_at", "options"),
    on_change={
        "status": ((lambda _old, new: new if new in _OPERATION_ENDS else None), _OPERATION_ENDS)
    },
)


# -- the document of an event --------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


def describe(row: Any, source: Source) -> dict[str, Any]:
    """The ``object`` of an event: the row's columns, foreign keys named like the API's."""
    document: dict[str, Any] = {}
    for column in row.__table__.columns:
        key = column.key
        if key in source.exclude:
            continue
        name = key[:-3] if column.foreign_keys and key.endswith("_id") else key
        document[name] = _plain(getattr(row, key))
    return document


def document(row: Event) -> dict[str, Any]:
    """An event as the feed answers it and a webhook is sent it."""
    return {
        "id": row.id,
        "kind": row.kind,
        "created_at": _plain(row.created_at),
        "workspace": row.workspace_id,
        "project": row.project_id,
        "object_type": row.object_type,
        "object": row.payload.get("object", {}),
        "changes": row.payload.get("changes", []),
    }


# -- recording ---------------------------------------------------------------------------------


def _pending(session: Session) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    return found


def emit(
    session: Session,
    kind: str,
    *,
    workspace_id: int,
    project_id: int | None,
    object_type: str,
    obj: dict[str, Any],
    changes: Iterable[str] = (),
) -> None:
    """Record an event for the session's transaction: stored at commit, dropped on rollback."""
    assert kind in KINDS, f"unknown event kind {kind}"
    _pending(session).append(
        {
            "kind": kind,
            "workspace_id": workspace_id,
            "project_id": project_id,
            "object_type": object_type,
            "object_id": obj["id"],
            "payload": {"object": obj, "changes": sorted(changes)},
        }
    )


def emit_row(session: Session, model: type, row_id: int, verb: str) -> None:
    """Record ``<type>.<verb>`` for a row a bulk statement changed (read as it is now)."""
    source = SOURCES[model]
    row = session.get(model, row_id, populate_existing=True)
    if row is not None:
        _record(session, source, row, verb)


def _record(
    session: Session, source: Source, row: Any, verb: str, changes: Iterable[str] = ()
) -> None:
    emit(
        session,
        f"{source.name}.{verb}",
        workspace_id=row.workspace_id,
        project_id=row.id if isinstance(row, Project) else getattr(row, "project_id", None),
        object_type=source.name,
        obj=describe(row, source),
        changes=changes,
    )


def note_changes(session: Session, _flush: UOWTransaction) -> None:
    """After a flush: record an event for each published row it inserted, changed or deleted."""
    for row in session.new:
        source = SOURCES.get(type(row))
        if source is not None and "created" in source.verbs:
            _record(session, source, row, "created")
    for row in session.dirty:
        source = SOURCES.get(type(row))
        if source is None or not session.is_modified(row):
            continue
        state = inspect(row)
        changed = [
            attr.key
            for attr in state.mapper.column_attrs
            if attr.key not in _INTERNAL and state.attrs[attr.key].history.has_changes()
        ]
        if not changed:
            continue
        if "updated" in source.verbs:
            _record(session, source, row, "updated", changed)
        for column, (verb_of, _verbs) in source.on_change.items():
            if column in changed:
                history = state.attrs[column].history
                old = history.deleted[0] if history.deleted else None
                verb = verb_of(old, getattr(row, column))
                if verb is not None:
                    _record(session, source, row, verb, [column])
    for row in session.deleted:
        source = SOURCES.get(type(row))
        if source is not None and "deleted" in source.verbs:
            _record(session, source, row, "deleted")


def store_at_commit(session: Session) -> None:
    """Before a commit: insert the transaction's events, in commit order (see the module)."""
    session.flush()  # the commit's own flush comes after this event: record its changes too
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
    now = utcnow()
    connection.execute(insert(Event), [{**item, "created_at": now} for item in pending])


def forget(session: Session, transaction: Any) -> None:
    """A transaction ended (committed or rolled back): nothing is pending any more."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install(sessions: Any) -> None:
    """Record events in the sessions this ``sessionmaker`` makes."""
    event.listen(sessions, "after_flush", note_changes)
    event.listen(sessions, "before_commit", store_at_commit)
    event.listen(sessions, "after_transaction_end", forget)


def annotations_changed(
    session: Session, job_id: int, task_id: int, project_id: int, workspace_id: int, revision: int
) -> None:
    """Record ``annotation.updated`` for a job whose shapes a write replaced or changed."""
    emit(
        session,
        "annotation.updated",
        workspace_id=workspace_id,
        project_id=project_id,
        object_type="annotations",
        obj={
            "id": job_id,
            "job": job_id,
            "task": task_id,
            "project": project_id,
            "revision": revision,
        },
    )
