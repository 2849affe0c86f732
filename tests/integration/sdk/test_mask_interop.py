"""Masks against datumaro, a tool nobody here wrote: Pascal VOC's segmentation PNGs, CVAT's
``<mask>`` and COCO's RLE, each both ways. datumaro writes a small seeded dataset which annota
imports, and reads what annota exports; the masks must be the same pixel for pixel.
"""

from __future__ import annotations

import io
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

import datumaro as dm
import numpy as np
import pytest
from annota_api.models import ShapeKind
from PIL import Image

import annota
from annota import shapes
from annota.errors import OperationFailedError
from annota.proxies.projects import Project

LABELS = ["cat", "dog"]
SIZES = {"img0": (40, 30), "img1": (25, 35)}  # width, height
# datumaro's image and mask code warns on numpy 2 and on its own deprecations.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

Masks = dict[str, list[tuple[str, Any]]]
"""Per image stem, ``(label, bool array)`` in drawing order."""


def _masks(seed: int) -> Masks:
    """Two masks per image that do not overlap: one with a hole touching the border, one ragged."""
    rng = np.random.default_rng(seed)
    found: Masks = {}
    for stem, (width, height) in SIZES.items():
        first = np.zeros((height, width), dtype=bool)
        first[0:12, 0:15] = True
        first[4:7, 4:8] = False  # a hole
        second = np.zeros((height, width), dtype=bool)
        second[height - 8 :, width - 9 :] = rng.random((8, 9)) < 0.6  # several parts
        second[height - 2 :, : width // 2] = True  # along the bottom border
        found[stem] = [("cat", first), ("dog", second)]
    return found


def _zip(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return out


def _read_back(project: Project) -> Masks:
    """The project's masks by image stem, as the SDK reads them."""
    found: Masks = {}
    for task in project.get_tasks():
        names = {asset.id: asset.name for asset in task.get_assets()}
        labels = {label.id: label.name for label in project.labels}
        for shape in task.get_annotations().shapes:
            if shape.kind == ShapeKind.MASK:
                stem = names[shape.asset].rsplit(".", 1)[0]
                found.setdefault(stem, []).append((labels[shape.label], shapes.to_array(shape)))
    return found


def _same(found: Masks, expected: Masks) -> None:
    """The same masks per image, by label (each image has one mask per label)."""
    assert sorted(found) == sorted(expected)
    for stem, masks in expected.items():
        assert len(found[stem]) == len(masks), stem
        mine = sorted(found[stem], key=lambda item: item[0])
        theirs = sorted(masks, key=lambda item: item[0])
        for (label, pixels), (got_label, got) in zip(theirs, mine, strict=True):
            assert got_label == label
            assert np.array_equal(got, pixels), stem


def _datumaro_dataset(masks: Masks, kind: str = "mask") -> dm.Dataset:
    items = []
    for stem, drawn in masks.items():
        width, height = SIZES[stem]
        annotations: list[Any] = []
        for number, (label, pixels) in enumerate(drawn, start=1):
            index = LABELS.index(label)
            if kind == "rle":
                annotations.append(
                    dm.RleMask(
                        rle=dm.util.mask_tools.mask_to_rle(pixels),
                        label=index,
                        id=number,
                        group=number,
                    )
                )
            else:
                annotations.append(dm.Mask(pixels, label=index, id=number, group=number))
        image = np.full((height, width, 3), 90, dtype=np.uint8)
        items.append(
            dm.DatasetItem(
                id=stem,
                subset="train",
                media=dm.Image.from_numpy(image),
                annotations=annotations,
            )
        )
    return dm.Dataset.from_iterable(items, categories=LABELS)


def _datumaro_masks(dataset: dm.Dataset) -> Masks:
    names = [label.name for label in dataset.categories()[dm.AnnotationType.label]]
    found: Masks = {}
    for item in dataset:
        for annotation in item.annotations:
            if isinstance(annotation, dm.Mask):
                found.setdefault(item.id, []).append(
                    (names[annotation.label], annotation.image.astype(bool))
                )
    return found


@pytest.fixture(scope="module")
def written(
    admin_client: annota.Client, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Project, Masks]:
    """A project with the masks of :func:`_masks` drawn through the SDK, and a box."""
    folder = tmp_path_factory.mktemp("masks")
    project = admin_client.projects.create(
        {
            "name": f"interop-{uuid.uuid4().hex[:8]}",
            "type": "segmentation",
            "labels": [
                {"name": "cat", "kind": "any", "color": "#ff0000"},
                {"name": "dog", "kind": "any", "color": "#00a0ff"},
            ],
        }
    )
    task = admin_client.tasks.create({"project": project.id, "name": "t", "subset": "train"})
    paths = []
    for stem, size in SIZES.items():
        path = folder / f"{stem}.png"
        Image.new("RGB", size, (30, 60, 90)).save(path)
        paths.append(path)
    assets = task.upload_assets(paths)
    ids = {label.name: label.id for label in project.labels}
    masks = _masks(5)
    drawn = [
        shapes.mask(asset, ids[label], pixels, z_order=number)
        for asset, stem in zip(assets, SIZES, strict=True)
        for number, (label, pixels) in enumerate(masks[stem])
    ]
    drawn.append(shapes.bbox(assets[0], ids["dog"], 20, 2, 30, 9))
    task.set_annotations(drawn)
    return project, masks


# -- Pascal VOC ----------------------------------------------------------------------------------


def test_voc_export_read_by_datumaro_and_imported_back(
    written: tuple[Project, Masks], admin_client: annota.Client, tmp_path: Path
) -> None:
    project, masks = written
    archive = project.export_dataset("voc", tmp_path / "voc.zip", include_images=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "voc")
        names = zf.namelist()
        assert zf.read("ImageSets/Segmentation/train.txt").decode().split() == list(SIZES)
    assert {"SegmentationObject/img0.png", "SegmentationClass/img1.png"} <= set(names)
    with Image.open(tmp_path / "voc/SegmentationObject/img0.png") as png:
        assert png.mode == "P"  # indexed, as the devkit's
        assert sorted(set(png.getdata())) == [0, 1, 2]  # type: ignore[arg-type]
    read = dm.Dataset.import_from(str(tmp_path / "voc"), "voc_instance_segmentation")
    _same(_datumaro_masks(read), masks)

    copy = admin_client.projects.create_from_dataset(
        {"name": f"voc-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "voc", archive
    )
    _same(_read_back(copy), masks)
    boxes = [
        s for t in copy.get_tasks() for s in t.get_annotations().shapes if s.kind.value == "bbox"
    ]
    assert [b.points for b in boxes] == [[20, 2, 30, 9]]
    assert {label.name: label.color for label in copy.labels}["dog"] == "#00a0ff"


def test_voc_from_datumaro_imports_the_same_pixels(client: annota.Client, tmp_path: Path) -> None:
    masks = _masks(11)
    _datumaro_dataset(masks).export(str(tmp_path / "voc"), "voc", save_media=True)
    archive = _zip(tmp_path / "voc", tmp_path / "voc.zip")
    project = client.projects.create_from_dataset(
        {"name": f"dmvoc-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "voc", archive
    )
    _same(_read_back(project), masks)


def test_voc_class_pngs_alone_give_a_mask_per_class(client: annota.Client, tmp_path: Path) -> None:
    masks = _masks(12)
    _datumaro_dataset(masks).export(str(tmp_path / "voc"), "voc_segmentation", save_media=True)
    shutil.rmtree(tmp_path / "voc/SegmentationObject")  # semantic segmentation: classes only
    archive = _zip(tmp_path / "voc", tmp_path / "voc.zip")
    project = client.projects.create_from_dataset(
        {"name": f"dmseg-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "voc", archive
    )
    _same(_read_back(project), masks)  # one mask per label in each image: the same here


# -- CVAT for images -----------------------------------------------------------------------------


def test_cvat_export_read_by_datumaro_and_imported_back(
    written: tuple[Project, Masks], admin_client: annota.Client, tmp_path: Path
) -> None:
    project, masks = written
    archive = project.export_dataset("cvat", tmp_path / "cvat.zip", include_images=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "cvat")
        xml = zf.read("annotations.xml").decode()
    assert "<mask " in xml
    assert 'left="0" top="0" width="15" height="12"' in xml  # CVAT's box, not the image
    read = dm.Dataset.import_from(str(tmp_path / "cvat"), "cvat")
    _same(_datumaro_masks(read), masks)

    copy = admin_client.projects.create_from_dataset(
        {"name": f"cvat-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "cvat", archive
    )
    _same(_read_back(copy), masks)
    kept = [
        s.z_order for t in copy.get_tasks() for s in t.get_annotations().shapes if s.kind == "mask"
    ]
    assert sorted(kept) == [0, 0, 1, 1]  # z-order kept


def test_cvat_from_datumaro_imports_the_same_pixels(client: annota.Client, tmp_path: Path) -> None:
    masks = _masks(13)
    _datumaro_dataset(masks).export(str(tmp_path / "cvat"), "cvat", save_media=True)
    archive = _zip(tmp_path / "cvat", tmp_path / "cvat.zip")
    project = client.projects.create_from_dataset(
        {"name": f"dmcvat-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "cvat", archive
    )
    _same(_read_back(project), masks)


# -- COCO ----------------------------------------------------------------------------------------


def test_coco_export_read_by_datumaro(written: tuple[Project, Masks], tmp_path: Path) -> None:
    project, masks = written
    archive = project.export_dataset("coco", tmp_path / "coco.zip", include_images=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "coco")
    read = dm.Dataset.import_from(str(tmp_path / "coco"), "coco_instances")
    _same(_datumaro_masks(read), masks)


def test_coco_rle_from_datumaro_imports_the_same_pixels(
    client: annota.Client, tmp_path: Path
) -> None:
    masks = _masks(14)
    # segmentation_mode="mask": every instance as an RLE, as crowd regions are kept.
    _datumaro_dataset(masks).export(
        str(tmp_path / "coco"), "coco_instances", save_media=True, segmentation_mode="mask"
    )
    archive = _zip(tmp_path / "coco", tmp_path / "coco.zip")
    project = client.projects.create_from_dataset(
        {"name": f"dmcoco-{uuid.uuid4().hex[:8]}", "type": "segmentation"}, "coco", archive
    )
    _same(_read_back(project), masks)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _voc_zip(path: Path, objects: Image.Image) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("JPEGImages/x.png", _png(Image.new("RGB", (8, 6))))
        archive.writestr("SegmentationObject/x.png", _png(objects))
        archive.writestr("SegmentationClass/x.png", _png(objects))  # the same indexes
        archive.writestr("labelmap.txt", "background:0,0,0::\ncat:255,0,0::\n")
    return path


def _indexed(size: tuple[int, int], index: int) -> Image.Image:
    image = Image.new("P", size, 0)
    image.paste(index, (1, 1, 4, 4))
    image.putpalette([0, 0, 0, 128, 0, 0] + [0] * 762)
    return image


@pytest.mark.parametrize(
    ("objects", "why"),
    [
        (_indexed((7, 6), 1), "SegmentationObject/x.png object 1: the mask does not fit image"),
        (Image.new("RGB", (8, 6), (1, 2, 3)), "the colour (1, 2, 3) is no index of its colour map"),
        (_indexed((8, 6), 3), "SegmentationObject/x.png object 3: class 3 is not in labelmap.txt"),
    ],
)
def test_a_voc_mask_that_does_not_fit_fails_naming_it(
    client: annota.Client, tmp_path: Path, objects: Image.Image, why: str
) -> None:
    project = client.projects.create(
        {"name": f"vocbad-{uuid.uuid4().hex[:8]}", "type": "segmentation"}
    )
    with pytest.raises(OperationFailedError) as failed:
        project.import_dataset("voc", _voc_zip(tmp_path / "bad.zip", objects))
    assert why in str(failed.value)
    project.fetch()
    assert (project.statistics.assets, project.statistics.annotations) == (0, 0)
