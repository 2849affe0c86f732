"""Run an export: read the project, write the archive to a temporary file, store it."""

from __future__ import annotations

from annota_server.datasets import annota_json, coco
from annota_server.datasets.archive import UniqueNames, ZipOutput
from annota_server.datasets.base import DatasetError, OperationRun, Outcome
from annota_server.datasets.snapshot import ProjectData, load_project
from annota_server.storage_keys import new_key

# Progress: reading 0..5%, images 5..85%, annotations 85..95%, storing the result to 100%.
IMAGES_FROM, IMAGES_TO = 0.05, 0.85


def file_names(data: ProjectData) -> dict[int, str]:
    """The archive file name of each asset (unique within the archive, see UniqueNames)."""
    names = UniqueNames()
    return {
        asset.id: names.take(asset.name, f"asset_{asset.id}")
        for item in data.tasks
        for asset in item.assets
    }


def export_dataset(run: OperationRun, prefix: str) -> None:
    """Export the run's project in its format; the result goes under ``prefix``."""
    runtime = run.runtime
    storage = runtime.storage
    with runtime.database.session(write=False) as db, db.begin():
        data = load_project(db, run.project_id)
    run.step(IMAGES_FROM)
    include_images = bool(run.options.get("include_images"))
    names = file_names(data)
    out = ZipOutput()
    try:
        if include_images:
            total = max(1, data.asset_count)
            done = 0
            for item in data.tasks:
                for asset in item.assets:
                    if not storage.exists(asset.storage_key):
                        raise DatasetError(f"The file of asset {asset.id} ({asset.name}) is gone.")
                    out.add_stream(f"images/{names[asset.id]}", storage.read(asset.storage_key))
                    done += 1
                    run.step(IMAGES_FROM + (IMAGES_TO - IMAGES_FROM) * done / total)

        def progress(fraction: float) -> None:
            run.step(IMAGES_TO + 0.1 * fraction)

        if run.format == "coco":
            message = coco.write(data, out, names, progress)
        else:
            message = annota_json.write(data, out, names, progress, with_files=include_images)
        stored = storage.write(new_key(prefix, ".zip"), out.finish())
    finally:
        out.close()
    try:
        run.step(0.99)
        with runtime.database.session(write=True) as db, db.begin():
            run.finish(db, Outcome(message, stored.key, stored.size))
    except BaseException:
        storage.delete(stored.key)
        raise
