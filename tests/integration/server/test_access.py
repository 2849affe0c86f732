"""Who may do what: every workspace role against every operation, with exact statuses.

A shared workspace has an owner, a maintainer, a member and a viewer; an outsider belongs to a
workspace of its own only. Readers see everything in the workspace; viewers cannot write (403);
maintainers manage content; owners also manage members and may delete the workspace; the
outsider gets 404 for everything (the workspace and its content are invisible to it). A site
administrator who is no member still sees everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from support import (
    Http,
    Response,
    ServerProcess,
    TestUser,
    create_project,
    create_task,
    create_workspace,
    unique,
)
from support.factories import add_member, create_user, job_of

ROLES = ["owner", "maintainer", "member", "viewer", "outsider"]


@dataclass
class Team:
    admin: Http
    users: dict[str, TestUser]
    workspace: dict[str, Any]
    project: dict[str, Any]
    label: dict[str, Any]
    task: dict[str, Any]
    job: dict[str, Any]
    memberships: dict[str, dict[str, Any]] = field(default_factory=dict)
    foreign_workspace: dict[str, Any] = field(default_factory=dict)
    foreign_project: dict[str, Any] = field(default_factory=dict)

    @property
    def owner(self) -> Http:
        return self.users["owner"].http

    @property
    def slug(self) -> str:
        return str(self.workspace["slug"])

    def fresh_user(self) -> TestUser:
        return create_user(self.admin, prefix="spare", login=False)


@pytest.fixture(scope="module")
def team(server: ServerProcess, admin_token: str) -> Team:
    admin = server.http(token=admin_token)
    users = {role: create_user(admin, prefix=role) for role in ROLES}
    owner = users["owner"].http
    workspace = create_workspace(owner, prefix="team")
    memberships = {}
    for role in ("maintainer", "member", "viewer"):
        memberships[role] = add_member(owner, workspace, users[role].id, role)
    project = create_project(owner, workspace=workspace["slug"], labels=["cat"])
    task = create_task(owner, project["id"])
    foreign_workspace = create_workspace(users["outsider"].http, prefix="foreign")
    foreign_project = create_project(users["outsider"].http, workspace=foreign_workspace["slug"])
    return Team(
        admin=admin,
        users=users,
        workspace=workspace,
        project=project,
        label=project["labels"][0],
        task=task,
        job=job_of(owner, task["id"]),
        memberships=memberships,
        foreign_workspace=foreign_workspace,
        foreign_project=foreign_project,
    )


# ---------------------------------------------------------------------------------- the table
Act = Callable[[], Response]
Probe = Callable[[], Any]
Prepare = Callable[[Team, Http], tuple[Act, Probe]]


def state(http: Http, url: str) -> Any:
    """What ``url`` looks like to ``http``: (status, body)."""
    response = http.get(url)
    return response.status, response.json() if response.status == 200 else None


def count(http: Http, path: str, **params: Any) -> int:
    return int(http.get(path, params=params).expect(200).json()["count"])


# Reads ------------------------------------------------------------------------------------
def read(url_of: Callable[[Team], str]) -> Prepare:
    def prepare(team: Team, actor: Http) -> tuple[Act, Probe]:
        return (lambda: actor.get(url_of(team))), (lambda: None)

    return prepare


def list_in_workspace(path: str) -> Prepare:
    def prepare(team: Team, actor: Http) -> tuple[Act, Probe]:
        return (lambda: actor.get(path, headers={"X-Workspace": team.slug})), (lambda: None)

    return prepare


# Writes on fresh objects --------------------------------------------------------------------
def project_create(team: Team, actor: Http) -> tuple[Act, Probe]:
    body = {"name": unique("access"), "type": "detection"}

    def act() -> Response:
        return actor.post("/api/projects", json=body, headers={"X-Workspace": team.slug})

    return act, lambda: count(team.owner, "/api/projects", name=body["name"])


def on_fresh(make: Callable[[Team], str], method: str, body: dict[str, Any] | None) -> Prepare:
    def prepare(team: Team, actor: Http) -> tuple[Act, Probe]:
        url = make(team)

        def act() -> Response:
            if method == "PATCH":
                return actor.patch(url, json=body)
            if method == "DELETE":
                return actor.delete(url)
            return actor.post(url) if body is None else actor.post(url, json=body)

        return act, lambda: state(team.owner, url)

    return prepare


def fresh_project(team: Team) -> str:
    project = create_project(team.owner, workspace=team.slug, labels=["cat"])
    return f"/api/projects/{project['id']}"


def fresh_label(team: Team) -> str:
    project = create_project(team.owner, workspace=team.slug, labels=["cat"])
    return f"/api/labels/{project['labels'][0]['id']}"


def fresh_task(team: Team) -> str:
    return f"/api/tasks/{create_task(team.owner, team.project['id'])['id']}"


def fresh_job(team: Team) -> str:
    task = create_task(team.owner, team.project["id"])
    return f"/api/jobs/{job_of(team.owner, task['id'])['id']}"


def fresh_cancel(team: Team) -> str:
    return f"{fresh_task(team)}/cancel"


def task_create(team: Team, actor: Http) -> tuple[Act, Probe]:
    name = unique("access-task")

    def act() -> Response:
        return actor.post("/api/tasks", json={"project": team.project["id"], "name": name})

    return act, lambda: count(team.owner, "/api/tasks", name=name)


def workspace_patch(team: Team, actor: Http) -> tuple[Act, Probe]:
    url = f"/api/workspaces/{team.workspace['id']}"
    return (lambda: actor.patch(url, json={"description": unique("d")})), (
        lambda: state(team.owner, url)
    )


# Membership management: each case gets its own spare member ------------------------------
def membership_create(team: Team, actor: Http) -> tuple[Act, Probe]:
    spare = team.fresh_user()
    body = {"workspace": team.workspace["id"], "user": spare.id, "role": "member"}
    return (lambda: actor.post("/api/memberships", json=body)), (
        lambda: count(team.owner, "/api/memberships", workspace=team.workspace["id"], user=spare.id)
    )


def spare_membership(team: Team) -> str:
    spare = team.fresh_user()
    membership = add_member(team.owner, team.workspace, spare.id, "viewer")
    return f"/api/memberships/{membership['id']}"


# Workspace deletion: a fresh workspace where the actor holds the role under test ------------
def workspace_delete_as(role: str) -> Prepare:
    def prepare(team: Team, actor: Http) -> tuple[Act, Probe]:
        if role == "owner":
            workspace = create_workspace(actor)
        else:
            workspace = create_workspace(team.owner)
            if role != "outsider":
                add_member(team.owner, workspace, team.users[role].id, role)
        url = f"/api/workspaces/{workspace['id']}"
        return (lambda: actor.delete(url)), (lambda: state(team.admin, url))

    return prepare


@dataclass
class Op:
    name: str
    prepare: Prepare | None
    # Expected statuses for owner, maintainer, member, viewer, outsider.
    expected: tuple[int, int, int, int, int]


R = (200, 200, 200, 200, 404)  # readable by every member

OPS = [
    Op("workspace.read", read(lambda t: f"/api/workspaces/{t.workspace['id']}"), R),
    Op("project.read", read(lambda t: f"/api/projects/{t.project['id']}"), R),
    Op("label.read", read(lambda t: f"/api/labels/{t.label['id']}"), R),
    Op("task.read", read(lambda t: f"/api/tasks/{t.task['id']}"), R),
    Op("job.read", read(lambda t: f"/api/jobs/{t.job['id']}"), R),
    Op("membership.read", read(lambda t: f"/api/memberships/{t.memberships['viewer']['id']}"), R),
    Op("projects.list", list_in_workspace("/api/projects"), R),
    Op("labels.list", list_in_workspace("/api/labels"), R),
    Op("tasks.list", list_in_workspace("/api/tasks"), R),
    Op("jobs.list", list_in_workspace("/api/jobs"), R),
    Op("project.create", project_create, (201, 201, 201, 403, 404)),
    Op(
        "project.patch",
        on_fresh(fresh_project, "PATCH", {"description": "x"}),
        (200, 200, 200, 403, 404),
    ),
    Op(
        "project.add_labels",
        on_fresh(fresh_project, "PATCH", {"labels": [{"name": "dog"}]}),
        (200, 200, 200, 403, 404),
    ),
    Op("project.delete", on_fresh(fresh_project, "DELETE", None), (204, 204, 403, 403, 404)),
    Op(
        "label.patch",
        on_fresh(fresh_label, "PATCH", {"color": "#010203"}),
        (200, 200, 200, 403, 404),
    ),
    Op("label.delete", on_fresh(fresh_label, "DELETE", None), (204, 204, 204, 403, 404)),
    Op("task.create", task_create, (201, 201, 201, 403, 404)),
    Op("task.patch", on_fresh(fresh_task, "PATCH", {"subset": "val"}), (200, 200, 200, 403, 404)),
    Op("task.cancel", on_fresh(fresh_cancel, "POST", None), (200, 200, 200, 403, 404)),
    Op("task.delete", on_fresh(fresh_task, "DELETE", None), (204, 204, 204, 403, 404)),
    Op(
        "job.patch",
        on_fresh(fresh_job, "PATCH", {"state": "in_progress"}),
        (200, 200, 200, 403, 404),
    ),
    Op("workspace.patch", workspace_patch, (200, 200, 403, 403, 404)),
    Op("workspace.delete", None, (204, 403, 403, 403, 404)),
    Op("membership.create", membership_create, (201, 403, 403, 403, 404)),
    Op(
        "membership.patch",
        on_fresh(spare_membership, "PATCH", {"role": "member"}),
        (200, 403, 403, 403, 404),
    ),
    Op("membership.delete", on_fresh(spare_membership, "DELETE", None), (204, 403, 403, 403, 404)),
]

CASES = [
    pytest.param(op, role, expected, id=f"{op.name}-{role}")
    for op in OPS
    for role, expected in zip(ROLES, op.expected, strict=True)
]


@pytest.mark.parametrize(("op", "role", "expected"), CASES)
def test_role_against_operation(team: Team, op: Op, role: str, expected: int) -> None:
    actor = team.users[role].http
    prepare = op.prepare or workspace_delete_as(role)
    act, probe = prepare(team, actor)
    before = probe()
    response = act()
    assert response.status == expected, f"{role} {op.name}: {response!r}"
    if expected >= 400:
        response.problem()
        assert probe() == before, f"a refused {op.name} by {role} changed something"
    elif op.name.endswith(".delete"):
        after = probe()
        assert after is not None, f"{op.name} by {role} did not delete"
        assert after[0] == 404, f"{op.name} by {role} did not delete"


# ---------------------------------------------------------------------------------- details
def test_lists_without_x_workspace_hide_foreign_content(team: Team) -> None:
    outsider = team.users["outsider"].http
    paths_and_ids = [
        ("/api/projects", team.project["id"]),
        ("/api/tasks", team.task["id"]),
        ("/api/jobs", team.job["id"]),
        ("/api/labels", team.label["id"]),
        ("/api/workspaces", team.workspace["id"]),
    ]
    for path, object_id in paths_and_ids:
        assert object_id not in {item["id"] for item in outsider.list_all(path)}, path
        assert object_id in {item["id"] for item in team.users["viewer"].http.list_all(path)}, path


def test_memberships_are_listed_to_members_only(team: Team) -> None:
    params = {"workspace": team.workspace["id"]}
    for role in ("owner", "maintainer", "member", "viewer"):
        listed = team.users[role].http.get("/api/memberships", params=params).expect(200).json()
        roles = {m["user"]["id"]: m["role"] for m in listed["results"]}
        for other in ("owner", "maintainer", "member", "viewer"):
            assert roles.get(team.users[other].id) == other, (role, listed)
    outsider = team.users["outsider"].http.get("/api/memberships", params=params)
    assert outsider.expect(200).json()["count"] == 0


def test_workspace_role_is_reported_to_each_member(team: Team) -> None:
    for role in ("owner", "maintainer", "member", "viewer"):
        seen = team.users[role].http.get(f"/api/workspaces/{team.workspace['id']}").expect(200)
        assert seen.json()["role"] == role


@pytest.mark.parametrize("role", ["maintainer", "member", "viewer"])
def test_members_cannot_promote_themselves(team: Team, role: str) -> None:
    membership = team.memberships[role]
    response = team.users[role].http.patch(
        f"/api/memberships/{membership['id']}", json={"role": "owner"}
    )
    assert response.status == 403, response
    seen = team.owner.get(f"/api/memberships/{membership['id']}").expect(200).json()
    assert seen["role"] == role


def test_a_member_may_delete_a_project_it_owns(team: Team) -> None:
    member = team.users["member"].http
    project = create_project(member, workspace=team.slug)
    assert member.delete(f"/api/projects/{project['id']}").status == 204
    assert team.owner.get(f"/api/projects/{project['id']}").status == 404


def test_cross_workspace_reads_and_writes_are_denied(team: Team) -> None:
    """Members of the team workspace get nowhere in the outsider's workspace."""
    foreign = team.foreign_project
    url = f"/api/projects/{foreign['id']}"
    for role in ("owner", "maintainer", "member", "viewer"):
        http = team.users[role].http
        assert http.get(url).status == 404, role
        assert http.patch(url, json={"name": "hijacked"}).status == 404, role
        assert http.delete(url).status == 404, role
        assert http.post("/api/tasks", json={"project": foreign["id"], "name": "x"}).status == 404
        assert (
            http.get(
                "/api/projects", headers={"X-Workspace": team.foreign_workspace["slug"]}
            ).status
            == 404
        )
        assert (
            http.post(
                "/api/projects",
                json={"name": "intruder", "type": "detection"},
                headers={"X-Workspace": team.foreign_workspace["slug"]},
            ).status
            == 404
        )
        joined = http.post(
            "/api/memberships",
            json={
                "workspace": team.foreign_workspace["id"],
                "user": team.users[role].id,
                "role": "owner",
            },
        )
        assert joined.status == 404, joined
    outsider = team.users["outsider"].http
    after = outsider.get(url).expect(200).json()
    assert after["name"] == foreign["name"]
    assert after["statistics"]["tasks"] == 0
    assert count(outsider, "/api/memberships", workspace=team.foreign_workspace["id"]) == 1


def test_admin_sees_everything(team: Team) -> None:
    admin = team.admin
    for url in (
        f"/api/workspaces/{team.workspace['id']}",
        f"/api/projects/{team.project['id']}",
        f"/api/labels/{team.label['id']}",
        f"/api/tasks/{team.task['id']}",
        f"/api/jobs/{team.job['id']}",
        f"/api/memberships/{team.memberships['viewer']['id']}",
        f"/api/projects/{team.foreign_project['id']}",
    ):
        assert admin.get(url).status == 200, url
    assert admin.get(f"/api/workspaces/{team.workspace['id']}").json()["role"] is None
    scoped = admin.in_workspace(team.slug)
    assert team.project["id"] in {p["id"] for p in scoped.list_all("/api/projects")}
    assert team.task["id"] in {t["id"] for t in scoped.list_all("/api/tasks")}
    members = admin.list_all("/api/memberships", {"workspace": team.workspace["id"]})
    member_ids = {m["user"]["id"] for m in members}
    assert {team.users[role].id for role in ROLES if role != "outsider"} <= member_ids
    every_workspace = {w["id"] for w in admin.list_all("/api/workspaces")}
    assert {team.workspace["id"], team.foreign_workspace["id"]} <= every_workspace
