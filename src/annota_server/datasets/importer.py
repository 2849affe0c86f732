"""Run an import: parse and check everything, store the image files, then ONE transaction.

Nothing is written to the database before the dataset is known to be whole: every label,
shape and image has been checked and every image file stored and measured. Each image is
extracted once, to a staging folder beside the storage, checked there, and handed to the
storage with ``adopt`` (a rename for local storage). The shapes stream: each is checked and
fitted into its measured image as the format reads it, and waits on disk (a
:class:`~annota_server.datasets.spool.Spool`) as the row it becomes, so memory holds one
batch of them whatever the file's size. The rows then go in one write transaction that also
marks the operation finished, shapes as one executemany per batch; on any failure the stored
files are deleted and the database is untouched.
"""

from __future__ import annotations

import secrets
import shutil
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from annota import attributes, rle
from annota_server import frame, labels, placement, revisions, uploads
from annota_server.datasets.archive import Archive, ImportLimits, open_upload
from annota_server.datasets.base import DatasetError, OperationRun, Outcome, Steps
from annota_server.datasets.formats import FORMATS
from annota_server.datasets.model import Dataset, ImageSpec, ShapeSpec, TaskSpec
from annota_server.datasets.spool import BATCH, Spool
from annota_server.db.bulk import insert_tuples
from annota_server.db.engine import retry_transient
from annota_server.db.models import Asset, Label, Project, Shape, Task, utcnow
from annota_server.shapes import stored_mask
from annota_server.staging import generations
from annota_server.storage import CHUNK_SIZE, Storage
from annota_server.storage_keys import new_key

# Progress: parsing to 10%, storing files to 85%, the transaction to 100%.
PARSED, STORED = 0.10, 0.85


@dataclass(frozen=True)
class Target:
    """An existing asset that an image without a file is matched to."""

    asset_id: int
    job_id: int
    task_id: int
    width: int | None = None
    height: int | None = None


def _check_names(dataset: Dataset) -> None:
    for index, task in enumerate(dataset.tasks):
        if not 0 < len(task.name) <= 256:
            raise DatasetError(f"tasks.{index}.name: must have 1 to 256 characters")
        if len(task.subset) > 64:
            raise DatasetError(f"tasks.{index}.subset: must have at most 64 characters")
        if not 1 <= task.segment_size <= 100_000:
            raise DatasetError(f"tasks.{index}.segment_size: must be 1 to 100000")
        for image in task.images:
            if not 0 < len(image.name) <= 256:
                raise DatasetError(
                    f"The image name {image.name[:80]!r} is not 1 to 256 characters."
                )


def asset_name(image: ImageSpec) -> str:
    """The name of the image's asset: an archive's path (``train/cat.jpg``) made a file name.

    Uploads refuse names that are no plain file name; an archive's are made safe instead
    (``train_cat.jpg``), and file-less images are matched to assets by that same name.
    """
    return uploads.safe_asset_name(image.name, "image")


def _stage(
    storage: Storage, archive: Archive, image: ImageSpec, staging: Path, prefix: str, limit: int
) -> placement.NewAsset:
    """Extract one image file, check it, and hand it to the storage; raise naming the file."""
    assert image.member is not None
    name = image.name
    path = staging / secrets.token_hex(8)
    try:
        with archive.open(image.member) as source, path.open("w+b") as out:
            size = 0
            while chunk := source.read(CHUNK_SIZE):
                size += len(chunk)
                if size > limit:
                    raise DatasetError(f"The image {name!r} is larger than {limit} bytes.")
                out.write(chunk)
            out.seek(0)
            media_type, info = _inspect(out, name)
            if size > plausible_size(info):
                raise DatasetError(
                    f"The file of image {name!r} has {size} bytes, more than a "
                    f"{info.width}x{info.height} image can hold ({plausible_size(info)}): "
                    "it carries data beyond the image."
                )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a corrupt member shows on reading
        path.unlink(missing_ok=True)
        raise DatasetError(f"The file of image {name!r} cannot be read: {exc}") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    stored = storage.adopt(new_key(prefix), path)
    return placement.NewAsset(
        name=asset_name(image),
        media_type=media_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        width=info.width,
        height=info.height,
    )


# Room for metadata beside the pixels: EXIF with a thumbnail, ICC profiles, XMP.
METADATA_ALLOWANCE = 1024 * 1024


def plausible_size(info: uploads.ImageInfo) -> int:
    """The most bytes an image of this size can need: 16-bit RGBA uncompressed, plus metadata.

    A file beyond it holds something other than the image (a decompression bomb's padding).
    """
    return info.width * info.height * 8 + METADATA_ALLOWANCE


def _inspect(content: BinaryIO, name: str) -> tuple[str, uploads.ImageInfo]:
    """The media type and size of an image file, checked as an upload's are.

    The type comes from the file's signature, so that Pillow opens each file once (in
    ``inspect_image``, which also checks that the content is of that type).
    """
    media_type = sniff(content.read(16))
    if media_type is None:
        raise DatasetError(f"The file of image {name!r} is not an image of an accepted type.")
    info = uploads.inspect_image(content, media_type)
    if isinstance(info, str):
        raise DatasetError(f"The file of image {name!r} {info}.")
    return media_type, info


# The first bytes of each accepted format, as Pillow recognises them.
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    *((magic, "image/tiff") for magic in (b"II*\x00", b"MM\x00*", b"MM*\x00", b"II\x00*")),
    *((magic, "image/tiff") for magic in (b"MM\x00+", b"II+\x00")),  # BigTIFF
)


def sniff(head: bytes) -> str | None:
    """The accepted media type that a file starting with ``head`` claims to be, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((media for magic, media in _SIGNATURES if head.startswith(magic)), None)


def _targets(run: OperationRun, dataset: Dataset) -> dict[str, Target]:
    """Existing assets of the project for the images that have no file (first by id)."""
    wanted = {
        asset_name(image) for task in dataset.tasks for image in task.images if image.member is None
    }
    found: dict[str, Target] = {}
    if not wanted:
        return found
    with run.runtime.database.session(write=False) as db, db.begin():
        rows = db.execute(
            select(Asset.name, Asset.id, Asset.job_id, Asset.task_id, Asset.width, Asset.height)
            .where(Asset.project_id == run.project_id, Asset.name.in_(sorted(wanted)))
            .order_by(Asset.id)
        )
        for name, asset_id, job_id, task_id, width, height in rows:
            found.setdefault(name, Target(asset_id, job_id, task_id, width, height))
    for name in sorted(wanted - set(found)):
        raise DatasetError(
            f"The image {name!r} is neither in the archive nor an asset of the project."
        )
    return found


def _label_rules(
    run: OperationRun, dataset: Dataset
) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """The kind and attribute declarations of every label the import may use, by name.

    The project's labels first, then the dataset's new ones (created as declared).
    """
    with run.runtime.database.session(write=False) as db, db.begin():
        rows = db.execute(select(Label.name, Label.kind).where(Label.project_id == run.project_id))
        kinds: dict[str, str] = {name: kind for name, kind in rows}
        declared = labels.declarations(db, run.project_id)
    for label in dataset.labels:
        kinds.setdefault(label.name, label.kind)
        declared.setdefault(label.name, list(label.attributes))
    return kinds, declared


def _fit(image: ImageSpec, shapes: list[ShapeSpec], size: Target | placement.NewAsset) -> None:
    """Clamp each shape into its image's upright frame and check its mask against the image.

    A shape that does not fit fails the import naming it (see frame); a mask gets its bbox
    and area, from its runs.
    """
    for index, shape in enumerate(shapes):
        if shape.mask is not None:
            try:
                shape.mask = stored_mask(shape.mask, size.width, size.height)
            except rle.RLEError as error:
                raise DatasetError(
                    f"{shape.origin or image.name}: the mask does not fit image "
                    f"{image.name!r}: {error.field}: {error.message}"
                ) from None
            continue
        fitted = frame.fit(shape.kind, shape.points, size.width, size.height)
        if isinstance(fitted, str):
            raise DatasetError(
                f"The {shape.kind} {index} of image {image.name!r} ({shape.label}) {fitted}."
            )
        shape.points = fitted


def _shape_rows(
    run: OperationRun,
    dataset: Dataset,
    sizes: dict[int, Target | placement.NewAsset],
    kinds: dict[str, str],
    declared: dict[str, list[dict[str, Any]]],
    rows: Spool,
) -> None:
    """Check and fit every shape as the format streams it; spool it as its row's values.

    A row is ``(id() of its ImageSpec, label name, kind, points, mask, attributes, occluded,
    z_order, source, score, model_name)``: the asset and label ids are known only in the
    write transaction.
    """
    for image, shapes in dataset.shapes():
        for shape in shapes:
            kind = kinds.get(shape.label, "any")
            if kind not in ("any", shape.kind):
                raise DatasetError(
                    f"The label {shape.label!r} is for {kind} shapes, "
                    f"but image {image.name!r} has a {shape.kind} with it."
                )
        _fit(image, shapes, sizes[id(image)])
        for shape in shapes:
            rows.add(
                (
                    id(image), shape.label, shape.kind, shape.points, shape.mask,
                    _attributes(declared, shape, image.name), shape.occluded, shape.z_order,
                    shape.source, shape.score, shape.model_name,
                )
            )  # fmt: skip
            if rows.count % BATCH == 0:
                run.step(STORED)  # stops here when cancelled


def _attributes(
    declared: dict[str, list[dict[str, Any]]], shape: ShapeSpec, image: str
) -> list[dict[str, str]]:
    """The shape's attributes checked against its label's declarations (as the API checks)."""
    stored, problems = attributes.check_values(
        declared.get(shape.label, []), shape.attributes, shape.label
    )
    if problems:
        field, message = problems[0]
        where = f"attributes.{field}" if field else "attributes"
        raise DatasetError(f"{shape.origin or repr(image)}: {where}: {message}")
    return stored


def import_dataset(run: OperationRun, prefix: str) -> None:
    """Import the run's uploaded dataset into its project; its files go under ``prefix``."""
    runtime = run.runtime
    storage = runtime.storage
    parser = FORMATS[run.format].parse
    staging = staging_dir(runtime.settings.data_dir, run.id)
    rows = Spool(BATCH)
    try:
        limits = ImportLimits.of(runtime.settings)
        with open_upload(storage, run.input_key, limits) as archive:
            dataset = parser(archive)
            try:
                _check_names(dataset)
                kinds, declared = _label_rules(run, dataset)
                targets = _targets(run, dataset)
                run.step(PARSED)
                # Where each image's shapes go, by id() of its ImageSpec: staged or existing.
                sizes: dict[int, Target | placement.NewAsset] = {}
                staged: dict[int, placement.NewAsset] = {}
                with_files = [
                    image for task in dataset.tasks for image in task.images if image.member
                ]
                # About 25 progress steps: each one is a database round trip.
                every = len(with_files) // 25 + 1
                images = Steps(run, PARSED, STORED, len(with_files), every=every)
                shutil.rmtree(staging, ignore_errors=True)  # a dead attempt's leftovers
                staging.mkdir(parents=True)
                limit = runtime.settings.max_upload_bytes
                for image in with_files:
                    staged[id(image)] = _stage(storage, archive, image, staging, prefix, limit)
                    images.advance()
                for task in dataset.tasks:
                    for image in task.images:
                        sizes[id(image)] = staged.get(id(image)) or targets[asset_name(image)]
                _shape_rows(run, dataset, sizes, kinds, declared, rows)
            finally:
                dataset.close()
        run.step(STORED)

        def write() -> None:
            # One transaction, run again whole after a deadlock (the lock order of db.engine).
            with runtime.database.session(write=True) as db, db.begin():
                project = db.get(
                    Project, run.project_id, with_for_update={"of": Project, "key_share": True}
                )
                if project is None:
                    raise DatasetError("The project no longer exists.")
                now = utcnow()
                label_ids = labels.label_ids(db, project.id)
                wanted = (
                    labels.NewLabel(spec.name, spec.color, spec.kind, spec.attributes)
                    for spec in dataset.labels
                )
                created_labels = labels.create_labels(db, project, wanted, label_ids)
                created_tasks = 0
                where: dict[int, Target] = {}
                for spec in dataset.tasks:
                    placed = _place_task(db, project, spec, staged, now)
                    created_tasks += bool(placed)
                    for image in spec.images:
                        where[id(image)] = placed.get(id(image)) or targets[asset_name(image)]
                # Editors of the jobs it imports into must reload before saving (their ETags go
                # stale). Bumped before any insert: the jobs are then locked, so their live
                # generations (read next) cannot be switched by a replacement before this commits.
                jobs = {target.job_id for target in where.values()}
                revisions.bump_jobs(db, jobs, None, now)
                live = generations(db, jobs)
                table = cast(Table, Shape.__table__)
                for batch in rows.batches():
                    values = [
                        _row(row, where[row[0]], label_ids, project.id, now, live) for row in batch
                    ]
                    insert_tuples(db, table, COLUMNS, values)
                message = (
                    f"Imported {_count(len(staged), 'asset')} into "
                    f"{_count(created_tasks, 'new task')}, with {_count(rows.count, 'shape')}; "
                    f"created {_count(created_labels, 'label')}."
                )
                run.finish(db, Outcome(message))

        retry_transient(write)
    except BaseException:
        storage.delete_prefix(prefix)
        raise
    finally:
        rows.close()
        shutil.rmtree(staging, ignore_errors=True)


COLUMNS = (
    "asset_id", "job_id", "task_id", "project_id", "label_id", "kind", "points", "mask",
    "attributes", "occluded", "z_order", "source", "score", "model_name", "generation",
    "created_at", "updated_at",
)  # fmt: skip
"""The columns of an imported shape's row, in the order :func:`_row` gives its values."""


def _row(
    row: tuple[Any, ...],
    target: Target,
    label_ids: dict[str, int],
    project_id: int,
    now: datetime,
    live: dict[int, int],
) -> tuple[Any, ...]:
    """The values of one shape INSERT (:data:`COLUMNS`) from its spooled row (:func:`_shape_rows`).

    ``live`` is the live generation of each job: imported shapes are live at once.
    """
    _, label, kind, points, mask, attributes, occluded, z_order, source, score, model = row
    return (
        target.asset_id, target.job_id, target.task_id, project_id, label_ids[label], kind,
        points, mask, attributes, occluded, z_order, source, score, model, live[target.job_id],
        now, now,
    )  # fmt: skip


def staging_dir(data_dir: Path, operation_id: int) -> Path:
    """Where an import extracts its images before the storage adopts them.

    Beside the local storage (``<data dir>/staging``), so that adopting is a rename on the
    same filesystem; per operation, so that a retry can clear a dead attempt's files.
    """
    return data_dir / "staging" / f"import-{operation_id}"


def _place_task(
    db: Session,
    project: Project,
    spec: TaskSpec,
    staged: dict[int, placement.NewAsset],
    now: datetime,
) -> dict[int, Target]:
    """Create the task of a subset whose images have files; return where each image went."""
    images: Sequence[ImageSpec] = [image for image in spec.images if id(image) in staged]
    if not images:
        return {}
    task = Task(
        project_id=project.id,
        workspace_id=project.workspace_id,
        name=spec.name,
        subset=spec.subset,
        segment_size=spec.segment_size,
        status="pending",
        asset_count=0,
        next_position=0,
        created_at=now,
        updated_at=now,
    )
    db.add(task)
    db.flush()
    assets = placement.place(db, task, [staged[id(image)] for image in images], now)
    return {
        id(image): Target(asset.id, asset.job_id, task.id)
        for image, asset in zip(images, assets, strict=True)
    }


def _count(number: int, noun: str) -> str:
    """``1 shape``, ``2 shapes``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
