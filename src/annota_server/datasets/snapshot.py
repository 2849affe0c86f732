"""A project's rows for an export, read inside one read transaction, assets and shapes in batches.

The project, its labels and its tasks are a few rows each and are read at once. Assets and
shapes are read task by task in batches of :data:`BATCH` rows (a server-side cursor on
PostgreSQL, SQLite's own stepping), so an export holds one batch of them at a time whatever
the project's size. The transaction sees one snapshot of the project from its first read to
its end: SQLite's deferred read transaction does (WAL), PostgreSQL's needs REPEATABLE READ.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import ColumnElement, and_, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from annota import attributes
from annota_server import frame
from annota_server.datasets.base import DatasetError
from annota_server.db.engine import Database
from annota_server.db.models import (
    Asset,
    DatasetVersion,
    Label,
    Project,
    Shape,
    Task,
    VersionAsset,
    VersionShape,
)
from annota_server.labels import in_class_order
from annota_server.staging import live
from annota_server.storage_keys import VERSION_BLOBS

BATCH = 1000
"""Rows fetched from the database at a time."""


class AssetRow(Protocol):
    """An asset as an export reads it."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    position: int
    storage_key: str


class ShapeRow(Protocol):
    """A shape as an export reads it, with the position of its asset in the task."""

    asset_id: int
    position: int
    label_id: int
    kind: str
    points: list[float]
    mask: dict[str, Any] | None
    attributes: list[dict[str, str]]
    occluded: bool
    z_order: int
    source: str
    score: float | None
    model_name: str | None


class _Framed(NamedTuple):
    """A :class:`ShapeRow` with its points clamped into its image."""

    asset_id: int
    position: int
    label_id: int
    kind: str
    points: list[float]
    mask: dict[str, Any] | None
    attributes: list[dict[str, str]]
    occluded: bool
    z_order: int
    source: str
    score: float | None
    model_name: str | None


def _inside(rows: Iterator[object]) -> Iterator[ShapeRow]:
    """The rows (a ShapeRow's columns, then the image's width and height), clamped into it.

    Writes keep shapes inside their image (see frame); this holds exports to it for shapes
    stored before that rule too: no format writes a coordinate outside the image.
    """
    for row in cast(Iterator[tuple[Any, ...]], rows):
        fields = list(row[:-2])
        fields[4] = frame.inside(fields[3], fields[4], row[-2], row[-1])
        yield cast(ShapeRow, _Framed._make(fields))


@contextmanager
def read_snapshot(database: Database) -> Iterator[Session]:
    """A session in one read transaction that sees a single snapshot until it ends."""
    with database.session(write=False) as db, db.begin():
        if database.backend == "postgresql":
            # READ COMMITTED, the default, would give every statement a snapshot of its own.
            db.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )
        yield db


class ProjectReader:
    """What an export writes: the small rows at once, assets and shapes as batched iterators."""

    def __init__(self, db: Session, project_id: int, *, predictions: bool = False) -> None:
        project = db.get(Project, project_id)
        if project is None:
            raise DatasetError("The project no longer exists.")
        self._db = db
        # Model predictions are left out unless asked for: a dataset is people's work.
        self._kept: tuple[ColumnElement[bool], ...] = (
            () if predictions else (Shape.source != "model",)
        )
        self.project = project
        self.labels = list(db.scalars(in_class_order(project_id)))  # class ids: their indexes
        self.tasks = list(
            db.scalars(select(Task).where(Task.project_id == project_id).order_by(Task.id))
        )
        # Which shape rows the export reads (shape_kinds and most_points use them as they are).
        self._shape_model: type[Shape] | type[VersionShape] = Shape
        self._shapes_kept = (Shape.project_id == project_id, live(), *self._kept)
        self.asset_count = self._count(Asset.project_id == project_id)
        self.shape_count = self._count(and_(*self._shapes_kept))

    def typed_attributes(self, shape: ShapeRow) -> dict[str, Any]:
        """The shape's attributes as ``{name: value}``, typed as its label declares them.

        Checkboxes are bools and numbers numbers (for the formats that write typed values);
        the values of a label that declares nothing stay text.
        """
        return attributes.typed_values(self._declared.get(shape.label_id, []), shape.attributes)

    @cached_property
    def _declared(self) -> dict[int, list[dict[str, Any]]]:
        return {label.id: label.attributes or [] for label in self.labels}

    def _count(self, where: object) -> int:
        return int(self._db.scalar(select(func.count()).where(where)) or 0)  # type: ignore[arg-type]

    def _rows(self, statement: Executable) -> Iterator[object]:
        # ``with`` closes the cursor when the caller stops early (a cancelled export).
        with self._db.execute(statement.execution_options(yield_per=BATCH)) as result:
            yield from result

    def shape_kinds(self) -> set[str]:
        """The shape kinds the exported shapes use."""
        model = self._shape_model
        statement = select(model.kind).where(*self._shapes_kept).distinct()
        return set(self._db.scalars(statement))

    def most_points(self, kind: str) -> int:
        """The most numbers in the points of any shape of ``kind`` (one streamed pass)."""
        model = self._shape_model
        statement = select(model.points).where(*self._shapes_kept, model.kind == kind)
        return max(
            (len(row[0]) for row in cast(Iterator[tuple[list[float]]], self._rows(statement))),
            default=0,
        )

    def assets(self, task: Task) -> Iterator[AssetRow]:
        """The task's assets in position order."""
        statement = (
            select(
                Asset.id, Asset.name, Asset.media_type, Asset.size, Asset.sha256, Asset.width,
                Asset.height, Asset.position, Asset.storage_key,
            )
            .where(Asset.task_id == task.id)
            .order_by(Asset.position)
        )  # fmt: skip
        return cast(Iterator[AssetRow], self._rows(statement))

    def shapes(self, task: Task) -> Iterator[ShapeRow]:
        """The task's shapes by asset position, then in drawing order (z_order, id)."""
        statement = (
            select(
                Shape.asset_id, Asset.position, Shape.label_id, Shape.kind, Shape.points,
                Shape.mask, Shape.attributes, Shape.occluded, Shape.z_order, Shape.source,
                Shape.score, Shape.model_name, Asset.width, Asset.height,
            )
            .join(Asset, Asset.id == Shape.asset_id)
            .where(Asset.task_id == task.id, *self._kept)
            .order_by(Asset.position, Shape.z_order, Shape.id)
        )  # fmt: skip
        return _inside(self._rows(statement))


class VersionReader(ProjectReader):
    """A :class:`ProjectReader` over a frozen dataset version: the writers cannot tell them apart.

    The project, labels and tasks are rebuilt (unsaved) from what the version froze; assets
    and shapes come from its own rows, and an asset's ``storage_key`` is its version blob.
    """

    def __init__(self, db: Session, version_id: int) -> None:  # noqa: D107 (the class says it)
        version = db.get(DatasetVersion, version_id)
        if version is None:
            raise DatasetError("The dataset version no longer exists.")
        self._db = db
        self.version_id = version_id
        self._shape_model = VersionShape
        self._shapes_kept = (VersionShape.version_id == version_id,)
        frozen = version.frozen
        self.project = Project(
            id=version.project_id, name=frozen["project"]["name"], type=frozen["project"]["type"]
        )
        self.labels = [
            Label(
                id=item["id"],
                name=item["name"],
                color=item["color"],
                kind=item["kind"],
                attributes=item.get("attributes", []),
            )
            for item in frozen["labels"]
        ]
        self.tasks = [
            Task(
                id=item["id"],
                name=item["name"],
                subset=item["subset"],
                segment_size=item["segment_size"],
            )
            for item in frozen["tasks"]
        ]
        self.asset_count = version.asset_count
        self.shape_count = version.shape_count

    def assets(self, task: Task) -> Iterator[AssetRow]:
        """The task's assets as frozen, in position order."""
        statement = (
            select(
                VersionAsset.asset_id.label("id"), VersionAsset.name, VersionAsset.media_type,
                VersionAsset.size, VersionAsset.sha256, VersionAsset.width, VersionAsset.height,
                VersionAsset.position,
                (literal(f"{VERSION_BLOBS}/") + VersionAsset.sha256).label("storage_key"),
            )
            .where(VersionAsset.version_id == self.version_id, VersionAsset.task_id == task.id)
            .order_by(VersionAsset.position)
        )  # fmt: skip
        return cast(Iterator[AssetRow], self._rows(statement))

    def shapes(self, task: Task) -> Iterator[ShapeRow]:
        """The task's frozen shapes by asset position, then in drawing order."""
        statement = (
            select(
                VersionAsset.asset_id, VersionAsset.position, VersionShape.label_id,
                VersionShape.kind, VersionShape.points, VersionShape.mask, VersionShape.attributes,
                VersionShape.occluded, VersionShape.z_order, VersionShape.source,
                # Versions hold no predictions.
                literal(None).label("score"), literal(None).label("model_name"),
                VersionAsset.width, VersionAsset.height,
            )
            .join(VersionAsset, VersionAsset.id == VersionShape.version_asset_id)
            .where(VersionAsset.version_id == self.version_id, VersionAsset.task_id == task.id)
            .order_by(VersionAsset.position, VersionShape.z_order, VersionShape.id)
        )  # fmt: skip
        return _inside(self._rows(statement))
