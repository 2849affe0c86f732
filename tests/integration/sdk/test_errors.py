"""Every error status of the real server, as the SDK raises it; ETags; request dicts checked."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pyotp
import pytest
from annota_api.api.auth import auth_two_factor_confirm, auth_two_factor_enroll
from annota_api.api.projects import projects_retrieve
from annota_api.models import TwoFactorCodeRequest
from support import DatabaseProbe, ServerProcess, TestUser, unique

import annota
from annota import errors
from annota.proxies.workspaces import Workspace

from .helpers import record_requests


# ---------------------------------------------------------------------------------- 412
def test_concurrent_update_raises_precondition_failed(
    client: annota.Client, workspace: Workspace
) -> None:
    project = workspace.create_project({"name": unique("etag"), "type": "detection"})
    first = client.projects.retrieve(project.id)
    second = client.projects.retrieve(project.id)
    assert first.etag == second.etag

    first.update(description="first")
    with pytest.raises(annota.PreconditionFailedError) as caught:
        second.update(description="second")
    assert isinstance(caught.value, annota.ConflictError)
    assert caught.value.status == 412
    assert client.projects.retrieve(project.id).description == "first"
    assert second.description == "", "a refused update leaves the entity as it was"

    with pytest.raises(annota.PreconditionFailedError):
        second.remove()
    second.fetch()
    second.update(description="second")
    assert client.projects.retrieve(project.id).description == "second"
    with pytest.raises(annota.PreconditionFailedError):
        first.remove()
    first.fetch().remove()
    with pytest.raises(annota.NotFoundError):
        client.projects.retrieve(project.id)


# ---------------------------------------------------------------------------------- 400
def test_validation_errors_name_the_field(client: annota.Client, workspace: Workspace) -> None:
    scoped = workspace.client
    with pytest.raises(annota.ValidationError) as caught:
        scoped.projects.create({"name": "", "type": "detection"})
    assert caught.value.status == 400
    assert [e.field for e in caught.value.errors] == ["name"]
    assert caught.value.detail

    with pytest.raises(annota.ValidationError) as caught:
        scoped.projects.create(
            {"name": unique("bad"), "type": "detection", "labels": [{"name": "a", "color": "red"}]}
        )
    assert [e.field for e in caught.value.errors] == ["labels.0.color"]
    assert "red" in caught.value.errors[0].message

    project = scoped.projects.create({"name": unique("ok"), "type": "detection"})
    with pytest.raises(annota.ValidationError) as caught:
        project.update(name="")
    assert [e.field for e in caught.value.errors] == ["name"]
    assert list(scoped.projects.list()) == [project]


# ---------------------------------------------------------------------------------- 401
def test_authentication_errors(server: ServerProcess, new_user: TestUser) -> None:
    with annota.Client(server.url, token="not-a-token") as client:
        with pytest.raises(errors.AuthenticationError) as caught:
            client.me  # noqa: B018
        assert caught.value.status == 401
        assert not isinstance(caught.value, errors.OtpRequiredError)
        with pytest.raises(errors.AuthenticationError):
            client.login((new_user.username, "wrong password"))
        assert client.api.token == "not-a-token", "a failed login keeps the old token"


def current_code(totp: pyotp.TOTP) -> str:
    """A code that stays valid for a few seconds (the server allows one step of drift)."""
    if totp.interval - time.time() % totp.interval < 2:
        time.sleep(2)
    return str(totp.now())


def test_two_factor_login(server: ServerProcess, new_user: TestUser) -> None:
    credentials = (new_user.username, new_user.password)
    with annota.Client(server.url, token=new_user.token) as session:
        enrollment = auth_two_factor_enroll.sync(client=session.api)
        totp = pyotp.TOTP(enrollment.secret)
        status = auth_two_factor_confirm.sync(
            client=session.api, body=TwoFactorCodeRequest(code=current_code(totp))
        )
        assert status.enabled is True
        assert session.me.two_factor_enabled is True

    with annota.Client(server.url) as client:
        with pytest.raises(errors.OtpRequiredError) as caught:
            client.login(credentials)
        assert isinstance(caught.value, errors.AuthenticationError)
        assert caught.value.status == 401
        assert client.api.token is None
        # The confirming code is used up: the next step's code (valid with one step of drift).
        client.login(credentials, otp=totp.at(time.time() + totp.interval))
        assert client.me.id == new_user.id


# ---------------------------------------------------------------------------------- 403 / 404
def test_viewers_cannot_write(
    server: ServerProcess, client: annota.Client, workspace: Workspace, new_user: TestUser
) -> None:
    project = workspace.create_project({"name": unique("ro"), "type": "detection"})
    workspace.add_member(new_user.id, "viewer")
    with annota.Client(server.url, token=new_user.token, workspace=workspace.slug) as viewer:
        seen = viewer.projects.retrieve(project.id)
        assert seen == project
        with pytest.raises(errors.PermissionDeniedError) as caught:
            seen.update(name="mine now")
        assert caught.value.status == 403
        with pytest.raises(errors.PermissionDeniedError):
            viewer.projects.create({"name": unique("nope"), "type": "detection"})
        with pytest.raises(errors.PermissionDeniedError):
            seen.remove()
    assert client.projects.retrieve(project.id).name == project.name


def test_missing_objects_are_not_found(
    client: annota.Client, user_client: annota.Client, workspace: Workspace
) -> None:
    with pytest.raises(annota.NotFoundError) as caught:
        client.projects.retrieve(2_000_000_000)
    assert caught.value.status == 404
    assert caught.value.request is not None
    assert caught.value.request.method == "GET"
    project = workspace.create_project({"name": unique("hidden"), "type": "detection"})
    with pytest.raises(annota.NotFoundError):
        user_client.projects.retrieve(project.id)  # not a member: invisible
    with pytest.raises(annota.NotFoundError):
        user_client.with_workspace(workspace.slug).projects.list().to_list()


# ---------------------------------------------------------------------------------- 409
def test_duplicate_slug_is_a_conflict(client: annota.Client, workspace: Workspace) -> None:
    with pytest.raises(annota.ConflictError) as caught:
        client.workspaces.create({"slug": workspace.slug, "name": "again"})
    assert caught.value.status == 409
    assert not isinstance(caught.value, annota.PreconditionFailedError)
    assert [e.field for e in caught.value.errors] == ["slug"]


# ---------------------------------------------------------------------------------- 429
def test_repeated_failed_logins_are_rate_limited(
    server: ServerProcess, make_user: Callable[..., TestUser]
) -> None:
    victim = make_user(prefix="sdk-lockout", login=False)
    assert server.login_max_failures > 0, "the fixture configures a login lockout"
    with annota.Client(server.url) as client:
        for _ in range(server.login_max_failures):
            with pytest.raises(errors.AuthenticationError):
                client.login((victim.username, "wrong password"))
        with pytest.raises(errors.RateLimitError) as caught:
            client.login((victim.username, victim.password))
    assert caught.value.status == 429
    assert caught.value.retry_after is not None
    assert 0 < caught.value.retry_after <= server.login_lockout_seconds


# ---------------------------------------------------------------------------------- dicts
@pytest.mark.parametrize(
    ("spec", "wrong"),
    [
        ({"name": "x", "type": "detection", "nmae": "typo"}, "nmae"),
        ({"name": "x", "type": "detection", "labels": [{"name": "a", "colour": "#fff"}]}, "colour"),
    ],
    ids=["top-level", "nested"],
)
def test_wrong_keys_are_refused_before_sending(
    server: ServerProcess,
    admin_token: str,
    db: DatabaseProbe,
    workspace: Workspace,
    spec: dict[str, Any],
    wrong: str,
) -> None:
    with annota.Client(server.url, token=admin_token, workspace=workspace.slug) as client:
        client.server_about()
        log = record_requests(client)
        before = db.row_counts()
        with pytest.raises(errors.InvalidRequestError) as caught:
            client.projects.create(spec)  # type: ignore[arg-type]
        message = str(caught.value)
        assert wrong in message
        if wrong == "colour":
            assert "labels.0.colour" in message
        assert log.count() == 0, log.requests
        project = client.projects.create({"name": unique("fine"), "type": "detection"})
        with pytest.raises(errors.InvalidRequestError, match="nmae"):
            project.update({"nmae": "typo"})  # type: ignore[typeddict-unknown-key]
        with pytest.raises(errors.InvalidRequestError, match="missing required key 'type'"):
            client.projects.create({"name": "x"})  # type: ignore[typeddict-item]
        assert log.count() == 1, "only the valid create was sent"
    after = db.row_counts()
    assert after["projects"] == before["projects"] + 1
    assert after["labels"] == before["labels"]


# ---------------------------------------------------------------------------------- power users
def test_generated_operations_use_the_session_and_raise_typed_errors(
    client: annota.Client, workspace: Workspace
) -> None:
    project = workspace.create_project({"name": unique("gen"), "type": "detection"})
    model = projects_retrieve.sync(project.id, client=client.api)
    assert (model.id, model.name) == (project.id, project.name)
    with pytest.raises(annota.NotFoundError):
        projects_retrieve.sync(2_000_000_000, client=client.api)
    with pytest.raises(errors.AuthenticationError):
        projects_retrieve.sync(project.id, client=client.api.with_options(token=None))
