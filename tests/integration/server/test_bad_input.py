"""Requests that break the contract: a 4xx problem naming the field, never a 5xx, and no change.

Every case sends one bad request and checks that the answer is ``application/problem+json``
with ``status``, ``title`` and ``detail`` (and, where a field is to blame, an ``errors`` entry
naming it), and that the database is exactly as before: the row count of every table (read
straight from the database) and the objects the request aimed at (read through the API).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from support import (
    DatabaseProbe,
    Http,
    Response,
    ServerProcess,
    TestUser,
    assert_problem,
    create_project,
    create_task,
    create_workspace,
)
from support.factories import create_user, job_of


@dataclass
class Target:
    """Objects that bad requests aim at, all owned by ``user``."""

    user: TestUser
    admin: Http
    project: dict[str, Any]
    task: dict[str, Any]
    job: dict[str, Any]
    workspace: dict[str, Any]

    @property
    def http(self) -> Http:
        return self.user.http

    def urls(self) -> list[str]:
        return [
            f"/api/projects/{self.project['id']}",
            f"/api/labels/{self.project['labels'][0]['id']}",
            f"/api/tasks/{self.task['id']}",
            f"/api/jobs/{self.job['id']}",
            f"/api/workspaces/{self.workspace['id']}",
            f"/api/users/{self.user.id}",
        ]

    def snapshot(self) -> dict[str, Any]:
        seen = {}
        for url in self.urls():
            response = self.http.get(url).expect(200)
            seen[url] = (response.json(), response.etag)
        return seen


@pytest.fixture(scope="module")
def target(server: ServerProcess, admin_token: str) -> Target:
    """Shared by the module's cases: refused requests leave it alone (which each case checks)."""
    admin = server.http(token=admin_token)
    user = create_user(admin, prefix="target")
    http = user.http
    project = create_project(http, labels=[{"name": "cat", "color": "#123456"}])
    task = create_task(http, project["id"])
    return Target(
        user=user,
        admin=admin,
        project=project,
        task=task,
        job=job_of(http, task["id"]),
        workspace=create_workspace(http),
    )


Send = Callable[[Target], Response]


@dataclass
class Bad:
    send: Send
    status: int | tuple[int, ...] = 400
    field: str | None = None


def post(path: str, body: Any, *, as_admin: bool = False) -> Send:
    return lambda t: (t.admin if as_admin else t.http).post(path, json=body)


def patch(kind: str, body: Any) -> Send:
    def send(t: Target) -> Response:
        ids = {
            "projects": t.project["id"],
            "tasks": t.task["id"],
            "jobs": t.job["id"],
            "labels": t.project["labels"][0]["id"],
            "workspaces": t.workspace["id"],
            "users": t.user.id,
        }
        return t.http.patch(f"/api/{kind}/{ids[kind]}", json=body)

    return send


def get(path: str, **params: Any) -> Send:
    return lambda t: t.http.get(path, params=params)


def raw(method: str, path: str, body: bytes | None, content_type: str | None) -> Send:
    return lambda t: t.http.request(method, path, body=body, content_type=content_type)


PROJECT = {"name": "valid name", "type": "detection"}
LONG = "x" * 257

CASES: dict[str, Bad] = {
    # -- request bodies: wrong type, missing, enum, unknown key, bounds, nesting
    "project-name-wrong-type": Bad(post("/api/projects", {**PROJECT, "name": 123}), field="name"),
    "project-name-null": Bad(post("/api/projects", {**PROJECT, "name": None}), field="name"),
    "project-name-empty": Bad(post("/api/projects", {**PROJECT, "name": ""}), field="name"),
    "project-name-too-long": Bad(post("/api/projects", {**PROJECT, "name": LONG}), field="name"),
    "project-type-missing": Bad(post("/api/projects", {"name": "no type"}), field="type"),
    "project-type-unknown": Bad(post("/api/projects", {**PROJECT, "type": "video"}), field="type"),
    "project-unknown-key": Bad(post("/api/projects", {**PROJECT, "colour": "red"}), field="colour"),
    "project-label-color": Bad(
        post("/api/projects", {**PROJECT, "labels": [{"name": "a", "color": "red"}]}),
        field="labels.0.color",
    ),
    "project-label-kind": Bad(
        post("/api/projects", {**PROJECT, "labels": [{"name": "a"}, {"name": "b", "kind": "x"}]}),
        field="labels.1.kind",
    ),
    "project-labels-not-a-list": Bad(
        post("/api/projects", {**PROJECT, "labels": "cat"}), field="labels"
    ),
    "project-body-is-a-list": Bad(post("/api/projects", [PROJECT])),
    "project-body-is-null": Bad(post("/api/projects", None)),
    "project-patch-status": Bad(patch("projects", {"status": "done"}), field="status"),
    "project-patch-unknown-key": Bad(patch("projects", {"owner": 1}), field="owner"),
    "project-patch-type-is-not-patchable": Bad(
        patch("projects", {"type": "keypoints"}), field="type"
    ),
    "project-patch-description": Bad(patch("projects", {"description": 5}), field="description"),
    "label-patch-color": Bad(patch("labels", {"color": "#12345"}), field="color"),
    "label-patch-name-empty": Bad(patch("labels", {"name": ""}), field="name"),
    "task-project-string": Bad(
        post("/api/tasks", {"project": "abc", "name": "t"}), field="project"
    ),
    "task-project-zero": Bad(post("/api/tasks", {"project": 0, "name": "t"}), field="project"),
    "task-name-missing": Bad(
        lambda t: t.http.post("/api/tasks", json={"project": t.project["id"]}), field="name"
    ),
    "task-assignee-string": Bad(
        lambda t: t.http.post(
            "/api/tasks", json={"project": t.project["id"], "name": "t", "assignee": "bob"}
        ),
        field="assignee",
    ),
    "task-patch-status": Bad(patch("tasks", {"status": "paused"}), field="status"),
    "task-patch-subset-too-long": Bad(patch("tasks", {"subset": "s" * 65}), field="subset"),
    "job-patch-stage": Bad(patch("jobs", {"stage": "review"}), field="stage"),
    "job-patch-state-number": Bad(patch("jobs", {"state": 1}), field="state"),
    "workspace-slug-pattern": Bad(
        post("/api/workspaces", {"slug": "Bad Slug", "name": "n"}), field="slug"
    ),
    "workspace-patch-slug": Bad(patch("workspaces", {"slug": "-dash-first"}), field="slug"),
    "membership-role": Bad(
        lambda t: t.http.post(
            "/api/memberships",
            json={"workspace": t.workspace["id"], "user": t.user.id, "role": "boss"},
        ),
        field="role",
    ),
    "user-password-short": Bad(
        post("/api/users", {"username": "shortpw", "password": "short"}, as_admin=True),
        field="password",
    ),
    "user-username-pattern": Bad(
        post("/api/users", {"username": "bad name!", "password": "Password-123"}, as_admin=True),
        field="username",
    ),
    "user-is-admin-string": Bad(
        post(
            "/api/users",
            {"username": "strflag", "password": "Password-123", "is_admin": "yes"},
            as_admin=True,
        ),
        field="is_admin",
    ),
    "user-patch-unknown-key": Bad(patch("users", {"username": "rename"}), field="username"),
    "token-expires-at": Bad(
        post("/api/auth/tokens", {"name": "t", "expires_at": "tomorrow"}), field="expires_at"
    ),
    "token-name-missing": Bad(post("/api/auth/tokens", {}), field="name"),
    "login-unknown-key": Bad(
        post("/api/auth/login", {"username": "u", "password": "p", "remember": True}),
        field="remember",
    ),
    "login-otp-pattern": Bad(
        post("/api/auth/login", {"username": "u", "password": "p", "otp": "12ab"}), field="otp"
    ),
    "password-change-missing-old": Bad(
        post("/api/auth/password", {"new_password": "Password-123"}), field="old_password"
    ),
    "2fa-code-pattern": Bad(post("/api/auth/2fa/confirm", {"code": "1234567"}), field="code"),
    # -- bodies that are not JSON at all
    "malformed-json": Bad(raw("POST", "/api/projects", b'{"name": "x", ', "application/json")),
    "json-with-trailing-garbage": Bad(
        raw("POST", "/api/projects", json.dumps(PROJECT).encode() + b"}", "application/json")
    ),
    "not-utf8": Bad(
        raw(
            "POST",
            "/api/projects",
            b'{"name": "\xff\xfe", "type": "detection"}',
            "application/json",
        )
    ),
    "text-plain-body": Bad(
        raw("POST", "/api/projects", json.dumps(PROJECT).encode(), "text/plain"), status=(400, 415)
    ),
    "form-body": Bad(
        raw("POST", "/api/projects", b"name=x&type=detection", "application/x-www-form-urlencoded"),
        status=(400, 415),
    ),
    "missing-body": Bad(raw("POST", "/api/projects", None, None)),
    "empty-json-body": Bad(raw("POST", "/api/projects", b"", "application/json")),
    "body-too-large": Bad(
        raw(
            "POST",
            "/api/projects",
            json.dumps({**PROJECT, "description": "x" * (20 * 1024 * 1024)}).encode(),
            "application/json",
        ),
        status=413,
    ),
    # -- query parameters
    "page-size-zero": Bad(get("/api/projects", page_size=0), field="page_size"),
    "page-size-too-big": Bad(get("/api/projects", page_size=5000), field="page_size"),
    "page-size-not-a-number": Bad(get("/api/projects", page_size="ten"), field="page_size"),
    "page-zero": Bad(get("/api/projects", page=0), field="page"),
    "unknown-query-parameter": Bad(get("/api/projects", colour="red"), field="colour"),
    "unknown-sort": Bad(get("/api/projects", sort="colour"), field="sort"),
    "unknown-status": Bad(get("/api/projects", status=["active", "bogus"]), field="status"),
    "unknown-type": Bad(get("/api/projects", type="video"), field="type"),
    "boolean-filter": Bad(get("/api/workspaces", is_personal="maybe"), field="is_personal"),
    "integer-filter": Bad(get("/api/tasks", project="abc"), field="project"),
    "search-too-long": Bad(get("/api/projects", search="s" * 257), field="search"),
    # -- path parameters
    "path-id-not-a-number": Bad(lambda t: t.http.get("/api/projects/abc"), field="id"),
    "path-id-zero": Bad(lambda t: t.http.get("/api/projects/0"), field="id"),
    "path-id-negative-patch": Bad(
        lambda t: t.http.patch("/api/projects/-1", json={"name": "x"}), field="id"
    ),
    "path-id-float-delete": Bad(lambda t: t.http.delete("/api/tasks/1.5"), field="id"),
    # -- headers
    "x-workspace-pattern": Bad(
        lambda t: t.http.post("/api/projects", json=PROJECT, headers={"X-Workspace": "Bad Slug!"}),
        field="X-Workspace",
    ),
    "if-match-too-long": Bad(
        lambda t: t.http.patch(
            f"/api/projects/{t.project['id']}",
            json={"name": "x"},
            headers={"If-Match": '"' + "e" * 200 + '"'},
        ),
        field="If-Match",
    ),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=name) for name, c in CASES.items()])
def test_bad_request_is_refused_and_changes_nothing(
    case: Bad, target: Target, db: DatabaseProbe
) -> None:
    rows_before = db.row_counts()
    assert sum(rows_before.values()) > 0, f"the probe sees an empty database: {rows_before}"
    objects_before = target.snapshot()

    response = case.send(target)

    assert response.status < 500, f"server error: {response!r}"
    assert_problem(response, case.status, field=case.field)
    assert db.row_counts() == rows_before, "a refused request changed the database"
    assert target.snapshot() == objects_before, "a refused request changed an object"


def test_the_database_probe_sees_writes(target: Target, db: DatabaseProbe) -> None:
    """The row-count comparisons above would notice a write (they look at the right database)."""
    before = db.row_counts()
    create_project(target.http, labels=["a", "b"])
    after = db.row_counts()
    grown = {table for table in after if after[table] > before.get(table, 0)}
    assert len(grown) >= 2, f"a project with two labels added rows to {grown} only"


# ---------------------------------------------------------------------------------- no 5xx
ODD: dict[str, tuple[Send, tuple[int, ...]]] = {
    "id-beyond-64-bits": (
        lambda t: t.http.get("/api/projects/99999999999999999999999"),
        (400, 404),
    ),
    "id-just-beyond-int64": (lambda t: t.http.get("/api/projects/9223372036854775808"), (400, 404)),
    "id-max-int64": (lambda t: t.http.get("/api/tasks/9223372036854775807"), (400, 404)),
    "id-max-int32-plus-one": (lambda t: t.http.get("/api/jobs/2147483648"), (400, 404)),
    "filter-id-beyond-int64": (
        lambda t: t.http.get("/api/tasks", params={"project": "9223372036854775808"}),
        (200, 400, 404),
    ),
    "page-far-beyond-the-end": (
        lambda t: t.http.get("/api/projects", params={"page": "9223372036854775807"}),
        (200, 400, 404),
    ),
    "page-beyond-int64": (
        lambda t: t.http.get("/api/projects", params={"page": "99999999999999999999999"}),
        (200, 400, 404),
    ),
    "membership-user-beyond-int64": (
        lambda t: t.http.post(
            "/api/memberships",
            json={"workspace": t.workspace["id"], "user": 2**63, "role": "viewer"},
        ),
        (400, 404),
    ),
    "task-assignee-beyond-int64": (
        lambda t: t.http.patch(f"/api/tasks/{t.task['id']}", json={"assignee": 2**63}),
        (400, 404),
    ),
    "assignee-unknown-user": (
        lambda t: t.http.patch(f"/api/tasks/{t.task['id']}", json={"assignee": 987654321}),
        (400, 404, 409),
    ),
    "search-with-nul": (
        lambda t: t.http.get("/api/projects", params={"search": "a\x00b"}),
        (200, 400),
    ),
    "name-filter-with-nul": (
        lambda t: t.http.get("/api/users", params={"username": "a\x00"}),
        (200, 400),
    ),
    "login-with-nul": (
        lambda t: t.http.post("/api/auth/login", json={"username": "a\x00b", "password": "p"}),
        (400, 401),
    ),
    "deeply-nested-json": (
        lambda t: t.http.post(
            "/api/projects",
            body=b'{"name": "x", "type": "detection", "labels": '
            + b"[" * 5000
            + b"]" * 5000
            + b"}",
            content_type="application/json",
        ),
        (400, 413),
    ),
    "huge-number": (
        lambda t: t.http.post(
            "/api/tasks",
            body=b'{"project": 1' + b"0" * 5000 + b', "name": "t"}',
            content_type="application/json",
        ),
        (400, 404, 413),
    ),
    "json-nan": (
        lambda t: t.http.post(
            "/api/tasks", body=b'{"project": NaN, "name": "t"}', content_type="application/json"
        ),
        (400,),
    ),
}


@pytest.mark.parametrize(
    ("send", "allowed"), [pytest.param(*v, id=name) for name, v in ODD.items()]
)
def test_odd_input_never_causes_a_server_error(
    send: Send, allowed: tuple[int, ...], target: Target, db: DatabaseProbe
) -> None:
    rows_before = db.row_counts()
    objects_before = target.snapshot()
    response = send(target)
    assert response.status < 500, f"server error: {response!r}"
    assert response.status in allowed, response
    if response.status >= 400:
        assert_problem(response, response.status)
        assert db.row_counts() == rows_before
        assert target.snapshot() == objects_before


def test_nul_characters_in_text_are_stored_or_refused(target: Target) -> None:
    response = target.http.post("/api/projects", json={**PROJECT, "name": "nul\x00inside"})
    assert response.status < 500, f"server error: {response!r}"
    if response.status == 201:
        fetched = target.http.get(f"/api/projects/{response.json()['id']}").expect(200)
        assert fetched.json()["name"] == "nul\x00inside"
    else:
        assert_problem(response, 400, field="name")


def test_non_ascii_text_round_trips(target: Target) -> None:
    name = "Ünïcødé 项目 🐱"
    project = create_project(target.http, name=name, labels=[{"name": "猫"}])
    fetched = target.http.get(f"/api/projects/{project['id']}").expect(200).json()
    assert fetched["name"] == name
    assert fetched["labels"][0]["name"] == "猫"
    found = target.http.get("/api/projects", params={"search": "项目"}).expect(200).json()
    assert project["id"] in [p["id"] for p in found["results"]]
