"""Workspaces sort by last activity: a write inside a workspace touches its updated_at."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from support import ServerProcess, unique

import annota
from annota_server.db.models import Workspace


def _age(server: ServerProcess, ids: list[int], year: int) -> None:
    """Move workspaces' last activity into the past, as if they had been quiet since."""
    engine = sa.create_engine(server.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.update(Workspace)
                .where(Workspace.id.in_(ids))
                .values(updated_at=datetime(year, 1, 1, tzinfo=UTC))
            )
    finally:
        engine.dispose()


def test_a_write_inside_a_workspace_makes_it_the_last_active(
    server: ServerProcess, user_client: annota.Client
) -> None:
    client = user_client
    quiet = client.workspaces.create({"slug": unique("quiet"), "name": "quiet"})
    busy = client.workspaces.create({"slug": unique("busy"), "name": "busy"})
    personal = client.my_workspace
    _age(server, [quiet.id, busy.id, personal.id], 2020)
    etag = client.workspaces.retrieve(busy.id).etag
    assert client.workspaces.list(sort="-updated_at").first() is not None

    client.with_workspace(busy.slug).projects.create({"name": "p", "type": "detection"})

    ordered = [w.id for w in client.workspaces.list(sort="-updated_at")]
    assert ordered[0] == busy.id
    assert client.workspaces.last_active() == busy
    fresh = client.workspaces.retrieve(busy.id)
    assert fresh.updated_at.year > 2020
    assert fresh.etag == etag, "activity is not an edit: the ETag stays"
    assert client.workspaces.retrieve(quiet.id).updated_at.year == 2020
