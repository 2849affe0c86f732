"""Bulk writes: a COCO dataset import and an annotation PUT of 10,000 shapes, against their floors.

- **Import.** A COCO zip of ``IMAGES`` JPEG images (stored) and ``SHAPES`` annotations (boxes
  and polygons) is imported into a fresh project of annota-server on SQLite (and PostgreSQL
  when its binaries are here) through the SDK's ``start_import``. Its time is the server's
  own, the operation's ``finished_at - started_at`` (upload, queueing and the client's polling
  left out; the end-to-end time is shown beside it). The floor, timed in this process in the
  same rounds: ``json.load`` of the instances JSON from the zip plus extracting every image
  with ``zipfile`` to files.
- **Annotation PUT.** ``PUT /api/tasks/{id}/annotations`` of ``SHAPES`` shapes on the task an
  import made (500 assets), a pre-encoded body over urllib3, timed until the response's bytes
  are read. The floor: ``json.loads`` + ``json.dumps`` of the same body.

Rounds interleave candidate and floor; the ratio is per round, then the median. When a goal is
missed, the import is profiled in this process (cProfile, the server's code path on a
throwaway SQLite database) and the functions with the most own time are listed.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import (
    Context,
    Postgres,
    Section,
    Server,
    Target,
    interleaved,
    logger,
    median,
    num,
    profile_top,
)

NEEDS: set[str] = set()
IMAGES = {"full": 500, "quick": 100}
SHAPES = {"full": 10_000, "quick": 2_000}
ROUNDS = {"full": 5, "quick": 2}
PUT_ROUNDS = {"full": 7, "quick": 3}
IMPORT_GOAL = 3.0
PUT_GOAL = 25.0
LABELS = ("car", "pedestrian", "cyclist", "truck", "bus", "sign")
WORKER_ID = "bench-bulk-writes"


# -- data ----------------------------------------------------------------------------------------


def _jpeg(rng: random.Random, index: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (index % 256, (index * 7) % 256, (index * 13) % 256))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(600), rng.randrange(440)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(10, 200), y + rng.randrange(10, 150)), colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _polygon(rng: random.Random, x: float, y: float) -> list[float]:
    points: list[float] = []
    for _ in range(rng.randint(4, 12)):
        points += [round(x + rng.uniform(0, 100), 2), round(y + rng.uniform(0, 60), 2)]
    return points


def make_archive(path: Path, images: int, shapes: int) -> dict[str, Any]:
    """Write the COCO zip; return its facts."""
    rng = random.Random(11)
    annotations = []
    for number in range(shapes):
        x, y = rng.uniform(0, 500), rng.uniform(0, 400)
        polygon = rng.random() < 0.4
        item: dict[str, Any] = {
            "id": number + 1,
            "image_id": number % images + 1,
            "category_id": number % len(LABELS) + 1,
            "iscrowd": 0,
            "bbox": [round(x, 2), round(y, 2), round(rng.uniform(5, 100), 2), 40.0],
            "area": 1.0,
            "segmentation": [_polygon(rng, x, y)] if polygon else [],
        }
        if rng.random() < 0.3:
            item["attributes"] = {"occluded": rng.random() < 0.5, "truncated": "yes"}
        annotations.append(item)
    document = {
        "info": {"description": "bench"},
        "licenses": [],
        "images": [
            {"id": k + 1, "file_name": f"frame_{k:05d}.jpg", "width": 640, "height": 480}
            for k in range(images)
        ],
        "annotations": annotations,
        "categories": [
            {"id": k + 1, "name": name, "supercategory": ""} for k, name in enumerate(LABELS)
        ],
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "annotations/instances_default.json",
            json.dumps(document),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        for k in range(images):
            archive.writestr(f"images/frame_{k:05d}.jpg", _jpeg(rng, k))
    return {"bytes": path.stat().st_size}


def floor(path: Path, into: Path) -> float:
    """``json.load`` of the instances JSON plus extracting every image to files."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    start = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        with archive.open("annotations/instances_default.json") as stream:
            json.load(stream)
        for name in archive.namelist():
            if name.startswith("images/"):
                archive.extract(name, into)
    seconds = time.perf_counter() - start
    shutil.rmtree(into, ignore_errors=True)
    return seconds


def put_body(assets: list[int], labels: list[int], shapes: int) -> bytes:
    """A PUT body of ``shapes`` boxes and polygons spread over ``assets``."""
    rng = random.Random(5)
    items = []
    for number in range(shapes):
        x, y = rng.uniform(0, 500), rng.uniform(0, 400)
        item: dict[str, Any] = {
            "asset": assets[number % len(assets)],
            "label": labels[number % len(labels)],
        }
        if rng.random() < 0.4:
            item |= {"kind": "polygon", "points": _polygon(rng, x, y)}
        else:
            item |= {"kind": "bbox", "points": [x, y, x + rng.uniform(5, 100), y + 40.0]}
        if rng.random() < 0.3:
            item["attributes"] = [{"name": "truncated", "value": "yes"}]
        items.append(item)
    return json.dumps({"shapes": items}).encode()


# -- through the server --------------------------------------------------------------------------


def _measure(
    server: Server, archive: Path, work: Path, ctx: Context, log: Callable[[str], None]
) -> dict[str, Any]:
    import urllib3

    import annota

    name = ctx.scale.name
    shapes = SHAPES[name]
    client = annota.make_client(server.url, credentials=server.credentials)
    imported: list[int] = []

    def one_import() -> dict[str, float]:
        project = client.projects.create({"name": f"import {len(imported)}", "type": "detection"})
        start = time.perf_counter()
        operation = project.start_import("coco", archive)
        operation.wait(timeout=1200, poll_interval=0.05)
        wall = time.perf_counter() - start
        model = operation.model
        if model.status != "finished":
            raise RuntimeError(f"import ended {model.status}: {model.message}")
        imported.append(int(project.id))
        server_side = (model.finished_at - model.started_at).total_seconds()
        return {"server": server_side, "wall": wall}

    one_import()  # warm-up: imports, statement caches
    log(f"{server.label}: import x {ROUNDS[name]} rounds")
    imports = interleaved(
        {"import": one_import, "floor": lambda: floor(archive, work / "extract")},
        ROUNDS[name],
        log=log,
    )

    project = client.projects.retrieve(imported[0])
    task = project.get_tasks().first()
    assets = [int(asset.id) for asset in task.get_assets()]
    labels = [int(label.id) for label in project.labels]
    body = put_body(assets, labels, shapes)
    pool = urllib3.PoolManager()
    url = f"{server.url}/api/tasks/{task.id}/annotations"
    headers = {"Authorization": f"Bearer {client.api.token}", "Content-Type": "application/json"}

    def one_put() -> float:
        start = time.perf_counter()
        answer = pool.request("PUT", url, body=body, headers=headers, preload_content=True)
        seconds = time.perf_counter() - start
        if answer.status != 200:
            raise RuntimeError(f"PUT answered {answer.status}: {answer.data[:500]!r}")
        return seconds

    def put_floor() -> float:
        start = time.perf_counter()
        json.dumps(json.loads(body))
        return time.perf_counter() - start

    one_put()
    log(f"{server.label}: PUT x {PUT_ROUNDS[name]} rounds")
    puts = interleaved({"put": one_put, "floor": put_floor}, PUT_ROUNDS[name], log=log)
    stored = len(json.loads(pool.request("GET", url, headers=headers).data)["shapes"])
    if stored != shapes:
        raise RuntimeError(f"the task holds {stored} shapes after the PUT, not {shapes}")
    client.close()
    return {"imports": imports, "puts": puts, "body": len(body)}


def _ratio(rounds: dict[str, list[Any]], key: str, field: str | None = None) -> float:
    def value(item: Any) -> float:
        return float(item[field]) if field else float(item)

    return median(value(c) / f for c, f in zip(rounds[key], rounds["floor"], strict=True))


# -- the profile -----------------------------------------------------------------------------


def profile_import(archive: Path) -> list[tuple[str, str, str]]:
    """cProfile one import in this process on a throwaway SQLite database."""
    from sqlalchemy import insert

    from annota_server.context import Runtime
    from annota_server.datasets import import_dataset
    from annota_server.db import migrate
    from annota_server.db.engine import Database
    from annota_server.db.models import Operation, Project, User, Workspace, utcnow
    from annota_server.settings import Settings
    from annota_server.storage import LocalStorage
    from annota_server.storage_keys import import_staging, import_upload
    from annota_server.worker import Run

    data_dir = Path(tempfile.mkdtemp(prefix="annota-bench-bulk-profile-"))
    try:
        settings = Settings(data_dir=data_dir)
        database = Database(settings.effective_database_url)
        migrate.upgrade(database)
        runtime = Runtime(settings, database, "bench", LocalStorage(settings.storage_dir))

        def prepare() -> Run:
            key = import_upload()
            with archive.open("rb") as stream:
                runtime.storage.write(key, stream)
            with database.session(write=True) as db, db.begin():
                user = db.scalar(
                    insert(User).values(username=f"u{key[-12:]}", password_hash="-")
                    .returning(User.id)
                )  # fmt: skip
                workspace = db.scalar(
                    insert(Workspace).values(slug=key[-20:-4], name="w", owner_id=user)
                    .returning(Workspace.id)
                )  # fmt: skip
                project = db.scalar(
                    insert(Project).values(workspace_id=workspace, owner_id=user, name="p",
                                           type="detection").returning(Project.id)
                )  # fmt: skip
                operation = db.scalar(
                    insert(Operation).values(project_id=project, workspace_id=workspace,
                                             kind="import", format="coco", status="running",
                                             claimed_by=WORKER_ID, input_key=key,
                                             started_at=utcnow()).returning(Operation.id)
                )  # fmt: skip
            assert project is not None
            assert operation is not None
            return Run(runtime, WORKER_ID, threading.Event(), operation, "import", "coco", {},
                       project, key)  # fmt: skip

        warm = prepare()
        import_dataset(warm, import_staging(warm.project_id, warm.id))
        run = prepare()
        top = profile_top(lambda: import_dataset(run, import_staging(run.project_id, run.id)), 16)
        database.dispose()
        return top
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# -- the section ---------------------------------------------------------------------------------


def run(ctx: Context) -> Section:
    log = logger("bulk_writes")
    name = ctx.scale.name
    section = Section("Bulk writes: a COCO import and an annotation PUT")
    work = Path(tempfile.mkdtemp(prefix="annota-bench-bulk-"))
    notes: list[str] = []
    try:
        archive = work / "coco.zip"
        facts = make_archive(archive, IMAGES[name], SHAPES[name])
        log(f"archive: {facts['bytes'] / 2**20:.1f} MiB")
        measured: dict[str, dict[str, Any]] = {}
        with Server(label="SQLite") as server:
            measured["SQLite"] = _measure(server, archive, work, ctx, log)
        postgres = Postgres()
        section.versions["server db (PostgreSQL)"] = postgres.version()
        if postgres.bin is None:
            notes.append("PostgreSQL is not installed here: only SQLite is measured.")
        else:
            try:
                with postgres, Server(database_url=postgres.url, label="PostgreSQL") as server:
                    measured["PostgreSQL"] = _measure(server, archive, work, ctx, log)
            except Exception as exc:  # report rather than lose the SQLite figures
                notes.append(f"PostgreSQL could not be measured: {str(exc)[:1000]}")

        section.para(
            f"A COCO zip of {IMAGES[name]} JPEG images (640x480, stored) and "
            f"{num(SHAPES[name])} annotations (60% boxes, 40% polygons; "
            f"{facts['bytes'] / 2**20:.1f} MiB), imported into a fresh project each round; "
            "*server* is the operation's `finished_at - started_at`, *end to end* the SDK's "
            "`start_import` (upload) until `wait(poll_interval=0.05)` returns. The floor is "
            "`json.load` of the instances JSON from the zip plus extracting every image to "
            f"files with `zipfile`, in this process. {ROUNDS[name]} interleaved rounds after "
            "a warm-up import; medians, ratios per round."
        )
        rows = []
        puts = []
        missed = False
        for label, result in measured.items():
            imports = result["imports"]
            server_ratio = _ratio(imports, "import", "server")
            rows.append(
                (
                    label,
                    f"{median(r['server'] for r in imports['import']):.2f} s",
                    f"{median(r['wall'] for r in imports['import']):.2f} s",
                    f"{median(imports['floor']):.3f} s",
                    f"{server_ratio:.2f}x",
                    f"{_ratio(imports, 'import', 'wall'):.2f}x",
                )
            )
            met = server_ratio <= IMPORT_GOAL
            missed |= not met
            section.targets.append(
                Target(
                    f"COCO import, {num(SHAPES[name])} shapes + {IMAGES[name]} images, {label}",
                    f"{server_ratio:.2f}x json.load + zipfile extraction",
                    f"≤ {IMPORT_GOAL:g}x",
                    met,
                )
            )
            put = result["puts"]
            put_ratio = _ratio(put, "put")
            puts.append(
                (
                    label,
                    f"{median(put['put']) * 1e3:.0f} ms",
                    f"{median(put['floor']) * 1e3:.1f} ms",
                    f"{put_ratio:.1f}x",
                )
            )
            section.targets.append(
                Target(
                    f"annotation PUT of {num(SHAPES[name])} shapes, {label}",
                    f"{put_ratio:.1f}x json.loads + json.dumps",
                    f"≤ {PUT_GOAL:g}x",
                    put_ratio <= PUT_GOAL,
                )
            )
            missed |= put_ratio > PUT_GOAL
        section.table(
            ["db", "import (server)", "import (end to end)", "floor", "server x floor",
             "end to end x floor"],
            rows,
        )  # fmt: skip
        body = next(iter(measured.values()))["body"] if measured else 0
        section.para(
            f"`PUT /api/tasks/{{id}}/annotations` of {num(SHAPES[name])} shapes "
            f"({body / 2**20:.1f} MiB of JSON) replacing the task's shapes, over urllib3 until "
            "the response is read; the floor is `json.loads` + `json.dumps` of the same body. "
            f"{PUT_ROUNDS[name]} interleaved rounds after a warm-up."
        )
        section.table(["db", "PUT", "floor", "x floor"], puts)
        log("profiling one import in-process")
        top = profile_import(archive)
        section.para(
            "Where an import's time goes (cProfile, CPU time, one import in this process on "
            "SQLite, the server's code path), functions with the most own time:"
        )
        section.table(["function", "own", "cumulative"], top)
        if notes:
            section.para(*notes)
        if missed:
            section.para("A goal is missed; the profile above says where the time goes.")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return section
