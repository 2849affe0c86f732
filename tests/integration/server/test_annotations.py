"""Annotations of tasks and jobs: read, replace (PUT), change (PATCH), and every validation rule."""

from __future__ import annotations

import io
from typing import Any

import pytest
import urllib3
from PIL import Image
from support import TestUser, assert_problem, create_project, create_task
from support.db import DatabaseProbe
from support.factories import add_member, create_workspace
from support.http import Http

LABELS = [{"name": "thing"}, {"name": "box", "kind": "bbox"}, {"name": "tag", "kind": "tag"}]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, "PNG")  # room for every shape the tests draw
    return buffer.getvalue()


class Setup:
    """A project with labels, a task with 4 assets in 2 jobs (segment size 2)."""

    def __init__(self, http: Http, workspace: str | None = None) -> None:
        self.http = http
        self.project = create_project(http, labels=LABELS, workspace=workspace)
        self.labels = {label["name"]: label["id"] for label in self.project["labels"]}
        self.task = create_task(http, self.project["id"], segment_size=2)
        fields = [("files", (f"{i}.png", _png(), "image/png")) for i in range(4)]
        body, content_type = urllib3.encode_multipart_formdata(fields)
        url = f"/api/tasks/{self.task['id']}/assets"
        result = http.post(url, body=body, content_type=content_type).expect(201).json()
        self.assets = [a["id"] for a in result["assets"]]
        self.jobs = [j["id"] for j in result["jobs"]]
        self.task_url = f"/api/tasks/{self.task['id']}/annotations"
        self.job_urls = [f"/api/jobs/{j}/annotations" for j in self.jobs]

    def shape(self, asset: int = 0, **fields: Any) -> dict[str, Any]:
        base = {"asset": self.assets[asset], "label": self.labels["thing"], "kind": "bbox"}
        base["points"] = [1, 2, 3, 4]
        return {**base, **fields}


@pytest.fixture
def setup(new_user: TestUser) -> Setup:
    return Setup(new_user.http)


def _counts(db: DatabaseProbe) -> dict[str, int]:
    return db.row_counts(exclude=("sessions", "access_tokens"))


# ---------------------------------------------------------------------------------- happy paths
def test_put_then_get_on_a_task(setup: Setup) -> None:
    shapes = [
        setup.shape(3, kind="polygon", points=[0, 0, 5, 0, 5, 5]),
        setup.shape(0, attributes=[{"name": "color", "value": "black"}], occluded=True, z_order=2),
        setup.shape(1, label=setup.labels["tag"], kind="tag", points=[]),
        setup.shape(0, kind="points", points=[1.5, 2.5], source="imported"),
    ]
    put = setup.http.put(setup.task_url, json={"shapes": shapes}).expect(200).json()["shapes"]
    got = setup.http.get(setup.task_url).expect(200).json()["shapes"]
    assert put == got
    # Ordered by asset position, then id.
    assert [s["asset"] for s in got] == [setup.assets[i] for i in (0, 0, 1, 3)]
    first = got[0]
    assert first["attributes"] == [{"name": "color", "value": "black"}]
    assert (first["occluded"], first["z_order"], first["source"]) == (True, 2, "manual")
    assert got[1]["source"] == "imported"
    assert got[2]["kind"] == "tag"
    assert got[2]["points"] == []
    assert got[0]["job"] == setup.jobs[0]
    assert got[3]["job"] == setup.jobs[1]

    # A second PUT replaces everything.
    again = setup.http.put(setup.task_url, json={"shapes": [setup.shape(2)]}).expect(200)
    assert [s["asset"] for s in again.json()["shapes"]] == [setup.assets[2]]
    assert setup.http.put(setup.task_url, json={"shapes": []}).expect(200).json()["shapes"] == []


def test_job_annotations_cover_only_the_jobs_assets(setup: Setup, db: DatabaseProbe) -> None:
    first, second = setup.job_urls
    setup.http.put(setup.task_url, json={"shapes": [setup.shape(0), setup.shape(2)]}).expect(200)
    assert [s["asset"] for s in setup.http.get(first).json()["shapes"]] == [setup.assets[0]]
    # Replacing the first job's shapes leaves the second job's alone.
    setup.http.put(first, json={"shapes": [setup.shape(1), setup.shape(1)]}).expect(200)
    task_shapes = setup.http.get(setup.task_url).json()["shapes"]
    assert [s["asset"] for s in task_shapes] == [setup.assets[i] for i in (1, 1, 2)]
    before = _counts(db)
    response = setup.http.put(first, json={"shapes": [setup.shape(1), setup.shape(2)]})
    assert_problem(response, 400, field="shapes.1.asset")
    assert _counts(db) == before
    change = setup.http.patch(second, json={"create": [setup.shape(3)]}).expect(200).json()
    assert [s["asset"] for s in change["created"]] == [setup.assets[3]]
    assert_problem(setup.http.patch(second, json={"create": [setup.shape(0)]}), 400,
                   field="create.0.asset")  # fmt: skip
    other = task_shapes[0]["id"]  # a shape of the first job
    assert_problem(setup.http.patch(second, json={"delete": [other]}), 400, field="delete.0")


def test_patch_creates_updates_and_deletes_together(setup: Setup) -> None:
    shapes = [setup.shape(0), setup.shape(1), setup.shape(2)]
    existing = setup.http.put(setup.task_url, json={"shapes": shapes}).json()["shapes"]
    a, b, c = (s["id"] for s in existing)
    body = {
        "create": [setup.shape(3, kind="polyline", points=[0, 0, 9, 9])],
        "update": [
            {"id": a, "points": [0, 0, 10, 10], "occluded": True},
            {"id": b, "label": setup.labels["tag"], "kind": "tag", "points": []},
        ],
        "delete": [c],
    }
    change = setup.http.patch(setup.task_url, json=body).expect(200).json()
    assert [s["kind"] for s in change["created"]] == ["polyline"]
    assert [s["id"] for s in change["updated"]] == [a, b]
    assert change["updated"][0]["points"] == [0, 0, 10, 10]
    assert change["updated"][0]["occluded"] is True
    assert change["updated"][0]["label"] == setup.labels["thing"], "fields left out stay"
    assert change["deleted"] == [c]
    now = {s["id"]: s for s in setup.http.get(setup.task_url).json()["shapes"]}
    assert set(now) == {a, b, change["created"][0]["id"]}
    assert now[b]["kind"] == "tag"
    assert setup.http.patch(setup.task_url, json={}).expect(200).json() == {
        "created": [],
        "updated": [],
        "deleted": [],
    }


def test_ten_thousand_shapes_in_one_put(setup: Setup) -> None:
    # How long it takes is bench/bulk_writes.py's business: a test asserts no duration, and
    # waits as long as a loaded machine needs (the client's usual 60 s is not a limit here).
    # The boxes stay inside the image (writes clamp shapes into it).
    shapes = [
        setup.shape(i % 4, points=[j, j, j + 1, j + 1]) for i in range(10_000) for j in [i % 60]
    ]
    patient = setup.http.clone(timeout=900.0)
    put = patient.put(setup.task_url, json={"shapes": shapes}).expect(200)
    assert len(put.json()["shapes"]) == 10_000
    stored = patient.get(setup.task_url).json()["shapes"]
    assert sorted(s["points"][0] for s in stored) == sorted(i % 60 for i in range(10_000))


# ---------------------------------------------------------------------------------- validation
def _refused(
    setup: Setup, db: DatabaseProbe, method: str, url: str, body: Any, *fields: str
) -> None:
    before = _counts(db)
    shapes_before = setup.http.get(setup.task_url).json()["shapes"]
    response = setup.http.request(method, url, json=body)
    problem = assert_problem(response, 400)
    named = {e["field"] for e in problem["errors"]}
    assert set(fields) <= named, f"expected {fields} among {named}: {response!r}"
    assert _counts(db) == before
    assert setup.http.get(setup.task_url).json()["shapes"] == shapes_before


def test_put_rules_are_all_reported_by_index(setup: Setup, db: DatabaseProbe) -> None:
    other = create_project(setup.http, labels=["elsewhere"])
    foreign_label = other["labels"][0]["id"]
    foreign_task = create_task(setup.http, other["id"])
    body, content_type = urllib3.encode_multipart_formdata(
        [("files", ("x.png", _png(), "image/png"))]
    )
    uploaded = setup.http.post(
        f"/api/tasks/{foreign_task['id']}/assets", body=body, content_type=content_type
    )
    foreign_asset = uploaded.expect(201).json()["assets"][0]["id"]
    setup.http.put(setup.task_url, json={"shapes": [setup.shape(0)]}).expect(200)
    shapes = [
        setup.shape(0),  # fine
        setup.shape(0, label=foreign_label),  # 1: label of another project
        setup.shape(0, label=setup.labels["box"], kind="polygon", points=[0, 0, 1, 1, 2, 2]),
        {**setup.shape(0), "asset": foreign_asset},  # 3: asset of another task
        setup.shape(0, points=[1, 2, 3]),  # 4: bbox takes 4
        setup.shape(0, points=[3, 2, 1, 4]),  # 5: x_min > x_max
        setup.shape(0, points=[1, 4, 3, 2]),  # 6: y_min > y_max
        setup.shape(0, kind="polygon", points=[0, 0, 1, 1]),  # 7: too few
        setup.shape(0, kind="polygon", points=[0, 0, 1, 1, 2, 2, 3]),  # 8: odd
        setup.shape(0, kind="polyline", points=[0, 0]),  # 9: too few
        setup.shape(0, kind="points", points=[]),  # 10: too few
        setup.shape(0, kind="points", points=[1, 2, 3]),  # 11: odd
        setup.shape(0, kind="tag", points=[1, 2]),  # 12: a tag has none
        setup.shape(0, label=999_999_999),  # 13: no such label
        {**setup.shape(0), "asset": 999_999_999},  # 14: no such asset
    ]
    fields = ["shapes.1.label", "shapes.2.label", "shapes.3.asset", "shapes.13.label",
              "shapes.14.asset"] + [f"shapes.{i}.points" for i in range(4, 13)]  # fmt: skip
    _refused(setup, db, "PUT", setup.task_url, {"shapes": shapes}, *fields)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_coordinates_must_be_finite(setup: Setup, db: DatabaseProbe, number: str) -> None:
    before = _counts(db)
    asset, label = setup.assets[0], setup.labels["thing"]
    raw = (f'{{"shapes": [{{"asset": {asset}, "label": {label}, "kind": "bbox", '
           f'"points": [0, 0, {number}, 5]}}]}}')  # fmt: skip
    response = setup.http.put(setup.task_url, body=raw, content_type="application/json")
    assert_problem(response, 400, field="shapes.0.points")
    assert _counts(db) == before


def test_patch_rules_are_all_reported_by_index(setup: Setup, db: DatabaseProbe) -> None:
    boxed = setup.shape(3, label=setup.labels["box"])
    existing = setup.http.put(
        setup.task_url, json={"shapes": [setup.shape(0), setup.shape(1), setup.shape(2), boxed]}
    ).json()["shapes"]
    a, b, c, d = (s["id"] for s in existing)
    body = {
        "create": [setup.shape(0), setup.shape(0, points=[0, 0])],  # create.1.points
        "update": [
            {"id": a, "z_order": 3},  # fine
            {"id": 999_999_999},  # update.1.id: no such shape
            {"id": a, "z_order": 4},  # update.2.id: updated twice
            {"id": b, "kind": "polygon"},  # update.3.kind: 4 old points do not make a polygon
            {"id": c, "label": setup.labels["tag"]},  # update.4.label: a tag label on a bbox
            {"id": b, "points": [5, 5, 1, 1]},  # update.5.id: updated twice
        ],
        "delete": [a, 999_999_998, c],  # delete.0: also updated; delete.1: no such; delete.2
    }
    _refused(setup, db, "PATCH", setup.task_url, body, "create.1.points", "update.1.id",
             "update.2.id", "update.3.kind", "update.4.label", "update.5.id", "delete.0",
             "delete.1", "delete.2")  # fmt: skip
    # A kind change is checked against the label it keeps.
    kind_change = {"update": [{"id": d, "kind": "points", "points": [1, 2]}]}
    _refused(setup, db, "PATCH", setup.task_url, kind_change, "update.0.kind")
    _refused(setup, db, "PATCH", setup.task_url,
             {"update": [{"id": a, "points": [9, 0, 1, 1]}]}, "update.0.points")  # fmt: skip
    _refused(setup, db, "PATCH", setup.task_url,
             {"delete": [b, b]}, "delete.1")  # fmt: skip


def test_schema_violations_are_400(setup: Setup, db: DatabaseProbe) -> None:
    before = _counts(db)
    bad = [
        ({"shapes": [{"asset": setup.assets[0], "label": setup.labels["thing"]}]}, "shapes.0.kind"),
        ({"shapes": [setup.shape(0, kind="circle")]}, "shapes.0.kind"),
        ({"shapes": [setup.shape(0, points=["a", 1, 2, 3])]}, "shapes.0.points.0"),
        ({"shapes": [setup.shape(0, extra=1)]}, "shapes.0.extra"),
    ]
    for body, field in bad:
        assert_problem(setup.http.put(setup.task_url, json=body), 400, field=field)
    assert _counts(db) == before


# ---------------------------------------------------------------------------------- access
def test_access_per_role(new_user: TestUser, make_user: Any) -> None:
    workspace = create_workspace(new_user.http)
    setup = Setup(new_user.http, workspace=workspace["slug"])
    viewer = make_user()
    add_member(new_user.http, workspace, viewer.id, "viewer")
    outsider = make_user()
    body = {"shapes": [setup.shape(0)]}
    for url in (setup.task_url, setup.job_urls[0]):
        assert viewer.http.get(url).status == 200
        assert_problem(viewer.http.put(url, json=body), 403)
        assert_problem(viewer.http.patch(url, json={"create": body["shapes"]}), 403)
        assert_problem(outsider.http.get(url), 404)
        assert_problem(outsider.http.put(url, json=body), 404)
    assert setup.http.get(setup.task_url).json()["shapes"] == []
