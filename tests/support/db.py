"""Direct looks at the server's database, to prove that a refused write changed nothing.

The probe knows nothing about the server's schema: it reflects whatever tables exist. Every
connection is opened for one call and closed again (``NullPool``), so it never holds SQLite
locks or PostgreSQL connections between calls. Its one write, ``move_back``, is the tests'
clock: it ages recorded timestamps instead of waiting for them to age.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

# Bookkeeping tables that may change on any request, refused or not.
# The event outbox is a log of what happened, failed operations included (as operations rows
# are): "a failure stores nothing" is about data, and webhook tests read the events directly.
_VOLATILE_MARKERS = ("alembic", "heartbeat", "events")


def fresh_database_url(url: str, directory: Path) -> str:
    """An empty database on the same backend as ``url``: a new SQLite file in ``directory``, or
    a new database on the same PostgreSQL cluster. For suites that must not share data."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///{directory / f'db-{uuid.uuid4().hex[:12]}.sqlite'}"
    name = f"annota_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(parsed, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {name}")
    finally:
        engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


class DatabaseProbe:
    """Access to the database at ``url`` (a SQLAlchemy URL): reads, and ``move_back``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = sa.create_engine(url, poolclass=NullPool)

    def tables(self) -> list[str]:
        """Every table name, sorted."""
        return sorted(sa.inspect(self.engine).get_table_names())

    def row_counts(self, *, exclude: tuple[str, ...] = ()) -> dict[str, int]:
        """``{table: number of rows}`` for every table except bookkeeping ones and ``exclude``."""
        names = [
            name
            for name in self.tables()
            if not any(marker in name.lower() for marker in _VOLATILE_MARKERS)
            and name not in exclude
        ]
        counts: dict[str, int] = {}
        with self.engine.connect() as conn:
            for name in names:
                table = sa.table(name)
                counts[name] = int(
                    conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                )
        return counts

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of ``table`` as a dict (for a before/after comparison of small tables)."""
        meta = sa.MetaData()
        reflected = sa.Table(table, meta, autoload_with=self.engine)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(sa.select(reflected))]

    def move_back(self, table: str, column: str, seconds: float, **where: Any) -> int:
        """Move ``column`` (a timestamp) of the matching rows ``seconds`` into the past.

        The tests' clock: instead of waiting for a lockout or an expiry, a test makes the
        recorded moment older, so the outcome does not depend on how fast the machine is. The
        one write the probe makes; returns the number of rows moved.
        """
        meta = sa.MetaData()
        reflected = sa.Table(table, meta, autoload_with=self.engine)
        stamp = reflected.c[column]
        rows = sa.select(reflected.c[column], *(reflected.c[k] for k in where)).where(
            *(reflected.c[k] == v for k, v in where.items())
        )
        with self.engine.begin() as conn:
            moved = 0
            for value, *_ in conn.execute(rows).all():
                if value is None:
                    continue
                conn.execute(
                    sa.update(reflected)
                    .where(stamp == value, *(reflected.c[k] == v for k, v in where.items()))
                    .values({column: value - timedelta(seconds=seconds)})
                )
                moved += 1
        return moved

    def dispose(self) -> None:
        self.engine.dispose()
