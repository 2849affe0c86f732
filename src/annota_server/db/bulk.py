"""Bulk inserts of plain tuples: one driver executemany, no per-row parameter dicts.

SQLAlchemy's Core executemany builds and processes a dict per row (its keys checked, each
value passed through its type's bind processor); for the large inserts of an import that
is most of the write's Python. Here each column's processor is looked up once, applied only
to the columns that have one, and the rows go to the driver's executemany as tuples. The
statement is still one ``before_cursor_execute`` event (what the bulk-write tests count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def insert_tuples(
    db: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (values in the order of ``columns``) into ``table`` in one executemany.

    Values are given as Python values of the columns' types (lists for JSON, datetimes...):
    they are converted by the same bind processors SQLAlchemy would use.
    """
    connection = db.connection()
    dialect = connection.dialect
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        column_type = table.c[name].type
        found = column_type.dialect_impl(dialect).bind_processor(dialect)
        if found is not None:
            processors.append((index, found))
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        for index, processor in processors:
            values[index] = processor(values[index])
        converted.append(tuple(values))
    if not converted:
        return
    marker = _MARKERS[dialect.paramstyle]
    quote = dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join([marker] * len(columns))})"
    )
    connection.exec_driver_sql(statement, converted)
