"""Tasks (create, read, update, cancel, delete, filter) and their jobs (list, filter, update)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support import TestUser, assert_problem, create_project, create_task, unique
from support.factories import add_member, create_workspace, job_of

TASKS = "/api/tasks"
JOBS = "/api/jobs"


# ---------------------------------------------------------------------------------- tasks
def test_create_a_task_with_its_first_job(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    name = unique("task")
    response = http.post(
        TASKS,
        json={"project": project["id"], "name": name, "subset": "train", "assignee": new_user.id},
    )
    response.expect(201)
    assert response.etag
    task = response.json()
    assert task["project"] == project["id"]
    assert task["name"] == name
    assert task["status"] == "pending"
    assert task["subset"] == "train"
    assert task["assignee"] == new_user.basic

    fetched = http.get(f"{TASKS}/{task['id']}").expect(200)
    assert fetched.etag
    assert fetched.json()["name"] == name

    jobs = http.get(JOBS, params={"task": task["id"]}).expect(200).json()
    assert jobs["count"] == 1, "a task starts with one job"
    job = jobs["results"][0]
    assert job["task"] == task["id"]
    assert job["project"] == project["id"]
    assert job["stage"] == "annotation"
    assert job["state"] == "new"


def test_task_defaults(new_user: TestUser) -> None:
    project = create_project(new_user.http)
    task = create_task(new_user.http, project["id"])
    assert task["assignee"] is None
    assert task["subset"] == ""
    assert task["status"] == "pending"


def test_task_in_an_unknown_project_is_404(new_user: TestUser) -> None:
    response = new_user.http.post(TASKS, json={"project": 987654321, "name": "orphan"})
    assert_problem(response, 404)
    assert new_user.http.get(TASKS, params={"name": "orphan"}).json()["count"] == 0


def test_patch_a_task(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    task = create_task(http, project["id"], assignee=new_user.id)
    response = http.patch(
        f"{TASKS}/{task['id']}",
        json={"name": "renamed", "status": "in_progress", "subset": "val", "assignee": None},
    )
    body = response.expect(200).json()
    assert (body["name"], body["status"], body["subset"]) == ("renamed", "in_progress", "val")
    assert body["assignee"] is None
    assert response.etag
    again = http.patch(f"{TASKS}/{task['id']}", json={"assignee": new_user.id}).expect(200)
    assert again.json()["assignee"] == new_user.basic
    assert http.get(f"{TASKS}/{task['id']}").json()["assignee"] == new_user.basic


@pytest.mark.parametrize("status", ["pending", "in_progress"])
def test_cancel_an_unfinished_task(new_user: TestUser, status: str) -> None:
    http = new_user.http
    task = create_task(http, create_project(http)["id"])
    if status != "pending":
        http.patch(f"{TASKS}/{task['id']}", json={"status": status}).expect(200)
    response = http.post(f"{TASKS}/{task['id']}/cancel")
    assert response.expect(200).json()["status"] == "cancelled"
    assert response.etag
    assert http.get(f"{TASKS}/{task['id']}").json()["status"] == "cancelled"


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
def test_cancel_a_finished_task_is_409(new_user: TestUser, status: str) -> None:
    http = new_user.http
    task = create_task(http, create_project(http)["id"])
    http.patch(f"{TASKS}/{task['id']}", json={"status": status}).expect(200)
    assert_problem(http.post(f"{TASKS}/{task['id']}/cancel"), 409)
    assert http.get(f"{TASKS}/{task['id']}").json()["status"] == status


def test_delete_a_task_with_its_jobs(new_user: TestUser) -> None:
    http = new_user.http
    task = create_task(http, create_project(http)["id"])
    job = job_of(http, task["id"])
    assert http.delete(f"{TASKS}/{task['id']}").status == 204
    assert_problem(http.get(f"{TASKS}/{task['id']}"), 404)
    assert_problem(http.get(f"{JOBS}/{job['id']}"), 404)
    assert_problem(http.post(f"{TASKS}/{task['id']}/cancel"), 404)
    assert http.get(JOBS, params={"task": task["id"]}).json()["count"] == 0


def test_unknown_task_is_404(new_user: TestUser) -> None:
    assert_problem(new_user.http.get(f"{TASKS}/987654321"), 404)
    assert_problem(new_user.http.patch(f"{TASKS}/987654321", json={"name": "x"}), 404)
    assert_problem(new_user.http.delete(f"{TASKS}/987654321"), 404)
    assert_problem(new_user.http.post(f"{TASKS}/987654321/cancel"), 404)


def test_filter_and_sort_tasks(make_user: Callable[..., TestUser]) -> None:
    owner, worker = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, worker.id, "member")
    http = owner.http
    project = create_project(http, workspace=workspace["slug"])
    other_project = create_project(http, workspace=workspace["slug"])
    stem = unique("tf")
    t1 = create_task(http, project["id"], name=f"{stem}-1", subset="train", assignee=worker.id)
    t2 = create_task(http, project["id"], name=f"{stem}-2", subset="val")
    t3 = create_task(http, other_project["id"], name=f"{stem}-3", assignee=worker.id)
    http.patch(f"{TASKS}/{t2['id']}", json={"status": "completed"}).expect(200)
    http.patch(f"{TASKS}/{t3['id']}", json={"status": "in_progress"}).expect(200)

    def names(**params: object) -> list[str]:
        body = http.get(TASKS, params={"sort": "name", **params}).expect(200).json()
        assert body["count"] == len(body["results"])
        return [t["name"] for t in body["results"]]

    everything = [t1["name"], t2["name"], t3["name"]]
    assert names(search=stem) == everything
    assert names(search=stem.upper()) == everything
    assert names(name=t2["name"]) == [t2["name"]]
    assert names(project=project["id"]) == [t1["name"], t2["name"]]
    assert names(search=stem, status="pending") == [t1["name"]]
    assert names(search=stem, status=["completed", "in_progress"]) == [t2["name"], t3["name"]]
    assert names(search=stem, assignee=worker.username) == [t1["name"], t3["name"]]
    assert names(search=stem, subset="val") == [t2["name"]]
    assert names(search=stem, sort="-name") == everything[::-1]
    ids = [
        t["id"] for t in http.get(TASKS, params={"search": stem, "sort": "-id"}).json()["results"]
    ]
    assert ids == [t3["id"], t2["id"], t1["id"]]


# ---------------------------------------------------------------------------------- jobs
def test_read_and_patch_a_job(make_user: Callable[..., TestUser]) -> None:
    owner, worker = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, worker.id, "member")
    project = create_project(owner.http, workspace=workspace["slug"])
    task = create_task(owner.http, project["id"])
    job = job_of(owner.http, task["id"])
    assert job["assignee"] is None

    fetched = owner.http.get(f"{JOBS}/{job['id']}").expect(200)
    assert fetched.etag
    assert fetched.json()["id"] == job["id"]

    response = owner.http.patch(
        f"{JOBS}/{job['id']}",
        json={"assignee": worker.id, "stage": "annotation", "state": "in_progress"},
    )
    body = response.expect(200).json()
    assert body["assignee"] == worker.basic
    assert (body["stage"], body["state"]) == ("annotation", "in_progress")
    assert response.etag

    # The assignee works on it.
    done = worker.http.patch(f"{JOBS}/{job['id']}", json={"state": "completed"})
    assert done.expect(200).json()["state"] == "completed"
    unassigned = owner.http.patch(f"{JOBS}/{job['id']}", json={"assignee": None})
    assert unassigned.expect(200).json()["assignee"] is None
    final = owner.http.get(f"{JOBS}/{job['id']}").json()
    assert (final["stage"], final["state"], final["assignee"]) == ("annotation", "completed", None)


def test_filter_and_sort_jobs(make_user: Callable[..., TestUser]) -> None:
    owner, worker = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, worker.id, "member")
    http = owner.http.in_workspace(workspace["slug"])
    project = create_project(http)
    other = create_project(http)
    tasks = [create_task(http, project["id"]) for _ in range(3)]
    other_task = create_task(http, other["id"])
    jobs = [job_of(http, t["id"]) for t in tasks]
    other_job = job_of(http, other_task["id"])
    http.patch(f"{JOBS}/{jobs[0]['id']}", json={"assignee": worker.id}).expect(200)
    http.patch(f"{JOBS}/{jobs[1]['id']}", json={"stage": "acceptance", "state": "rejected"}).expect(
        200
    )
    http.patch(f"{JOBS}/{other_job['id']}", json={"assignee": worker.id}).expect(200)

    def ids(**params: object) -> list[int]:
        body = http.get(JOBS, params={"sort": "id", **params}).expect(200).json()
        assert body["count"] == len(body["results"])
        return [j["id"] for j in body["results"]]

    all_ids = [j["id"] for j in jobs]
    assert ids(project=project["id"]) == all_ids
    assert ids(task=tasks[2]["id"]) == [jobs[2]["id"]]
    assert ids(assignee=worker.username) == [jobs[0]["id"], other_job["id"]]
    assert ids(project=project["id"], stage="acceptance") == [jobs[1]["id"]]
    assert ids(project=project["id"], state="rejected") == [jobs[1]["id"]]
    assert ids(project=project["id"], state="new") == [jobs[0]["id"], jobs[2]["id"]]
    assert ids(project=project["id"], sort="-id") == all_ids[::-1]
    assert ids() == sorted([*all_ids, other_job["id"]]), "X-Workspace scopes the list"


def test_unknown_job_is_404(new_user: TestUser) -> None:
    assert_problem(new_user.http.get(f"{JOBS}/987654321"), 404)
    assert_problem(new_user.http.patch(f"{JOBS}/987654321", json={"state": "new"}), 404)
