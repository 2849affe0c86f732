"""Streamed exports of a larger project: exact round trips in both formats, and cancellation.

The project has a few thousand shapes over four tasks (two of them in the same subset), more
than one batch of rows per task, assets whose names repeat across tasks, every shape kind,
mixed z_orders and non-ASCII attribute values. What an export writes is compared with what
the API returns. Memory is measured in bench/export_memory.py; here only a generous in-process
bound (tracemalloc) guards against an export that holds every shape again.
"""

from __future__ import annotations

import io
import json
import random
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pycocotools.coco import COCO
from support import Http, ServerProcess, assert_problem, create_project, create_task

from annota_server.context import Runtime
from annota_server.datasets import export_dataset
from annota_server.db import migrate
from annota_server.db.engine import Database
from annota_server.db.models import (
    Asset,
    Job,
    Label,
    Operation,
    Project,
    Shape,
    Task,
    User,
    Workspace,
)
from annota_server.settings import Settings
from annota_server.storage import LocalStorage
from annota_server.worker import Run

from .operations_support import (
    export_zip,
    finished,
    fresh_database,
    own_server,
    png,
    set_shapes,
    sha256,
    start_export,
    start_import,
    stored_files,
    upload,
    wait,
)

# (subset, assets): "train" twice, so one COCO file holds two tasks that are not neighbours.
TASKS = [("train", 5), ("val", 4), ("", 3), ("train", 4)]
SHAPES_PER_TASK = 1200  # more than one database batch (1000 rows) per task
KINDS = ("bbox", "polygon", "polyline", "points", "tag")
COCO_KINDS = {"bbox", "polygon"}


def _shape(rng: random.Random, asset_id: int, labels: dict[str, int]) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    x, y = round(rng.uniform(0, 30), 2), round(rng.uniform(0, 20), 2)
    points: list[float] = {
        "bbox": [x, y, x + 5.5, y + 3.25],
        "polygon": [x, y, x + 4, y, x + 4.5, y + 6.125, x, y + 2],
        "polyline": [x, y, x + 1, y + 1],
        "points": [x, y],
        "tag": [],
    }[kind]
    attributes = [{"name": "größe", "value": rng.choice(["klein", "groß", "日本"])}]
    return {
        "asset": asset_id,
        "label": labels["sky"] if kind == "tag" else rng.choice([labels["cat"], labels["dog"]]),
        "kind": kind,
        "points": points,
        "attributes": attributes if rng.random() < 0.4 else [],
        "occluded": rng.random() < 0.2,
        "z_order": rng.randint(-2, 2),
    }


def _truth(http: Http, project_id: int) -> dict[str, Any]:
    """The project as the API returns it: labels, and per task its assets and shapes."""
    project = http.get(f"/api/projects/{project_id}").expect(200).json()
    tasks = http.get("/api/tasks", params={"project": project_id, "sort": "id"}).expect(200)
    found = []
    for task in tasks.json()["results"]:
        assets = http.get("/api/assets", params={"task": task["id"], "page_size": 1000})
        shapes = http.get(f"/api/tasks/{task['id']}/annotations").expect(200).json()["shapes"]
        found.append(
            {
                "task": task,
                "assets": sorted(assets.expect(200).json()["results"], key=lambda a: a["position"]),
                "shapes": shapes,
            }
        )
    return {"labels": project["labels"], "tasks": found}


def _drawing_order(item: dict[str, Any]) -> list[dict[str, Any]]:
    """A task's shapes in the order exports write them: by asset position, z_order, id."""
    position = {asset["id"]: asset["position"] for asset in item["assets"]}
    return sorted(item["shapes"], key=lambda s: (position[s["asset"]], s["z_order"], s["id"]))


@pytest.fixture(scope="module")
def big(server: ServerProcess, admin_token: str) -> dict[str, Any]:
    """A project with a few thousand shapes over four tasks; returns its id and API view."""
    http = server.http(token=admin_token)
    project = create_project(
        http, labels=["cat", "dog", {"name": "sky", "color": "#0000ff", "kind": "tag"}]
    )
    labels = {label["name"]: label["id"] for label in project["labels"]}
    rng = random.Random(7)
    for number, (subset, count) in enumerate(TASKS):
        task = create_task(http, project["id"], subset=subset, segment_size=2)
        # The same file names in every task: the archive must still name each file once.
        # Sizes apart per image, each large enough for the shapes _shape draws (writes clamp).
        files = [
            (f"frame_{n}.png", png(40 + n, 30 + number, (number, n, 99))) for n in range(count)
        ]
        assets = upload(http, task["id"], files)
        shapes = [_shape(rng, rng.choice(assets)["id"], labels) for _ in range(SHAPES_PER_TASK)]
        set_shapes(http, task["id"], shapes)
    return {"id": project["id"], "truth": _truth(http, project["id"])}


def _canonical_json(raw: bytes) -> None:
    """The streamed text is exactly what one json.dumps of the whole document writes."""
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False).encode()


def test_annota_export_matches_the_api_and_imports_back(
    admin_http: Http, big: dict[str, Any]
) -> None:
    raw_zip = export_zip(admin_http, big["id"], "annota", include_images=True)
    archive = zipfile.ZipFile(io.BytesIO(raw_zip))
    raw = archive.read("annotations.json")
    _canonical_json(raw)
    document = json.loads(raw)
    truth = big["truth"]
    label_name = {label["id"]: label["name"] for label in truth["labels"]}
    assert [label["name"] for label in document["labels"]] == ["cat", "dog", "sky"]
    assert len(document["tasks"]) == len(TASKS)
    for exported, item in zip(document["tasks"], truth["tasks"], strict=True):
        task = item["task"]
        assert (exported["name"], exported["subset"], exported["segment_size"]) == (
            task["name"], task["subset"], 2)  # fmt: skip
        assert exported["assets"] == [
            {"name": a["name"], "media_type": a["media_type"], "size": a["size"],
             "sha256": a["sha256"], "width": a["width"], "height": a["height"],
             "position": a["position"], "file": exported_asset["file"]}
            for a, exported_asset in zip(item["assets"], exported["assets"], strict=True)
        ]  # fmt: skip
        for asset, exported_asset in zip(item["assets"], exported["assets"], strict=True):
            assert sha256(archive.read(exported_asset["file"])) == asset["sha256"]
        position = {asset["id"]: asset["position"] for asset in item["assets"]}
        assert exported["shapes"] == [
            {"asset": position[s["asset"]], "label": label_name[s["label"]], "kind": s["kind"],
             "points": s["points"], "attributes": s["attributes"], "occluded": s["occluded"],
             "z_order": s["z_order"], "source": s["source"]}
            for s in _drawing_order(item)
        ]  # fmt: skip
    assert sum(len(t["shapes"]) for t in document["tasks"]) == SHAPES_PER_TASK * len(TASKS)
    files = [asset["file"] for task in document["tasks"] for asset in task["assets"]]
    assert len(set(files)) == len(files) == sum(count for _, count in TASKS)

    # And back: importing the archive into a new project brings the same shapes.
    target = create_project(admin_http)
    finished(admin_http, start_import(admin_http, target["id"], "annota", raw_zip)["id"])
    again = _truth(admin_http, target["id"])
    again_label = {label["id"]: label["name"] for label in again["labels"]}

    def summary(view: dict[str, Any], names: dict[int, str]) -> list[Any]:
        return [
            (item["task"]["name"], item["task"]["subset"],
             [(a["name"], a["sha256"], a["position"]) for a in item["assets"]],
             [({a["id"]: a["position"] for a in item["assets"]}[s["asset"]], names[s["label"]],
               s["kind"], s["points"], s["attributes"], s["occluded"], s["z_order"])
              for s in _drawing_order(item)])
            for item in view["tasks"]
        ]  # fmt: skip

    assert summary(again, again_label) == summary(truth, label_name)


def _coco_box(shape: dict[str, Any]) -> list[float]:
    xs, ys = shape["points"][0::2], shape["points"][1::2]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def test_coco_export_with_images_matches_the_api(
    admin_http: Http, big: dict[str, Any], tmp_path: Any
) -> None:
    operation = finished(
        admin_http, start_export(admin_http, big["id"], "coco", include_images=True)["id"]
    )
    data = admin_http.get(operation["result_url"]).expect(200).data
    archive = zipfile.ZipFile(io.BytesIO(data))
    truth = big["truth"]
    skipped = sum(s["kind"] not in COCO_KINDS for item in truth["tasks"] for s in item["shapes"])
    assert f"Skipped {skipped} shapes" in operation["message"], operation
    category = {label["id"]: index + 1 for index, label in enumerate(truth["labels"])}
    sha_of = {a["id"]: a["sha256"] for item in truth["tasks"] for a in item["assets"]}
    members = [name for name in archive.namelist() if name.startswith("images/")]
    assert len(members) == len(set(members)) == len(sha_of)
    subsets = {"train": [0, 3], "val": [1], "default": [2]}
    assert sorted(n for n in archive.namelist() if not n.startswith("images/")) == sorted(
        f"annotations/instances_{subset}.json" for subset in subsets
    )
    for subset, indexes in subsets.items():
        raw = archive.read(f"annotations/instances_{subset}.json")
        _canonical_json(raw)
        items = [truth["tasks"][index] for index in indexes]
        path = tmp_path / f"{subset}.json"
        path.write_bytes(raw)
        coco = COCO(str(path))  # pycocotools reads the streamed file as any instances file
        document = coco.dataset
        assert [(i["id"], i["width"], i["height"]) for i in document["images"]] == [
            (a["id"], a["width"], a["height"]) for item in items for a in item["assets"]
        ]
        for image in document["images"]:
            assert sha256(archive.read(f"images/{image['file_name']}")) == sha_of[image["id"]]
        expected = [s for item in items for s in _drawing_order(item) if s["kind"] in COCO_KINDS]
        annotations = document["annotations"]
        assert [a["id"] for a in annotations] == list(range(1, len(expected) + 1))
        assert sorted(coco.getAnnIds()) == [a["id"] for a in annotations]
        for written, shape in zip(annotations, expected, strict=True):
            attributes = {a["name"]: a["value"] for a in shape["attributes"]}
            assert written["image_id"] == shape["asset"]
            assert written["category_id"] == category[shape["label"]]
            assert written["attributes"] == {**attributes, "occluded": shape["occluded"]}
            assert written["bbox"] == pytest.approx(_coco_box(shape))
            polygon = shape["kind"] == "polygon"
            assert written["segmentation"] == ([shape["points"]] if polygon else [])


# -- cancellation ----------------------------------------------------------------------------

STEP_DELAY = 0.3


@pytest.fixture(scope="module")
def slow_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A server of its own with one worker whose every progress step takes STEP_DELAY."""
    with own_server(
        database_url,
        tmp_path_factory.mktemp("slow-export"),
        ANNOTA_OPERATION_WORKERS="1",
        ANNOTA_OPERATION_STEP_DELAY=str(STEP_DELAY),
    ) as process:
        yield process


def test_a_cancelled_streaming_export_leaves_no_result(slow_server: ServerProcess) -> None:
    http = slow_server.http()
    http.login(slow_server.admin_username, slow_server.admin_password)
    project = create_project(http, labels=["dog"])
    (label,) = project["labels"]
    rng = random.Random(3)
    for _ in range(3):
        task = create_task(http, project["id"])
        assets = upload(http, task["id"], [(f"i{n}.png", png(40 + n, 30)) for n in range(3)])
        labels = {"cat": label["id"], "dog": label["id"], "sky": label["id"]}
        shapes = [_shape(rng, rng.choice(assets)["id"], labels) for _ in range(1500)]
        set_shapes(http, task["id"], shapes)
    operation = start_export(http, project["id"], "annota")
    # Cancel while the annotations are being written: progress past the reading step.
    deadline = time.monotonic() + 60
    seen = operation
    while time.monotonic() < deadline:
        seen = http.get(f"/api/operations/{operation['id']}").expect(200).json()
        if seen["status"] != "queued" and (seen["status"] != "running" or seen["progress"] > 0.1):
            break
        time.sleep(0.05)
    assert seen["status"] == "running", seen
    assert seen["progress"] < 0.95, seen
    http.post(f"/api/operations/{operation['id']}/cancel").expect(200)
    ended = wait(http, operation["id"])
    assert ended["status"] == "cancelled", ended
    assert ended["result_url"] is None, ended
    assert_problem(http.get(f"/api/operations/{operation['id']}/result"), 409)
    left = stored_files(slow_server.data_dir)
    assert not any(name.startswith("results/") for name in left), left


# -- memory, in this process -----------------------------------------------------------------

WORKER = "test-export-memory"


def _seed(database: Database, shapes: int) -> tuple[int, int]:
    """A project of one task with ``shapes`` boxes (20 an asset), inserted in bulk."""
    ids: dict[str, Any] = {}
    with database.session(write=True) as db, db.begin():
        user = db.scalar(
            sa.insert(User).values(username=f"u{shapes}", password_hash="-").returning(User.id)
        )
        ids["workspace_id"] = db.scalar(
            sa.insert(Workspace)
            .values(slug=f"w{shapes}", name="w", owner_id=user)
            .returning(Workspace.id)
        )
        ids["project_id"] = db.scalar(
            sa.insert(Project)
            .values(owner_id=user, name="p", type="detection", workspace_id=ids["workspace_id"])
            .returning(Project.id)
        )
        label = db.scalar(
            sa.insert(Label).values(**ids, name="car", color="#000000").returning(Label.id)
        )
        task = db.scalar(sa.insert(Task).values(**ids, name="t").returning(Task.id))
        job = db.scalar(sa.insert(Job).values(**ids, task_id=task).returning(Job.id))
        assets = list(
            db.scalars(
                sa.insert(Asset).returning(Asset.id, sort_by_parameter_order=True),
                [{**ids, "task_id": task, "job_id": job, "name": f"f{p}.jpg", "size": 1,
                  "media_type": "image/jpeg", "sha256": "0" * 64, "position": p,
                  "storage_key": f"none/{p}"}
                 for p in range(shapes // 20)],
            )
        )  # fmt: skip
        db.execute(
            sa.insert(Shape),
            [{**ids, "task_id": task, "job_id": job, "asset_id": assets[n // 20], "label_id": label,
              "kind": "bbox", "points": [n % 97, 1.5, n % 97 + 20.25, 30], "z_order": n % 3,
              "attributes": [{"name": "n", "value": str(n)}]}
             for n in range(shapes)],
        )  # fmt: skip
        operation = db.scalar(
            sa.insert(Operation)
            .values(**ids, kind="export", format="annota", options={}, status="running",
                    claimed_by=WORKER)
            .returning(Operation.id)
        )  # fmt: skip
    return ids["project_id"], operation


def _peak_of_export(runtime: Runtime, project_id: int, operation_id: int, fmt: str) -> int:
    with runtime.database.session(write=True) as db, db.begin():
        db.execute(
            sa.update(Operation)
            .where(Operation.id == operation_id)
            .values(status="running", claimed_by=WORKER, format=fmt)
        )
    run = Run(runtime, WORKER, threading.Event(), operation_id, "export", fmt, {}, project_id, None)
    tracemalloc.start()
    try:
        export_dataset(run, f"results/{operation_id}")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_shapes(database_url: str, tmp_path: Path) -> None:
    """A generous bound: 4x the shapes may not double the peak (holding them all would 4x it)."""
    with fresh_database(database_url, tmp_path) as url:
        database = Database(url)
        try:
            migrate.upgrade(database)
            settings = Settings(data_dir=tmp_path, database_url=url)
            runtime = Runtime(settings, database, "test", LocalStorage(settings.storage_dir))
            small, large = _seed(database, 3000), _seed(database, 12_000)
            for fmt in ("annota", "coco"):
                _peak_of_export(runtime, *small, fmt)  # warm-up: imports, statement caches
                peaks = [_peak_of_export(runtime, *seeded, fmt) for seeded in (small, large)]
                assert peaks[1] < 2 * peaks[0], (fmt, peaks)
            with database.session(write=False) as db:
                key = db.scalar(sa.select(Operation.result_key).where(Operation.id == large[1]))
            with zipfile.ZipFile(settings.storage_dir / str(key)) as archive:
                document = json.loads(archive.read("annotations/instances_default.json"))
            assert len(document["annotations"]) == 12_000  # the large export is whole
        finally:
            database.dispose()
