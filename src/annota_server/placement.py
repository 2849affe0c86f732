"""Where new assets go in a task: their positions, and the jobs that cover them.

A task's jobs cover consecutive position ranges ``[start_position, stop_position)`` of at most
``segment_size`` positions. New assets extend the last job until it is full, then new jobs are
opened. Positions come from ``task.next_position`` and are never reused, so a deleted asset
leaves a hole in its job's range. Callers hold the task's row lock (``get_authorized`` with
WRITE), so concurrent uploads to one task queue up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from annota_server.db.models import Asset, Job, Task


@dataclass(frozen=True)
class NewAsset:
    """A file already written to storage, to become an asset."""

    name: str
    media_type: str
    size: int
    sha256: str
    storage_key: str
    width: int | None
    height: int | None


def task_jobs(db: Session, task_id: int) -> list[Job]:
    """The task's jobs in position order."""
    return list(
        db.scalars(select(Job).where(Job.task_id == task_id).order_by(Job.start_position, Job.id))
    )


def place(db: Session, task: Task, files: Sequence[NewAsset], now: datetime) -> list[Asset]:
    """Add ``files`` as the task's next assets, extending or opening jobs; return the assets."""
    jobs = task_jobs(db, task.id)
    last = jobs[-1] if jobs else None
    assets: list[Asset] = []
    for item in files:
        position = task.next_position
        if last is None or last.stop_position - last.start_position >= task.segment_size:
            last = Job(
                task_id=task.id,
                project_id=task.project_id,
                workspace_id=task.workspace_id,
                stage="annotation",
                state="new",
                start_position=position,
                stop_position=position,
                created_at=now,
                updated_at=now,
            )
            db.add(last)
            db.flush()
        last.stop_position = position + 1
        last.updated_at = now
        task.next_position = position + 1
        asset = Asset(
            task_id=task.id,
            job_id=last.id,
            project_id=task.project_id,
            workspace_id=task.workspace_id,
            name=item.name,
            media_type=item.media_type,
            size=item.size,
            sha256=item.sha256,
            width=item.width,
            height=item.height,
            position=position,
            storage_key=item.storage_key,
            created_at=now,
        )
        db.add(asset)
        assets.append(asset)
    task.asset_count += len(files)
    task.updated_at = now
    db.flush()
    return assets
