"""Review issues: every actor against every issue operation, and what an issue is pinned to.

The crew of :mod:`.test_review_roles` (owner, maintainer, member, viewer, the job's annotator
and reviewer, an outsider and a site administrator). The rules: the job's reviewer and the
workspace's maintainers and owners raise issues; the job's assignee, its reviewer, maintainers
and owners comment, resolve and reopen; other members and viewers only read; outsiders see
nothing (404). A refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from support import Http, Response, ServerProcess
from support.http import assert_problem

from .test_review_roles import ACTORS, IN_PROGRESS, Crew, assemble_crew

Pinned = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def crew(server: ServerProcess, admin_token: str) -> Crew:
    return assemble_crew(server, admin_token)


@pytest.fixture(scope="module")
def pinned(crew: Crew) -> Pinned:
    """One job (with one asset) that every case of the matrix raises its issues on."""
    return crew.fresh_job(IN_PROGRESS)


def raise_issue(crew: Crew, on: Pinned, **body: Any) -> Pinned:
    """An issue the job's reviewer raised on a point of its asset."""
    job, asset = on
    body = {"asset": asset["id"], "message": "the car is cut off", **body}
    body.setdefault("region", {"kind": "point", "points": [2, 3]})
    reviewer = crew.users["reviewer"].http
    issue = reviewer.post(f"/api/jobs/{job['id']}/issues", json=body).expect(201).json()
    return job, issue


Prepared = tuple[Callable[[], Response], Callable[[], Any]]
Act = Callable[[Crew, Pinned, Http], Prepared]


def create(crew: Crew, on: Pinned, actor: Http) -> Prepared:
    job, asset = on
    url = f"/api/jobs/{job['id']}/issues"
    body = {"asset": asset["id"], "message": "m", "region": {"kind": "box", "points": [1, 1, 4, 4]}}

    def probe() -> Any:
        return crew.owner.get("/api/issues", params={"job": job["id"]}).json()["count"]

    return lambda: actor.post(url, json=body), probe


def on_issue(method: str, suffix: str = "", body: dict[str, Any] | None = None) -> Act:
    def act(crew: Crew, on: Pinned, actor: Http) -> Prepared:
        _, issue = raise_issue(crew, on)
        if body == {"resolved": False}:
            crew.owner.patch(f"/api/issues/{issue['id']}", json={"resolved": True}).expect(200)
        url = f"/api/issues/{issue['id']}{suffix}"

        def probe() -> Any:
            found = crew.owner.get(f"/api/issues/{issue['id']}")
            return found.status, found.json() if found.status == 200 else None

        kwargs = {} if body is None else {"json": body}
        return lambda: actor.request(method, url, **kwargs), probe

    return act


@dataclass
class Op:
    name: str
    act: Act
    # owner, maintainer, member, viewer, outsider, annotator, reviewer, admin
    expected: tuple[int, int, int, int, int, int, int, int]


def answered(status: int) -> tuple[int, int, int, int, int, int, int, int]:
    return (status, status, 403, 403, 404, status, status, status)


OPS = [
    Op("raise", create, (201, 201, 403, 403, 404, 403, 201, 201)),
    Op("read", on_issue("GET"), (200, 200, 200, 200, 404, 200, 200, 200)),
    Op("comments", on_issue("GET", "/comments"), (200, 200, 200, 200, 404, 200, 200, 200)),
    Op("comment", on_issue("POST", "/comments", {"message": "fixed"}), answered(201)),
    Op("resolve", on_issue("PATCH", "", {"resolved": True}), answered(200)),
    Op("reopen", on_issue("PATCH", "", {"resolved": False}), answered(200)),
    Op("delete", on_issue("DELETE"), (204, 204, 403, 403, 404, 403, 204, 204)),
]

CASES = [
    pytest.param(op, actor, expected, id=f"{op.name}-{actor}")
    for op in OPS
    for actor, expected in zip(ACTORS, op.expected, strict=True)
]


@pytest.mark.parametrize(("op", "actor", "expected"), CASES)
def test_actor_against_issue_operation(
    crew: Crew, pinned: Pinned, op: Op, actor: str, expected: int
) -> None:
    act, probe = op.act(crew, pinned, crew.http(actor))
    before = probe()
    response = act()
    assert response.status == expected, f"{actor} {op.name}: {response!r}"
    if expected >= 400:
        problem = assert_problem(response, expected)
        assert probe() == before, f"a refused {op.name} by {actor} changed something"
        if expected == 403 and actor in ("member", "annotator") and op.name == "raise":
            assert "reviewer" in problem["detail"]
        if expected == 403 and actor == "member" and op.name in ("comment", "resolve"):
            assert "assignee, its reviewer" in problem["detail"]
    elif op.name != "read" and op.name != "comments":
        assert probe() != before, f"{op.name} by {actor} changed nothing"


def test_a_thread_from_raise_to_resolve_and_reopen(crew: Crew, pinned: Pinned) -> None:
    job, issue = raise_issue(crew, pinned)
    assert issue["region"] == {"kind": "point", "points": [2, 3]}
    assert issue["author"] == crew.users["reviewer"].basic
    assert (issue["resolved"], issue["resolved_by"], issue["comment_count"]) == (False, None, 0)
    annotator, reviewer = crew.users["annotator"], crew.users["reviewer"]
    url = f"/api/issues/{issue['id']}"
    comment = annotator.http.post(f"{url}/comments", json={"message": "moved it"}).expect(201)
    assert comment.json()["author"] == annotator.basic
    reviewer.http.post(f"{url}/comments", json={"message": "thanks"}).expect(201)
    read = reviewer.http.get(url).expect(200)
    assert read.json()["comment_count"] == 2
    resolved = annotator.http.patch(url, json={"resolved": True}, headers={"If-Match": read.etag})
    body = resolved.expect(200).json()
    assert (body["resolved"], body["resolved_by"]) == (True, annotator.basic)
    assert body["resolved_at"] is not None
    stale = reviewer.http.patch(url, json={"resolved": False}, headers={"If-Match": read.etag})
    assert_problem(stale, 412)
    reopened = reviewer.http.patch(url, json={"resolved": False}).expect(200).json()
    assert (reopened["resolved"], reopened["resolved_by"], reopened["resolved_at"]) == (
        False,
        None,
        None,
    )
    thread = crew.users["viewer"].http.get(f"{url}/comments").expect(200).json()
    assert [c["message"] for c in thread["results"]] == ["moved it", "thanks"]


def test_open_issues_are_listed_by_job_task_asset_and_state(crew: Crew) -> None:
    job, first = raise_issue(crew, crew.fresh_job(IN_PROGRESS))
    asset = first["asset"]
    second = crew.owner.post(
        f"/api/jobs/{job['id']}/issues",
        json={"asset": asset, "message": "b", "region": {"kind": "box", "points": [0, 0, 8, 8]}},
    ).expect(201)
    crew.owner.patch(f"/api/issues/{first['id']}", json={"resolved": True}).expect(200)

    def ids(**params: Any) -> list[int]:
        found = crew.users["viewer"].http.get("/api/issues", params=params).expect(200).json()
        return [i["id"] for i in found["results"]]

    assert ids(job=job["id"]) == [first["id"], second.json()["id"]]
    assert ids(task=job["task"], resolved="false") == [second.json()["id"]]
    assert ids(asset=asset, resolved="true") == [first["id"]]
    assert ids(job=job["id"], author=crew.users["owner"].username) == [second.json()["id"]]
    assert (
        crew.users["outsider"].http.get("/api/issues", params={"job": job["id"]}).json()["count"]
        == 0
    )


def test_an_issue_on_a_shape_keeps_its_pin_when_the_shape_goes(crew: Crew) -> None:
    job, asset = crew.fresh_job(IN_PROGRESS)
    label = crew.project["labels"][0]["id"]
    shape = {"asset": asset["id"], "label": label, "kind": "bbox", "points": [1, 2, 5, 6]}
    url = f"/api/jobs/{job['id']}/annotations"
    made = crew.owner.patch(url, json={"create": [shape]}).expect(200).json()
    shape_id = made["created"][0]["id"]
    issue = (
        crew.users["reviewer"]
        .http.post(
            f"/api/jobs/{job['id']}/issues",
            json={"asset": asset["id"], "shape": shape_id, "message": "wrong label"},
        )
        .expect(201)
        .json()
    )
    assert issue["shape"] == shape_id
    assert issue["region"] == {"kind": "box", "points": [1, 2, 5, 6]}
    crew.owner.patch(url, json={"delete": [shape_id]}).expect(200)
    after = crew.owner.get(f"/api/issues/{issue['id']}").expect(200).json()
    assert after["shape"] is None
    assert after["region"] == issue["region"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": "m"}, "region"),
        ({"message": "m", "region": {"kind": "point", "points": [1, 2, 3]}}, "region.points"),
        ({"message": "m", "region": {"kind": "box", "points": [5, 5, 1, 1]}}, "region.points"),
        ({"message": "m", "region": {"kind": "point", "points": [9, 1]}}, "region.points"),
        ({"message": "m", "region": {"kind": "point", "points": [-1, 1]}}, "region.points"),
        ({"message": "m", "shape": 987654321}, "shape"),
        ({"message": "", "region": {"kind": "point", "points": [1, 1]}}, "message"),
    ],
)
def test_bad_issues_are_refused_naming_the_field(
    crew: Crew, pinned: Pinned, body: dict[str, Any], field: str
) -> None:
    job, asset = pinned
    url = f"/api/jobs/{job['id']}/issues"
    before = crew.owner.get("/api/issues", params={"job": job["id"]}).json()["count"]
    refused = crew.owner.post(url, json={"asset": asset["id"], **body})
    assert_problem(refused, 400, field=field)
    assert crew.owner.get("/api/issues", params={"job": job["id"]}).json()["count"] == before


def test_an_asset_of_another_job_is_refused(crew: Crew, pinned: Pinned) -> None:
    job, _ = crew.fresh_job(IN_PROGRESS)
    _, other_asset = pinned
    refused = crew.owner.post(
        f"/api/jobs/{job['id']}/issues",
        json={
            "asset": other_asset["id"],
            "message": "m",
            "region": {"kind": "point", "points": [1, 1]},
        },
    )
    assert_problem(refused, 400, field="asset")
