"""Projects: create with labels, read, update, delete, statistics, filters and sorting."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from support import (
    Http,
    TestUser,
    assert_problem,
    create_project,
    create_task,
    personal_workspace,
    unique,
)
from support.factories import job_of

PROJECTS = "/api/projects"
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LABEL_KINDS = {"any", "tag", "bbox", "polygon", "polyline", "points"}


def test_create_a_project_with_labels(new_user: TestUser) -> None:
    name = unique("project")
    response = new_user.http.post(
        PROJECTS,
        json={
            "name": name,
            "description": "cats and dogs",
            "type": "detection",
            "labels": [{"name": "cat", "color": "#FF0000", "kind": "bbox"}, {"name": "dog"}],
        },
    )
    response.expect(201)
    assert response.etag
    project = response.json()
    assert project["name"] == name
    assert project["description"] == "cats and dogs"
    assert project["type"] == "detection"
    assert project["status"] == "active"
    assert project["owner"] == new_user.basic
    workspace = personal_workspace(new_user.http, new_user.username)
    assert project["workspace"] == {
        "id": workspace["id"],
        "slug": workspace["slug"],
        "name": workspace["name"],
    }
    assert project["statistics"] == {
        "tasks": 0,
        "jobs": 0,
        "assets": 0,
        "annotated_assets": 0,
        "annotations": 0,
        "predictions": 0,
        "by_label": [
            {"label": label["id"], "name": label["name"], "annotations": 0, "predictions": 0}
            for label in project["labels"]
        ],
    }
    created_at = datetime.fromisoformat(project["created_at"])
    assert datetime.fromisoformat(project["updated_at"]) >= created_at

    labels = {label["name"]: label for label in project["labels"]}
    assert set(labels) == {"cat", "dog"}
    assert labels["cat"]["color"].lower() == "#ff0000"
    assert labels["cat"]["kind"] == "bbox"
    assert COLOR.match(labels["dog"]["color"]), "a color is picked when absent"
    assert labels["dog"]["kind"] in LABEL_KINDS
    assert {label["project"] for label in project["labels"]} == {project["id"]}
    assert labels["cat"]["id"] != labels["dog"]["id"]

    fetched = new_user.http.get(f"{PROJECTS}/{project['id']}").expect(200)
    assert fetched.etag
    again = fetched.json()
    assert again["name"] == name
    assert sorted(label["id"] for label in again["labels"]) == sorted(
        label["id"] for label in project["labels"]
    )


def test_description_and_labels_are_optional(new_user: TestUser) -> None:
    response = new_user.http.post(PROJECTS, json={"name": unique("bare"), "type": "keypoints"})
    project = response.expect(201).json()
    assert project["description"] == ""
    assert project["labels"] == []
    assert project["type"] == "keypoints"


def test_duplicate_label_names_in_one_request_are_refused(new_user: TestUser) -> None:
    name = unique("dupes")
    response = new_user.http.post(
        PROJECTS,
        json={"name": name, "type": "detection", "labels": [{"name": "car"}, {"name": "car"}]},
    )
    assert_problem(response, (400, 409))
    assert new_user.http.get(PROJECTS, params={"name": name}).json()["count"] == 0


def test_patch_a_project(new_user: TestUser) -> None:
    project = create_project(new_user.http)
    response = new_user.http.patch(
        f"{PROJECTS}/{project['id']}",
        json={"name": "renamed", "description": "now described", "status": "completed"},
    )
    body = response.expect(200).json()
    assert (body["name"], body["description"], body["status"]) == (
        "renamed",
        "now described",
        "completed",
    )
    assert body["type"] == project["type"], "type is not patchable and stays"
    assert response.etag
    assert datetime.fromisoformat(body["updated_at"]) >= datetime.fromisoformat(
        project["updated_at"]
    )
    fetched = new_user.http.get(f"{PROJECTS}/{project['id']}").json()
    assert (fetched["name"], fetched["status"]) == ("renamed", "completed")


def test_patch_labels_adds_labels_and_keeps_the_others(new_user: TestUser) -> None:
    project = create_project(new_user.http, labels=["cat"])
    cat = project["labels"][0]
    response = new_user.http.patch(
        f"{PROJECTS}/{project['id']}", json={"labels": [{"name": "dog", "kind": "polygon"}]}
    )
    labels = {label["name"]: label for label in response.expect(200).json()["labels"]}
    assert set(labels) == {"cat", "dog"}
    assert labels["cat"] == cat
    assert labels["dog"]["kind"] == "polygon"


def test_label_names_are_unique_per_project(new_user: TestUser) -> None:
    project = create_project(new_user.http, labels=["cat", "dog"])
    response = new_user.http.patch(
        f"{PROJECTS}/{project['id']}", json={"labels": [{"name": "bird"}, {"name": "cat"}]}
    )
    assert_problem(response, 409)
    after = new_user.http.get(f"{PROJECTS}/{project['id']}").json()
    assert sorted(label["name"] for label in after["labels"]) == ["cat", "dog"], (
        "a refused patch adds none of its labels"
    )
    # Another project may use the same names.
    other = create_project(new_user.http, labels=["cat"])
    assert [label["name"] for label in other["labels"]] == ["cat"]


def test_delete_a_project_with_everything_in_it(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    job = job_of(http, task["id"])

    assert http.delete(f"{PROJECTS}/{project['id']}").status == 204
    assert_problem(http.get(f"{PROJECTS}/{project['id']}"), 404)
    assert_problem(http.get(f"/api/labels/{project['labels'][0]['id']}"), 404)
    assert_problem(http.get(f"/api/tasks/{task['id']}"), 404)
    assert_problem(http.get(f"/api/jobs/{job['id']}"), 404)
    assert_problem(http.delete(f"{PROJECTS}/{project['id']}"), 404)
    assert http.get("/api/tasks", params={"project": project["id"]}).json()["count"] == 0


def test_statistics_count_tasks_and_jobs(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    tasks = [create_task(http, project["id"]) for _ in range(3)]
    stats = http.get(f"{PROJECTS}/{project['id']}").json()["statistics"]
    assert (stats["tasks"], stats["jobs"]) == (3, 3), "every task starts with one job"

    http.delete(f"/api/tasks/{tasks[0]['id']}").expect(204)
    stats = http.get(f"{PROJECTS}/{project['id']}").json()["statistics"]
    assert (stats["tasks"], stats["jobs"]) == (2, 2)
    listed = http.get(PROJECTS, params={"name": project["name"]}).json()["results"][0]
    assert listed["statistics"]["tasks"] == 2


def test_unknown_project_is_404(new_user: TestUser) -> None:
    assert_problem(new_user.http.get(f"{PROJECTS}/987654321"), 404)
    assert_problem(new_user.http.patch(f"{PROJECTS}/987654321", json={"name": "x"}), 404)
    assert_problem(new_user.http.delete(f"{PROJECTS}/987654321"), 404)


# ---------------------------------------------------------------------------------- lists
def test_filter_projects(make_user: Callable[..., TestUser]) -> None:
    user = make_user()
    http = user.http
    stem = unique("flt")
    a = create_project(http, name=f"{stem}-Alpha", type="detection")
    b = create_project(http, name=f"{stem}-beta", type="segmentation")
    c = create_project(http, name=f"{stem}-gamma", type="detection")
    http.patch(f"{PROJECTS}/{b['id']}", json={"status": "archived"}).expect(200)
    http.patch(f"{PROJECTS}/{c['id']}", json={"status": "completed"}).expect(200)

    def names(**params: object) -> list[str]:
        body = http.get(PROJECTS, params={"sort": "name", **params}).expect(200).json()
        assert body["count"] == len(body["results"])
        return [p["name"] for p in body["results"]]

    assert names(search=stem) == [a["name"], b["name"], c["name"]]
    assert names(search=f"{stem}-ALPHA") == [a["name"]], "search ignores case"
    assert names(name=b["name"]) == [b["name"]]
    assert names(name=b["name"].upper()) == [], "name is an exact match"
    assert names(search=stem, type="detection") == [a["name"], c["name"]]
    assert names(search=stem, status="active") == [a["name"]]
    assert names(search=stem, status=["archived", "completed"]) == [b["name"], c["name"]]
    assert names(search=stem, owner=user.username) == [a["name"], b["name"], c["name"]]
    assert names(search=stem, owner=unique("nobody")) == []


def test_search_treats_wildcards_literally(new_user: TestUser) -> None:
    http = new_user.http
    stem = unique("wild")
    plain = create_project(http, name=f"{stem}-plain")
    underscored = create_project(http, name=f"{stem}_under")
    percent = create_project(http, name=f"{stem}%pct")

    def found(text: str) -> set[int]:
        body = http.get(PROJECTS, params={"search": text}).expect(200).json()
        return {p["id"] for p in body["results"]}

    assert found(f"{stem}_") == {underscored["id"]}
    assert found(f"{stem}%") == {percent["id"]}
    assert plain["id"] in found(stem)


def test_sort_projects(new_user: TestUser) -> None:
    http = new_user.http
    stem = unique("srt")
    for suffix in ("03", "01", "02"):
        create_project(http, name=f"{stem}-{suffix}")

    def listed(sort: str) -> list[dict]:
        body = http.get(PROJECTS, params={"search": stem, "sort": sort}).expect(200).json()
        return body["results"]

    assert [p["name"][-2:] for p in listed("name")] == ["01", "02", "03"]
    assert [p["name"][-2:] for p in listed("-name")] == ["03", "02", "01"]
    newest_first = [datetime.fromisoformat(p["created_at"]) for p in listed("-created_at")]
    assert newest_first == sorted(newest_first, reverse=True)
    oldest_first = [datetime.fromisoformat(p["created_at"]) for p in listed("created_at")]
    assert oldest_first == sorted(oldest_first)
    ids = [p["id"] for p in listed("-id")]
    assert ids == sorted(ids, reverse=True)
    # Creation order: 03 first, 01, then 02.
    assert [p["name"][-2:] for p in listed("id")] == ["03", "01", "02"]


def test_admin_sees_projects_of_everyone(admin_http: Http, new_user: TestUser) -> None:
    project = create_project(new_user.http)
    assert admin_http.get(f"{PROJECTS}/{project['id']}").status == 200
    listed = admin_http.get(PROJECTS, params={"name": project["name"]}).expect(200).json()
    assert [p["id"] for p in listed["results"]] == [project["id"]]
