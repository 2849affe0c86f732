"""ETags on single objects; If-Match on PATCH and DELETE: a match proceeds, a stale one is 412."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from support import TestUser, assert_problem, create_project, create_task, create_workspace, unique
from support.factories import add_member, job_of

Factory = Callable[[TestUser, Callable[..., TestUser]], str]


@dataclass
class Resource:
    """How to make one object (returning its URL) and a change to apply to it."""

    name: str
    make: Factory
    patch: Callable[[], dict[str, Any]]
    deletable: bool = True


def make_project(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    return f"/api/projects/{create_project(user.http)['id']}"


def make_label(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    project = create_project(user.http, labels=["cat"])
    return f"/api/labels/{project['labels'][0]['id']}"


def make_task(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    return f"/api/tasks/{create_task(user.http, create_project(user.http)['id'])['id']}"


def make_job(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    task = create_task(user.http, create_project(user.http)["id"])
    return f"/api/jobs/{job_of(user.http, task['id'])['id']}"


def make_workspace(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    return f"/api/workspaces/{create_workspace(user.http)['id']}"


def make_membership(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    workspace = create_workspace(user.http)
    member = make_user()
    return f"/api/memberships/{add_member(user.http, workspace, member.id, 'viewer')['id']}"


def make_token(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    token = user.http.post("/api/auth/tokens", json={"name": "etag"}).expect(201).json()
    return f"/api/auth/tokens/{token['id']}"


def make_self(user: TestUser, make_user: Callable[..., TestUser]) -> str:
    return f"/api/users/{user.id}"


RESOURCES = [
    Resource("project", make_project, lambda: {"name": unique("renamed")}),
    Resource("label", make_label, lambda: {"name": unique("renamed")}),
    Resource("task", make_task, lambda: {"name": unique("renamed")}),
    Resource("job", make_job, lambda: {"state": "in_progress"}, deletable=False),
    Resource("workspace", make_workspace, lambda: {"name": unique("renamed")}),
    Resource("membership", make_membership, lambda: {"role": "member"}),
    Resource("user", make_self, lambda: {"first_name": unique("renamed")}, deletable=False),
]
PATCHABLE = [pytest.param(r, id=r.name) for r in RESOURCES]
DELETABLE = [pytest.param(r, id=r.name) for r in RESOURCES if r.deletable] + [
    pytest.param(Resource("token", make_token, dict), id="token")
]


@pytest.mark.parametrize("resource", PATCHABLE)
def test_if_match_guards_patch(
    resource: Resource, new_user: TestUser, make_user: Callable[..., TestUser]
) -> None:
    http = new_user.http
    url = resource.make(new_user, make_user)
    first = http.get(url).expect(200)
    etag = first.etag
    assert etag, f"no ETag on GET {url}"
    assert http.get(url).etag == etag, "an unchanged object keeps its ETag"

    changed = http.patch(url, json=resource.patch(), headers={"If-Match": etag}).expect(200)
    new_etag = changed.etag
    assert new_etag, "a change gives a new ETag"
    assert new_etag != etag, "a change gives a new ETag"
    assert http.get(url).etag == new_etag, "PATCH answers the current ETag"
    state = http.get(url).json()

    stale = http.patch(url, json=resource.patch(), headers={"If-Match": etag})
    assert_problem(stale, 412)
    assert http.get(url).json() == state, "a refused PATCH changes nothing"
    assert http.get(url).etag == new_etag

    without = http.patch(url, json=resource.patch())
    assert without.status == 200, "If-Match is optional"


@pytest.mark.parametrize("resource", DELETABLE)
def test_if_match_guards_delete(
    resource: Resource, new_user: TestUser, make_user: Callable[..., TestUser]
) -> None:
    http = new_user.http
    url = resource.make(new_user, make_user)
    etag = http.get(url).expect(200).etag
    assert etag
    stale = '"0-not-the-current-etag"'
    assert stale != etag
    assert_problem(http.delete(url, headers={"If-Match": stale}), 412)
    assert http.get(url).status == 200, "a refused DELETE deletes nothing"
    assert http.delete(url, headers={"If-Match": etag}).status == 204
    assert_problem(http.get(url), 404)


def test_stale_etag_after_someone_elses_change(make_user: Callable[..., TestUser]) -> None:
    owner, colleague = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, colleague.id, "member")
    project = create_project(owner.http, workspace=workspace["slug"])
    url = f"/api/projects/{project['id']}"
    seen_by_owner = owner.http.get(url).etag
    colleague.http.patch(url, json={"description": "colleague was here"}).expect(200)
    response = owner.http.patch(
        url, json={"description": "owner overwrites"}, headers={"If-Match": seen_by_owner}
    )
    assert_problem(response, 412)
    assert owner.http.get(url).json()["description"] == "colleague was here"


def test_created_objects_carry_an_etag_that_matches(new_user: TestUser) -> None:
    response = new_user.http.post(
        "/api/projects", json={"name": unique("etag"), "type": "detection"}
    ).expect(201)
    assert response.etag
    url = f"/api/projects/{response.json()['id']}"
    patched = new_user.http.patch(
        url, json={"description": "x"}, headers={"If-Match": new_user.http.get(url).etag}
    )
    assert patched.status == 200
