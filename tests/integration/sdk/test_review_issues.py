"""Review issues through the SDK: a reviewer raises, the annotator answers and resolves."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image
from support import ServerProcess, TestUser
from support.factories import create_user

import annota
from annota import shapes
from annota.errors import InvalidRequestError, PermissionDeniedError, ValidationError
from annota.proxies.workspaces import Workspace


@dataclass
class Team:
    reviewer: annota.Client
    annotator: annota.Client
    viewer: annota.Client
    job: Any
    asset: Any
    shape_id: int


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "gray").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def team(server: ServerProcess, admin_token: str, tmp_path_factory: Any) -> Iterator[Team]:
    admin_http = server.http(token=admin_token)
    people: dict[str, TestUser] = {
        who: create_user(admin_http, prefix=who) for who in ("reviewer", "annotator", "viewer")
    }
    with annota.Client(server.url, token=admin_token) as admin:
        workspace: Workspace = admin.workspaces.create(
            {"slug": f"issues-{people['viewer'].id}", "name": "issues"}
        )
        for who, role in (("reviewer", "member"), ("annotator", "member"), ("viewer", "viewer")):
            workspace.add_member(people[who].id, role)
        scoped = admin.with_workspace(workspace.slug)
        project = scoped.projects.create(
            {"name": "cars", "type": "detection", "labels": [{"name": "car", "kind": "bbox"}]}
        )
        task = scoped.tasks.create({"project": project.id, "name": "t"})
        image = tmp_path_factory.mktemp("issues") / "a.png"
        image.write_bytes(_png(40, 30))
        asset = task.upload_assets([image])[0]
        stored = task.set_annotations([shapes.bbox(asset, project.labels[0], 2, 3, 12, 13)])
        job = task.get_jobs().first()
        job.update({"assignee": people["annotator"].id, "reviewer": people["reviewer"].id})
        clients = {who: annota.Client(server.url, token=people[who].token) for who in people}
        try:
            yield Team(
                clients["reviewer"],
                clients["annotator"],
                clients["viewer"],
                clients["reviewer"].jobs.retrieve(job.id),
                asset,
                stored.shapes[0].id,
            )
        finally:
            for each in clients.values():
                each.close()


def test_raise_answer_resolve_and_reopen(team: Team) -> None:
    issue = team.job.issues.create(team.asset, region=(5, 6), message="the car is cut off")
    assert (issue.region.kind, issue.region.points) == ("point", [5, 6])
    assert issue.resolved is False

    mine = team.annotator.issues.retrieve(issue.id)
    answer = mine.comment("extended the box")
    assert answer.message == "extended the box"
    assert mine.comment_count == 1
    mine.resolve()
    assert mine.resolved is True
    assert mine.resolved_by.username == answer.author.username

    issue.fetch().comment("looks right now")
    assert [c.message for c in issue.get_comments()] == ["extended the box", "looks right now"]
    issue.reopen()
    assert issue.resolved is False
    assert issue in list(team.viewer.issues.list(job=team.job.id, resolved=False))


def test_an_issue_on_a_shape_takes_its_box(team: Team) -> None:
    issue = team.job.issues.create(team.asset, shape=team.shape_id, message="wrong label")
    assert issue.shape == team.shape_id
    assert (issue.region.kind, issue.region.points) == ("box", [2, 3, 12, 13])
    assert issue in list(team.job.issues.list())


def test_stale_resolve_is_refused(team: Team) -> None:
    issue = team.job.issues.create(team.asset, region=(1, 1, 4, 4), message="m")
    other = team.annotator.issues.retrieve(issue.id)
    other.comment("on it")  # a comment changes the issue's version
    with pytest.raises(annota.PreconditionFailedError):
        issue.resolve()
    assert issue.fetch().resolve().resolved is True


def test_who_may_do_what(team: Team) -> None:
    with pytest.raises(PermissionDeniedError):
        team.annotator.jobs.retrieve(team.job.id).issues.create(
            team.asset, region=(1, 1), message="m"
        )
    issue = team.job.issues.create(team.asset, region=(1, 1), message="m")
    with pytest.raises(PermissionDeniedError):
        team.viewer.issues.retrieve(issue.id).comment("me too")
    with pytest.raises(PermissionDeniedError):
        team.viewer.issues.retrieve(issue.id).resolve()


def test_bad_pins_fail_before_or_at_the_server(team: Team) -> None:
    with pytest.raises(InvalidRequestError):
        team.job.issues.create(team.asset, message="nowhere")
    with pytest.raises(InvalidRequestError):
        team.job.issues.create(team.asset, region=(1, 2, 3), message="m")
    with pytest.raises(ValidationError) as caught:
        team.job.issues.create(team.asset, region=(100, 1), message="m")
    assert caught.value.errors[0].field == "region.points"
