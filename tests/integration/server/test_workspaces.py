"""Workspaces: create, read, list, update, delete; and X-Workspace scoping of lists and creation."""

from __future__ import annotations

from collections.abc import Callable

from support import (
    Http,
    TestUser,
    assert_problem,
    create_project,
    create_task,
    create_workspace,
    personal_workspace,
    unique,
)
from support.factories import add_member, job_of

WORKSPACES = "/api/workspaces"


def test_create_a_shared_workspace(new_user: TestUser) -> None:
    slug = unique("team")
    response = new_user.http.post(
        WORKSPACES, json={"slug": slug, "name": "The Team", "description": "for tests"}
    )
    response.expect(201)
    assert response.etag
    workspace = response.json()
    assert workspace["slug"] == slug
    assert workspace["name"] == "The Team"
    assert workspace["description"] == "for tests"
    assert workspace["is_personal"] is False
    assert workspace["owner"] == new_user.basic
    assert workspace["role"] == "owner"

    fetched = new_user.http.get(f"{WORKSPACES}/{workspace['id']}").expect(200)
    assert fetched.etag
    assert fetched.json()["slug"] == slug

    memberships = new_user.http.get("/api/memberships", params={"workspace": workspace["id"]})
    body = memberships.expect(200).json()
    assert [(m["user"]["id"], m["role"]) for m in body["results"]] == [(new_user.id, "owner")]


def test_workspace_description_defaults_to_empty(new_user: TestUser) -> None:
    workspace = create_workspace(new_user.http)
    assert workspace["description"] == ""


def test_duplicate_slug_is_409(make_user: Callable[..., TestUser]) -> None:
    first, second = make_user(), make_user()
    workspace = create_workspace(first.http)
    response = second.http.post(WORKSPACES, json={"slug": workspace["slug"], "name": "copy"})
    assert_problem(response, 409)
    assert second.http.get(WORKSPACES, params={"slug": workspace["slug"]}).json()["count"] == 0


def test_slug_of_a_personal_workspace_is_taken_too(make_user: Callable[..., TestUser]) -> None:
    owner, other = make_user(), make_user()
    personal = personal_workspace(owner.http, owner.username)
    response = other.http.post(WORKSPACES, json={"slug": personal["slug"], "name": "squat"})
    assert_problem(response, 409)


def test_patch_a_workspace(new_user: TestUser) -> None:
    workspace = create_workspace(new_user.http)
    new_slug = unique("renamed")
    response = new_user.http.patch(
        f"{WORKSPACES}/{workspace['id']}",
        json={"name": "Renamed", "description": "changed", "slug": new_slug},
    )
    body = response.expect(200).json()
    assert (body["name"], body["description"], body["slug"]) == ("Renamed", "changed", new_slug)
    assert response.etag
    old = new_user.http.get(WORKSPACES, params={"slug": workspace["slug"]}).json()
    assert old["count"] == 0
    project = create_project(new_user.http, workspace=new_slug)
    assert project["workspace"]["slug"] == new_slug


def test_patch_slug_to_a_taken_one_is_409(new_user: TestUser) -> None:
    first = create_workspace(new_user.http)
    second = create_workspace(new_user.http)
    response = new_user.http.patch(f"{WORKSPACES}/{second['id']}", json={"slug": first["slug"]})
    assert_problem(response, 409)
    assert new_user.http.get(f"{WORKSPACES}/{second['id']}").json()["slug"] == second["slug"]


def test_delete_a_workspace_deletes_its_content(new_user: TestUser) -> None:
    workspace = create_workspace(new_user.http)
    project = create_project(new_user.http, workspace=workspace["slug"], labels=["cat"])
    task = create_task(new_user.http, project["id"])
    job = job_of(new_user.http, task["id"])

    assert new_user.http.delete(f"{WORKSPACES}/{workspace['id']}").status == 204
    assert_problem(new_user.http.get(f"{WORKSPACES}/{workspace['id']}"), 404)
    assert_problem(new_user.http.get(f"/api/projects/{project['id']}"), 404)
    assert_problem(new_user.http.get(f"/api/labels/{project['labels'][0]['id']}"), 404)
    assert_problem(new_user.http.get(f"/api/tasks/{task['id']}"), 404)
    assert_problem(new_user.http.get(f"/api/jobs/{job['id']}"), 404)
    assert_problem(
        new_user.http.get("/api/projects", headers={"X-Workspace": workspace["slug"]}), 404
    )


def test_list_filters_and_sorts_workspaces(new_user: TestUser) -> None:
    http = new_user.http
    stem = unique("filter")
    created = [
        http.post(WORKSPACES, json={"slug": f"{stem}-{s}", "name": f"N {s}"}).expect(201).json()
        for s in ("b", "a", "c")
    ]
    everything = http.get(WORKSPACES).expect(200).json()
    assert everything["count"] == 4, "three shared workspaces and the personal one"

    shared = http.get(WORKSPACES, params={"is_personal": False, "sort": "slug"}).json()
    assert [w["slug"] for w in shared["results"]] == sorted(w["slug"] for w in created)
    personal = http.get(WORKSPACES, params={"is_personal": True}).json()
    assert [w["is_personal"] for w in personal["results"]] == [True]

    by_slug = http.get(WORKSPACES, params={"slug": created[0]["slug"]}).json()
    assert [w["id"] for w in by_slug["results"]] == [created[0]["id"]]

    searched = http.get(WORKSPACES, params={"search": stem.upper(), "sort": "-slug"}).json()
    assert [w["slug"] for w in searched["results"]] == sorted(
        (w["slug"] for w in created), reverse=True
    )
    owned = http.get(WORKSPACES, params={"owner": new_user.username}).json()
    assert owned["count"] == 4


def test_list_shows_only_workspaces_of_the_caller(make_user: Callable[..., TestUser]) -> None:
    alice, bob = make_user(), make_user()
    hers = create_workspace(alice.http)
    slugs = [w["slug"] for w in bob.http.list_all(WORKSPACES)]
    assert hers["slug"] not in slugs
    assert_problem(bob.http.get(f"{WORKSPACES}/{hers['id']}"), 404)


def test_admin_sees_every_workspace_without_a_role(admin_http: Http, new_user: TestUser) -> None:
    workspace = create_workspace(new_user.http)
    listed = admin_http.get(WORKSPACES, params={"slug": workspace["slug"]}).expect(200).json()
    assert listed["count"] == 1
    assert listed["results"][0]["role"] is None
    assert admin_http.get(f"{WORKSPACES}/{workspace['id']}").expect(200).json()["role"] is None


# ---------------------------------------------------------------------------------- X-Workspace
def test_x_workspace_scopes_lists_and_creation(make_user: Callable[..., TestUser]) -> None:
    user = make_user()
    http = user.http
    personal = personal_workspace(http, user.username)
    shared = create_workspace(http)

    in_personal = create_project(http, labels=["a"])
    in_shared = create_project(http, workspace=shared["slug"], labels=["b"])
    assert in_personal["workspace"]["id"] == personal["id"], "no header: the personal workspace"
    assert in_shared["workspace"]["id"] == shared["id"]
    assert in_shared["workspace"]["slug"] == shared["slug"]
    task_personal = create_task(http, in_personal["id"])
    task_shared = create_task(http, in_shared["id"])

    def ids(path: str, slug: str | None) -> set[int]:
        scoped = http.in_workspace(slug) if slug else http
        return {item["id"] for item in scoped.list_all(path)}

    assert ids("/api/projects", None) >= {in_personal["id"], in_shared["id"]}
    assert ids("/api/projects", shared["slug"]) == {in_shared["id"]}
    assert ids("/api/projects", personal["slug"]) == {in_personal["id"]}
    assert ids("/api/tasks", shared["slug"]) == {task_shared["id"]}
    assert ids("/api/tasks", personal["slug"]) == {task_personal["id"]}
    assert ids("/api/jobs", shared["slug"]) == {job_of(http, task_shared["id"])["id"]}
    assert ids("/api/labels", shared["slug"]) == {in_shared["labels"][0]["id"]}
    assert ids("/api/labels", personal["slug"]) == {in_personal["labels"][0]["id"]}


def test_unknown_x_workspace_is_404(new_user: TestUser) -> None:
    ghost = new_user.http.in_workspace(unique("ghost"))
    for path in ("/api/projects", "/api/tasks", "/api/jobs", "/api/labels"):
        assert_problem(ghost.get(path), 404)
    before = new_user.http.get("/api/projects").json()["count"]
    assert_problem(ghost.post("/api/projects", json={"name": "lost", "type": "detection"}), 404)
    assert new_user.http.get("/api/projects").json()["count"] == before


def test_x_workspace_of_someone_elses_workspace_is_404(make_user: Callable[..., TestUser]) -> None:
    owner, outsider = make_user(), make_user()
    workspace = create_workspace(owner.http)
    create_project(owner.http, workspace=workspace["slug"])
    intruder = outsider.http.in_workspace(workspace["slug"])
    assert_problem(intruder.get("/api/projects"), 404)
    assert_problem(intruder.post("/api/projects", json={"name": "p", "type": "detection"}), 404)
    assert owner.http.in_workspace(workspace["slug"]).get("/api/projects").json()["count"] == 1


def test_member_creates_in_a_shared_workspace(make_user: Callable[..., TestUser]) -> None:
    owner, member = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, member.id, "member")
    project = create_project(member.http, workspace=workspace["slug"])
    assert project["workspace"]["id"] == workspace["id"]
    assert project["owner"] == member.basic
    seen = owner.http.in_workspace(workspace["slug"]).list_all("/api/projects")
    assert [p["id"] for p in seen] == [project["id"]]


def test_x_workspace_is_no_reason_for_404_where_it_scopes_nothing(new_user: TestUser) -> None:
    """Operations whose contract lists no 404 must not answer one for an unknown X-Workspace.

    X-Workspace scopes project/label/task/job lists and project creation; elsewhere the
    contract documents no 404, so an unknown slug is ignored there (or refused with 400).
    """
    ghost = new_user.http.in_workspace(unique("ghost"))
    for path in (
        "/api/users/self",
        "/api/users",
        "/api/auth/tokens",
        "/api/workspaces",
        "/api/memberships",
    ):
        response = ghost.get(path)
        assert response.status in (200, 400), response
    created = ghost.post(WORKSPACES, json={"slug": unique("ws"), "name": "n"})
    assert created.status in (201, 400), created
    token = ghost.post("/api/auth/tokens", json={"name": "ghost"})
    assert token.status in (201, 400), token
