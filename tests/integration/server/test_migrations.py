"""The migrations after 0003 go down and up again on a database in use, keeping its data.

A real server fills a fresh database (a prediction, a dataset version, a changed annotation);
then, the server stopped, the schema goes down to 0003 and back to head the way the server
runs migrations (one transaction; SQLite with foreign keys on), and the server serves what it
served before.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from support import colour_detector
from support.db import DatabaseProbe

import annota
from annota import auto_annotation, shapes
from annota_server.db import migrate
from annota_server.db.engine import Database
from annota_server.db.models import Base

from .operations_support import own_server

LATER_TABLES = {
    "dataset_versions",
    "version_assets",
    "version_shapes",
    "idempotency_keys",
    "password_resets",
    "cloud_storages",
    "shape_stages",
    "operation_heartbeats",
    "review_issues",
    "issue_comments",
    "events",
    "webhooks",
    "webhook_deliveries",
    "webhook_attempts",
    "models",
    "model_versions",
    "evaluations",
    "evaluation_assets",
    "ground_truth_jobs",
    "ground_truth_shapes",
}
"""The tables of the revisions after 0003."""


def _migrate(url: str, direction: str, target: str) -> None:
    """``alembic upgrade|downgrade target`` on ``url`` as the server runs it."""
    database = Database(url)
    try:
        getattr(migrate, direction)(database, target)
    finally:
        database.dispose()


def _schema_state(url: str) -> tuple[str | None, list[object]]:
    """The current revision and how the schema differs from the models."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            return context.get_current_revision(), compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def _annotations(task: annota.proxies.tasks.Task) -> list[tuple[object, ...]]:
    return sorted(
        (s.asset, s.label, str(s.source), tuple(s.points)) for s in task.get_annotations().shapes
    )


def test_downgrade_to_0003_and_upgrade_again_keep_the_data(
    database_url: str, tmp_path: Path
) -> None:
    with own_server(database_url, tmp_path) as server:
        url = server.database_url
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        with annota.Client(server.url, token=http.token) as client:
            project = client.projects.create(
                {"name": "migrated", "type": "detection",
                 "labels": [{"name": "apple"}, {"name": "leaf"}]}
            )  # fmt: skip
            task = client.tasks.create({"project": project.id, "name": "t"})
            made = colour_detector.images(tmp_path / "images", 3)
            assets = task.upload_assets([path for path, _ in made])
            apple = project.labels[0]
            task.set_annotations([shapes.bbox(assets[0], apple, 1, 1, 4, 4)])
            auto_annotation.annotate_task(client, task, colour_detector)
            project.create_version("v1")
            task.update_annotations(create=[shapes.bbox(assets[1], apple, 2, 2, 8, 8)])
            before = _annotations(task)
            assert len(before) == 2 + 3 + 1  # two people's boxes, three apples, a leaf
        server.stop()

        probe = DatabaseProbe(url)
        try:
            counts = probe.row_counts(exclude=tuple(LATER_TABLES))
            assert counts["shapes"] == 6
            assert counts["assets"] == 3

            _migrate(url, "downgrade", "0003")
            assert _schema_state(url)[0] == "0003"
            assert not LATER_TABLES & set(probe.tables())
            assert probe.row_counts() == counts

            _migrate(url, "upgrade", "head")
            revision, difference = _schema_state(url)
            # The newest revision, whichever it is (the chain grows with every branch merged).
            newest = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
            assert revision == newest
            assert difference == []
            assert probe.row_counts(exclude=tuple(LATER_TABLES)) == counts
        finally:
            probe.engine.dispose()

        server.start()
        with annota.Client(server.url, token=http.token) as client:
            task = client.tasks.retrieve(task.id)
            assert _annotations(task) == before
            assert list(client.projects.retrieve(project.id).get_versions()) == []
