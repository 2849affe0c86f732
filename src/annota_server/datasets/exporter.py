"""Run an export: read the project in one snapshot, stream the archive to a temp file, store it.

Memory stays flat as the project grows: assets and shapes come from the database in batches
(see :mod:`~annota_server.datasets.snapshot`) and the annotation files are written into the
zip as they are produced (see :mod:`~annota_server.datasets.jsonstream`). What is kept per
asset is only what unique file names need (see :class:`ArchiveNames`).
"""

from __future__ import annotations

from annota_server.datasets.archive import ArchiveNames, ZipOutput
from annota_server.datasets.base import DatasetError, OperationRun, Outcome, Steps
from annota_server.datasets.formats import FORMATS
from annota_server.datasets.snapshot import ProjectReader, VersionReader, read_snapshot
from annota_server.datasets.upright import upright_chunks
from annota_server.storage_keys import new_key

# Progress: reading 0..5%, images 5..85% (when included), annotations to 95%, storing to 100%.
READ, IMAGES_TO, ROWS_TO = 0.05, 0.85, 0.95
STEP_ROWS = 500
"""Asset and shape rows written between two progress steps (each step checks cancellation)."""


def export_dataset(run: OperationRun, prefix: str) -> None:
    """Export the run's project (or the version its options name) under ``prefix``."""
    runtime = run.runtime
    storage = runtime.storage
    include_images = bool(run.options.get("include_images"))
    fmt = FORMATS[run.format]
    out = ZipOutput()
    try:
        with read_snapshot(runtime.database) as db:
            version = run.options.get("version")
            if version is None:
                predictions = bool(run.options.get("include_predictions"))
                reader = ProjectReader(db, run.project_id, predictions=predictions)
            else:
                reader = VersionReader(db, version)
            run.step(READ)
            names = ArchiveNames()
            # About 50 progress steps: each one is a database round trip (and a commit).
            every = reader.asset_count // 50 + 1
            images = Steps(run, READ, IMAGES_TO, reader.asset_count, every=every)
            if include_images or fmt.needs_names:
                # Names in export order (tasks by id, assets by position), images with them.
                for task in reader.tasks:
                    for asset in reader.assets(task):
                        name = names.assign(asset.id, asset.name)
                        if not include_images:
                            continue
                        if not storage.exists(asset.storage_key):
                            raise DatasetError(
                                f"The file of asset {asset.id} ({asset.name}) is gone."
                            )
                        chunks = storage.read(asset.storage_key)
                        if fmt.upright_images:
                            chunks = upright_chunks(chunks)
                        out.add_stream(fmt.image_member(task.subset, name), chunks)
                        images.advance()
            names.seal()
            start = IMAGES_TO if include_images else READ
            rows = Steps(run, start, ROWS_TO, reader.asset_count + reader.shape_count, STEP_ROWS)
            files = names if include_images or fmt.needs_names else None
            skipped = fmt.write(reader, out, files, rows.advance, run.options)
        stored = storage.write(new_key(prefix, ".zip"), out.finish())
    finally:
        out.close()
    try:
        run.step(0.99)
        with runtime.database.session(write=True) as db, db.begin():
            outcome = Outcome(
                skipped.message(fmt.title), stored.key, stored.size, skipped.as_list()
            )
            run.finish(db, outcome)
    except BaseException:
        storage.delete(stored.key)
        raise
