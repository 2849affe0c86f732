"""Frozen dataset versions: making one, its manifest, and its images' life in the storage.

A ``version`` operation copies each distinct image content of the project into the blob
``versions/blobs/<sha256>``, then the project's rows into ``dataset_versions`` (labels, tasks),
``version_assets`` and ``version_shapes`` in one write transaction (``INSERT ... SELECT``, so
nothing is held in memory); a blob left by an operation that did not finish is an orphan,
removed by the sweep. A blob stays while any
version refers to its SHA-256; deleting the last such version releases it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from sqlalchemy import Integer, func, insert, literal, select
from sqlalchemy.orm import Session

from annota_server.datasets.base import DatasetError, OperationRun, Outcome
from annota_server.db.engine import Database, retry_transient
from annota_server.db.models import (
    VERSION_SHAPE_FIELDS,
    Asset,
    DatasetVersion,
    Operation,
    Project,
    Shape,
    Task,
    VersionAsset,
    VersionShape,
)
from annota_server.labels import in_class_order
from annota_server.staging import live
from annota_server.storage import Storage
from annota_server.storage_keys import version_blob

BATCH = 1000
"""Shape rows read at a time."""

ASSET_FIELDS = ("name", "media_type", "size", "sha256", "width", "height", "position")


def freeze(run: OperationRun) -> None:
    """Run a ``version`` operation: copy the images, then every row in one write transaction."""
    runtime = run.runtime
    storage, database = runtime.storage, runtime.database
    with database.session(write=False) as db, db.begin():
        contents = _contents_of(db, run.project_id)
    run.step(0.01)
    # Outside any write transaction: copying images may take long, and writes nothing a
    # reader of the database sees (a blob no version refers to is an orphan until one does).
    _store_blobs(storage, contents, run)

    def write() -> None:
        # One transaction, run again whole when PostgreSQL's snapshot meets a concurrent update
        # (a cancel request, say): a serialization failure, not a failed version. The worker's
        # heartbeat no longer is one (it writes a row of its own); the retry stays as a net.
        with database.session(write=True) as db, db.begin():
            if database.backend == "postgresql":
                # Both copies (assets, then shapes) must see one snapshot of the project.
                db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            project = db.get(Project, run.project_id)
            operation = db.get(Operation, run.id)
            if project is None or operation is None:
                raise DatasetError("The project no longer exists.")
            # Assets added since the images were copied: theirs too (rarely any).
            late = _contents_of(db, project.id)
            _store_blobs(storage, {k: v for k, v in late.items() if k not in contents}, None)
            version = _copy_rows(db, project, operation, run.options)
            run.finish(
                db,
                Outcome(
                    message=f"Froze {version.asset_count} assets and {version.shape_count} shapes.",
                    options={"version": version.id},
                ),
            )

    retry_transient(write)


def _contents_of(db: Session, project_id: int) -> dict[str, tuple[str, int, str]]:
    """Each distinct content of the project's assets: its key, asset id and name."""
    rows = db.execute(
        select(Asset.sha256, Asset.storage_key, Asset.id, Asset.name)
        .where(Asset.project_id == project_id)
        .order_by(Asset.id)
    )
    found: dict[str, tuple[str, int, str]] = {}
    for row in rows:
        found.setdefault(row.sha256, (row.storage_key, row.id, row.name))
    return found


def _store_blobs(
    storage: Storage, contents: dict[str, tuple[str, int, str]], run: OperationRun | None
) -> None:
    """Copy each content not stored yet to its blob (the same bytes whoever writes them)."""
    for done, (sha256, (key, asset_id, name)) in enumerate(sorted(contents.items())):
        if run is not None:
            run.step(0.01 + 0.8 * done / len(contents))  # stops here when cancelled
        blob = version_blob(sha256)
        if storage.exists(blob):
            continue
        if not storage.exists(key):
            raise DatasetError(f"The file of asset {asset_id} ({name}) is missing.")
        with storage.open(key) as stream:
            storage.write(blob, stream)


def _copy_rows(
    db: Session, project: Project, operation: Operation, options: dict[str, Any]
) -> DatasetVersion:
    """Insert the version and copies of the project's rows (set-based: nothing held here)."""
    labels = db.scalars(in_class_order(project.id))
    tasks = db.scalars(select(Task).where(Task.project_id == project.id).order_by(Task.id))
    frozen = {
        "project": {"name": project.name, "type": project.type},
        "labels": [
            {"id": row.id, "name": row.name, "color": row.color, "kind": row.kind}
            # Declared attributes only when there are some: versions of labels without any
            # keep the manifest (and its hash) they had before typed attributes.
            | ({"attributes": row.attributes} if row.attributes else {})
            for row in labels
        ],
        "tasks": [
            {"id": t.id, "name": t.name, "subset": t.subset, "segment_size": t.segment_size}
            for t in tasks
        ],
    }
    version = DatasetVersion(
        project_id=project.id,
        workspace_id=project.workspace_id,
        created_by_id=operation.created_by_id,
        name=options["name"],
        description=options.get("description", ""),
        frozen=frozen,
    )
    db.add(version)
    db.flush()
    own = literal(version.id, Integer)
    db.execute(
        insert(VersionAsset).from_select(
            ["version_id", "asset_id", "task_id", *ASSET_FIELDS],
            select(own, Asset.id, Asset.task_id, *(getattr(Asset, f) for f in ASSET_FIELDS))
            .where(Asset.project_id == project.id)
            .order_by(Asset.task_id, Asset.position),
        )
    )
    # Copied in drawing order, so that the copies' ids keep it among equal z_orders.
    db.execute(
        insert(VersionShape).from_select(
            ["version_id", "version_asset_id", *VERSION_SHAPE_FIELDS],
            select(own, VersionAsset.id, *(getattr(Shape, f) for f in VERSION_SHAPE_FIELDS))
            .join(
                VersionAsset,
                (VersionAsset.asset_id == Shape.asset_id) & (VersionAsset.version_id == own),
            )
            # A version freezes people's work: model predictions stay out of it.
            .where(Shape.project_id == project.id, Shape.source != "model", live())
            .order_by(VersionAsset.id, Shape.z_order, Shape.id),
        )
    )
    version.asset_count = _count(db, VersionAsset.version_id == version.id)
    version.shape_count = _count(db, VersionShape.version_id == version.id)
    db.flush()
    version.manifest_sha256 = streamed_manifest_sha256(db, version)
    db.flush()
    return version


def _count(db: Session, where: Any) -> int:
    return int(db.scalar(select(func.count()).where(where)) or 0)


def _manifest_assets(db: Session, version: DatasetVersion) -> Iterator[dict[str, Any]]:
    """The manifest's assets with their shapes, one at a time, read in batches.

    Two ordered reads side by side (a server-side cursor each on PostgreSQL): the assets, and
    the shapes in the same asset order, merged as they come; one asset's shapes are held.
    """
    subsets = {task["id"]: task["subset"] for task in version.frozen["tasks"]}
    order = (VersionAsset.task_id, VersionAsset.position, VersionAsset.id)
    assets = db.execute(
        select(VersionAsset.id, VersionAsset.asset_id, VersionAsset.task_id,
               *(getattr(VersionAsset, f) for f in ASSET_FIELDS))
        .where(VersionAsset.version_id == version.id)
        .order_by(*order)
        .execution_options(yield_per=BATCH)
    )  # fmt: skip
    shapes = db.execute(
        select(VersionShape.version_asset_id,
               *(getattr(VersionShape, f) for f in VERSION_SHAPE_FIELDS))
        .join(VersionAsset, VersionAsset.id == VersionShape.version_asset_id)
        .where(VersionShape.version_id == version.id)
        .order_by(*order, VersionShape.z_order, VersionShape.id)
        .execution_options(yield_per=BATCH)
    )  # fmt: skip
    keys = [("label" if f == "label_id" else f) for f in VERSION_SHAPE_FIELDS]
    with assets, shapes:
        pending = next(shapes, None)
        for row in assets:
            own: list[dict[str, Any]] = []
            while pending is not None and pending[0] == row.id:
                own.append(dict(zip(keys, pending[1:], strict=True)))
                pending = next(shapes, None)
            yield (
                {"id": row.asset_id, "task": row.task_id, "subset": subsets.get(row.task_id, "")}
                | {f: getattr(row, f) for f in ASSET_FIELDS}
                | {"shapes": own}
            )


def _manifest_head(version: DatasetVersion) -> dict[str, Any]:
    return {
        "version": version.id,
        "project_name": version.frozen["project"]["name"],
        "labels": version.frozen["labels"],
        "tasks": [
            {"id": task["id"], "name": task["name"], "subset": task["subset"]}
            for task in version.frozen["tasks"]
        ],
    }


def manifest(db: Session, version: DatasetVersion) -> dict[str, Any]:
    """Everything the version froze, as the manifest endpoint answers it."""
    return _manifest_head(version) | {"assets": list(_manifest_assets(db, version))}


def manifest_sha256(document: dict[str, Any]) -> str:
    """The SHA-256 of a manifest's canonical JSON (sorted keys, compact), without its id."""
    canonical = {key: value for key, value in document.items() if key != "version"}
    return hashlib.sha256(orjson.dumps(canonical, option=orjson.OPT_SORT_KEYS)).hexdigest()


def streamed_manifest_sha256(db: Session, version: DatasetVersion) -> str:
    """:func:`manifest_sha256` of the version's manifest, hashed asset by asset as it is read.

    The same bytes as the whole document's canonical JSON: its keys in sorted order
    (``assets``, ``labels``, ``project_name``, ``tasks``), the assets' array written item by
    item, so a large version's manifest is never held whole.
    """
    sort = orjson.OPT_SORT_KEYS
    head = _manifest_head(version)
    digest = hashlib.sha256(b'{"assets":[')
    for index, asset in enumerate(_manifest_assets(db, version)):
        digest.update(
            b"," + orjson.dumps(asset, option=sort) if index else orjson.dumps(asset, option=sort)
        )
    digest.update(b"]")
    for key in sorted(key for key in head if key != "version"):
        digest.update(b"," + orjson.dumps(key) + b":" + orjson.dumps(head[key], option=sort))
    digest.update(b"}")
    return digest.hexdigest()


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
