"""A project's labels, tasks, assets and shapes, read once for an export."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annota_server.datasets.base import DatasetError
from annota_server.db.models import Asset, Label, Project, Shape, Task


@dataclass
class TaskData:
    """A task with its assets in position order."""

    task: Task
    assets: list[Asset] = field(default_factory=list)


@dataclass
class ProjectData:
    """What an export writes."""

    project: Project
    labels: list[Label]
    tasks: list[TaskData]
    shapes: dict[int, list[Shape]]
    """Shapes per asset id, in drawing order."""

    @property
    def asset_count(self) -> int:
        """How many assets the project has."""
        return sum(len(item.assets) for item in self.tasks)


def load_project(db: Session, project_id: int) -> ProjectData:
    """Read the project's rows (a few queries, whole tables of the project at once)."""
    project = db.get(Project, project_id)
    if project is None:
        raise DatasetError("The project no longer exists.")
    labels = list(
        db.scalars(select(Label).where(Label.project_id == project_id).order_by(Label.id))
    )
    tasks = {
        task.id: TaskData(task)
        for task in db.scalars(select(Task).where(Task.project_id == project_id).order_by(Task.id))
    }
    assets = db.scalars(
        select(Asset).where(Asset.project_id == project_id).order_by(Asset.task_id, Asset.position)
    )
    for asset in assets:
        if asset.task_id in tasks:
            tasks[asset.task_id].assets.append(asset)
    shapes: dict[int, list[Shape]] = defaultdict(list)
    rows = db.scalars(
        select(Shape)
        .where(Shape.project_id == project_id)
        .order_by(Shape.asset_id, Shape.z_order, Shape.id)
    )
    for shape in rows:
        shapes[shape.asset_id].append(shape)
    return ProjectData(project, labels, list(tasks.values()), dict(shapes))
