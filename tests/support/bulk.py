"""Many rows fast, for tests of large tasks: copies written straight into the server's database.

Uploading 20,000 files would take minutes; these rows are copies of one uploaded asset (same
job, same stored file), so everything that reads an asset's content still works.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

_COPIED = (
    "task_id, job_id, project_id, workspace_id, media_type, size, sha256, width, height, "
    "storage_key, created_at, version"
)


def copy_assets(database_url: str, task_id: int, total: int) -> None:
    """Bring a task of one asset to ``total`` assets (positions 1.. after it, named copy-N.png)."""
    engine = sa.create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            template = conn.execute(
                sa.text(f"SELECT {_COPIED} FROM assets WHERE task_id = :task"), {"task": task_id}
            ).one()
            names = [name.strip() for name in _COPIED.split(",")]
            copied = dict(zip(names, template, strict=True))
            rows = [{**copied, "name": f"copy-{n:05d}.png", "position": n} for n in range(1, total)]
            placeholders = ", ".join(f":{name}" for name in names)
            conn.execute(
                sa.text(
                    f"INSERT INTO assets (name, position, {_COPIED}) "
                    f"VALUES (:name, :position, {placeholders})"
                ),
                rows,
            )
            conn.execute(
                sa.text("UPDATE tasks SET asset_count = :total WHERE id = :task"),
                {"total": total, "task": task_id},
            )
    finally:
        engine.dispose()
