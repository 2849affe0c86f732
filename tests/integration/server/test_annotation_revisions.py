"""Saving a job's annotations safely: their ETag, If-Match on PUT/PATCH, 412 on a stale save."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from support import TestUser, assert_problem
from support.db import DatabaseProbe
from support.factories import add_member, create_workspace
from support.http import Http, Response

from .operations_support import finished, start_import
from .test_annotations import Setup


def _tag(job: int, revision: int) -> str:
    return f'"{job}-a{revision}"'


def _if(etag: str | None) -> dict[str, str]:
    assert etag is not None
    return {"If-Match": etag}


def _counts(db: DatabaseProbe) -> dict[str, int]:
    return db.row_counts(exclude=("sessions", "access_tokens"))


@pytest.fixture
def setup(new_user: TestUser) -> Setup:
    return Setup(new_user.http)


def test_get_answers_the_revision_and_its_etag(setup: Setup) -> None:
    got = setup.http.get(setup.job_urls[0]).expect(200)
    assert got.etag == _tag(setup.jobs[0], 0)
    body = got.json()
    assert (body["revision"], body["updated_by"], body["updated_at"]) == (0, None, None)
    # A task's annotations have no revision of their own.
    task = setup.http.get(setup.task_url).expect(200)
    assert task.etag is None
    assert task.json().get("revision") is None


def test_a_save_with_the_current_etag_succeeds_and_answers_the_next(
    setup: Setup, new_user: TestUser
) -> None:
    url, job = setup.job_urls[0], setup.jobs[0]
    job_etag = setup.http.get(f"/api/jobs/{job}").etag
    seen = setup.http.get(url).etag
    patched = setup.http.patch(url, json={"create": [setup.shape(0)]}, headers=_if(seen))
    assert patched.expect(200).etag == _tag(job, 1)
    put = setup.http.put(url, json={"shapes": [setup.shape(1)]}, headers=_if(patched.etag))
    assert put.expect(200).etag == _tag(job, 2)
    assert put.json()["revision"] == 2
    got = setup.http.get(url)
    assert got.etag == _tag(job, 2)
    body = got.json()
    assert body["revision"] == 2
    assert body["updated_by"] == {"id": new_user.id, "username": new_user.username}
    assert body["updated_at"] is not None
    assert [s["asset"] for s in body["shapes"]] == [setup.assets[1]]
    # Saving annotations is not an edit of the job: the job's own ETag stays.
    assert setup.http.get(f"/api/jobs/{job}").etag == job_etag
    # Without If-Match a save works as before, and still bumps the revision.
    assert setup.http.patch(url, json={}).expect(200).etag == _tag(job, 3)
    # "*" matches any revision.
    assert setup.http.patch(url, json={}, headers={"If-Match": "*"}).expect(200).etag == _tag(
        job, 4
    )


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_stale_save_is_412_naming_who_changed_them_and_writes_nothing(
    new_user: TestUser, make_user: Any, db: DatabaseProbe, method: str
) -> None:
    workspace = create_workspace(new_user.http)
    setup = Setup(new_user.http, workspace=workspace["slug"])
    colleague = make_user()
    add_member(new_user.http, workspace, colleague.id, "member")
    url = setup.job_urls[0]
    mine = setup.http.get(url).etag
    theirs = colleague.http.get(url).etag
    assert mine == theirs
    colleague.http.put(url, json={"shapes": [setup.shape(0)]}, headers=_if(theirs)).expect(200)
    before, shapes_before = _counts(db), setup.http.get(url).json()

    if method == "PUT":
        refused = setup.http.put(url, json={"shapes": [setup.shape(1)]}, headers=_if(mine))
    else:
        refused = setup.http.patch(url, json={"create": [setup.shape(1)]}, headers=_if(mine))
    problem = assert_problem(refused, 412, field="If-Match")
    assert colleague.username in problem["detail"]
    assert shapes_before["updated_at"] in problem["detail"]
    assert refused.etag == _tag(setup.jobs[0], 1)
    assert refused.etag in problem["detail"]
    assert _counts(db) == before
    assert setup.http.get(url).json() == shapes_before


def test_task_writes_make_the_touched_jobs_etags_stale(setup: Setup) -> None:
    first, second = setup.job_urls
    seen = [setup.http.get(url).etag for url in setup.job_urls]
    setup.http.patch(setup.task_url, json={"create": [setup.shape(0)]}).expect(200)
    assert setup.http.get(first).etag != seen[0]
    assert setup.http.get(second).etag == seen[1], "the second job's assets were not touched"
    assert_problem(setup.http.patch(first, json={}, headers=_if(seen[0])), 412)
    # A task PATCH that deletes a shape of the first job touches only the first job.
    shape = setup.http.get(setup.task_url).json()["shapes"][0]
    seen = [setup.http.get(url).etag for url in setup.job_urls]
    setup.http.patch(setup.task_url, json={"delete": [shape["id"]]}).expect(200)
    assert setup.http.get(first).etag != seen[0]
    assert setup.http.get(second).etag == seen[1]
    # A task PUT replaces every job's shapes.
    seen = [setup.http.get(url).etag for url in setup.job_urls]
    setup.http.put(setup.task_url, json={"shapes": []}).expect(200)
    for url, etag in zip(setup.job_urls, seen, strict=True):
        assert_problem(setup.http.put(url, json={"shapes": []}, headers=_if(etag)), 412)


def test_an_import_and_an_asset_deletion_make_the_jobs_etags_stale(setup: Setup) -> None:
    first, second = setup.job_urls
    seen = [setup.http.get(url).etag for url in setup.job_urls]
    document = {
        "format": "annota", "version": 1, "labels": [],
        "tasks": [{"name": "t", "assets": [{"name": "2.png", "position": 0}],
                   "shapes": [{"asset": 0, "label": "thing", "kind": "points",
                               "points": [1, 1]}]}],
    }  # fmt: skip
    data = json.dumps(document).encode()
    project = setup.project["id"]
    finished(setup.http, start_import(setup.http, project, "annota", data, "a.json")["id"])
    assert setup.http.get(first).etag == seen[0]
    refused = setup.http.patch(second, json={}, headers=_if(seen[1]))
    problem = assert_problem(refused, 412, field="If-Match")
    assert "import" in problem["detail"]
    seen = [setup.http.get(url).etag for url in setup.job_urls]
    setup.http.delete(f"/api/assets/{setup.assets[0]}").expect(204)
    assert setup.http.get(first).etag != seen[0]
    assert setup.http.get(second).etag == seen[1]


@pytest.mark.parametrize("value", ["garbage", '"1-a0', "W/", '""', "a" * 128, '"0-a0", "x"'])
def test_a_malformed_or_foreign_if_match_is_412(
    setup: Setup, db: DatabaseProbe, value: str
) -> None:
    # As on every other object: an If-Match that names no current version is a failed
    # precondition (412), never a 500.
    before = _counts(db)
    response = setup.http.patch(
        setup.job_urls[0], json={"create": [setup.shape(0)]}, headers={"If-Match": value}
    )
    assert_problem(response, 412, field="If-Match")
    assert _counts(db) == before
    assert setup.http.get(setup.job_urls[0]).etag == _tag(setup.jobs[0], 0)


def test_concurrent_saves_of_the_same_revision_exactly_one_wins(setup: Setup) -> None:
    url = setup.job_urls[0]
    seen = setup.http.get(url).etag
    count = 4
    barrier = threading.Barrier(count)
    answers: list[Response] = []
    lock = threading.Lock()

    def save(index: int) -> None:
        http = Http(setup.http.base_url, token=setup.http.token)
        shape = setup.shape(0, points=[index, index, index + 1, index + 1])
        barrier.wait()
        response = http.patch(url, json={"create": [shape]}, headers=_if(seen))
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(r.status for r in answers)
    assert statuses == [200] + [412] * (count - 1), answers
    body = setup.http.get(url).json()
    assert body["revision"] == 1
    assert len(body["shapes"]) == 1
