"""Bring the schema to the newest revision, safely when several processes start at once."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

from annota_server.db.engine import Database

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant works; it only has to be the same for every annota process on the cluster.
_PG_LOCK_KEY = 0x616E6E6F7461

logger = logging.getLogger("annota_server")


def alembic_config() -> Config:
    """Return an Alembic configuration for the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, target: str = "head") -> None:
    """Run ``alembic upgrade head`` (or to ``target``) in one transaction; data is kept.

    The transaction holds a lock that serialises concurrent starts: a PostgreSQL advisory lock,
    or SQLite's write lock (``BEGIN IMMEDIATE``). Whoever comes second finds the schema current.
    """
    _run(database, "upgrade", target)
    logger.debug("database schema is current")


def downgrade(database: Database, target: str) -> None:
    """Run ``alembic downgrade target`` as :func:`upgrade` runs upgrades (to roll back a release).

    What only the later revisions can hold (their tables and columns) is lost; the rest is kept.
    """
    _run(database, "downgrade", target)


def _run(database: Database, direction: str, target: str) -> None:
    config = alembic_config()
    sqlite = database.backend == "sqlite"
    with database.write_connection() as connection:
        # SQLite alters a table by copying it, dropping it and renaming the copy. With foreign
        # keys on, dropping a table deletes its rows first, and ON DELETE CASCADE with them the
        # rows that refer to them (dropping `jobs` would empty `assets` and `shapes`). The
        # pragma cannot change inside a transaction, so it is turned off around it, on the
        # driver's connection (a statement through SQLAlchemy would begin one), and the
        # references are checked before the commit instead.
        if sqlite:
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if database.backend == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY}
                    )
                config.attributes["connection"] = connection
                getattr(command, direction)(config, target)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration broke references: {broken[:5]}")
        finally:
            if sqlite:
                _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, statement: str) -> None:
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(statement)
