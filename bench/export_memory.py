"""Dataset exports: the server's peak memory and time for N and 10N shapes, COCO and annota.

The harness seeds one database per backend (SQLite, and PostgreSQL when its binaries are
here) with SQLAlchemy bulk inserts: a warm-up project of a few shapes and two projects of N
and 10N shapes (``SHAPES_PER_ASSET`` shapes on each asset, over ``TASKS`` tasks in three
subsets: boxes, polygons, points and tags, some with attributes). Each measurement is one
export in a fresh worker process that runs the server's own code path: a real
``worker.Run`` on an operation row, ``export_dataset`` and its ``finish``. The worker first
exports the warm-up project (untimed, so imports and SQLAlchemy's statement caches are in
place), then the measured one:

- time: interleaved rounds over every (format, size), order rotating; the median per 100,000
  shapes;
- memory: one more export each under tracemalloc (the peak of Python allocations during the
  export) and the growth of the process's peak RSS (``ru_maxrss``) over the export, which
  also sees what the database driver holds outside Python's allocator. That run then reads
  the archive back and checks it holds every shape (``json.load``, after the measurement).

The ratio is the export's peak at 10N over its peak at N, measured in the same run.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

from bench.harness import (
    Context,
    Postgres,
    Section,
    Target,
    interleaved,
    logger,
    median,
    num,
    run_json,
    worker_command,
)

NEEDS: set[str] = set()
SIZES = {"full": (20_000, 200_000), "quick": (8_000, 80_000)}
ROUNDS = {"full": 3, "quick": 1}
SHAPES_PER_ASSET = 20
TASKS = 8
WARM_UP_SHAPES = 40
MEMORY_TARGET = 1.5  # peak at 10N, at most this many times the peak at N
FORMATS = ("coco", "annota")
WORKER_ID = "bench-export-memory"
COCO_KINDS = {"bbox", "polygon"}


# -- seeding -------------------------------------------------------------------------------------


def _shape(rng: random.Random) -> tuple[str, list[float], list[dict[str, str]]]:
    pick = rng.random()
    x, y = rng.uniform(0, 1800), rng.uniform(0, 1000)
    attributes = [{"name": "truncated", "value": "yes"}] if rng.random() < 0.3 else []
    if pick < 0.55:
        return "bbox", [x, y, x + rng.uniform(5, 100), y + rng.uniform(5, 60)], attributes
    if pick < 0.85:
        points = []
        for _ in range(rng.randint(4, 12)):
            points += [x + rng.uniform(0, 100), y + rng.uniform(0, 60)]
        return "polygon", points, attributes
    if pick < 0.95:
        return "points", [x, y, x + 3.5, y + 7.25], attributes
    return "tag", [], attributes


def _seed_project(db: Any, ids: dict[str, int], name: str, shapes: int) -> dict[str, Any]:
    """One project with ``shapes`` shapes; returns its id, operations and COCO shape count."""
    from sqlalchemy import insert

    from annota_server.db.models import Asset, Job, Label, Operation, Project, Shape, Task

    rng = random.Random(shapes)
    common = {"workspace_id": ids["workspace"]}
    project_id = db.scalar(
        insert(Project)
        .values(owner_id=ids["user"], name=name, type="detection", **common)
        .returning(Project.id)
    )
    scoped = {**common, "project_id": project_id}
    labels = list(
        db.scalars(
            insert(Label).returning(Label.id, sort_by_parameter_order=True),
            [{**scoped, "name": n, "color": "#336699"} for n in ("car", "person", "sign", "dog")],
        )
    )
    assets_total = max(TASKS, shapes // SHAPES_PER_ASSET)
    per_task = [
        assets_total // TASKS + (1 if t < assets_total % TASKS else 0) for t in range(TASKS)
    ]
    subsets = ("train", "val", "")
    tasks = list(
        db.scalars(
            insert(Task).returning(Task.id, sort_by_parameter_order=True),
            [
                {**scoped, "name": f"batch {t}", "subset": subsets[t % 3], "segment_size": 10**5,
                 "asset_count": count, "next_position": count}
                for t, count in enumerate(per_task)
            ],
        )
    )  # fmt: skip
    jobs = list(
        db.scalars(
            insert(Job).returning(Job.id, sort_by_parameter_order=True),
            [
                {**scoped, "task_id": t, "stop_position": n}
                for t, n in zip(tasks, per_task, strict=True)
            ],
        )
    )
    made = coco_shapes = 0
    for task_id, job_id, count in zip(tasks, jobs, per_task, strict=True):
        rows = [
            {**scoped, "task_id": task_id, "job_id": job_id, "name": f"frame_{p:06d}.jpg",
             "media_type": "image/jpeg", "size": 250_000, "sha256": "0" * 64, "width": 1920,
             "height": 1080, "position": p, "storage_key": f"assets/none/{task_id}/{p}.bin"}
            for p in range(count)
        ]  # fmt: skip
        asset_ids = list(
            db.scalars(insert(Asset).returning(Asset.id, sort_by_parameter_order=True), rows)
        )
        shape_rows = []
        for asset_id in asset_ids:
            for _ in range(min(SHAPES_PER_ASSET, shapes - made)):
                kind, points, attributes = _shape(rng)
                coco_shapes += kind in COCO_KINDS
                shape_rows.append(
                    {**scoped, "task_id": task_id, "job_id": job_id, "asset_id": asset_id,
                     "label_id": rng.choice(labels), "kind": kind, "points": points,
                     "attributes": attributes, "occluded": rng.random() < 0.1,
                     "z_order": rng.randint(0, 3)}
                )  # fmt: skip
                made += 1
        for start in range(0, len(shape_rows), 20_000):
            db.execute(insert(Shape), shape_rows[start : start + 20_000])
    operations = {
        fmt: db.scalar(
            insert(Operation)
            .values(**scoped, kind="export", format=fmt, options={"include_images": False})
            .returning(Operation.id)
        )
        for fmt in FORMATS
    }
    return {"project": project_id, "operations": operations, "shapes": made, "coco": coco_shapes}


def seed(url: str, sizes: tuple[int, ...]) -> dict[str, Any]:
    """Create the schema and the projects; returns what the workers need, per size."""
    from sqlalchemy import insert

    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.db.models import User, Workspace

    database = Database(url)
    try:
        migrate.upgrade(database)
        with database.session(write=True) as db, db.begin():
            user = db.scalar(
                insert(User).values(username="bench", password_hash="-").returning(User.id)
            )
            workspace = db.scalar(
                insert(Workspace)
                .values(slug="bench", name="bench", owner_id=user)
                .returning(Workspace.id)
            )
            ids = {"user": user, "workspace": workspace}
            warm_up = _seed_project(db, ids, "warm-up", WARM_UP_SHAPES)
            projects = {size: _seed_project(db, ids, f"{size} shapes", size) for size in sizes}
    finally:
        database.dispose()
    return {"warm_up": warm_up, "projects": projects}


# -- the worker process --------------------------------------------------------------------------


def _export(runtime: Any, operation_id: int, fmt: str, project_id: int) -> tuple[str, int]:
    """Run one export through the worker's code path; return the result's key and size."""
    from sqlalchemy import select, update

    from annota_server.datasets import export_dataset
    from annota_server.db.models import Operation
    from annota_server.storage_keys import operation_results
    from annota_server.worker import Run

    with runtime.database.session(write=True) as db, db.begin():
        db.execute(
            update(Operation)
            .where(Operation.id == operation_id)
            .values(status="running", claimed_by=WORKER_ID, progress=0.0, result_key=None)
        )
    run = Run(
        runtime=runtime,
        worker_id=WORKER_ID,
        stopping=threading.Event(),
        id=operation_id,
        kind="export",
        format=fmt,
        options={"include_images": False},
        project_id=project_id,
        input_key=None,
    )
    export_dataset(run, operation_results(operation_id))
    with runtime.database.session(write=False) as db, db.begin():
        row = db.execute(
            select(Operation.status, Operation.result_key, Operation.result_size).where(
                Operation.id == operation_id
            )
        ).one()
    if row.status != "finished" or row.result_key is None:
        raise RuntimeError(f"export {operation_id} ended {row.status}")
    return row.result_key, int(row.result_size)


def _count_shapes(path: Path, fmt: str) -> int:
    with zipfile.ZipFile(path) as archive:
        if fmt == "annota":
            document = json.loads(archive.read("annotations.json"))
            return sum(len(task["shapes"]) for task in document["tasks"])
        return sum(
            len(json.loads(archive.read(name))["annotations"])
            for name in archive.namelist()
            if name.startswith("annotations/instances_")
        )


def worker(args: dict[str, Any]) -> dict[str, Any]:
    from annota_server.context import Runtime
    from annota_server.db.engine import Database
    from annota_server.settings import Settings
    from annota_server.storage import LocalStorage

    data_dir = Path(args["data_dir"])
    settings = Settings(data_dir=data_dir, database_url=args["url"])
    database = Database(args["url"])
    runtime = Runtime(settings, database, "bench", LocalStorage(settings.storage_dir))
    fmt, traced = args["format"], bool(args["traced"])
    warm_up = args["warm_up"]
    key, _size = _export(runtime, warm_up["operations"][fmt], fmt, warm_up["project"])
    runtime.storage.delete(key)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    key, size = _export(runtime, args["operation"], fmt, args["project"])
    seconds = time.perf_counter() - start
    result: dict[str, Any] = {"seconds": seconds, "bytes": size}
    if traced:
        result["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result["rss_growth"] = (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
        ) * 1024
        result["shapes"] = _count_shapes(settings.storage_dir / key, fmt)
    runtime.storage.delete(key)
    database.dispose()
    return result


# -- the harness side ----------------------------------------------------------------------------


def _measure(label: str, url: str, ctx: Context, log: Any) -> dict[str, Any]:
    sizes = SIZES[ctx.scale.name]
    started = time.perf_counter()
    seeded = seed(url, sizes)
    log(f"{label}: seeded {', '.join(num(s) for s in sizes)} shapes "
        f"in {time.perf_counter() - started:.0f}s")  # fmt: skip
    data_dir = Path(tempfile.mkdtemp(prefix="annota-bench-export-"))

    def one(fmt: str, size: int, traced: bool) -> dict[str, Any]:
        project = seeded["projects"][size]
        args = {
            "url": url, "data_dir": str(data_dir), "format": fmt, "traced": traced,
            "warm_up": seeded["warm_up"], "project": project["project"],
            "operation": project["operations"][fmt],
        }  # fmt: skip
        result: dict[str, Any] = run_json(worker_command("export_memory", args), timeout=1200)
        return result

    try:
        variants = {
            f"{fmt} {size}": (lambda fmt=fmt, size=size: one(fmt, size, False)["seconds"])
            for fmt in FORMATS
            for size in sizes
        }
        timed = interleaved(variants, ROUNDS[ctx.scale.name], log=log)
        traced = {f"{fmt} {size}": one(fmt, size, True) for fmt in FORMATS for size in sizes}
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    for fmt in FORMATS:
        for size in sizes:
            project = seeded["projects"][size]
            expected = project["coco"] if fmt == "coco" else project["shapes"]
            found = traced[f"{fmt} {size}"]["shapes"]
            if found != expected:
                raise RuntimeError(f"{label} {fmt} {size}: {found} shapes exported, not {expected}")
    return {"timed": timed, "traced": traced, "sizes": sizes}


def _report(section: Section, label: str, measured: dict[str, Any]) -> list[list[str]]:
    small, large = measured["sizes"]
    rows = []
    for fmt in FORMATS:
        peaks = {size: measured["traced"][f"{fmt} {size}"] for size in (small, large)}
        growth = peaks[large]["peak"] / peaks[small]["peak"]
        for size in (small, large):
            seconds = median(measured["timed"][f"{fmt} {size}"])
            rows.append(
                [
                    label,
                    fmt,
                    num(size),
                    f"{seconds:.2f} s",
                    f"{seconds / size * 100_000:.2f} s",
                    f"{peaks[size]['peak'] / 2**20:.1f} MiB",
                    f"{peaks[size]['rss_growth'] / 2**20:.1f} MiB",
                    f"{peaks[size]['bytes'] / 2**20:.1f} MiB",
                ]
            )
        section.targets.append(
            Target(
                f"export peak memory at {num(large)} / at {num(small)} shapes, {fmt}, {label}",
                f"{growth:.2f}x",
                f"< {MEMORY_TARGET}x",
                growth < MEMORY_TARGET,
            )
        )
    return rows


def run(ctx: Context) -> Section:
    log = logger("export_memory")
    section = Section("Dataset exports: server memory and time as the project grows")
    rows: list[list[str]] = []
    notes: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="annota-bench-export-db-"))
    try:
        sqlite = _measure("SQLite", f"sqlite:///{work / 'annota.db'}", ctx, log)
        rows += _report(section, "SQLite", sqlite)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    postgres = Postgres()
    section.versions["server db (PostgreSQL)"] = postgres.version()
    if postgres.bin is None:
        notes.append("PostgreSQL is not installed here (apt-get install postgresql): not measured.")
    else:
        try:
            with postgres:
                rows += _report(
                    section, "PostgreSQL", _measure("PostgreSQL", postgres.url, ctx, log)
                )
        except Exception as exc:  # report rather than lose the SQLite figures
            notes.append(f"PostgreSQL could not be measured: {str(exc)[:1000]}")
    small, large = SIZES[ctx.scale.name]
    section.para(
        f"Projects of {num(small)} and {num(large)} shapes ({SHAPES_PER_ASSET} per asset, "
        f"{TASKS} tasks in 3 subsets; COCO skips the points and tags, about 15%), exported "
        f"without images by the server's export code in a fresh worker process each; "
        f"{ROUNDS[ctx.scale.name]} interleaved timed rounds (medians), then one run each under "
        "tracemalloc. Peak = tracemalloc's peak of Python allocations during the export; RSS = "
        "how much the process's peak RSS grew during that export (0 when it stayed below the "
        "peak that start-up and the warm-up export had reached). What still grows with the "
        "project is per asset, not per shape: an export that names image files (COCO, or any "
        "with images) keeps the number of each renamed asset (here 7 of 8 are renamed: every "
        "task names its frames alike) and, while naming, the set of names given out."
    )
    section.table(
        ["db", "format", "shapes", "time", "time / 100k shapes", "peak (Python)",
         "peak RSS growth", "archive"],
        rows,
    )  # fmt: skip
    if notes:
        section.para(*notes)
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
