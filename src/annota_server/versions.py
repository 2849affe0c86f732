"""Frozen dataset versions: making one, its manifest, and its images' life in the storage.

A version copies the project's rows into ``dataset_versions`` (labels, tasks),
``version_assets`` and ``version_shapes`` in the request's one transaction, and each distinct
image content into the blob ``versions/blobs/<sha256>`` before that commits (a blob left by a
transaction that did not commit is an orphan, removed by the sweep). A blob stays while any
version refers to its SHA-256; deleting the last such version releases it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annota_server.db.engine import Database
from annota_server.db.models import (
    VERSION_SHAPE_FIELDS,
    Asset,
    DatasetVersion,
    Label,
    Project,
    Shape,
    Task,
    User,
    VersionAsset,
    VersionShape,
)
from annota_server.problems import conflict
from annota_server.storage import Storage
from annota_server.storage_keys import version_blob

BATCH = 1000
"""Shape rows copied per statement."""

ASSET_FIELDS = ("name", "media_type", "size", "sha256", "width", "height", "position")


def freeze(
    db: Session,
    storage: Storage,
    project: Project,
    user: User,
    name: str,
    description: str,
) -> DatasetVersion:
    """Copy the project as it is now into a new version (flushed, not committed)."""
    labels = db.scalars(select(Label).where(Label.project_id == project.id).order_by(Label.id))
    tasks = db.scalars(select(Task).where(Task.project_id == project.id).order_by(Task.id))
    frozen = {
        "project": {"name": project.name, "type": project.type},
        "labels": [
            {"id": row.id, "name": row.name, "color": row.color, "kind": row.kind} for row in labels
        ],
        "tasks": [
            {"id": t.id, "name": t.name, "subset": t.subset, "segment_size": t.segment_size}
            for t in tasks
        ],
    }
    version = DatasetVersion(
        project_id=project.id,
        workspace_id=project.workspace_id,
        created_by=user,
        name=name,
        description=description,
        frozen=frozen,
    )
    db.add(version)
    db.flush()
    assets = db.execute(
        select(
            Asset.id, Asset.task_id, Asset.storage_key, *(getattr(Asset, f) for f in ASSET_FIELDS)
        )
        .where(Asset.project_id == project.id)
        .order_by(Asset.task_id, Asset.position)
    ).all()
    _store_blobs(storage, {row.sha256: (row.storage_key, row.id, row.name) for row in assets})
    ids: dict[int, int] = {}
    if assets:
        created = db.execute(
            insert(VersionAsset).returning(
                VersionAsset.id, VersionAsset.asset_id, sort_by_parameter_order=True
            ),
            [
                {"version_id": version.id, "asset_id": row.id, "task_id": row.task_id}
                | {f: getattr(row, f) for f in ASSET_FIELDS}
                for row in assets
            ],
        )
        ids = {row.asset_id: row.id for row in created}
    shapes = (
        select(Shape.asset_id, *(getattr(Shape, f) for f in VERSION_SHAPE_FIELDS))
        .join(Asset, Asset.id == Shape.asset_id)
        .where(Shape.project_id == project.id)
        .order_by(Asset.task_id, Asset.position, Shape.z_order, Shape.id)
        .execution_options(yield_per=BATCH)
    )
    shape_count = 0
    for batch in db.execute(shapes).partitions(BATCH):
        rows = [
            {"version_id": version.id, "version_asset_id": ids[row.asset_id]}
            | {f: getattr(row, f) for f in VERSION_SHAPE_FIELDS}
            for row in batch
        ]
        db.execute(insert(VersionShape), rows)
        shape_count += len(rows)
    version.asset_count = len(assets)
    version.shape_count = shape_count
    db.flush()
    version.manifest_sha256 = manifest_sha256(manifest(db, version))
    db.flush()
    return version


def _store_blobs(storage: Storage, contents: dict[str, tuple[str, int, str]]) -> None:
    """Copy each content not stored yet to its blob (the same bytes whoever writes them)."""
    for sha256, (key, asset_id, name) in sorted(contents.items()):
        blob = version_blob(sha256)
        if storage.exists(blob):
            continue
        if not storage.exists(key):
            raise conflict(
                f"The file of asset {asset_id} ({name}) is missing from the storage.",
                field="assets",
            )
        with storage.open(key) as stream:
            storage.write(blob, stream)


def manifest(db: Session, version: DatasetVersion) -> dict[str, Any]:
    """Everything the version froze, as the manifest endpoint answers it."""
    shapes: dict[int, list[dict[str, Any]]] = {}
    statement = (
        select(VersionShape)
        .where(VersionShape.version_id == version.id)
        .order_by(VersionShape.version_asset_id, VersionShape.id)
        .execution_options(yield_per=BATCH)
    )
    for shape in db.scalars(statement):
        shapes.setdefault(shape.version_asset_id, []).append(
            {("label" if f == "label_id" else f): getattr(shape, f) for f in VERSION_SHAPE_FIELDS}
        )
    subsets = {task["id"]: task["subset"] for task in version.frozen["tasks"]}
    assets = db.scalars(
        select(VersionAsset)
        .where(VersionAsset.version_id == version.id)
        .order_by(VersionAsset.task_id, VersionAsset.position)
    )
    return {
        "version": version.id,
        "project_name": version.frozen["project"]["name"],
        "labels": version.frozen["labels"],
        "tasks": [
            {"id": task["id"], "name": task["name"], "subset": task["subset"]}
            for task in version.frozen["tasks"]
        ],
        "assets": [
            {"id": row.asset_id, "task": row.task_id, "subset": subsets.get(row.task_id, "")}
            | {f: getattr(row, f) for f in ASSET_FIELDS}
            | {"shapes": shapes.get(row.id, [])}
            for row in assets
        ],
    }


def manifest_sha256(document: dict[str, Any]) -> str:
    """The SHA-256 of a manifest's canonical JSON (sorted keys, compact), without its id."""
    canonical = {key: value for key, value in document.items() if key != "version"}
    return hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()


def contents(db: Session, version_ids: Iterable[int]) -> set[str]:
    """The SHA-256 of every image of these versions."""
    ids = list(version_ids)
    if not ids:
        return set()
    statement = select(VersionAsset.sha256).where(VersionAsset.version_id.in_(ids)).distinct()
    return set(db.scalars(statement))


def release(database: Database, storage: Storage, candidates: Iterable[str]) -> None:
    """Delete the blobs of these contents that no version refers to any more."""
    wanted = set(candidates)
    if not wanted:
        return
    with database.session(write=False) as db, db.begin():
        kept = set(
            db.scalars(
                select(VersionAsset.sha256).where(VersionAsset.sha256.in_(wanted)).distinct()
            )
        )
    for sha256 in sorted(wanted - kept):
        storage.delete(version_blob(sha256))


def referenced_blobs(db: Session) -> set[str]:
    """The key of every blob some version refers to (for the orphan sweep)."""
    return {version_blob(sha) for sha in db.scalars(select(VersionAsset.sha256).distinct())}
