"""annota against dataset tools nobody here wrote: datumaro, supervision and pycocotools.

Import: each tool writes a small seeded dataset at test time, in its own layout; it is zipped,
imported through the SDK and compared box by box with what was drawn. Export: annota's
exports are read by each tool and compared with the SDK's shapes. The table in
docs/guide/datasets.md names the test behind each cell.

Boxes are drawn on whole pixels, so that writers which round (VOC's pixel numbers) are exact;
one box of the exported project has fractions, which every reader must keep.
"""

from __future__ import annotations

import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datumaro as dm
import numpy as np
import pytest
import supervision as sv
import yaml
from PIL import Image
from pycocotools.coco import COCO
from support import unique

import annota
from annota import shapes
from annota.errors import OperationFailedError
from annota.proxies.projects import Project

SEED = 23
CLASSES = ["cat", "dog"]
COLORS = {"cat": (255, 0, 0), "dog": (0, 160, 255)}
SIZES = {"img0": (40, 30), "img1": (48, 32), "img2": (36, 36)}  # width, height
SUBSETS = {"img0": "train", "img1": "train", "img2": "val"}

Box = tuple[str, str, str, tuple[float, ...]]
"""A shape as the tests compare it: (image file name, label, kind, points to 2 decimals)."""


def _drawn() -> dict[str, list[tuple[int, list[float]]]]:
    """Per image stem, ``(class index, [x_min, y_min, x_max, y_max])`` on whole pixels."""
    rng = random.Random(SEED)
    found: dict[str, list[tuple[int, list[float]]]] = {}
    for stem, (width, height) in SIZES.items():
        boxes = []
        for _ in range(3):
            x0, y0 = rng.randrange(0, width - 4), rng.randrange(0, height - 4)
            x1, y1 = rng.randrange(x0 + 2, width + 1), rng.randrange(y0 + 2, height + 1)
            boxes.append((rng.randrange(len(CLASSES)), [float(v) for v in (x0, y0, x1, y1)]))
        found[stem] = boxes
    return found


def _pixels(stem: str) -> Any:
    width, height = SIZES[stem]
    return np.random.default_rng(SEED).integers(0, 256, (height, width, 3), dtype=np.uint8)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{value:02x}" for value in rgb)


def _rounded(points: Any) -> tuple[float, ...]:
    return tuple(round(float(v), 2) + 0.0 for v in points)  # + 0.0: no -0.0


def _expected(ext: str, stems: list[str] | None = None) -> list[Box]:
    return sorted(
        (f"{stem}{ext}", CLASSES[class_id], "bbox", _rounded(box))
        for stem, boxes in _drawn().items()
        if stems is None or stem in stems
        for class_id, box in boxes
    )


def _zip(folder: Path) -> Path:
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(folder).as_posix())
    return archive


def _sdk_boxes(project: Project) -> list[Box]:
    labels = {label.id: label.name for label in project.labels}
    found = []
    for task in project.get_tasks():
        names = {asset.id: asset.name for asset in task.get_assets()}
        for shape in task.get_annotations().shapes:
            kind = shape.kind.value
            found.append((names[shape.asset], labels[shape.label], kind, _rounded(shape.points)))
    return sorted(found)


def _subsets(project: Project) -> dict[str, list[str]]:
    return {
        task.subset: sorted(asset.name for asset in task.get_assets())
        for task in project.get_tasks()
    }


def _imported(client: annota.Client, fmt: str, folder: Path) -> tuple[Project, list[Box]]:
    spec = {"name": unique(f"from-{fmt}"), "type": "detection"}
    project = client.projects.create_from_dataset(spec, fmt, _zip(folder))
    return project, _sdk_boxes(project)


# ---------------------------------------------------------------------------------- the tools
def _datumaro_dataset(stems: list[str] | None = None) -> dm.Dataset:
    items = [
        dm.DatasetItem(
            id=stem,
            subset=SUBSETS[stem],
            media=dm.Image.from_numpy(_pixels(stem)),
            annotations=[
                dm.Bbox(x0, y0, x1 - x0, y1 - y0, label=class_id)
                for class_id, (x0, y0, x1, y1) in boxes
            ],
        )
        for stem, boxes in _drawn().items()
        if stems is None or stem in stems
    ]
    categories = {
        dm.AnnotationType.label: dm.LabelCategories.from_iterable(CLASSES),
        dm.AnnotationType.mask: dm.MaskCategories(
            {index: COLORS[name] for index, name in enumerate(CLASSES)}
        ),
    }
    return dm.Dataset.from_iterable(items, categories=categories)


def _datumaro_boxes(dataset: dm.Dataset) -> list[Box]:
    labels = dataset.categories()[dm.AnnotationType.label]
    found = []
    for item in dataset:
        name = Path(item.media.path).name
        for ann in item.annotations:
            assert isinstance(ann, dm.Bbox), ann
            x, y, w, h = ann.get_bbox()
            found.append((name, labels[ann.label].name, "bbox", _rounded((x, y, x + w, y + h))))
    return sorted(found)


def _supervision_dataset(stems: list[str], pixels: Path) -> sv.DetectionDataset:
    """supervision's dataset of the drawing; its images are PNG files in ``pixels``."""
    drawn = _drawn()
    paths = {stem: _png(pixels, stem) for stem in stems}
    return sv.DetectionDataset(
        classes=CLASSES,
        images=[str(path) for path in paths.values()],
        annotations={
            str(paths[stem]): sv.Detections(
                xyxy=np.array([box for _, box in drawn[stem]], dtype=float),
                class_id=np.array([class_id for class_id, _ in drawn[stem]]),
            )
            for stem in stems
        },
    )


def _png(folder: Path, stem: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.png"
    Image.fromarray(_pixels(stem)).save(path)
    return path


def _supervision_boxes(dataset: sv.DetectionDataset) -> list[Box]:
    return sorted(
        (Path(path).name, dataset.classes[class_id], "bbox", _rounded(xyxy))
        for path, _, detections in dataset
        for xyxy, class_id in zip(detections.xyxy, detections.class_id, strict=True)
    )


# ---------------------------------------------------------------------------------- into annota
def test_coco_from_datumaro(client: annota.Client, tmp_path: Path) -> None:
    folder = tmp_path / "coco"
    _datumaro_dataset().export(str(folder), "coco_instances", save_media=True)
    assert (folder / "images" / "train" / "img0.jpg").is_file()  # datumaro's layout
    project, found = _imported(client, "coco", folder)
    assert found == _expected(".jpg")
    assert _subsets(project) == {"train": ["img0.jpg", "img1.jpg"], "val": ["img2.jpg"]}


def test_coco_in_roboflow_layout_from_supervision(client: annota.Client, tmp_path: Path) -> None:
    # Roboflow's layout: a folder per subset, its images beside its _annotations.coco.json.
    folder = tmp_path / "roboflow-coco"
    for subset, stems in (("train", ["img0", "img1"]), ("valid", ["img2"])):
        _supervision_dataset(stems, tmp_path / "pixels").as_coco(
            images_directory_path=str(folder / subset),
            annotations_path=str(folder / subset / "_annotations.coco.json"),
        )
    # datumaro knows the layout as Roboflow's, and reads what was drawn from it.
    assert _datumaro_boxes(dm.Dataset.import_from(str(folder), "roboflow_coco")) == _expected(
        ".png"
    )
    project, found = _imported(client, "coco", folder)
    assert found == _expected(".png")
    assert _subsets(project) == {"train": ["img0.png", "img1.png"], "valid": ["img2.png"]}


def test_voc_from_datumaro(client: annota.Client, tmp_path: Path) -> None:
    folder = tmp_path / "voc"
    dataset = _datumaro_dataset()
    dataset.export(str(folder), "voc_detection", save_media=True, coordinate_mode="voc-one-based")
    assert (folder / "labelmap.txt").read_text().splitlines()[1] == "background:0,0,0::"
    project, found = _imported(client, "voc", folder)
    assert found == _expected(".jpg")
    assert _subsets(project) == {"train": ["img0.jpg", "img1.jpg"], "val": ["img2.jpg"]}
    # The label map's colours; its "background" is no label.
    assert sorted((label.name, label.color) for label in project.labels) == [
        (name, _hex(COLORS[name])) for name in CLASSES
    ]


def test_voc_from_supervision(client: annota.Client, tmp_path: Path) -> None:
    folder = tmp_path / "voc"
    _supervision_dataset(list(SIZES), tmp_path / "pixels").as_pascal_voc(
        images_directory_path=str(folder / "JPEGImages"),
        annotations_directory_path=str(folder / "Annotations"),
    )
    project, found = _imported(client, "voc", folder)
    assert found == _expected(".png")
    assert _subsets(project) == {"": ["img0.png", "img1.png", "img2.png"]}


def test_darknet_yolo_from_datumaro(client: annota.Client, tmp_path: Path) -> None:
    folder = tmp_path / "darknet"
    _datumaro_dataset().export(str(folder), "yolo", save_media=True)
    assert (folder / "obj.data").is_file()
    assert "data/obj_train_data/img0.jpg" in (folder / "train.txt").read_text()
    project, found = _imported(client, "yolo", folder)
    assert found == _expected(".jpg")
    assert _subsets(project) == {"train": ["img0.jpg", "img1.jpg"], "val": ["img2.jpg"]}


def test_ultralytics_yolo_from_datumaro(client: annota.Client, tmp_path: Path) -> None:
    folder = tmp_path / "ultralytics"
    _datumaro_dataset().export(str(folder), "yolo_ultralytics", save_media=True)
    project, found = _imported(client, "yolo", folder)
    assert found == _expected(".jpg")
    assert _subsets(project) == {"train": ["img0.jpg", "img1.jpg"], "val": ["img2.jpg"]}


def test_roboflow_yolo_from_supervision(client: annota.Client, tmp_path: Path) -> None:
    # Roboflow's layout: <subset>/images, <subset>/labels, and a data.yaml whose folders start
    # with "../" (ultralytics strips that when the folder is not found).
    folder = tmp_path / "roboflow-yolo"
    for subset, stems in (("train", ["img0", "img1"]), ("valid", ["img2"])):
        _supervision_dataset(stems, tmp_path / "pixels").as_yolo(
            images_directory_path=str(folder / subset / "images"),
            annotations_directory_path=str(folder / subset / "labels"),
            data_yaml_path=str(folder / "data.yaml"),
        )
    data = yaml.safe_load((folder / "data.yaml").read_text())
    data.update(train="../train/images", val="../valid/images")
    (folder / "data.yaml").write_text(yaml.safe_dump(data))
    read_back = dm.Dataset.import_from(str(folder), "roboflow_yolo")
    assert _datumaro_boxes(read_back) == _expected(".png")
    project, found = _imported(client, "yolo", folder)
    assert found == _expected(".png")
    assert _subsets(project) == {"train": ["img0.png", "img1.png"], "valid": ["img2.png"]}


def test_a_darknet_list_naming_a_missing_image_fails_and_stores_nothing(
    client: annota.Client, tmp_path: Path
) -> None:
    folder = tmp_path / "darknet"
    _datumaro_dataset().export(str(folder), "yolo", save_media=True)
    (folder / "obj_train_data" / "img1.jpg").unlink()
    project = client.projects.create({"name": unique("missing"), "type": "detection"})
    with pytest.raises(OperationFailedError) as caught:
        project.import_dataset("yolo", _zip(folder))
    assert "train.txt:2" in str(caught.value)
    assert "data/obj_train_data/img1.jpg" in str(caught.value)
    project.fetch()
    assert (project.statistics.assets, project.statistics.annotations) == (0, 0)
    assert project.labels == []


def test_a_coco_image_found_in_two_places_fails_listing_them(
    client: annota.Client, tmp_path: Path
) -> None:
    folder = tmp_path / "coco"
    _datumaro_dataset().export(str(folder), "coco_instances", save_media=True)
    (folder / "images" / "img0.jpg").write_bytes((folder / "images/train/img0.jpg").read_bytes())
    project = client.projects.create({"name": unique("twice"), "type": "detection"})
    with pytest.raises(OperationFailedError) as caught:
        project.import_dataset("coco", _zip(folder))
    message = str(caught.value)
    assert "'img0.jpg'" in message
    assert "images/img0.jpg" in message
    assert "images/train/img0.jpg" in message
    project.fetch()
    assert (project.statistics.assets, project.statistics.annotations) == (0, 0)


# ---------------------------------------------------------------------------------- out of annota
@dataclass(frozen=True)
class Exported:
    """A project of annota, its shapes as the SDK reads them, and its exports unpacked."""

    boxes: list[Box]
    folders: dict[str, Path]


@pytest.fixture(scope="module")
def exported(admin_client: annota.Client, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """Whole-pixel boxes of the drawing and one with fractions, exported in each format."""
    root = tmp_path_factory.mktemp("exported")
    client = admin_client.with_workspace(None)
    project = client.projects.create(
        {
            "name": unique("to-tools"),
            "type": "detection",
            "labels": [{"name": name, "color": _hex(COLORS[name])} for name in CLASSES],
        }
    )
    labels = {label.name: label for label in project.labels}
    drawn = _drawn()
    for subset in ("train", "val"):
        task = client.tasks.create({"project": project.id, "name": subset, "subset": subset})
        assets = task.upload_assets([_png(root, s) for s in SIZES if SUBSETS[s] == subset])
        made = [
            shapes.bbox(asset, labels[CLASSES[class_id]], *box)
            for asset in assets
            for class_id, box in drawn[asset.name.removesuffix(".png")]
        ]
        if subset == "val":
            made.append(shapes.bbox(assets[0], labels["cat"], 3.5, 4.25, 20.75, 30.5))
        task.set_annotations(made)
    folders = {}
    for fmt in ("coco", "voc", "yolo"):
        archive = project.export_dataset(fmt, root / f"{fmt}.zip", include_images=True)
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(root / fmt)
        folders[fmt] = root / fmt
    return Exported(_sdk_boxes(project), folders)


def test_coco_export_read_by_datumaro_supervision_and_pycocotools(exported: Exported) -> None:
    folder = exported.folders["coco"]
    assert _datumaro_boxes(dm.Dataset.import_from(str(folder), "coco_instances")) == (
        exported.boxes
    )
    read: list[Box] = []
    for subset in ("train", "val"):
        annotations = folder / "annotations" / f"instances_{subset}.json"
        read += _supervision_boxes(
            sv.DetectionDataset.from_coco(str(folder / "images"), str(annotations))
        )
        coco = COCO(str(annotations))
        names = {c["id"]: c["name"] for c in coco.loadCats(coco.getCatIds())}
        files = {i["id"]: i["file_name"] for i in coco.loadImgs(coco.getImgIds())}
        assert sorted(
            (files[a["image_id"]], names[a["category_id"]], "bbox", _rounded(_xyxy(a["bbox"])))
            for a in coco.loadAnns(coco.getAnnIds())
        ) == [box for box in exported.boxes if box[0] in files.values()]
    assert sorted(read) == exported.boxes


def _xyxy(bbox: list[float]) -> list[float]:
    x, y, w, h = bbox
    return [x, y, x + w, y + h]


def test_voc_export_read_by_datumaro_and_supervision(exported: Exported) -> None:
    folder = exported.folders["voc"]
    # VOC's 1-based pixel numbers, which datumaro reads when told they are.
    read = dm.Dataset.import_from(str(folder), "voc", coordinate_mode="voc-one-based")
    assert _datumaro_boxes(read) == exported.boxes
    assert [label.name for label in read.categories()[dm.AnnotationType.label]] == [
        "background",
        *CLASSES,
    ]
    assert read.categories()[dm.AnnotationType.mask].colormap[1] == COLORS["cat"]
    dataset = sv.DetectionDataset.from_pascal_voc(
        str(folder / "JPEGImages"), str(folder / "Annotations")
    )
    assert _supervision_boxes(dataset) == exported.boxes


def test_yolo_export_read_by_datumaro_and_supervision_from_another_directory(
    exported: Exported, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = exported.folders["yolo"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = Path(os.path.relpath(folder, elsewhere))
    assert (relative / "data.yaml").is_file()
    # ultralytics' check_det_dataset finds the folders from here, through a relative path.
    found = _ultralytics_folders(relative / "data.yaml")
    assert found["train"] == (folder / "images" / "train").resolve()
    assert found["val"] == (folder / "images" / "val").resolve()
    # datumaro's "yolo" reads each YOLO layout; this one it finds by data.yaml.
    read = dm.Dataset.import_from(str(relative), "yolo")
    assert _datumaro_boxes(read) == exported.boxes
    supervised: list[Box] = []
    for subset in ("train", "val"):
        dataset = sv.DetectionDataset.from_yolo(
            str(relative / "images" / subset),
            str(relative / "labels" / subset),
            str(relative / "data.yaml"),
        )
        supervised += _supervision_boxes(dataset)
    assert sorted(supervised) == exported.boxes


def _ultralytics_folders(data_yaml: Path) -> dict[str, Path]:
    """Where ultralytics' ``check_det_dataset`` looks for each subset's images.

    Its rule (ultralytics/data/utils.py): the root is ``path`` when given, else the yaml's own
    folder; a relative root that does not exist is put under its datasets folder (which would
    not hold our export); ``train``/``val`` are joined to the root, and one starting with
    ``../`` that is not found is tried without it. ultralytics needs torch, too large to
    install for this check, so its rule is written out here.
    """
    data = yaml.safe_load(data_yaml.read_text())
    root = Path(data.get("path") or data_yaml.parent)
    assert root.exists(), f"ultralytics would look for {root} under its datasets folder"
    found = {}
    for key in ("train", "val"):
        place = (root / data[key]).resolve()
        if not place.exists() and data[key].startswith("../"):
            place = (root / data[key][3:]).resolve()
        assert place.is_dir(), place
        found[key] = place
    return found
