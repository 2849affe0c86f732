"""Masks in dataset formats, checked against pycocotools: COCO export read by ``annToMask`` and
evaluated by COCOeval, COCO import of RLE in both forms, annota's own format exactly."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from annota_api.models import ShapeKind
from PIL import Image
from pycocotools import mask as coco_mask
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
from support.masks import uncompressed_counts

import annota
from annota import shapes
from annota.errors import OperationFailedError
from annota.proxies.projects import Project

SIZES = [(40, 30), (25, 35)]  # (width, height) of the two images
# pycocotools' decoding warns on numpy 2.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _project(client: annota.Client, tmp_path: Path) -> tuple[Project, Any, list[Any], int]:
    project = client.projects.create(
        {
            "name": f"maskfmt-{uuid.uuid4().hex[:8]}",
            "type": "segmentation",
            "labels": [{"name": "cat", "kind": "mask"}, {"name": "dog"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t", "subset": "train"})
    paths = []
    for index, size in enumerate(SIZES):
        path = tmp_path / f"img{index}.png"
        Image.new("RGB", size, (10 * index, 20, 30)).save(path)
        paths.append(path)
    assets = task.upload_assets(paths)
    cat = next(label.id for label in project.labels if label.name == "cat")
    return project, task, assets, cat


def _random_mask(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    pixels = np.zeros((height, width), dtype=bool)
    pixels[2:12, 0:15] = True  # touches the left border
    pixels[5:8, 4:7] = False  # a hole
    pixels[height - 6 :, width - 9 :] = rng.random((6, 9)) < 0.6  # a ragged second part
    return pixels


def _written(client: annota.Client, tmp_path: Path, seed: int = 0) -> tuple[Project, Any, dict]:
    project, task, assets, cat = _project(client, tmp_path)
    rng = np.random.default_rng(seed)
    pixels = {
        asset.id: _random_mask(rng, width, height)
        for asset, (width, height) in zip(assets, SIZES, strict=True)
    }
    task.set_annotations(
        [shapes.mask(asset, cat, pixels[asset.id], attributes={"k": "v"}) for asset in assets]
        + [shapes.polygon(assets[0], _dog(project), [(1, 1), (9, 1), (5, 8)])]
    )
    return project, task, pixels


def _dog(project: Project) -> int:
    return next(label.id for label in project.labels if label.name == "dog")


def test_coco_export_reads_back_pixel_for_pixel_in_pycocotools(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, pixels = _written(client, tmp_path)
    archive = project.export_dataset("coco", tmp_path / "out.zip", include_images=True)
    with zipfile.ZipFile(archive) as zf:
        (tmp_path / "instances.json").write_bytes(zf.read("annotations/instances_train.json"))
    coco = COCO(str(tmp_path / "instances.json"))
    annotations = coco.loadAnns(coco.getAnnIds())
    masks = [a for a in annotations if isinstance(a["segmentation"], dict)]
    polygons = [a for a in annotations if isinstance(a["segmentation"], list)]
    assert len(masks) == 2
    assert len(polygons) == 1  # polygons stay polygons
    for annotation in masks:
        assert isinstance(annotation["segmentation"]["counts"], str)  # compressed
        expected = pixels[annotation["image_id"]]
        assert np.array_equal(coco.annToMask(annotation).astype(bool), expected)
        assert annotation["area"] == int(expected.sum())
        rle = coco.annToRLE(annotation)
        assert annotation["bbox"] == coco_mask.toBbox(rle).tolist()

    # Imported back: the same masks, exactly.
    copy = client.projects.create_from_dataset(
        {"name": f"copy-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "coco", archive
    )
    copied_task = copy.get_tasks().first()
    assert copied_task is not None
    names = {a.id: a.name for a in copied_task.get_assets()}
    originals = {a.id: a.name for a in task.get_assets()}
    by_name = {originals[asset_id]: mask for asset_id, mask in pixels.items()}
    copied = [s for s in copied_task.get_annotations().shapes if s.kind == ShapeKind.MASK]
    assert len(copied) == 2
    for shape in copied:
        assert np.array_equal(shapes.to_array(shape), by_name[names[shape.asset]])


def test_cocoeval_runs_segm_evaluation_on_an_export_with_predictions(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, pixels = _written(client, tmp_path)
    cat = next(label.id for label in project.labels if label.name == "cat")
    # A perfect prediction per image: segm AP is 1.
    task.update_annotations(
        create=[
            shapes.mask(asset_id, cat, mask, score=0.9, model_name="m")
            for asset_id, mask in pixels.items()
        ]
    )
    archive = project.export_dataset("coco", tmp_path / "p.zip", include_predictions=True)
    with zipfile.ZipFile(archive) as zf:
        document = json.loads(zf.read("annotations/instances_train.json"))
    truth = {**document, "annotations": [a for a in document["annotations"] if "score" not in a]}
    results = [a for a in document["annotations"] if "score" in a]
    assert len(results) == 2
    (tmp_path / "gt.json").write_text(json.dumps(truth))
    ground = COCO(str(tmp_path / "gt.json"))
    evaluation = COCOeval(ground, ground.loadRes(results), iouType="segm")
    evaluation.params.catIds = [c["id"] for c in document["categories"] if c["name"] == "cat"]
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    assert evaluation.stats[0] == pytest.approx(1.0)


def _coco_zip(annotations: list[dict[str, Any]], width: int = 8, height: int = 6) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (width, height)).save(image, format="PNG")
    document = {
        "images": [{"id": 1, "file_name": "x.png", "width": width, "height": height}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": annotations,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        archive.writestr("images/x.png", image.getvalue())
    return out.getvalue()


def test_coco_import_takes_rle_in_both_forms_for_crowds_and_instances(
    client: annota.Client, tmp_path: Path
) -> None:
    rng = np.random.default_rng(7)
    first, second = rng.random((6, 8)) < 0.5, rng.random((6, 8)) < 0.3
    compressed = coco_mask.encode(np.asfortranarray(first.astype(np.uint8)))
    annotations = [
        {
            "id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 8, 6], "iscrowd": 1,
            "segmentation": {"size": [6, 8], "counts": compressed["counts"].decode()},
        },
        {
            "id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 8, 6], "iscrowd": 0,
            "segmentation": {"size": [6, 8], "counts": uncompressed_counts(second)},
        },
    ]  # fmt: skip
    path = tmp_path / "in.zip"
    path.write_bytes(_coco_zip(annotations))
    project = client.projects.create_from_dataset(
        {"name": f"rle-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "coco", path
    )
    task = project.get_tasks().first()
    assert task is not None
    read = task.get_annotations().shapes
    assert [s.kind for s in read] == [ShapeKind.MASK, ShapeKind.MASK]
    assert np.array_equal(shapes.to_array(read[0]), first)
    assert np.array_equal(shapes.to_array(read[1]), second)
    assert read[0].mask.counts == compressed["counts"].decode()


def test_a_coco_mask_that_does_not_fit_its_image_fails_naming_it(
    client: annota.Client, tmp_path: Path
) -> None:
    wrong = {
        "id": 41, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "iscrowd": 0,
        "segmentation": {"size": [7, 8], "counts": [56]},
    }  # fmt: skip
    path = tmp_path / "in.zip"
    path.write_bytes(_coco_zip([wrong]))
    project = client.projects.create(
        {"name": f"rle-{uuid.uuid4().hex[:8]}", "type": "segmentation"}
    )
    with pytest.raises(OperationFailedError) as failed:
        project.import_dataset("coco", path)
    assert "annotation 41" in str(failed.value)
    assert "does not fit" in str(failed.value)
    project.fetch()
    assert (project.statistics.assets, project.statistics.annotations) == (0, 0)


def test_annota_format_keeps_masks_exactly(client: annota.Client, tmp_path: Path) -> None:
    project, task, _ = _written(client, tmp_path, seed=3)
    archive = project.export_dataset("annota", tmp_path, include_images=True)
    copy = client.projects.create_from_dataset(
        {"name": f"copy-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "annota", archive
    )
    copied_task = copy.get_tasks().first()
    assert copied_task is not None

    def summary(shapes_read: Any) -> list[Any]:
        return sorted(
            (s.kind.value, s.points, json.dumps(None if s.mask is None else s.mask.to_dict()))
            for s in shapes_read
        )

    assert summary(copied_task.get_annotations().shapes) == summary(task.get_annotations().shapes)
    assert {label.name: label.kind.value for label in copy.labels}["cat"] == "mask"


def test_yolo_segmentation_traces_masks_and_reports_what_it_lost(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, assets, cat = _project(client, tmp_path)
    width, height = SIZES[0]
    solid = np.zeros((height, width), dtype=bool)
    solid[5:15, 10:30] = True
    holed = solid.copy()
    holed[8:10, 15:20] = False
    task.set_annotations(
        [shapes.mask(assets[0], cat, solid), shapes.mask(assets[0], cat, holed, z_order=1)]
    )
    with pytest.warns(annota.LossyExportWarning) as caught:
        archive = project.export_dataset("yolo", tmp_path / "y.zip")
    assert caught[0].message.skipped == [("mask", "cat", 1)]  # the hole
    with zipfile.ZipFile(archive) as zf:
        names = [n for n in zf.namelist() if n.startswith("labels/")]
        (label_file,) = [n for n in names if zf.read(n)]
        lines = zf.read(label_file).decode().splitlines()
    expected = [10, 5, 30, 5, 30, 15, 10, 15]  # the outline along the pixels' edges
    for line in lines:
        class_id, *values = line.split()
        scaled = [float(v) * (width if i % 2 == 0 else height) for i, v in enumerate(values)]
        assert class_id == "0"
        assert scaled == pytest.approx(expected, abs=1e-4)
    assert len(lines) == 2
