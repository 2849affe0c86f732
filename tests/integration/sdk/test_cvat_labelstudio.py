"""The ``cvat`` and ``labelstudio`` formats against the tools that own them, both directions.

CVAT: datumaro (which CVAT imports and exports through) writes a "CVAT for images 1.1" dataset
that annota imports, and reads annota's export. Label Studio: its SDK's converter reads
annota's export (to COCO), and its COCO importer writes the tasks annota imports. Datasets
are built at test time by those tools, never written here by hand, except the hostile ones.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import datumaro as dm
import numpy as np
import pytest
from label_studio_sdk.converter import Converter
from label_studio_sdk.converter.imports.coco import convert_coco_to_ls
from PIL import Image
from support import unique

import annota
from annota import shapes
from annota.errors import OperationFailedError
from annota.proxies.projects import Project

LS_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="cat"/><Label value="dog"/></RectangleLabels>
  <PolygonLabels name="polygon" toName="image">
    <Label value="cat"/><Label value="dog"/></PolygonLabels>
  <Choices name="choice" toName="image"><Choice value="cat"/><Choice value="dog"/></Choices>
</View>"""


def _images(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = [folder / "a.png", folder / "b.jpg"]
    Image.new("RGB", (64, 48), (200, 10, 10)).save(paths[0])
    Image.new("RGB", (80, 60), (10, 200, 10)).save(paths[1])
    return paths


def _project(client: annota.Client, tmp_path: Path) -> tuple[Project, list[Any], dict[str, Any]]:
    """A project with every kind of shape, an attribute, occlusion, drawing order, predictions."""
    project = client.projects.create(
        {
            "name": unique("foreign"),
            "type": "detection",
            "labels": [{"name": "cat"}, {"name": "dog"}],
        }
    )
    labels = {label.name: label for label in project.labels}
    cat, dog = labels["cat"], labels["dog"]
    train = client.tasks.create({"project": project.id, "name": "first", "subset": "train"})
    val = client.tasks.create({"project": project.id, "name": "second"})
    paths = _images(tmp_path / "source")
    assets = train.upload_assets(paths[:1]) + val.upload_assets(paths[1:])
    train.set_annotations(
        [
            shapes.bbox(assets[0], cat, 4, 6, 40.5, 30, attributes={"pose": "sitting"}),
            shapes.polygon(assets[0], dog, [(10, 10), (50, 10), (30, 40)], occluded=True),
            shapes.polyline(assets[0], dog, [(1, 1), (9, 9)]),
            shapes.tag(assets[0], cat, attributes={"light": "dim"}),
            shapes.bbox(assets[0], dog, 2, 2, 12, 14, score=0.75, model_name="detector"),
        ]
    )
    val.set_annotations(
        [
            shapes.points(assets[1], cat, [(5, 5)]),
            shapes.bbox(assets[1], dog, 0, 0, 80, 60),
        ]
    )
    for shape in train.get_annotations().shapes:  # drawing order kept through CVAT
        if shape.kind.value == "polygon":
            train.update_annotations(update=[{"id": shape.id, "z_order": 3}], delete=[])
    return project, assets, labels


def _summary(project: Project) -> list[tuple[Any, ...]]:
    names = {label.id: label.name for label in project.labels}
    found = []
    for task in project.get_tasks():
        assets = {asset.id: asset.name for asset in task.get_assets()}
        for s in task.get_annotations().shapes:
            found.append(
                (
                    task.subset or "",
                    assets[s.asset],
                    s.kind.value,
                    names[s.label],
                    [round(p, 6) for p in s.points],
                    s.occluded,
                    s.z_order,
                    sorted((a.name, a.value) for a in s.attributes),
                    "model" if s.source.value == "model" else "person",
                    s.score,
                    s.model_name,
                )
            )
    return sorted(found, key=repr)


def _unzip(archive: Path, folder: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)
    return folder


def _zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


def _new_project(client: annota.Client, fmt: str, archive: Path) -> Project:
    return client.projects.create_from_dataset(
        {"name": unique(f"from-{fmt}"), "type": "detection"}, fmt, archive
    )


# -- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["cvat", "labelstudio"])
def test_a_round_trip_keeps_what_the_format_holds(
    client: annota.Client, tmp_path: Path, fmt: str
) -> None:
    project, _, _ = _project(client, tmp_path)
    archive = project.export_dataset(
        fmt, tmp_path / f"{fmt}.zip", include_images=True, include_predictions=True
    )
    copy = _new_project(client, fmt, archive)
    before, after = _summary(project), _summary(copy)
    if fmt == "labelstudio":  # no polylines (skipped) and no drawing order
        before = [(*s[:6], 0, *s[7:]) for s in before if s[2] != "polyline"]
    assert after == before
    assert sorted((t.name, t.subset) for t in copy.get_tasks()) == (
        [("first", "train"), ("second", "")]
        if fmt == "cvat"
        else [("default", ""), ("train", "train")]
    )


def test_label_studio_export_counts_the_polylines_it_leaves_out(
    client: annota.Client, tmp_path: Path
) -> None:
    project, _, _ = _project(client, tmp_path)
    operation = project.start_export("labelstudio").wait()
    assert [(s.kind, s.label, s.count) for s in operation.skipped] == [("polyline", "dog", 1)]


# -- CVAT and datumaro ---------------------------------------------------------------------------


def test_datumaro_reads_annotas_cvat_export(client: annota.Client, tmp_path: Path) -> None:
    project, _, _ = _project(client, tmp_path)
    archive = project.export_dataset("cvat", tmp_path / "cvat.zip", include_images=True)
    dataset = dm.Dataset.import_from(str(_unzip(archive, tmp_path / "cvat")), "cvat")
    label_names = [c.name for c in dataset.categories()[dm.AnnotationType.label]]
    read = []
    for item in dataset:
        for ann in item.annotations:
            name = label_names[ann.label]
            extra = {k: v for k, v in ann.attributes.items() if k != "occluded"}
            occluded = bool(ann.attributes.get("occluded", False))
            if ann.type == dm.AnnotationType.bbox:
                x, y, w, h = ann.get_bbox()
                read.append((item.subset, "bbox", name, [x, y, x + w, y + h], occluded, extra))
            elif ann.type == dm.AnnotationType.label:
                read.append((item.subset, "tag", name, [], False, extra))
            else:
                kind = {"polygon": "polygon", "polyline": "polyline", "points": "points"}[
                    ann.type.name
                ]
                read.append((item.subset, kind, name, list(ann.points), occluded, extra))
    expected = [
        (
            s[0] or "default",
            s[2],
            s[3],
            s[4],
            s[5],
            dict(s[7]),
        )
        for s in _summary(project)
        if s[8] == "person"  # predictions stay out unless asked for
    ]
    assert sorted(read, key=repr) == sorted(expected, key=repr)
    z_orders = {
        ann.type.name: ann.z_order
        for item in dataset
        for ann in item.annotations
        if ann.type != dm.AnnotationType.label
    }
    assert z_orders["polygon"] == 3


def test_a_cvat_dataset_written_by_datumaro_imports_shape_by_shape(
    client: annota.Client, tmp_path: Path
) -> None:
    categories = dm.LabelCategories.from_iterable([("cat", "", ["pose"]), "dog"])
    rng = np.random.default_rng(7)
    items = [
        dm.DatasetItem(
            id="img0",
            subset="train",
            media=dm.Image.from_numpy(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)),
            annotations=[
                dm.Bbox(1.5, 2, 10, 20, label=0, z_order=2, attributes={"pose": "sitting"}),
                dm.Polygon([1, 1, 20, 1, 10, 15], label=1, attributes={"occluded": True}),
                dm.PolyLine([0, 0, 5, 5], label=1),
                dm.Points([3, 4, 5, 6], label=0),
                dm.Label(1),
            ],
        ),
        dm.DatasetItem(
            id="img1",
            subset="val",
            media=dm.Image.from_numpy(rng.integers(0, 255, (30, 40, 3), dtype=np.uint8)),
            annotations=[dm.Bbox(0, 0, 5, 5, label=1)],
        ),
    ]
    dataset = dm.Dataset.from_iterable(items, categories={dm.AnnotationType.label: categories})
    folder = tmp_path / "datumaro"
    dataset.export(str(folder), "cvat", save_media=True)
    imported = _new_project(client, "cvat", _zip_folder(folder, tmp_path / "dm.zip"))
    assert sorted((t.name, t.subset) for t in imported.get_tasks()) == [
        ("train", "train"),
        ("val", "val"),
    ]
    expected = []
    for item in items:
        for ann in item.annotations:
            name = categories[ann.label].name
            attributes = sorted((k, str(v)) for k, v in ann.attributes.items() if k != "occluded")
            occluded = bool(ann.attributes.get("occluded"))
            if ann.type == dm.AnnotationType.bbox:
                x, y, w, h = ann.get_bbox()
                kind, points = "bbox", [x, y, x + w, y + h]
            elif ann.type == dm.AnnotationType.label:
                kind, points = "tag", []
            else:
                kind, points = ann.type.name, list(ann.points)
            z_order = getattr(ann, "z_order", 0)
            expected.append(
                (
                    item.subset,
                    f"{item.id}.jpg",
                    kind,
                    name,
                    [round(float(p), 6) for p in points],
                    occluded,
                    z_order,
                    attributes,
                    "person",
                    None,
                    None,
                )
            )
    assert _summary(imported) == sorted(expected, key=repr)


# -- Label Studio ----------------------------------------------------------------------------------


def test_label_studios_converter_reads_annotas_export(
    client: annota.Client, tmp_path: Path
) -> None:
    project, _, _ = _project(client, tmp_path)
    archive = project.export_dataset("labelstudio", tmp_path / "ls.zip", include_images=True)
    folder = _unzip(archive, tmp_path / "ls")
    converter = Converter(config=LS_CONFIG, project_dir=str(folder), download_resources=False)
    converter.convert_to_coco(str(folder / "tasks.json"), str(tmp_path / "coco"), is_dir=False)
    coco = json.loads((tmp_path / "coco" / "result.json").read_text())
    categories = {c["id"]: c["name"] for c in coco["categories"]}
    # The converter names its copy of a local image "<hash>__<name>".
    images = {i["id"]: Path(i["file_name"]).name.split("__", 1)[-1] for i in coco["images"]}
    read = sorted(
        (
            images[a["image_id"]],
            categories[a["category_id"]],
            [round(v, 4) for v in (a["segmentation"][0] if a["segmentation"] else a["bbox"])],
        )
        for a in coco["annotations"]
    )
    expected = []
    for s in _summary(project):
        if s[8] == "model":  # predictions stay out unless asked for
            continue
        if s[2] == "bbox":
            x0, y0, x1, y1 = s[4]
            expected.append((s[1], s[3], [round(v, 4) for v in (x0, y0, x1 - x0, y1 - y0)]))
        elif s[2] == "polygon":
            expected.append((s[1], s[3], [round(v, 4) for v in s[4]]))
    assert read == sorted(expected)


def test_label_studio_tasks_made_from_coco_import(client: annota.Client, tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    dataset = dm.Dataset.from_iterable(
        [
            dm.DatasetItem(
                id="p0",
                media=dm.Image.from_numpy(rng.integers(0, 255, (50, 100, 3), dtype=np.uint8)),
                annotations=[
                    dm.Bbox(10, 5, 30, 20, label=0),
                    dm.Polygon([50, 10, 90, 10, 70, 40], label=1),
                ],
            ),
            dm.DatasetItem(
                id="p1",
                media=dm.Image.from_numpy(rng.integers(0, 255, (40, 40, 3), dtype=np.uint8)),
                annotations=[dm.Bbox(0, 0, 40, 40, label=1)],
            ),
        ],
        categories=["cat", "dog"],
    )
    coco_dir = tmp_path / "coco"
    dataset.export(str(coco_dir), "coco_instances", save_media=True)
    instances = coco_dir / "annotations" / "instances_default.json"
    out = tmp_path / "ls" / "tasks.json"
    out.parent.mkdir()
    convert_coco_to_ls(str(instances), str(out), image_root_url="/data/local-files/?d=")
    (out.parent / "images").mkdir()
    for image in (coco_dir / "images").rglob("*.jpg"):
        shutil.copy(image, out.parent / "images" / image.name)
    (out.parent / "tasks.label_config.xml").unlink()
    imported = _new_project(client, "labelstudio", _zip_folder(out.parent, tmp_path / "ls.zip"))
    # Label Studio's COCO importer writes each polygon also as a rectangle (its bbox):
    # annota imports what the file says, so the polygon comes with that box.
    assert [s[1:5] for s in _summary(imported)] == sorted(
        [
            ("p0.jpg", "bbox", "cat", [10.0, 5.0, 40.0, 25.0]),
            ("p0.jpg", "bbox", "dog", [50.0, 10.0, 90.0, 40.0]),
            ("p0.jpg", "polygon", "dog", [50.0, 10.0, 90.0, 10.0, 70.0, 40.0]),
            ("p1.jpg", "bbox", "dog", [0.0, 0.0, 40.0, 40.0]),
        ],
        key=repr,
    )


# -- hostile input ---------------------------------------------------------------------------------


def _refused(client: annota.Client, fmt: str, archive: Path) -> str:
    project = client.projects.create(
        {"name": unique("hostile"), "type": "detection", "labels": [{"name": "keep"}]}
    )
    with pytest.raises(OperationFailedError) as caught:
        project.import_dataset(fmt, archive)
    project.fetch()
    assert project.statistics.assets == 0
    assert [label.name for label in project.labels] == ["keep"]  # nothing stored
    return str(caught.value)


def _zip(tmp_path: Path, members: dict[str, str | bytes]) -> Path:
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return archive


CVAT_HEAD = '<?xml version="1.0"?><annotations><version>1.1</version><meta><task><name>t</name>'
CVAT_HEAD += "<labels><label><name>cat</name></label></labels></task></meta>"


def test_malformed_cvat_xml_is_refused_naming_the_file(
    client: annota.Client, tmp_path: Path
) -> None:
    archive = _zip(tmp_path, {"annotations.xml": CVAT_HEAD + '<image id="0" name="a.png"'})
    assert "annotations.xml is not valid XML" in _refused(client, "cvat", archive)


def test_cvat_entity_expansion_is_refused(client: annota.Client, tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE annotations [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><annotations>&b;</annotations>'
    )
    message = _refused(client, "cvat", _zip(tmp_path, {"annotations.xml": bomb}))
    assert "annotations.xml declares XML entities" in message


@pytest.mark.parametrize(
    ("mask", "why"),
    [
        ('rle="1, 2" left="0" top="0" width="2" height="2"', "add up to 3 pixels, not 2 x 2"),
        ('rle="1, 3" left="3" top="0" width="2" height="2"', "does not fit the image's 4 x 4"),
        ('rle="1, x" left="0" top="0" width="2" height="2"', "rle must be whole numbers"),
    ],
)
def test_a_cvat_mask_that_does_not_fit_is_refused_naming_it(
    client: annota.Client, tmp_path: Path, mask: str, why: str
) -> None:
    xml = CVAT_HEAD + (
        f'<image id="0" name="cat.png" width="4" height="4"><mask label="cat" {mask}/></image>'
        "</annotations>"
    )
    message = _refused(client, "cvat", _zip(tmp_path, {"annotations.xml": xml}))
    assert "image 'cat.png', <mask label='cat'>" in message
    assert why in message


def test_a_deep_cvat_document_is_refused(client: annota.Client, tmp_path: Path) -> None:
    xml = CVAT_HEAD + "<x>" * 100 + "</x>" * 100 + "</annotations>"
    message = _refused(client, "cvat", _zip(tmp_path, {"annotations.xml": xml}))
    assert "nested deeper than" in message


@pytest.mark.parametrize("control", ["brushlabels", "textarea"])
def test_a_label_studio_control_annota_cannot_hold_is_refused(
    client: annota.Client, tmp_path: Path, control: str
) -> None:
    tasks = [
        {
            "id": 7,
            "data": {"image": "images/a.png"},
            "annotations": [
                {
                    "result": [
                        {
                            "id": "r1",
                            "type": "rectanglelabels",
                            "from_name": "label",
                            "to_name": "image",
                            "original_width": 10,
                            "original_height": 10,
                            "value": {
                                "x": 0,
                                "y": 0,
                                "width": 50,
                                "height": 50,
                                "rectanglelabels": ["cat"],
                            },
                        },
                        {
                            "id": "r2",
                            "type": control,
                            "from_name": "x",
                            "to_name": "image",
                            "value": {},
                        },
                    ]
                }
            ],
        }
    ]
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks))
    message = _refused(client, "labelstudio", path)
    assert f"task 7, annotations.0, result 'r2' ({control})" in message
    assert f"cannot hold Label Studio's '{control}' results" in message
