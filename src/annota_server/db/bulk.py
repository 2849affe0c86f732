"""Bulk inserts straight to the driver: one executemany, no per-row parameter dicts.

SQLAlchemy's Core executemany builds and processes a dict per row (its keys checked, each
value passed through its type's bind processor); for the large inserts of an annotation PUT
or an import that was most of the write's Python. Here each column's conversion is looked up
once and applied a column at a time (a value repeated row after row, such as a request's
timestamp, converted once), JSON is written compact by orjson, and the rows go to the
driver's executemany as tuples (sqlite3's; psycopg pipelines it). It is still one statement,
one ``before_cursor_execute`` event, which the bulk-write tests count.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import JSON, Boolean, Column, Dialect, Table
from sqlalchemy.orm import Session

__all__ = ["converter", "insert_columns", "insert_tuples"]


def _json_text(value: Any) -> str:
    # What the JSON type stores, but compact and written by orjson (Python None is JSON null,
    # as the type stores it). Read back by the JSON type alike.
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: json takes it
        return json.dumps(value)


def converter(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """What turns a column's Python value into the driver's (None: nothing to do)."""
    if isinstance(column.type, JSON):
        return _json_text
    if isinstance(column.type, Boolean):
        return None  # both drivers take a bool as it is
    # Timestamps and the like: the type's own processing (UTCDateTime: UTC, naive on SQLite).
    return cast(
        "Callable[[Any], Any] | None", column.type.dialect_impl(dialect).bind_processor(dialect)
    )


def converted(convert: Callable[[Any], Any] | None, values: Sequence[Any]) -> Sequence[Any]:
    """``values`` converted; the same object in row after row is converted once."""
    if convert is None:
        return values
    last: Any = object()
    done: Any = None
    out = []
    for value in values:
        if value is not last:
            last, done = value, convert(value)
        out.append(done)
    return out


@cache
def _statement(dialect: Dialect, table: Table, names: tuple[str, ...]) -> str:
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    marks = [
        f"CAST({mark} AS JSON)"
        if dialect.name == "postgresql" and isinstance(table.c[name].type, JSON)
        else mark
        for name in names
    ]
    quote = dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
        f"VALUES ({', '.join(marks)})"
    )


def insert_columns(
    db: Session, table: Table, names: Sequence[str], columns: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows given column-wise (driver values, already converted) in one executemany."""
    if not columns or not columns[0]:
        return
    connection = db.connection()
    statement = _statement(connection.dialect, table, tuple(names))
    connection.exec_driver_sql(statement, list(zip(*columns, strict=True)))


def insert_tuples(
    db: Session, table: Table, names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (Python values in the order of ``names``) into ``table``, converted."""
    materialized = list(rows)
    if not materialized:
        return
    dialect = db.connection().dialect
    columns = [
        converted(converter(table.c[name], dialect), values)
        for name, values in zip(names, zip(*materialized, strict=True), strict=True)
    ]
    insert_columns(db, table, names, columns)
