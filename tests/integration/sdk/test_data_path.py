"""The SDK's data path against the real server: upload, annotate, export, import, download."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from annota_api.models import ShapeKind, ShapeSource
from PIL import Image
from pycocotools.coco import COCO

import annota
from annota import shapes
from annota.errors import (
    NotFoundError,
    OperationFailedError,
    UnsupportedMediaTypeError,
    ValidationError,
)
from annota.proxies.projects import Project


class Recorder:
    """A ProgressReporter that remembers totals and progress per piece of work."""

    def __init__(self) -> None:
        self.pieces: list[dict[str, Any]] = []

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        self.pieces.append({"total": total, "unit": unit, "done": 0.0, "finished": False})

    def advance(self, amount: float) -> None:
        self.pieces[-1]["done"] += amount

    def finish(self) -> None:
        self.pieces[-1]["finished"] = True


def make_image(path: Path, size: tuple[int, int], color: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", size, color)
    image.save(path)
    return path


def detection_project(client: annota.Client, name: str) -> Project:
    return client.projects.create(
        {
            "name": name,
            "type": "detection",
            "labels": [{"name": "cat", "kind": "bbox"}, {"name": "dog"}],
        }
    )


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def images(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "images"
    folder.mkdir()
    return [
        make_image(folder / "a.png", (64, 48), (255, 0, 0)),
        make_image(folder / "b.jpg", (80, 60), (0, 255, 0)),
        make_image(folder / "c.png", (32, 32), (0, 0, 255)),
    ]


def test_upload_annotate_export_coco_and_import_it_back(
    client: annota.Client, images: list[Path], tmp_path: Path
) -> None:
    project = detection_project(client, unique("coco"))
    cat, dog = sorted(project.labels, key=lambda label: label.name)
    task = client.tasks.create(
        {"project": project.id, "name": "batch", "subset": "train", "segment_size": 2}
    )

    upload = Recorder()
    assets = task.upload_assets(images, pbar=upload)
    total = sum(path.stat().st_size for path in images)
    assert upload.pieces == [{"total": total, "unit": "B", "done": total, "finished": True}]
    assert [a.name for a in assets] == ["a.png", "b.jpg", "c.png"]
    assert [(a.width, a.height) for a in assets] == [(64, 48), (80, 60), (32, 32)]
    assert [a.media_type for a in assets] == ["image/png", "image/jpeg", "image/png"]
    assert assets[0].sha256 == hashlib.sha256(images[0].read_bytes()).hexdigest()
    assert task.asset_count == 3
    jobs = sorted(task.get_jobs(), key=lambda job: job.start_position)
    assert [(j.start_position, j.stop_position) for j in jobs] == [(0, 2), (2, 3)]
    assert [a.name for a in jobs[0].get_assets()] == ["a.png", "b.jpg"]

    stored = task.set_annotations(
        [
            shapes.bbox(assets[0], cat, 4, 6, 40, 30, attributes={"pose": "sitting"}),
            shapes.bbox(assets[1], cat, 0, 0, 10, 10),
            shapes.polygon(assets[1], dog, [(10, 10), (50, 10), (30, 40)]),
            shapes.tag(assets[2], dog),
        ]
    )
    assert len(stored.shapes) == 4
    assert {s.source for s in stored.shapes} == {ShapeSource.MANUAL}
    small_box = next(s for s in stored.shapes if s.points == [0, 0, 10, 10])
    change = jobs[1].update_annotations(create=[shapes.bbox(assets[2], cat, 1, 2, 21, 12)])
    assert [s.asset for s in change.created] == [assets[2].id]
    task.update_annotations(update=[{"id": small_box.id, "points": [2, 2, 12, 22]}], delete=[])
    shapes_now = task.get_annotations().shapes
    assert len(shapes_now) == 5
    assert any(s.points == [2, 2, 12, 22] for s in shapes_now)
    assert jobs[0].get_annotations().shapes
    assert all(s.job == jobs[0].id for s in jobs[0].get_annotations().shapes)

    project.fetch()
    assert project.statistics.assets == 3
    assert project.statistics.annotations == 5
    assert project.statistics.annotated_assets == 3

    waited = Recorder()
    archive = project.export_dataset(
        "coco", tmp_path / "export.zip", include_images=True, pbar=waited
    )
    assert waited.pieces[0]["unit"] == "%"
    assert waited.pieces[0]["done"] == 100
    assert waited.pieces[1]["unit"] == "B"
    assert waited.pieces[1]["done"] == archive.stat().st_size
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        instances = zf.read("annotations/instances_train.json")
        image_bytes = {n: zf.read(n) for n in names if n.startswith("images/")}
    assert sorted(Path(n).name for n in image_bytes) == ["a.png", "b.jpg", "c.png"]
    (tmp_path / "instances.json").write_bytes(instances)
    coco = COCO(str(tmp_path / "instances.json"))
    assert sorted(c["name"] for c in coco.loadCats(coco.getCatIds())) == ["cat", "dog"]
    assert len(coco.getImgIds()) == 3
    by_name = {img["file_name"]: img for img in coco.loadImgs(coco.getImgIds())}
    assert (by_name["a.png"]["width"], by_name["a.png"]["height"]) == (64, 48)
    # COCO holds boxes and polygons, not tags: 4 of the 5 shapes.
    annotations = coco.loadAnns(coco.getAnnIds())
    assert len(annotations) == 4
    cat_id = coco.getCatIds(catNms=["cat"])[0]
    boxes_a = [
        a["bbox"]
        for a in coco.loadAnns(coco.getAnnIds(imgIds=[by_name["a.png"]["id"]]))
        if a["category_id"] == cat_id
    ]
    assert boxes_a == [[4, 6, 36, 24]]  # [x, y, w, h] from [x_min, y_min, x_max, y_max]

    imported = client.projects.create_from_dataset(
        {"name": unique("from-coco"), "type": "detection"}, "coco", archive
    )
    assert sorted(label.name for label in imported.labels) == ["cat", "dog"]
    assert imported.statistics.assets == 3
    assert imported.statistics.annotations == 4
    new_task = imported.get_tasks().first()
    assert new_task is not None
    copied = new_task.get_annotations().shapes
    assert {s.source for s in copied} == {ShapeSource.IMPORTED}
    assert sorted(s.points for s in copied if s.kind == ShapeKind.BBOX) == sorted(
        s.points for s in shapes_now if s.kind == ShapeKind.BBOX
    )
    new_assets = {a.name: a for a in new_task.get_assets()}
    assert new_assets["b.jpg"].sha256 == assets[1].sha256


def test_annota_format_keeps_everything(
    client: annota.Client, images: list[Path], tmp_path: Path
) -> None:
    project = detection_project(client, unique("native"))
    cat, dog = sorted(project.labels, key=lambda label: label.name)
    task = client.tasks.create({"project": project.id, "name": "t"})
    assets = task.upload_assets(images[:2])
    task.set_annotations(
        [
            shapes.tag(assets[0], dog, attributes={"light": "dim"}),
            shapes.polyline(assets[1], dog, [(0, 0), (5, 5)]),
            shapes.points(assets[1], dog, [(1, 1), (2, 2)]),
            shapes.bbox(assets[1], cat, 1, 1, 2, 2, occluded=True),
        ]
    )
    archive = project.export_dataset("annota", tmp_path, include_images=True)
    copy = client.projects.create_from_dataset(
        {"name": unique("copy"), "type": "detection"}, "annota", archive
    )
    copied_task = copy.get_tasks().first()
    assert copied_task is not None
    assert copied_task.name == "t"

    def summary(annotations: Any, labels: dict[int, str]) -> list[Any]:
        return sorted(
            (
                s.kind.value,
                labels[s.label],
                s.points,
                s.occluded,
                [a.to_dict() for a in s.attributes],
            )
            for s in annotations.shapes
        )

    old_labels = {label.id: label.name for label in project.labels}
    new_labels = {label.id: label.name for label in copy.labels}
    assert summary(copied_task.get_annotations(), new_labels) == summary(
        task.get_annotations(), old_labels
    )


def test_download_streams_with_bounded_memory(client: annota.Client, tmp_path: Path) -> None:
    # Random pixels do not compress: the PNG is about as large as its 24 MB of pixels.
    side = 2800
    big = tmp_path / "noise.png"
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(big, compress_level=0)
    size = big.stat().st_size
    assert size > 20 * 1024 * 1024
    project = detection_project(client, unique("big"))
    task = client.tasks.create({"project": project.id, "name": "big"})
    (asset,) = task.upload_assets([big])
    assert asset.size == size

    target = tmp_path / "out"
    target.mkdir()
    tracemalloc.start()
    try:
        saved = asset.download(target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert saved == target / "noise.png"
    assert saved.stat().st_size == size
    # Memory stays at a few 256 KiB chunks (read, written, queued for the hash), not the file.
    assert peak < 2.5 * 1024 * 1024 < size / 8, f"peak {peak} bytes for a {size}-byte download"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == asset.sha256
    assert [p.name for p in target.iterdir()] == ["noise.png"]  # no partial file left


def test_bad_files_raise_typed_errors_and_store_nothing(
    client: annota.Client, tmp_path: Path
) -> None:
    project = detection_project(client, unique("bad"))
    task = client.tasks.create({"project": project.id, "name": "bad"})
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    with pytest.raises(UnsupportedMediaTypeError) as caught:
        task.upload_assets([make_image(tmp_path / "ok.png", (8, 8), (1, 2, 3)), text])
    assert any("files.1" in e.field for e in caught.value.errors)
    assert task.get_assets().count == 0

    (asset,) = task.upload_assets([tmp_path / "ok.png"])
    label = project.labels[0]
    with pytest.raises(ValidationError) as invalid:
        task.set_annotations(
            [shapes.bbox(asset, label, 0, 0, 5, 5), shapes.bbox(asset, label, 9, 9, 1, 1)]
        )
    assert [e.field for e in invalid.value.errors if e.field.startswith("shapes.1")]
    assert task.get_annotations().shapes == []
    asset.remove()
    with pytest.raises(NotFoundError):
        client.assets.retrieve(asset.id)


def test_failed_import_raises_with_the_servers_message_and_leaves_nothing(
    client: annota.Client, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("annotations/instances_default.json", "{ this is not json")
    name = unique("broken")
    with pytest.raises(OperationFailedError) as caught:
        client.projects.create_from_dataset({"name": name, "type": "detection"}, "coco", broken)
    operation = caught.value.operation
    assert operation is not None
    assert operation.status == "failed"
    assert operation.message
    assert operation.message in str(caught.value)
    assert client.projects.list(name=name).count == 0  # the half-made project is gone


def test_operations_are_listed_and_retrieved(client: annota.Client, tmp_path: Path) -> None:
    project = detection_project(client, unique("ops"))
    operation = project.start_export("annota")
    again = client.operations.retrieve(operation.id).wait(timeout=60)
    assert again.status == "finished"
    assert again.result_url
    assert again.result_size
    assert again.result_size > 0
    assert [op.id for op in project.get_operations()] == [operation.id]
    saved = again.download_result(tmp_path)
    payload = json.loads(zipfile.ZipFile(saved).read("annotations.json"))
    assert payload["format"] == "annota"
    with pytest.raises(annota.ConflictError):
        again.cancel()  # it has ended
