"""Shapes inside their image: every write clamps to the image or refuses naming the field.

The rule (annota_server.frame): coordinates are clamped to [0, width] x [0, height]; a shape
wholly outside by more than 1 px, or one that loses its extent to clamping, is refused (400).
Exports then never write a coordinate outside the image, in any format, even for shapes
stored before the rule.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.etree import ElementTree

import pytest
import sqlalchemy as sa
import urllib3
import yaml
from PIL import Image
from support import TestUser, assert_problem, create_project, create_task
from support.db import DatabaseProbe
from support.http import Http

from annota_server.db.models import Shape

from .operations_support import export_zip, finished, start_import, wait

WIDTH, HEIGHT = 380, 512
HUGE = [-20, -5, 9999, 9999]
"""The box of the issue: partly outside on every side."""


def _jpeg(size: tuple[int, int] = (WIDTH, HEIGHT)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()


class Setup:
    """A project with a label, a task with one 380x512 image."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.project = create_project(http, labels=[{"name": "thing"}])
        self.label = self.project["labels"][0]["id"]
        self.task = create_task(http, self.project["id"])
        body, content_type = urllib3.encode_multipart_formdata(
            [("files", ("a.jpg", _jpeg(), "image/jpeg"))]
        )
        url = f"/api/tasks/{self.task['id']}/assets"
        result = http.post(url, body=body, content_type=content_type).expect(201).json()
        self.asset = result["assets"][0]["id"]
        self.jobs = [job["id"] for job in result["jobs"]]
        self.url = f"/api/tasks/{self.task['id']}/annotations"

    def shape(self, kind: str = "bbox", points: list[float] | None = None) -> dict[str, Any]:
        return {
            "asset": self.asset,
            "label": self.label,
            "kind": kind,
            "points": HUGE if points is None else points,
        }

    def put(self, *shapes: dict[str, Any]) -> Any:
        return self.http.put(self.url, json={"shapes": list(shapes)})


@pytest.fixture
def setup(new_user: TestUser) -> Setup:
    return Setup(new_user.http)


def test_a_box_partly_outside_is_clamped_on_put_patch_and_job_writes(setup: Setup) -> None:
    (stored,) = setup.put(setup.shape()).expect(200).json()["shapes"]
    assert stored["points"] == [0, 0, WIDTH, HEIGHT]
    created = setup.http.patch(setup.url, json={"create": [setup.shape()]}).expect(200).json()
    assert created["created"][0]["points"] == [0, 0, WIDTH, HEIGHT]
    update = {"id": stored["id"], "points": [10, 10, 400, 20]}
    changed = setup.http.patch(setup.url, json={"update": [update]}).expect(200).json()
    assert changed["updated"][0]["points"] == [10, 10, WIDTH, 20]
    job_url = f"/api/jobs/{setup.jobs[0]}/annotations"
    job = setup.http.get(job_url).expect(200)
    shapes = [setup.shape("polygon", [-50, 10, 100, -3, 500, 600])]
    saved = setup.http.put(
        job_url, json={"shapes": shapes}, headers={"If-Match": job.headers["ETag"]}
    )
    assert saved.expect(200).json()["shapes"][0]["points"] == [0, 10, 100, 0, WIDTH, HEIGHT]


def test_every_kind_is_clamped_and_tolerance_is_one_pixel(setup: Setup) -> None:
    stored = setup.put(
        setup.shape("polyline", [-3, 5, 200, 600]),
        setup.shape("points", [380.6, -0.9, 10, 10]),  # within the tolerance: clamped
        setup.shape("bbox", [0, 0, 380, 512]),  # the whole image, exactly
    ).expect(200)
    points = [s["points"] for s in stored.json()["shapes"]]
    assert points == [[0, 5, 200, HEIGHT], [WIDTH, 0, 10, 10], [0, 0, WIDTH, HEIGHT]]


@pytest.mark.parametrize(
    ("kind", "points"),
    [
        ("bbox", [400, 10, 500, 20]),  # wholly right of the image
        ("bbox", [-30, -30, -2, 40]),  # wholly left, by more than the tolerance
        ("points", [10, 10, 20, 600]),  # ... a point far below: the shape still meets the image
        ("polygon", [390, 0, 395, 10, 400, 0]),
        ("bbox", [380.5, 10, 381, 20]),  # within the tolerance, but no width once clamped
        ("polyline", [-0.8, 10, -0.5, 10]),  # ditto: on the left edge, no length left
    ],
)
def test_a_shape_outside_its_image_is_refused_naming_the_field(
    setup: Setup, db: DatabaseProbe, kind: str, points: list[float]
) -> None:
    if kind == "points":  # a points shape that meets the image is clamped, not refused
        (stored,) = setup.put(setup.shape(kind, points)).expect(200).json()["shapes"]
        assert stored["points"] == [10, 10, 20, HEIGHT]
        return
    before = db.row_counts(exclude=("sessions", "access_tokens"))
    response = setup.put(setup.shape("bbox"), setup.shape(kind, points))
    problem = assert_problem(response, 400)
    fields = {error["field"]: error["message"] for error in problem["errors"]}
    assert list(fields) == ["shapes.1.points"]
    assert f"{WIDTH}x{HEIGHT} image" in fields["shapes.1.points"]
    assert db.row_counts(exclude=("sessions", "access_tokens")) == before
    create = setup.http.patch(setup.url, json={"create": [setup.shape(kind, points)]})
    assert [e["field"] for e in assert_problem(create, 400)["errors"]] == ["create.0.points"]


def test_an_update_that_moves_a_shape_out_is_refused(setup: Setup) -> None:
    (stored,) = setup.put(setup.shape(points=[1, 1, 9, 9])).expect(200).json()["shapes"]
    update = {"id": stored["id"], "points": [600, 600, 700, 700]}
    response = setup.http.patch(setup.url, json={"update": [update]})
    assert [e["field"] for e in assert_problem(response, 400)["errors"]] == ["update.0.points"]


# -- imports ------------------------------------------------------------------------------------


def _coco(boxes: list[list[float]]) -> bytes:
    document = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": WIDTH, "height": HEIGHT}],
        "categories": [{"id": 1, "name": "thing"}],
        "annotations": [
            {"id": i + 1, "image_id": 1, "category_id": 1, "bbox": box, "iscrowd": 0}
            for i, box in enumerate(boxes)
        ],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        archive.writestr("images/a.jpg", _jpeg())
    return out.getvalue()


def test_an_import_clamps_its_shapes_or_refuses_one_outside(
    new_user: TestUser, db: DatabaseProbe
) -> None:
    http = new_user.http
    project = create_project(http)
    finished(
        http, start_import(http, project["id"], "coco", _coco([[-20, -5, 10019, 10004]]))["id"]
    )
    task = http.get("/api/tasks", params={"project": project["id"]}).expect(200).json()
    url = f"/api/tasks/{task['results'][0]['id']}/annotations"
    (shape,) = http.get(url).expect(200).json()["shapes"]
    assert shape["points"] == [0, 0, WIDTH, HEIGHT]

    other = create_project(http)
    before = db.row_counts(exclude=("sessions", "access_tokens", "operations"))
    started = start_import(http, other["id"], "coco", _coco([[1, 1, 5, 5], [500, 600, 10, 10]]))
    failed = wait(http, started["id"])
    assert failed["status"] == "failed"
    assert "a.jpg" in failed["message"]
    assert "outside" in failed["message"]
    assert db.row_counts(exclude=("sessions", "access_tokens", "operations")) == before


# -- exports ------------------------------------------------------------------------------------


def _coordinates(fmt: str, archive: zipfile.ZipFile) -> list[tuple[float, float]]:
    """Every exported (x, y), in pixels (YOLO's normalised ones scaled back)."""
    if fmt == "coco":
        document = json.loads(archive.read("annotations/instances_default.json"))
        found = []
        for item in document["annotations"]:
            x, y, w, h = item["bbox"]
            found += [(x, y), (x + w, y + h)]
            for polygon in item["segmentation"]:
                found += list(zip(polygon[0::2], polygon[1::2], strict=True))
        return found
    if fmt == "voc":
        root = ElementTree.fromstring(archive.read("Annotations/a.xml"))
        # VOC's xmin/ymin are the 1-based numbers of the first pixel inside: edge = number - 1.
        return [
            (float(box.findtext("xmin", "")) - 1, float(box.findtext("ymin", "")) - 1)
            for box in root.iter("bndbox")
        ] + [
            (float(box.findtext("xmax", "")), float(box.findtext("ymax", "")))
            for box in root.iter("bndbox")
        ]
    if fmt == "yolo":
        assert yaml.safe_load(archive.read("data.yaml"))["task"] == "segment"
        found = []
        for line in archive.read("labels/train/a.txt").decode().splitlines():
            values = [float(v) for v in line.split()[1:]]
            found += [
                (x * WIDTH, y * HEIGHT) for x, y in zip(values[0::2], values[1::2], strict=True)
            ]
        return found
    document = json.loads(archive.read("annotations.json"))
    return [
        (x, y)
        for shape in document["tasks"][0]["shapes"]
        for x, y in zip(shape["points"][0::2], shape["points"][1::2], strict=True)
    ]


@pytest.mark.parametrize("fmt", ["coco", "voc", "yolo", "annota"])
def test_no_export_writes_a_coordinate_outside_the_image(
    setup: Setup, db: DatabaseProbe, fmt: str
) -> None:
    setup.put(
        setup.shape("bbox", [10, 10, 20, 20]), setup.shape("polygon", [5, 5, 50, 5, 50, 50])
    ).expect(200)
    # Shapes stored before the rule: written straight into the database, far outside.
    with db.engine.begin() as connection:
        for kind, points in (("bbox", HUGE), ("polygon", [-40, -40, 900, 5, 50, 700])):
            connection.execute(
                sa.update(Shape)
                .where(Shape.kind == kind, Shape.task_id == setup.task["id"])
                .values(points=points)
            )
    data = export_zip(setup.http, setup.project["id"], fmt)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = _coordinates(fmt, archive)
    assert found
    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in found), found
    assert (0, 0) in [(round(x), round(y)) for x, y in found]
    assert (WIDTH, HEIGHT) in [(round(x), round(y)) for x, y in found]
