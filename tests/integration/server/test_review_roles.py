"""Roles that fit annotation work: every actor against every job operation the web app offers.

A shared workspace holds an owner, a maintainer, a member, a viewer, a job's annotator (its
assignee, a member) and its reviewer (a member); an outsider belongs elsewhere and a site
administrator belongs nowhere. Each case starts from a fresh job in the stage the operation
needs. The rules: anyone who may write hands a job over for review; review decisions (accept,
send back, reopen) are the reviewer's or a maintainer's/owner's, never the assignee's; an
accepted job's annotations are read-only (409) however they are written; viewers neither write
nor export (403); outsiders see nothing (404). A refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from support import Http, Response, ServerProcess, TestUser, create_project, create_task
from support.factories import add_member, create_user, create_workspace, job_of

from .operations_support import png, upload

ACTORS = ["owner", "maintainer", "member", "viewer", "outsider", "annotator", "reviewer", "admin"]
WORKSPACE_ROLES = {
    "maintainer": "maintainer",
    "member": "member",
    "viewer": "viewer",
    "annotator": "member",
    "reviewer": "member",
}

IN_PROGRESS = {"stage": "annotation", "state": "in_progress"}
IN_REVIEW = {"stage": "validation", "state": "new"}
ACCEPTED = {"stage": "acceptance", "state": "completed"}
SENT_BACK = {"stage": "annotation", "state": "rejected"}


@dataclass
class Crew:
    users: dict[str, TestUser]
    admin: Http
    workspace: dict[str, Any]
    project: dict[str, Any]

    @property
    def owner(self) -> Http:
        return self.users["owner"].http

    def http(self, actor: str) -> Http:
        return self.admin if actor == "admin" else self.users[actor].http

    def fresh_job(self, stage: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
        """A job with one asset, assigned to the annotator and the reviewer, in ``stage``."""
        task = create_task(self.owner, self.project["id"])
        asset = upload(self.owner, task["id"], [("a.png", png(8, 8))])[0]
        job = job_of(self.owner, task["id"])
        people = {"assignee": self.users["annotator"].id, "reviewer": self.users["reviewer"].id}
        job = self.owner.patch(f"/api/jobs/{job['id']}", json=people).expect(200).json()
        if stage != IN_PROGRESS:  # the owner (no assignee) may put it anywhere
            self.owner.patch(f"/api/jobs/{job['id']}", json=IN_PROGRESS).expect(200)
            job = self.owner.patch(f"/api/jobs/{job['id']}", json=stage).expect(200).json()
        return job, asset


@pytest.fixture(scope="module")
def crew(server: ServerProcess, admin_token: str) -> Crew:
    return assemble_crew(server, admin_token)


def assemble_crew(server: ServerProcess, admin_token: str) -> Crew:
    """Every actor, a shared workspace with their roles, and a project with one box label."""
    admin = server.http(token=admin_token)
    users = {a: create_user(admin, prefix=a) for a in ACTORS if a != "admin"}
    workspace = create_workspace(users["owner"].http, prefix="crew")
    for actor, role in WORKSPACE_ROLES.items():
        add_member(users["owner"].http, workspace, users[actor].id, role)
    labels = [{"name": "car", "kind": "bbox"}]
    project = create_project(users["owner"].http, workspace=workspace["slug"], labels=labels)
    return Crew(users, admin, workspace, project)


def box(crew: Crew, asset: dict[str, Any]) -> dict[str, Any]:
    label = crew.project["labels"][0]["id"]
    return {"asset": asset["id"], "label": label, "kind": "bbox", "points": [1, 1, 4, 4]}


# ------------------------------------------------------------------------------- operations
Prepared = tuple[Callable[[], Response], Callable[[], Any]]
Act = Callable[[Crew, Http], Prepared]


def move_job(start: dict[str, str], to: dict[str, Any]) -> Act:
    def act(crew: Crew, actor: Http) -> Prepared:
        job, _ = crew.fresh_job(start)
        url = f"/api/jobs/{job['id']}"
        return lambda: actor.patch(url, json=to), lambda: crew.owner.get(url).json()

    return act


def save_shapes(start: dict[str, str], through: str) -> Act:
    def act(crew: Crew, actor: Http) -> Prepared:
        job, asset = crew.fresh_job(start)
        url = f"/api/jobs/{job['id']}/annotations"
        if through == "task":
            url = f"/api/tasks/{job['task']}/annotations"
        body = {"create": [box(crew, asset)]}
        shapes = f"/api/jobs/{job['id']}/annotations"
        return lambda: actor.patch(url, json=body), lambda: crew.owner.get(shapes).json()

    return act


def delete_asset(crew: Crew, actor: Http) -> Prepared:
    job, asset = crew.fresh_job(ACCEPTED)
    url = f"/api/assets/{asset['id']}"
    return lambda: actor.delete(url), lambda: crew.owner.get(url).status


def export_project(crew: Crew, actor: Http) -> Prepared:
    url = f"/api/projects/{crew.project['id']}/exports"
    operations = "/api/operations"
    return lambda: actor.post(url, json={"format": "coco"}), lambda: crew.owner.get(
        operations
    ).json()["count"]


def assign(crew: Crew, actor: Http) -> Prepared:
    job, _ = crew.fresh_job(IN_PROGRESS)
    url = f"/api/jobs/{job['id']}"
    body = {"assignee": crew.users["member"].id, "reviewer": crew.users["maintainer"].id}
    return lambda: actor.patch(url, json=body), lambda: crew.owner.get(url).json()


@dataclass
class Op:
    name: str
    act: Act
    # owner, maintainer, member, viewer, outsider, annotator, reviewer, admin
    expected: tuple[int, int, int, int, int, int, int, int]


WRITERS = (200, 200, 200, 403, 404, 200, 200, 200)
REVIEWERS = (200, 200, 403, 403, 404, 403, 200, 200)
READ_ONLY = (409, 409, 409, 403, 404, 409, 409, 409)


def assign_annotator(crew: Crew, actor: Http) -> Prepared:
    job, _ = crew.fresh_job(IN_PROGRESS)
    url = f"/api/jobs/{job['id']}"
    body = {"assignee": crew.users["member"].id}
    return lambda: actor.patch(url, json=body), lambda: crew.owner.get(url).json()


OPS = [
    Op("assign-annotator", assign_annotator, WRITERS),
    Op("name-reviewer", assign, (200, 200, 403, 403, 404, 403, 403, 200)),
    Op("mark-annotated", move_job(IN_PROGRESS, IN_REVIEW), WRITERS),
    Op("accept", move_job(IN_REVIEW, ACCEPTED), REVIEWERS),
    Op("send-back", move_job(IN_REVIEW, SENT_BACK), REVIEWERS),
    Op("reopen", move_job(ACCEPTED, IN_PROGRESS), REVIEWERS),
    Op("accept-straight", move_job(IN_PROGRESS, ACCEPTED), REVIEWERS),
    Op("save-shapes", save_shapes(IN_PROGRESS, "job"), WRITERS),
    Op("save-shapes-accepted", save_shapes(ACCEPTED, "job"), READ_ONLY),
    Op("save-task-shapes-accepted", save_shapes(ACCEPTED, "task"), READ_ONLY),
    Op("delete-asset-accepted", delete_asset, READ_ONLY),
    Op("export", export_project, (202, 202, 202, 403, 404, 202, 202, 202)),
]

CASES = [
    pytest.param(op, actor, expected, id=f"{op.name}-{actor}")
    for op in OPS
    for actor, expected in zip(ACTORS, op.expected, strict=True)
]


@pytest.mark.parametrize(("op", "actor", "expected"), CASES)
def test_actor_against_job_operation(crew: Crew, op: Op, actor: str, expected: int) -> None:
    act, probe = op.act(crew, crew.http(actor))
    before = probe()
    response = act()
    assert response.status == expected, f"{actor} {op.name}: {response!r}"
    if expected >= 400:
        problem = response.problem()
        assert probe() == before, f"a refused {op.name} by {actor} changed something"
        if expected == 409:
            assert "is accepted" in problem["detail"]
            assert "read-only until its reviewer or a maintainer reopens it" in problem["detail"]
        if expected == 403 and actor == "annotator" and op.name != "name-reviewer":
            assert "You are this job's assignee" in problem["detail"]
        if expected == 403 and op.name == "name-reviewer" and actor != "viewer":
            assert "owners and maintainers name a job's reviewer" in problem["detail"]


def test_a_maintainer_does_not_accept_a_job_it_annotated(crew: Crew) -> None:
    job, _ = crew.fresh_job(IN_PROGRESS)
    maintainer = crew.users["maintainer"]
    url = f"/api/jobs/{job['id']}"
    crew.owner.patch(url, json={"assignee": maintainer.id}).expect(200)
    maintainer.http.patch(url, json=IN_REVIEW).expect(200)
    refused = maintainer.http.patch(url, json=ACCEPTED)
    assert refused.status == 403, refused
    assert "assignee" in refused.problem()["detail"]
    assert crew.users["reviewer"].http.patch(url, json=ACCEPTED).status == 200


def test_an_accepted_job_is_written_again_once_reopened(crew: Crew) -> None:
    job, asset = crew.fresh_job(ACCEPTED)
    url = f"/api/jobs/{job['id']}"
    annotator = crew.users["annotator"].http
    assert annotator.patch(f"{url}/annotations", json={"create": [box(crew, asset)]}).status == 409
    crew.users["reviewer"].http.patch(url, json=IN_PROGRESS).expect(200)
    annotator.patch(f"{url}/annotations", json={"create": [box(crew, asset)]}).expect(200)
    assert len(crew.owner.get(f"{url}/annotations").json()["shapes"]) == 1


@pytest.mark.parametrize("field", ["assignee", "reviewer"])
def test_assignees_and_reviewers_are_members_without_revealing_accounts(
    crew: Crew, field: str
) -> None:
    job, _ = crew.fresh_job(IN_PROGRESS)
    url = f"/api/jobs/{job['id']}"
    outsider = crew.users["outsider"].id
    answers = [crew.owner.patch(url, json={field: user}) for user in (outsider, 987654321)]
    details = []
    for answer, user in zip(answers, (outsider, 987654321), strict=True):
        assert answer.status == 400, answer
        problem = answer.problem()
        assert problem["errors"] == [
            {"field": field, "message": f"no member of this workspace has the id {user}"}
        ]
        details.append(problem["detail"].replace(str(user), "N"))
    assert details[0] == details[1], "an existing account must look like an unknown one"
    assert crew.owner.get(url).json()[field] == job[field]


def test_task_assignees_are_members(crew: Crew) -> None:
    outsider = crew.users["outsider"]
    body = {"project": crew.project["id"], "name": "t", "assignee": outsider.id}
    refused = crew.owner.post("/api/tasks", json=body)
    assert refused.status == 400, refused
    assert refused.problem()["errors"][0]["field"] == "assignee"
    task = create_task(crew.owner, crew.project["id"])
    patched = crew.owner.patch(f"/api/tasks/{task['id']}", json={"assignee": outsider.id})
    assert patched.status == 400, patched
    member = crew.users["member"]
    assigned = crew.owner.patch(f"/api/tasks/{task['id']}", json={"assignee": member.id})
    assert assigned.expect(200).json()["assignee"]["id"] == member.id


def test_jobs_are_listed_by_reviewer(crew: Crew) -> None:
    job, _ = crew.fresh_job(IN_PROGRESS)
    reviewer = crew.users["reviewer"]
    found = crew.owner.get(
        "/api/jobs", params={"reviewer": reviewer.username, "task": job["task"]}
    ).expect(200)
    assert [j["id"] for j in found.json()["results"]] == [job["id"]]
    assert found.json()["results"][0]["reviewer"] == reviewer.basic
    nobody = crew.owner.get(
        "/api/jobs", params={"reviewer": crew.users["member"].username, "task": job["task"]}
    )
    assert nobody.expect(200).json()["count"] == 0
