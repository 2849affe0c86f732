"""COCO imports: an RLE becomes a mask shape (it was once imported as its bbox, silently), and
one that does not fit its image fails the import naming the annotation, storing nothing; image
paths with folders become asset names that are plain file names."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import numpy as np
import pytest
from pycocotools import mask as coco_mask
from support import Http, ServerProcess, create_project
from support.db import DatabaseProbe

from .operations_support import finished, png, start_import, stored_files, wait


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _coco(file_name: str, annotations: list[dict[str, Any]]) -> bytes:
    document = {
        "images": [{"id": 1, "file_name": file_name, "width": 8, "height": 8}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": annotations,
    }
    return json.dumps(document).encode()


def _rle(compressed: bool) -> dict[str, Any]:
    """A real 8x8 mask's RLE, as pycocotools writes it (``counts`` a string when compressed)."""
    mask = np.zeros((8, 8), dtype=np.uint8, order="F")
    mask[2:5, 1:6] = 1
    encoded = coco_mask.encode(mask)
    if compressed:
        return {"size": [8, 8], "counts": encoded["counts"].decode("ascii")}
    # Uncompressed: the run lengths in column-major order, starting with zeros.
    flat = mask.flatten(order="F").tolist()
    counts, current, run = [], 0, 0
    for value in flat:
        if value != current:
            counts.append(run)
            current, run = value, 0
        run += 1
    counts.append(run)
    return {"size": [8, 8], "counts": counts}


@pytest.mark.parametrize("compressed", [False, True], ids=["uncompressed", "compressed"])
def test_an_rle_segmentation_becomes_a_mask_shape(admin_http: Http, compressed: bool) -> None:
    project = create_project(admin_http, labels=["cat"])
    annotation = {
        "id": 41,
        "image_id": 1,
        "category_id": 1,
        "bbox": [1, 2, 5, 3],
        "iscrowd": 1,
        "segmentation": _rle(compressed),
    }
    data = _zip(
        {
            "annotations/instances_default.json": _coco("x.png", [annotation]),
            "images/x.png": png(8, 8),
        }
    )
    finished(admin_http, start_import(admin_http, project["id"], "coco", data)["id"])
    assets = admin_http.list_all("/api/assets", params={"project": project["id"]})
    read = admin_http.get(f"/api/tasks/{assets[0]['task']}/annotations").expect(200).json()
    (shape,) = read["shapes"]
    assert (shape["kind"], shape["points"]) == ("mask", [])
    assert shape["mask"] == {
        "size": [8, 8],
        "counts": _rle(compressed=True)["counts"],
        "bbox": [1, 2, 6, 5],
        "area": 15,
    }


@pytest.mark.parametrize(
    ("segmentation", "why"),
    [
        ({"size": [8, 9], "counts": [72]}, "size"),
        ({"size": [8, 8], "counts": [60]}, "add up to 60 pixels"),
        ({"size": [8, 8], "counts": "~~"}, "is not RLE"),
    ],
    ids=["size", "sum", "malformed"],
)
def test_an_rle_that_does_not_fit_fails_the_import_naming_the_annotation(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess, segmentation: Any, why: str
) -> None:
    project = create_project(admin_http, labels=["cat"])
    fine = {"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 5, 3], "iscrowd": 0}
    wrong = {**fine, "id": 41, "segmentation": segmentation}
    data = _zip(
        {
            "annotations/instances_default.json": _coco(
                "x.png", [{**fine, "segmentation": _rle(True)}, wrong]
            ),
            "images/x.png": png(8, 8),
        }
    )
    counts = db.row_counts(exclude=("operations", "sessions", "access_tokens"))
    files = stored_files(server)
    ended = wait(admin_http, start_import(admin_http, project["id"], "coco", data)["id"])
    assert ended["status"] == "failed", ended
    assert "annotations.1 (annotation 41)" in ended["message"]
    assert why in ended["message"]
    assert db.row_counts(exclude=("operations", "sessions", "access_tokens")) == counts
    assert stored_files(server) == files


def test_a_segmentation_that_is_neither_polygons_nor_a_mask_is_refused(admin_http: Http) -> None:
    project = create_project(admin_http, labels=["cat"])
    annotation = {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "segmentation": 7}
    data = _zip(
        {
            "annotations/instances_default.json": _coco("x.png", [annotation]),
            "images/x.png": png(8, 8),
        }
    )
    ended = wait(admin_http, start_import(admin_http, project["id"], "coco", data)["id"])
    assert ended["status"] == "failed", ended
    assert "segmentation: must be a list of polygons" in ended["message"]


def test_image_paths_become_plain_asset_names(admin_http: Http) -> None:
    project = create_project(admin_http, labels=["cat"])
    box = {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "segmentation": []}
    data = _zip(
        {
            "annotations/instances_default.json": _coco("train/cats/x.png", [box]),
            "images/train/cats/x.png": png(8, 8),
        }
    )
    finished(admin_http, start_import(admin_http, project["id"], "coco", data)["id"])
    assets = admin_http.list_all("/api/assets", params={"project": project["id"]})
    assert [a["name"] for a in assets] == ["train_cats_x.png"]
    shapes = admin_http.get(f"/api/tasks/{assets[0]['task']}/annotations").expect(200).json()
    assert [(s["kind"], s["points"]) for s in shapes["shapes"]] == [("bbox", [0, 0, 2, 2])]
