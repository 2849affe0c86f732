"""Dataset export and import (COCO and annota) over HTTP, on both databases."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from pycocotools.coco import COCO
from support import (
    Http,
    ServerProcess,
    assert_problem,
    create_project,
    create_task,
    create_workspace,
)
from support.db import DatabaseProbe

from .operations_support import (
    download,
    export_zip,
    finished,
    multipart,
    png,
    set_shapes,
    sha256,
    start_export,
    start_import,
    stored_files,
    upload,
    wait,
)

LABELS = [
    {"name": "cat", "color": "#ff0000", "kind": "bbox"},
    {"name": "dog", "color": "#00ff00"},
    {"name": "sky", "color": "#0000ff", "kind": "tag"},
]


def _label_ids(project: dict[str, Any]) -> dict[str, int]:
    return {label["name"]: label["id"] for label in project["labels"]}


@pytest.fixture
def annotated(admin_http: Http) -> dict[str, Any]:
    """A project with two tasks (subset ``train`` and none) and shapes of every kind."""
    project = create_project(admin_http, labels=LABELS)
    labels = _label_ids(project)
    train = create_task(admin_http, project["id"], subset="train", segment_size=2)
    other = create_task(admin_http, project["id"])
    images = {"a.png": png(40, 30), "b.png": png(64, 48, (0, 90, 0)), "c.png": png(10, 20)}
    train_assets = upload(admin_http, train["id"], list(images.items()))
    # The same name in the other task: file names in the archive must stay unique.
    same_name = png(16, 16, (1, 2, 3))
    other_assets = upload(admin_http, other["id"], [("a.png", same_name)])
    a, b, _c = train_assets
    set_shapes(
        admin_http,
        train["id"],
        [
            {"asset": a["id"], "label": labels["cat"], "kind": "bbox", "points": [1, 2, 11, 22],
             "attributes": [{"name": "color", "value": "black"}], "occluded": True, "z_order": 3},
            {"asset": a["id"], "label": labels["dog"], "kind": "polygon",
             "points": [0, 0, 10, 0, 10, 10, 0, 10]},
            {"asset": b["id"], "label": labels["sky"], "kind": "tag", "points": []},
            {"asset": b["id"], "label": labels["dog"], "kind": "points", "points": [5, 5]},
        ],
    )  # fmt: skip
    set_shapes(
        admin_http,
        other["id"],
        [{"asset": other_assets[0]["id"], "label": labels["dog"], "kind": "bbox",
          "points": [2.5, 3.5, 4.5, 8.5]}],
    )  # fmt: skip
    return {
        "project": project,
        "labels": labels,
        "tasks": [train, other],
        "assets": train_assets + other_assets,
        "content": [*images.values(), same_name],
    }


def test_coco_export_holds_images_categories_and_converted_boxes(
    admin_http: Http, annotated: dict[str, Any], tmp_path: Any
) -> None:
    project = annotated["project"]
    operation = finished(admin_http, start_export(admin_http, project["id"], "coco")["id"])
    assert "Skipped 2 shapes" in operation["message"], operation
    assert operation["expires_at"] is not None
    archive = download(admin_http, operation)
    names = set(archive.namelist())
    assert names == {"annotations/instances_train.json", "annotations/instances_default.json"}
    train = json.loads(archive.read("annotations/instances_train.json"))
    assert train["categories"] == [
        {"id": 1, "name": "cat", "supercategory": ""},
        {"id": 2, "name": "dog", "supercategory": ""},
        {"id": 3, "name": "sky", "supercategory": ""},
    ]
    assert [(i["file_name"], i["width"], i["height"]) for i in train["images"]] == [
        ("a.png", 40, 30),
        ("b.png", 64, 48),
        ("c.png", 10, 20),
    ]
    by_category = {a["category_id"]: a for a in train["annotations"]}
    assert len(train["annotations"]) == 2  # the tag and the points are skipped
    box = by_category[1]
    assert box["bbox"] == [1, 2, 10, 20]
    assert box["area"] == 200
    assert box["iscrowd"] == 0
    assert box["segmentation"] == []
    assert box["attributes"] == {"color": "black", "occluded": True}
    polygon = by_category[2]
    assert polygon["segmentation"] == [[0, 0, 10, 0, 10, 10, 0, 10]]
    assert polygon["bbox"] == [0, 0, 10, 10]
    assert polygon["area"] == 100
    default = json.loads(archive.read("annotations/instances_default.json"))
    assert [i["file_name"] for i in default["images"]] == ["a_2.png"]
    assert default["annotations"][0]["bbox"] == [2.5, 3.5, 2, 5]

    # pycocotools reads it as a standard instances file.
    path = tmp_path / "instances_train.json"
    path.write_bytes(archive.read("annotations/instances_train.json"))
    coco = COCO(str(path))
    assert len(coco.getImgIds()) == 3
    assert len(coco.getAnnIds()) == 2
    assert coco.loadCats(coco.getCatIds(catNms=["cat"]))[0]["id"] == 1


def test_include_images_puts_the_asset_bytes_in_the_archive(
    admin_http: Http, annotated: dict[str, Any]
) -> None:
    for fmt in ("coco", "annota"):
        archive = zipfile.ZipFile(io.BytesIO(export_zip(admin_http, annotated["project"]["id"],
                                                        fmt, include_images=True)))  # fmt: skip
        images = sorted(n for n in archive.namelist() if n.startswith("images/"))
        assert images == ["images/a.png", "images/a_2.png", "images/b.png", "images/c.png"]
        digests = {sha256(archive.read(name)) for name in images}
        assert digests == {a["sha256"] for a in annotated["assets"]}
        assert digests == {sha256(c) for c in annotated["content"]}


def test_annota_export_keeps_everything(admin_http: Http, annotated: dict[str, Any]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_zip(admin_http, annotated["project"]["id"],
                                                    "annota")))  # fmt: skip
    assert archive.namelist() == ["annotations.json"]
    document = json.loads(archive.read("annotations.json"))
    assert document["format"] == "annota"
    assert document["version"] == 1
    assert document["labels"] == [
        {"name": "cat", "color": "#ff0000", "kind": "bbox"},
        {"name": "dog", "color": "#00ff00", "kind": "any"},
        {"name": "sky", "color": "#0000ff", "kind": "tag"},
    ]
    train, other = document["tasks"]
    assert (train["name"], train["subset"], train["segment_size"]) == (
        annotated["tasks"][0]["name"], "train", 2)  # fmt: skip
    assert [(a["name"], a["position"], a["width"], a["file"]) for a in train["assets"]] == [
        ("a.png", 0, 40, None),
        ("b.png", 1, 64, None),
        ("c.png", 2, 10, None),
    ]
    assert sorted(s["kind"] for s in train["shapes"]) == ["bbox", "points", "polygon", "tag"]
    box = next(s for s in train["shapes"] if s["kind"] == "bbox")
    assert box == {
        "asset": 0, "label": "cat", "kind": "bbox", "points": [1, 2, 11, 22],
        "attributes": [{"name": "color", "value": "black"}], "occluded": True, "z_order": 3,
        "source": "manual",
    }  # fmt: skip
    assert len(other["shapes"]) == 1


def _shapes_of(http: Http, project_id: int) -> list[tuple[Any, ...]]:
    """(task name, asset name, label name, kind, points, attributes, occluded, z_order, source)."""
    project = http.get(f"/api/projects/{project_id}").expect(200).json()
    label_names = {label["id"]: label["name"] for label in project["labels"]}
    tasks = http.get("/api/tasks", params={"project": project_id}).expect(200).json()["results"]
    found = []
    for task in tasks:
        assets = http.get("/api/assets", params={"task": task["id"]}).expect(200).json()
        asset_names = {a["id"]: a["name"] for a in assets["results"]}
        annotations = http.get(f"/api/tasks/{task['id']}/annotations").expect(200).json()
        for s in annotations["shapes"]:
            found.append(
                (task["name"], asset_names[s["asset"]], label_names[s["label"]], s["kind"],
                 s["points"], s["attributes"], s["occluded"], s["z_order"], s["source"])
            )  # fmt: skip
    return sorted(found, key=repr)


def _assets_of(http: Http, project_id: int) -> list[tuple[Any, ...]]:
    results = http.get("/api/assets", params={"project": project_id}).expect(200).json()["results"]
    return sorted((a["name"], a["sha256"], a["width"], a["height"], a["position"]) for a in results)


def test_annota_round_trip_into_a_new_project(admin_http: Http, annotated: dict[str, Any]) -> None:
    source = annotated["project"]
    data = export_zip(admin_http, source["id"], "annota", include_images=True)
    target = create_project(admin_http, labels=[{"name": "dog", "color": "#123456"}])
    operation = finished(admin_http, start_import(admin_http, target["id"], "annota", data)["id"])
    assert "4 assets" in operation["message"]
    assert "5 shapes" in operation["message"]
    assert operation["result_url"] is None
    imported = admin_http.get(f"/api/projects/{target['id']}").expect(200).json()
    # dog existed (its color stays); cat and sky were created with the exported color and kind.
    assert sorted((lb["name"], lb["color"], lb["kind"]) for lb in imported["labels"]) == [
        ("cat", "#ff0000", "bbox"),
        ("dog", "#123456", "any"),
        ("sky", "#0000ff", "tag"),
    ]
    assert _assets_of(admin_http, target["id"]) == _assets_of(admin_http, source["id"])
    expected = [(*s[:-1], "imported") for s in _shapes_of(admin_http, source["id"])]
    assert _shapes_of(admin_http, target["id"]) == sorted(expected, key=repr)
    tasks = admin_http.get("/api/tasks", params={"project": target["id"]}).expect(200).json()
    train = next(t for t in tasks["results"] if t["subset"] == "train")
    assert train["segment_size"] == 2
    assert train["asset_count"] == 3
    jobs = admin_http.get("/api/jobs", params={"task": train["id"]}).expect(200).json()["results"]
    assert sorted((j["start_position"], j["stop_position"]) for j in jobs) == [(0, 2), (2, 3)]
    assert imported["statistics"]["annotations"] == 5


def test_coco_round_trip_into_a_new_project(admin_http: Http, annotated: dict[str, Any]) -> None:
    data = export_zip(admin_http, annotated["project"]["id"], "coco", include_images=True)
    target = create_project(admin_http)
    finished(admin_http, start_import(admin_http, target["id"], "coco", data)["id"])
    shapes = _shapes_of(admin_http, target["id"])
    assert [(s[0], s[1], s[2], s[3], s[4]) for s in shapes] == sorted(
        [
            ("default", "a_2.png", "dog", "bbox", [2.5, 3.5, 4.5, 8.5]),
            ("train", "a.png", "cat", "bbox", [1, 2, 11, 22]),
            ("train", "a.png", "dog", "polygon", [0, 0, 10, 0, 10, 10, 0, 10]),
        ],
        key=repr,
    )
    box = next(s for s in shapes if s[2] == "cat")
    assert box[5] == [{"name": "color", "value": "black"}]
    assert box[6] is True
    tasks = admin_http.get("/api/tasks", params={"project": target["id"]}).expect(200).json()
    assert sorted((t["name"], t["subset"]) for t in tasks["results"]) == [
        ("default", ""),
        ("train", "train"),
    ]


def test_import_without_files_matches_existing_assets_by_name(
    admin_http: Http, annotated: dict[str, Any]
) -> None:
    project = annotated["project"]
    before = admin_http.get(f"/api/projects/{project['id']}").expect(200).json()["statistics"]
    document = {
        "format": "annota", "version": 1, "labels": [{"name": "new-label"}],
        "tasks": [{"name": "t", "assets": [{"name": "c.png", "position": 7}],
                   "shapes": [{"asset": 7, "label": "new-label", "kind": "points",
                               "points": [1, 1]}]}],
    }  # fmt: skip
    data = json.dumps(document).encode()
    finished(admin_http, start_import(admin_http, project["id"], "annota", data, "a.json")["id"])
    after = admin_http.get(f"/api/projects/{project['id']}").expect(200).json()
    assert after["statistics"]["assets"] == before["assets"]
    assert after["statistics"]["tasks"] == before["tasks"]
    assert after["statistics"]["annotations"] == before["annotations"] + 1
    assert "new-label" in {label["name"] for label in after["labels"]}
    c_png = next(a for a in annotated["assets"] if a["name"] == "c.png")
    shapes = admin_http.get(f"/api/tasks/{c_png['task']}/annotations").expect(200).json()
    assert [s["source"] for s in shapes["shapes"] if s["asset"] == c_png["id"]] == ["imported"]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _coco(annotations: list[dict[str, Any]], **overrides: Any) -> bytes:
    document = {
        "images": [{"id": 1, "file_name": "x.png", "width": 8, "height": 8}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": annotations,
        **overrides,
    }
    return json.dumps(document).encode()


GOOD_BOX = {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2]}
CORRUPTED = {
    "not-a-zip-nor-json": ("coco", b"\x00\x01 certainly not a dataset", "not valid JSON"),
    "truncated-zip": ("coco", b"PK\x03\x04" + b"\x00" * 40, "not a readable zip"),
    "zip-without-annotations": ("coco", _zip({"readme.txt": b"hi"}), "instances_"),
    "bad-json-member": (
        "coco",
        _zip({"annotations/instances_default.json": b"{oops", "images/x.png": png(8, 8)}),
        "not valid JSON",
    ),
    "missing-key": ("coco", _zip({"annotations/instances_a.json": b'{"images": []}'}), "missing"),
    "bbox-wrong-length": (
        "coco",
        _zip(
            {
                "annotations/instances_a.json": _coco([{**GOOD_BOX, "bbox": [1, 2, 3]}]),
                "images/x.png": png(8, 8),
            }
        ),
        "bbox",
    ),  # fmt: skip
    "unknown-category": (
        "coco",
        _zip(
            {
                "annotations/instances_a.json": _coco([{**GOOD_BOX, "category_id": 9}]),
                "images/x.png": png(8, 8),
            }
        ),
        "no category has the id 9",
    ),  # fmt: skip
    "image-in-neither": (
        "coco",
        _zip({"annotations/instances_a.json": _coco([GOOD_BOX])}),
        "'x.png' is neither in the archive",
    ),
    "not-an-image": (
        "coco",
        _zip({"annotations/instances_a.json": _coco([GOOD_BOX]), "images/x.png": b"text"}),
        "not an image",
    ),
    "wrong-annota-version": ("annota", b'{"format": "annota", "version": 7}', "version"),
    "annota-bad-points": (
        "annota",
        json.dumps(
            {
                "format": "annota",
                "version": 1,
                "labels": [],
                "tasks": [
                    {
                        "name": "t",
                        "assets": [{"name": "x.png", "position": 0, "file": "images/x.png"}],
                        "shapes": [{"asset": 0, "label": "l", "kind": "polygon", "points": [1, 2]}],
                    }
                ],
            }
        ).encode(),
        "polygon needs at least 3",
    ),  # fmt: skip
}


@pytest.mark.parametrize("case", sorted(CORRUPTED))
def test_a_corrupted_import_fails_clearly_and_writes_nothing(
    case: str, admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    fmt, data, expected = CORRUPTED[case]
    project = create_project(admin_http, labels=["dog"])
    task = create_task(admin_http, project["id"])
    upload(admin_http, task["id"], [("y.png", png(4, 4))])
    # An operation's row and its events (created, failed) are written whatever it does.
    ignored = ("operations", "sessions", "access_tokens")
    counts = db.row_counts(exclude=ignored)
    files = stored_files(server)
    operation = start_import(admin_http, project["id"], fmt, data)
    ended = wait(admin_http, operation["id"])
    assert ended["status"] == "failed", ended
    assert expected in ended["message"], ended
    assert db.row_counts(exclude=ignored) == counts
    assert stored_files(server) == files  # the staged images and the upload are gone


def test_import_request_is_validated_at_once(admin_http: Http, db: DatabaseProbe) -> None:
    project = create_project(admin_http)
    path = f"/api/projects/{project['id']}/imports"
    before = db.row_counts(exclude=("sessions", "access_tokens"))
    body, content_type = multipart([("format", "cvat-xml"), ("file", ("d.zip", b"x", "a/b"))])
    assert_problem(admin_http.post(path, body=body, content_type=content_type), 400, field="format")
    body, content_type = multipart([("format", "coco")])
    assert_problem(admin_http.post(path, body=body, content_type=content_type), 400, field="file")
    body, content_type = multipart([("format", "coco"), ("file", "not a file part")])
    assert_problem(admin_http.post(path, body=body, content_type=content_type), 400, field="file")
    export = f"/api/projects/{project['id']}/exports"
    assert_problem(admin_http.post(export, json={"format": "cvat-xml"}), 400, field="format")
    assert_problem(admin_http.post(export, json={}), 400, field="format")
    assert db.row_counts(exclude=("sessions", "access_tokens")) == before


def test_access_per_role(admin_http: Http, make_user: Any) -> None:
    workspace = create_workspace(admin_http)
    project = create_project(admin_http, workspace=workspace["slug"])
    viewer = make_user("viewer", workspace)
    member = make_user("member", workspace)
    stranger = make_user()
    exports = f"/api/projects/{project['id']}/exports"
    assert_problem(viewer.http.post(exports, json={"format": "coco"}), 403)
    operation = member.http.post(exports, json={"format": "coco"}).expect(202).json()
    assert operation["created_by"] == member.basic
    assert viewer.http.get(f"/api/operations/{operation['id']}").status == 200
    assert_problem(viewer.http.post(f"/api/operations/{operation['id']}/cancel"), 403)
    body, content_type = multipart([("format", "coco"), ("file", ("d.json", b"{}", "a/json"))])
    path = f"/api/projects/{project['id']}/imports"
    assert_problem(viewer.http.post(path, body=body, content_type=content_type), 403)
    for attempt in (
        stranger.http.post(f"/api/projects/{project['id']}/exports", json={"format": "coco"}),
        stranger.http.post(path, body=body, content_type=content_type),
        stranger.http.get(f"/api/operations/{operation['id']}"),
        stranger.http.get(f"/api/operations/{operation['id']}/result"),
        stranger.http.post(f"/api/operations/{operation['id']}/cancel"),
    ):
        assert_problem(attempt, 404)
    stranger_list = stranger.http.get("/api/operations").expect(200).json()
    assert operation["id"] not in {o["id"] for o in stranger_list["results"]}
    finished(viewer.http, operation["id"])
    assert viewer.http.get(f"/api/operations/{operation['id']}/result").status == 200
    member_import = start_import(member.http, project["id"], "coco", b'{"images": [], '
                                 b'"categories": [], "annotations": []}', "d.json")  # fmt: skip
    assert finished(member.http, member_import["id"])["created_by"] == member.basic


def test_deleting_a_project_deletes_its_files(
    admin_http: Http, annotated: dict[str, Any], server: ServerProcess
) -> None:
    project = annotated["project"]
    operation = finished(admin_http, start_export(admin_http, project["id"], "coco")["id"])
    files = stored_files(server)
    assert any(f.startswith(f"assets/{project['id']}/") for f in files)
    assert any(f.startswith(f"results/{operation['id']}/") for f in files)
    admin_http.delete(f"/api/projects/{project['id']}").expect(204)
    left = stored_files(server)
    assert not any(f.startswith((f"assets/{project['id']}/", f"results/{operation['id']}/"))
                   for f in left)  # fmt: skip
    assert_problem(admin_http.get(f"/api/operations/{operation['id']}"), 404)


def test_deleting_an_imported_task_deletes_its_files(
    admin_http: Http, annotated: dict[str, Any], server: ServerProcess
) -> None:
    data = export_zip(admin_http, annotated["project"]["id"], "annota", include_images=True)
    target = create_project(admin_http)
    before = stored_files(server)
    finished(admin_http, start_import(admin_http, target["id"], "annota", data)["id"])
    imported = stored_files(server) - before
    assert imported, "the import stored the archive's images"
    tasks = admin_http.get("/api/tasks", params={"project": target["id"]}).expect(200).json()
    for task in tasks["results"]:
        admin_http.delete(f"/api/tasks/{task['id']}").expect(204)
    assert not imported & stored_files(server)
