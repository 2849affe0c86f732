"""Mask shapes through the SDK and the server: builders, pixels back, labels, predictions,
revisions, versions and bad input."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest
from annota_api.models import ShapeKind, ShapeSource
from PIL import Image
from pycocotools import mask as coco_mask
from support import colour_detector
from support.masks import uncompressed_counts

import annota
from annota import shapes
from annota.errors import PreconditionFailedError, ValidationError
from annota.proxies.assets import Asset
from annota.proxies.projects import Project
from annota.proxies.tasks import Task

HEIGHT, WIDTH = 48, 64  # colour_detector's images


def _setup(client: annota.Client, tmp_path: Path) -> tuple[Project, Task, list[Asset]]:
    project = client.projects.create(
        {
            "name": f"masks-{uuid.uuid4().hex[:8]}",
            "type": "segmentation",
            "labels": [
                {"name": "cat", "kind": "mask", "color": "#ff0000"},
                {"name": "box", "kind": "bbox"},
            ],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t", "segment_size": 10})
    made = colour_detector.images(tmp_path / "images", 2)
    assets = task.upload_assets([path for path, _ in made])
    return project, task, assets


def _label(project: Project, name: str) -> int:
    return next(label.id for label in project.labels if label.name == name)


def _pixels(seed: int) -> np.ndarray:
    """A mask with two parts, a hole and a run along the border."""
    rng = np.random.default_rng(seed)
    pixels = np.zeros((HEIGHT, WIDTH), dtype=bool)
    pixels[5:20, 3:30] = True
    pixels[10:14, 10:15] = False  # a hole
    pixels[30:, 40:] = rng.random((HEIGHT - 30, WIDTH - 40)) < 0.5  # touches two borders
    return pixels


def test_masks_from_arrays_images_and_rles_read_back_pixel_for_pixel(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, assets = _setup(client, tmp_path)
    cat = _label(project, "cat")
    first, second = _pixels(1), _pixels(2)
    reference = coco_mask.encode(np.asfortranarray(second.astype(np.uint8)))
    uncompressed = {"size": [HEIGHT, WIDTH], "counts": uncompressed_counts(second)}
    image = Image.fromarray(first.astype(np.uint8) * 255)
    stored = task.set_annotations(
        [
            shapes.mask(assets[0], cat, first, attributes={"pose": "sitting"}),
            shapes.mask(assets[0], cat, image),
            shapes.mask(
                assets[1], cat, {"size": [HEIGHT, WIDTH], "counts": reference["counts"].decode()}
            ),
            shapes.mask(assets[1], cat, uncompressed, score=0.7, model_name="segmenter"),
        ]
    ).shapes
    read = task.get_annotations().shapes
    assert [s.kind for s in read] == [ShapeKind.MASK] * 4
    assert np.array_equal(shapes.to_array(read[0]), first)
    assert np.array_equal(shapes.to_array(read[1]), first)
    assert np.array_equal(shapes.to_array(read[2]), second)
    assert np.array_equal(np.asarray(shapes.to_image(read[3])) > 0, second)
    # One canonical form: pycocotools' compressed string, whatever form was sent.
    assert read[3].mask.counts == reference["counts"].decode()
    assert read[0].mask.counts == read[1].mask.counts
    # bbox and area computed by the server agree with pycocotools.
    assert read[2].mask.area == int(coco_mask.area(reference)) == int(second.sum())
    x, y, w, h = coco_mask.toBbox(reference).tolist()
    assert read[2].mask.bbox == [x, y, x + w, y + h]
    assert read[0].attributes[0].value == "sitting"
    assert (read[3].source, read[3].score, read[3].model_name) == (
        ShapeSource.MODEL,
        0.7,
        "segmenter",
    )
    assert [s.id for s in stored] == [s.id for s in read]
    # Copying read masks keeps them exactly.
    copied = task.set_annotations(read).shapes
    assert [s.mask.counts for s in copied] == [s.mask.counts for s in read]


def test_an_update_changes_a_mask_and_a_job_save_is_guarded(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, assets = _setup(client, tmp_path)
    cat = _label(project, "cat")
    (shape,) = task.set_annotations([shapes.mask(assets[0], cat, _pixels(1))]).shapes
    job = task.get_jobs().first()
    job.get_annotations()
    etag = job.annotations_etag
    changed = _pixels(3)
    (updated,) = job.update_annotations(
        update=[{"id": shape.id, "mask": shapes.to_rle(shapes.mask(assets[0], cat, changed))}],
        if_match=etag,
    ).updated
    assert np.array_equal(shapes.to_array(updated), changed)
    with pytest.raises(PreconditionFailedError):
        job.update_annotations(delete=[shape.id], if_match=etag)
    assert len(task.get_annotations().shapes) == 1


def test_labels_constrain_masks_and_statistics_count_them(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, assets = _setup(client, tmp_path)
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([shapes.mask(assets[0], _label(project, "box"), _pixels(1))])
    assert "shapes.0.label" in str(refused.value)
    assert "for bbox shapes, not mask" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([shapes.bbox(assets[0], _label(project, "cat"), 1, 1, 2, 2)])
    assert "shapes.0.label" in str(refused.value)
    task.set_annotations([shapes.mask(assets[0], _label(project, "cat"), _pixels(1))])
    project.fetch()
    counts = {item.name: item.annotations for item in project.statistics.by_label}
    assert counts["cat"] == 1


@pytest.mark.parametrize(
    ("mask", "field", "why"),
    [
        (
            {"size": [HEIGHT, WIDTH + 1], "counts": [HEIGHT * (WIDTH + 1)]},
            "mask.size",
            "asset's size",
        ),
        ({"size": [HEIGHT, WIDTH], "counts": [HEIGHT * WIDTH - 1]}, "mask.counts", "add up to"),
        ({"size": [HEIGHT, WIDTH], "counts": "a b"}, "mask.counts", "is not RLE"),
        ({"size": [HEIGHT, WIDTH], "counts": "0`"}, "mask.counts", "cut short"),
        ({"size": [HEIGHT, WIDTH], "counts": "oooo0"}, "mask.counts", "more than"),
        ({"size": [30_000, 30_000], "counts": [900_000_000]}, "mask.size", "at most"),
    ],
    ids=["size", "sum", "alphabet", "cut", "overflow", "too-big"],
)
def test_bad_masks_are_refused_naming_the_field_and_nothing_is_stored(
    client: annota.Client, tmp_path: Path, mask: dict, field: str, why: str
) -> None:
    project, task, assets = _setup(client, tmp_path)
    cat = _label(project, "cat")
    task.set_annotations([shapes.bbox(assets[0], _label(project, "box"), 1, 1, 2, 2)])
    bad = {"asset": assets[0].id, "label": cat, "kind": "mask", "mask": mask}
    good = shapes.mask(assets[1], cat, _pixels(1))
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([good, bad])
    assert f"shapes.1.{field}" in str(refused.value)
    assert why in str(refused.value)
    assert [s.kind for s in task.get_annotations().shapes] == [ShapeKind.BBOX]


def test_kind_and_mask_must_agree(client: annota.Client, tmp_path: Path) -> None:
    project, task, assets = _setup(client, tmp_path)
    cat = _label(project, "cat")
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([{"asset": assets[0].id, "label": cat, "kind": "mask"}])
    assert "shapes.0.mask: a mask shape needs its mask" in str(refused.value)
    rle = shapes.to_rle(shapes.mask(assets[0], cat, _pixels(1)))
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([{"asset": assets[0].id, "label": cat, "kind": "tag", "mask": rle}])
    assert "shapes.0.mask: a tag has no mask" in str(refused.value)


def test_a_version_freezes_masks(client: annota.Client, tmp_path: Path) -> None:
    project, task, assets = _setup(client, tmp_path)
    pixels = _pixels(4)
    task.set_annotations([shapes.mask(assets[0], _label(project, "cat"), pixels)])
    version = project.create_version("v1")
    samples = list(version.samples(tmp_path / "cache"))
    frozen = [shape for sample in samples for shape in sample.shapes]
    assert len(frozen) == 1
    assert np.array_equal(shapes.to_array(frozen[0]), pixels)
