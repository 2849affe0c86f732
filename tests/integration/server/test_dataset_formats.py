"""YOLO and Pascal VOC export and import, and exports that say what they left out."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from support import Http, create_project, create_task
from support.db import DatabaseProbe

from .operations_support import (
    export_zip,
    finished,
    png,
    set_shapes,
    start_export,
    start_import,
    upload,
    wait,
)

EXCLUDED = ("operations", "sessions", "access_tokens")
LABELS = [{"name": "cat", "color": "#ff0000"}, {"name": "dog", "color": "#00ff00"}]


def _project(http: Http, shapes: list[tuple[str, str, list[float]]], **extra: Any) -> Any:
    """A project with one 40x20 image ``a.png`` in subset ``train`` and the given shapes."""
    project = create_project(http, labels=LABELS)
    labels = {label["name"]: label["id"] for label in project["labels"]}
    task = create_task(http, project["id"], subset="train")
    asset = upload(http, task["id"], [("a.png", png(40, 20))])[0]
    set_shapes(
        http,
        task["id"],
        [
            {"asset": asset["id"], "label": labels[label], "kind": kind, "points": points, **extra}
            for label, kind, points in shapes
        ],
    )
    return project


def _shapes(http: Http, project_id: int) -> list[tuple[str, str, str, list[float]]]:
    """(asset name, label, kind, points) of every shape of a project, sorted."""
    project = http.get(f"/api/projects/{project_id}").expect(200).json()
    names = {label["id"]: label["name"] for label in project["labels"]}
    found = []
    tasks = http.get("/api/tasks", params={"project": project_id}).expect(200).json()["results"]
    for task in tasks:
        assets = http.get("/api/assets", params={"task": task["id"]}).expect(200).json()
        asset_names = {a["id"]: a["name"] for a in assets["results"]}
        shapes = http.get(f"/api/tasks/{task['id']}/annotations").expect(200).json()["shapes"]
        found += [
            (asset_names[s["asset"]], names[s["label"]], s["kind"], s["points"]) for s in shapes
        ]
    return sorted(found, key=repr)


def _round_trip(http: Http, project_id: int, fmt: str) -> tuple[Any, zipfile.ZipFile]:
    data = export_zip(http, project_id, fmt, include_images=True)
    target = create_project(http)
    finished(http, start_import(http, target["id"], fmt, data)["id"])
    return target, zipfile.ZipFile(io.BytesIO(data))


# ---------------------------------------------------------------------------------- honest exports
def test_an_export_counts_what_its_format_cannot_hold(admin_http: Http) -> None:
    project = _project(
        admin_http,
        [
            ("cat", "bbox", [1, 1, 5, 5]),
            ("cat", "tag", []),
            ("dog", "polyline", [0, 0, 5, 5]),
            ("dog", "polyline", [1, 1, 6, 6]),
            ("cat", "points", [3, 3]),
        ],
    )
    coco = finished(admin_http, start_export(admin_http, project["id"], "coco")["id"])
    assert coco["skipped"] == [
        {"kind": "points", "label": "cat", "count": 1},
        {"kind": "polyline", "label": "dog", "count": 2},
        {"kind": "tag", "label": "cat", "count": 1},
    ]
    assert "Skipped 4 shapes" in coco["message"]
    listed = admin_http.get("/api/operations", params={"project": project["id"]}).json()
    assert next(o for o in listed["results"] if o["id"] == coco["id"])["skipped"] == coco["skipped"]
    whole = finished(admin_http, start_export(admin_http, project["id"], "annota")["id"])
    assert whole["skipped"] == []
    assert whole["message"] == ""


def test_a_queued_export_has_nothing_skipped_yet(admin_http: Http) -> None:
    project = _project(admin_http, [("cat", "tag", [])])
    queued = start_export(admin_http, project["id"], "coco")
    assert queued["skipped"] == []


# ---------------------------------------------------------------------------------- YOLO
def test_yolo_detection_files_follow_the_ultralytics_layout(admin_http: Http) -> None:
    # The second box pokes out of the 40x20 image: it is clamped to it.
    project = _project(
        admin_http, [("dog", "bbox", [10, 5, 30, 15]), ("cat", "bbox", [-10, -4, 20, 30])]
    )
    archive = zipfile.ZipFile(io.BytesIO(export_zip(admin_http, project["id"], "yolo", True)))
    data = yaml.safe_load(archive.read("data.yaml"))
    assert data["names"] == {0: "cat", 1: "dog"}
    assert data["train"] == "images/train"
    assert data["val"] == "images/train"
    assert data["task"] == "detect"
    assert "kpt_shape" not in data
    assert "images/train/a.png" in archive.namelist()
    assert archive.read("train.txt").decode() == "./images/train/a.png\n"
    lines = [line.split() for line in archive.read("labels/train/a.txt").decode().splitlines()]
    by_class = {int(line[0]): [float(v) for v in line[1:]] for line in lines}
    assert by_class[1] == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert by_class[0] == pytest.approx([0.25, 0.5, 0.5, 1.0])  # clamped to the image
    assert all(0 <= v <= 1 for values in by_class.values() for v in values)


def test_yolo_detection_round_trip(admin_http: Http) -> None:
    boxes = [("dog", "bbox", [10, 5, 30, 15]), ("cat", "bbox", [0, 0, 4, 2])]
    project = _project(admin_http, boxes)
    target, _ = _round_trip(admin_http, project["id"], "yolo")
    assert _shapes(admin_http, target["id"]) == sorted(
        [("a.png", label, kind, points) for label, kind, points in boxes], key=repr
    )


def test_yolo_segmentation_round_trip(admin_http: Http) -> None:
    project = _project(
        admin_http,
        [("dog", "polygon", [0, 0, 20, 0, 20, 10]), ("cat", "bbox", [4, 2, 8, 6]),
         ("cat", "polyline", [0, 0, 1, 1])],
    )  # fmt: skip
    operation = finished(admin_http, start_export(admin_http, project["id"], "yolo")["id"])
    assert operation["skipped"] == [{"kind": "polyline", "label": "cat", "count": 1}]
    target, archive = _round_trip(admin_http, project["id"], "yolo")
    assert yaml.safe_load(archive.read("data.yaml"))["task"] == "segment"
    shapes = _shapes(admin_http, target["id"])
    assert [(s[1], s[2]) for s in shapes] == [("cat", "polygon"), ("dog", "polygon")]
    assert shapes[1][3] == pytest.approx([0, 0, 20, 0, 20, 10])
    assert shapes[0][3] == pytest.approx([4, 2, 8, 2, 8, 6, 4, 6])  # the box, as its corners


def test_yolo_keypoints_round_trip(admin_http: Http) -> None:
    project = _project(
        admin_http,
        [("cat", "points", [4, 2, 8, 6, 10, 10]), ("dog", "points", [20, 10]),
         ("dog", "bbox", [0, 0, 1, 1])],
    )  # fmt: skip
    target, archive = _round_trip(admin_http, project["id"], "yolo")
    data = yaml.safe_load(archive.read("data.yaml"))
    assert data["kpt_shape"] == [3, 3]
    assert data["task"] == "pose"
    lines = archive.read("labels/train/a.txt").decode().splitlines()
    assert all(len(line.split()) == 5 + 3 * 3 for line in lines)
    assert _shapes(admin_http, target["id"]) == [
        ("a.png", "cat", "points", pytest.approx([4, 2, 8, 6, 10, 10])),
        ("a.png", "dog", "points", pytest.approx([20, 10])),
    ]


def _yolo_zip(label_text: str, names: Any = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.yaml", yaml.safe_dump({"names": names or ["cat"]}))
        archive.writestr("images/train/x.png", png(10, 10))
        archive.writestr("labels/train/x.txt", label_text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("label_text", "names", "expected"),
    [
        ("3 0.5 0.5 0.1 0.1\n", None, "class 3"),
        ("0 0.5 0.5 1.5 0.1\n", None, "normalised"),
        ("0 0.5 zero 0.1 0.1\n", None, "numbers"),
        ("0 0.5 0.5\n", None, "class cx cy w h"),
        ("0 0.5 0.5 0.1 0.1\n", "not-a-list", "names"),
    ],
)
def test_a_bad_yolo_import_fails_naming_the_line_and_writes_nothing(
    admin_http: Http, db: DatabaseProbe, label_text: str, names: Any, expected: str
) -> None:
    project = create_project(admin_http)
    before = db.row_counts(exclude=EXCLUDED)
    operation = start_import(admin_http, project["id"], "yolo", _yolo_zip(label_text, names))
    failed = wait(admin_http, operation["id"])
    assert failed["status"] == "failed", failed
    assert expected in failed["message"], failed
    assert db.row_counts(exclude=EXCLUDED) == before


# ---------------------------------------------------------------------------------- Pascal VOC
def test_voc_files_hold_the_published_fields(admin_http: Http) -> None:
    project = _project(
        admin_http, [("dog", "bbox", [10, 5, 30.5, 15]), ("cat", "polygon", [0, 0, 5, 0, 5, 5])]
    )
    operation = finished(admin_http, start_export(admin_http, project["id"], "voc", True)["id"])
    assert operation["skipped"] == [{"kind": "polygon", "label": "cat", "count": 1}]
    archive = zipfile.ZipFile(io.BytesIO(export_zip(admin_http, project["id"], "voc", True)))
    assert archive.read("ImageSets/Main/train.txt").decode() == "a\n"
    assert "JPEGImages/a.png" in archive.namelist()
    root = ElementTree.fromstring(archive.read("Annotations/a.xml"))
    assert root.tag == "annotation"
    assert root.findtext("filename") == "a.png"
    assert (root.findtext("size/width"), root.findtext("size/height")) == ("40", "20")
    (item,) = root.findall("object")
    assert item.findtext("name") == "dog"
    assert item.findtext("difficult") == "0"
    box = [item.findtext(f"bndbox/{tag}") for tag in ("xmin", "ymin", "xmax", "ymax")]
    # VOC's 1-based pixel numbers: the first pixel inside is x_min + 1, the last is x_max.
    assert box == ["11", "6", "30.5", "15"]
    assert archive.read("labelmap.txt").decode().splitlines() == [
        "# label:color_rgb:parts:actions",
        "background:0,0,0::",
        "cat:255,0,0::",
        "dog:0,255,0::",
    ]


def test_voc_round_trip_keeps_boxes_attributes_and_subsets(admin_http: Http) -> None:
    project = _project(
        admin_http,
        [("dog", "bbox", [10, 5, 30, 15]), ("cat", "bbox", [1, 2, 3, 4])],
        attributes=[{"name": "difficult", "value": "1"}, {"name": "color", "value": "red"}],
        occluded=True,
    )
    target, _ = _round_trip(admin_http, project["id"], "voc")
    assert [s[:4] for s in _shapes(admin_http, target["id"])] == [
        ("a.png", "cat", "bbox", [1, 2, 3, 4]),
        ("a.png", "dog", "bbox", [10, 5, 30, 15]),
    ]
    tasks = admin_http.get("/api/tasks", params={"project": target["id"]}).json()["results"]
    assert [(t["name"], t["subset"]) for t in tasks] == [("train", "train")]
    annotations = admin_http.get(f"/api/tasks/{tasks[0]['id']}/annotations").json()["shapes"]
    assert all(s["occluded"] for s in annotations)
    assert sorted((a["name"], a["value"]) for a in annotations[0]["attributes"]) == [
        ("color", "red"),
        ("difficult", "1"),
    ]
    labels = admin_http.get(f"/api/projects/{target['id']}").json()["labels"]
    assert sorted(label["name"] for label in labels) == ["cat", "dog"]


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b"<annotation><filename>x.png</filename><object>", "not valid XML"),
        (b'<!DOCTYPE a [<!ENTITY e "boom">]><annotation>&e;</annotation>', "not valid XML"),
        (b"<annotation><object><name>c</name></object></annotation>", "filename"),
        (
            b"<annotation><filename>x.png</filename><object><name>c</name><bndbox><xmin>5"
            b"</xmin><ymin>0</ymin><xmax>1</xmax><ymax>1</ymax></bndbox></object></annotation>",
            "bbox",
        ),
    ],
)
def test_a_bad_voc_import_fails_clearly_and_writes_nothing(
    admin_http: Http, db: DatabaseProbe, xml: bytes, expected: str
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Annotations/x.xml", xml)
    project = create_project(admin_http)
    before = db.row_counts(exclude=EXCLUDED)
    operation = start_import(admin_http, project["id"], "voc", buffer.getvalue())
    failed = wait(admin_http, operation["id"])
    assert failed["status"] == "failed", failed
    assert expected in failed["message"], failed
    assert db.row_counts(exclude=EXCLUDED) == before


def test_voc_labelmap_of_bare_names_imports_without_background(admin_http: Http) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("labelmap.txt", "background\ncat\nbird:10,20,30::\n")
        archive.writestr(
            "Annotations/x.xml",
            b"<annotation><filename>x.png</filename><object><name>cat</name><bndbox>"
            b"<xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>5</ymax></bndbox></object>"
            b"</annotation>",
        )
        archive.writestr("JPEGImages/x.png", png(12, 8))
    project = create_project(admin_http)
    finished(admin_http, start_import(admin_http, project["id"], "voc", buffer.getvalue())["id"])
    labels = admin_http.get(f"/api/projects/{project['id']}").json()["labels"]
    assert sorted(label["name"] for label in labels) == ["bird", "cat"]
    assert next(label["color"] for label in labels if label["name"] == "bird") == "#0a141e"
    # 1-based pixel numbers 1..10 are the edges 0 and 10.
    assert _shapes(admin_http, project["id"]) == [("x.png", "cat", "bbox", [0, 0, 10, 5])]


def test_a_label_with_a_colon_fails_a_voc_export_naming_it(admin_http: Http) -> None:
    project = create_project(admin_http, labels=[{"name": "kind:cat"}])
    operation = start_export(admin_http, project["id"], "voc")
    failed = wait(admin_http, operation["id"])
    assert failed["status"] == "failed", failed
    assert "'kind:cat'" in failed["message"], failed
    assert "labelmap.txt" in failed["message"], failed


# ---------------------------------------------------------------------------------- COCO
def test_roboflows_umbrella_category_is_no_label(admin_http: Http) -> None:
    # Roboflow's COCO export: a category named after the dataset, the supercategory of the
    # others, that no annotation uses; "person" is its own supercategory, as in COCO itself.
    document = {
        "categories": [
            {"id": 0, "name": "pets-abc", "supercategory": "none"},
            {"id": 1, "name": "cat", "supercategory": "pets-abc"},
            {"id": 2, "name": "dog", "supercategory": "pets-abc"},
            {"id": 3, "name": "person", "supercategory": "person"},
        ],
        "images": [{"id": 5, "file_name": "x.png", "width": 12, "height": 8}],
        "annotations": [{"id": 1, "image_id": 5, "category_id": 1, "bbox": [1, 1, 4, 4]}],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("train/_annotations.coco.json", json.dumps(document))
        archive.writestr("train/x.png", png(12, 8))
    project = create_project(admin_http)
    finished(admin_http, start_import(admin_http, project["id"], "coco", buffer.getvalue())["id"])
    labels = admin_http.get(f"/api/projects/{project['id']}").json()["labels"]
    assert sorted(label["name"] for label in labels) == ["cat", "dog", "person"]
    assert _shapes(admin_http, project["id"]) == [("x.png", "cat", "bbox", [1, 1, 5, 5])]
