"""Bring the schema to the newest revision, safely when several processes start at once."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

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


def upgrade(database: Database) -> None:
    """Run ``alembic upgrade head`` in one transaction; existing data is kept.

    The transaction holds a lock that serialises concurrent starts: a PostgreSQL advisory lock,
    or SQLite's write lock (``BEGIN IMMEDIATE``). Whoever comes second finds the schema current.
    """
    config = alembic_config()
    with database.write_connection() as connection, connection.begin():
        if database.backend == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    logger.debug("database schema is current")
