"""Projects read straight into the documents that are answered, in a fixed number of statements.

A project's document carries its owner, workspace, labels and statistics. Read through the ORM,
that is an object per row and per label plus five counts per request; here it is one Core
select for the projects (owner and workspace joined, statistics as correlated counts) and one
for the labels of all of them, whatever the page size.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Executable,
    FromClause,
    Row,
    Select,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import Session

from annota_server import serializers as ser
from annota_server.db.models import (
    Asset,
    Job,
    Label,
    Membership,
    Project,
    Shape,
    Task,
    User,
    Workspace,
)
from annota_server.staging import live

# Tables, not mapped classes: selects of plain columns skip the ORM's result machinery.
_USERS = User.__table__
_WORKSPACES = Workspace.__table__
_LABELS = Label.__table__
_MEMBERSHIPS = Membership.__table__


def _statistics(project_id: Any) -> list[ColumnElement[Any]]:
    """The statistics of the project whose id is ``project_id``, as correlated counts."""

    def count(model: Any, *where: Any, distinct: str | None = None) -> ColumnElement[Any]:
        table = model.__table__
        counted = func.count() if distinct is None else func.count(table.c[distinct].distinct())
        return select(counted).where(table.c.project_id == project_id, *where).scalar_subquery()

    # Predictions are counted apart: "annotated" means a person's (or an import's) work.
    source = Shape.__table__.c.source
    visible = live(Shape.__table__.c)
    return [
        count(Task).label("tasks"),
        count(Job).label("jobs"),
        count(Asset).label("assets"),
        count(Shape, source != "model", visible, distinct="asset_id").label("annotated_assets"),
        count(Shape, source != "model", visible).label("annotations"),
        count(Shape, source == "model", visible).label("predictions"),
    ]


def _columns(projects: FromClause) -> list[Any]:
    """Every column of a project's document, from ``projects`` (the table or a page of it)."""
    c = projects.c
    return [
        c.id,
        c.name,
        c.description,
        c.type,
        c.status,
        c.created_at,
        c.updated_at,
        c.version,
        _USERS.c.id.label("owner_id"),
        _USERS.c.username.label("owner_username"),
        _WORKSPACES.c.id.label("workspace_id"),
        _WORKSPACES.c.slug.label("workspace_slug"),
        _WORKSPACES.c.name.label("workspace_name"),
        *_statistics(c.id),
    ]


def _joined(projects: FromClause) -> Any:
    c = projects.c
    return projects.join(User, User.id == c.owner_id).join(
        Workspace, Workspace.id == c.workspace_id
    )


def read_page(db: Session, ids: Select[Any], order: Sequence[Any]) -> Sequence[Row[Any]]:
    """Rows of the projects whose ids ``ids`` selects, in ``order`` (on the projects table).

    The statistics are counted for these rows only, after the page is cut.
    """
    statement = _base().where(Project.__table__.c.id.in_(ids)).order_by(*order)
    return db.connection().execute(statement).all()


@cache
def _base() -> Select[Any]:
    table = Project.__table__
    return select(*_columns(table)).select_from(_joined(table))


def read_one(db: Session, project_id: int, user_id: int) -> Any:
    """One project's row, with the caller's role in its workspace (``role``; None: no member)."""
    return db.connection().execute(_one(), {"project_id": project_id, "user_id": user_id}).first()


@cache
def _one() -> Executable:
    # Built once: a reused statement skips SQLAlchemy's per-call construction and cache keys.
    table = Project.__table__
    member = and_(
        _MEMBERSHIPS.c.workspace_id == table.c.workspace_id,
        _MEMBERSHIPS.c.user_id == bindparam("user_id"),
    )
    return (
        _base()
        .add_columns(_MEMBERSHIPS.c.role)
        .outerjoin(_MEMBERSHIPS, member)
        .where(table.c.id == bindparam("project_id"))
    )


@cache
def _labels() -> Executable:
    c = _LABELS.c
    # Each label's annotations, counted in the same statement (shapes.label_id is indexed).
    shape = Shape.__table__.c

    def shapes(*where: Any) -> Any:
        return (
            select(func.count())
            .where(shape.label_id == c.id, live(shape), *where)
            .scalar_subquery()
        )

    return (
        select(
            c.id,
            c.version,
            c.project_id,
            c.name,
            c.color,
            c.kind,
            c.attributes,
            shapes(shape.source != "model").label("annotations"),
            shapes(shape.source == "model").label("predictions"),
        )
        .where(c.project_id.in_(bindparam("ids", expanding=True)))
        .order_by(c.id)
    )


def documents(db: Session, rows: Sequence[Row[Any]]) -> list[ser.Doc]:
    """The documents of project rows; their labels come in one statement for all of them."""
    labels: dict[int, list[ser.Doc]] = {row.id: [] for row in rows}
    counts: dict[int, list[ser.Doc]] = {row.id: [] for row in rows}
    if labels:
        found = db.connection().execute(_labels(), {"ids": list(labels)}).all()
        for label in found:
            # A label's document is the serializer's (the row has the model's column names).
            labels[label.project_id].append(ser.label(label))  # type: ignore[arg-type]
            counts[label.project_id].append(
                {
                    "label": label.id,
                    "name": label.name,
                    "annotations": label.annotations,
                    "predictions": label.predictions,
                }
            )
    return [_document(row, labels[row.id], counts[row.id]) for row in rows]


def _document(row: Row[Any], labels: list[ser.Doc], by_label: list[ser.Doc]) -> ser.Doc:
    iso = ser.iso
    return {
        "id": row.id,
        "version": row.version,
        "name": row.name,
        "description": row.description,
        "type": row.type,
        "status": row.status,
        "labels": labels,
        "owner": {"id": row.owner_id, "username": row.owner_username},
        "workspace": {
            "id": row.workspace_id,
            "slug": row.workspace_slug,
            "name": row.workspace_name,
        },
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "statistics": {
            "tasks": row.tasks,
            "jobs": row.jobs,
            "assets": row.assets,
            "annotated_assets": row.annotated_assets,
            "annotations": row.annotations,
            "predictions": row.predictions,
            "by_label": by_label,
        },
    }
