"""Projects read straight into the documents that are answered, in a fixed number of statements.

A project's document carries its owner, workspace, labels and statistics. Read through the ORM,
that is an object per row and per label plus five counts per request; here it is one Core
select for the projects (owner and workspace joined, statistics as correlated counts) and one
for the labels of all of them, whatever the page size.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Executable,
    FromClause,
    Row,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

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


_COLUMNS = 19
"""How many columns _columns has (a row of read_one has the caller's role after them)."""


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


class json_text(FunctionElement[str]):  # noqa: N801 (a SQL function's name)
    """A string column as JSON text, byte for byte as orjson writes it (NULL: ``null``)."""

    type = String()
    name = "json_text"
    inherit_cache = True


@compiles(json_text)
def _json_text_sqlite(element: json_text, compiler: Any, **kw: Any) -> str:
    # json_quote escapes as orjson does (control characters as \uXXXX or \n, the rest as is).
    return f"json_quote({compiler.process(element.clauses, **kw)})"


@compiles(json_text, "postgresql")
def _json_text_postgresql(element: json_text, compiler: Any, **kw: Any) -> str:
    return f"COALESCE(CAST(to_json({compiler.process(element.clauses, **kw)}) AS TEXT), 'null')"


def _json(*parts: str | ColumnElement[Any]) -> ColumnElement[str]:
    """JSON text concatenated in SQL: ``str`` parts are literal text, columns integers' digits."""
    pieces: list[ColumnElement[Any]] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(literal_column("'" + part.replace("'", "''") + "'", String()))
        elif isinstance(part, json_text):
            pieces.append(part)
        else:
            pieces.append(cast(part, String()))
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = joined.concat(piece)
    return joined


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

    # Each label's document (but its attributes) and its statistics, as JSON text in the order
    # of serializers.label: the page is answered without a Python object per label.
    document = _json(
        '{"id":', c.id, ',"version":', c.version, ',"project":', c.project_id,
        ',"name":', json_text(c.name), ',"color":', json_text(c.color),
        ',"kind":', json_text(c.kind), ',"attributes":',
    )  # fmt: skip
    statistics = _json(
        '{"label":', c.id, ',"name":', json_text(c.name),
        ',"annotations":', shapes(shape.source != "model"),
        ',"predictions":', shapes(shape.source == "model"), "}",
    )  # fmt: skip
    return (
        select(c.project_id, document, cast(c.attributes, String()), statistics)
        .where(c.project_id.in_(bindparam("ids", expanding=True)))
        .order_by(c.id)
    )


def _attributes(text: str | None) -> str:
    """A label's stored attributes as orjson writes them (the stored text may be spaced)."""
    if text == "[]" or not text:
        return "[]"
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN or Infinity, which json.dumps may have stored
        value = json.loads(text)
    return orjson.dumps(value or []).decode()


def documents(db: Session, rows: Sequence[Row[Any]]) -> list[ser.Doc]:
    """The documents of project rows; their labels come in one statement for all of them.

    Each label arrives as JSON text built by the database; only a label with attributes is
    touched here (its stored JSON is rewritten compact). The lists are embedded as
    :class:`orjson.Fragment`, so the answer's bytes are those of the documents built from
    objects.
    """
    labels: dict[int, list[str]] = {row.id: [] for row in rows}
    counts: dict[int, list[str]] = {row.id: [] for row in rows}
    if labels:
        found = db.connection().execute(_labels(), {"ids": list(labels)}).all()
        for project_id, document, attributes, statistics in found:
            if attributes != "[]":
                attributes = _attributes(attributes)
            labels[project_id].append(document + attributes + "}")
            counts[project_id].append(statistics)
    return [_document(row, _array(labels[row.id]), _array(counts[row.id])) for row in rows]


def _array(items: list[str]) -> orjson.Fragment:
    return orjson.Fragment("[" + ",".join(items) + "]")


def _document(row: Row[Any], labels: orjson.Fragment, by_label: orjson.Fragment) -> ser.Doc:
    # Unpacked by position (the order of _columns): a row's attributes are looked up by name.
    (
        project_id, name, description, kind, status, created_at, updated_at, version,
        owner_id, owner_username, workspace_id, workspace_slug, workspace_name,
        tasks, jobs, assets, annotated_assets, annotations, predictions,
    ) = row[:_COLUMNS]  # fmt: skip
    iso = ser.iso
    return {
        "id": project_id,
        "version": version,
        "name": name,
        "description": description,
        "type": kind,
        "status": status,
        "labels": labels,
        "owner": {"id": owner_id, "username": owner_username},
        "workspace": {"id": workspace_id, "slug": workspace_slug, "name": workspace_name},
        "created_at": iso(created_at),
        "updated_at": iso(updated_at),
        "statistics": {
            "tasks": tasks,
            "jobs": jobs,
            "assets": assets,
            "annotated_assets": annotated_assets,
            "annotations": annotations,
            "predictions": predictions,
            "by_label": by_label,
        },
    }
