"""What the model SDKs put on the client (issue 28): health, the caller's last workspace, own
password and two-factor, workspaces by slug, id or name ("" the personal one), browse()."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pyotp
import pytest
from PIL import Image
from support import ServerProcess, TestUser, unique

import annota
from annota import errors
from annota.proxies.assets import Asset
from annota.proxies.jobs import Job
from annota.proxies.projects import Project
from annota.proxies.security import TwoFactor
from annota.proxies.tasks import Task
from annota.proxies.users import User
from annota.proxies.workspaces import Workspace

MakeUser = Callable[..., TestUser]


def _client_of(server: ServerProcess, user: TestUser) -> annota.Client:
    return annota.Client(server.url, token=user.token)


# ---------------------------------------------------------------------------------- health
def test_server_health_is_on_the_client_and_needs_no_token(
    server: ServerProcess, client: annota.Client
) -> None:
    health = client.server_health()
    assert (health.status.value, health.database.status.value) == ("ok", "ok")
    with annota.Client(server.url) as anonymous:
        assert anonymous.server_health().status.value == "ok"


# ---------------------------------------------------------------------------------- last workspace
def test_last_workspace_is_the_callers_own_even_for_an_administrator(
    server: ServerProcess, make_user: MakeUser
) -> None:
    admin, other = make_user(admin=True, prefix="lw-admin"), make_user(prefix="lw-other")
    with _client_of(server, admin) as mine, _client_of(server, other) as theirs:
        own = mine.workspaces.create({"slug": unique("lw-mine"), "name": "mine"})
        # Newer, and visible to the administrator: it was what last_active() answered.
        newer = theirs.workspaces.create({"slug": unique("lw-theirs"), "name": "theirs"})
        assert newer.id in {w.id for w in mine.workspaces.list(sort="-updated_at")}
        last = mine.last_workspace
        assert last is not None
        assert last.slug == own.slug
        alias = mine.workspaces.last_active()
        assert alias is not None
        assert alias.slug == own.slug, "the older name stays an alias"
        assert theirs.last_workspace is not None
        assert theirs.last_workspace.slug == newer.slug


# ---------------------------------------------------------------------------------- own security
def test_change_password_and_two_factor_belong_to_the_signed_in_user(
    server: ServerProcess, new_user: TestUser
) -> None:
    with _client_of(server, new_user) as user:
        assert isinstance(user.two_factor, TwoFactor)
        assert isinstance(user.users.two_factor, TwoFactor), "the older name stays an alias"
        secret = user.two_factor.enroll().secret
        assert user.two_factor.confirm(pyotp.TOTP(secret).now()) is True
        assert user.me.model.two_factor_enabled is True

        new_password = f"New-{unique('pw')}"
        result = user.change_password(new_user.password, new_password)
        assert result.revoked_sessions >= 0
        with pytest.raises(errors.ValidationError):
            user.change_password("not the password", "Another-Passw0rd-123")
    with annota.Client(server.url) as again:
        with pytest.raises(errors.AuthenticationError):
            again.login((new_user.username, new_user.password))
        # The new password works (with a code: two-factor is on for this account).
        code = pyotp.TOTP(secret).at(time.time() + 30)
        again.login((new_user.username, new_password), otp=code)
        assert again.me.username == new_user.username


# ---------------------------------------------------------------------------------- workspaces
def test_a_workspace_is_named_by_slug_id_or_name(server: ServerProcess, new_user: TestUser) -> None:
    name = unique("Team Dogs")
    with _client_of(server, new_user) as user:
        dogs = user.workspaces.create({"slug": unique("dogs"), "name": name})
        for key in (dogs.slug, dogs.id, str(dogs.id), name):
            user.workspace = key
            assert user.workspace == dogs.slug, key
        user.workspace = None
        assert user.workspace is None

        found = annota.connect(token=new_user.token, host=server.url, workspace=name)
        assert isinstance(found, Workspace)
        assert found.slug == dogs.slug
        by_id = annota.connect(token=new_user.token, host=server.url, workspace=dogs.id)
        assert isinstance(by_id, Workspace)
        assert by_id.id == dogs.id

        with pytest.raises(errors.NotFoundError, match="no workspace"):
            user.workspace = unique("Nobody's")
        assert user.workspace is None, "a failed lookup changes nothing"


def test_an_ambiguous_workspace_name_is_an_error_listing_the_matches(
    server: ServerProcess, new_user: TestUser
) -> None:
    name = unique("Team Cats")
    with _client_of(server, new_user) as user:
        first = user.workspaces.create({"slug": unique("cats-a"), "name": name})
        second = user.workspaces.create({"slug": unique("cats-b"), "name": name})
        with pytest.raises(errors.AmbiguousNameError) as caught:
            user.workspace = name
        assert sorted(caught.value.matches) == sorted([first.slug, second.slug])
        assert first.slug in str(caught.value)
        assert second.slug in str(caught.value)
        with pytest.raises(errors.AmbiguousNameError):
            annota.connect(token=new_user.token, host=server.url, workspace=name)
        assert user.workspace is None


def test_an_empty_workspace_means_the_personal_one_only(
    server: ServerProcess, new_user: TestUser
) -> None:
    with _client_of(server, new_user) as user:
        shared = user.workspaces.create({"slug": unique("shared"), "name": "shared"})
        personal = user.projects.create({"name": "at home", "type": "detection", "labels": []})
        user.with_workspace(shared.slug).projects.create(
            {"name": "at work", "type": "detection", "labels": []}
        )
        assert {p.name for p in user.projects.list()} == {"at home", "at work"}
        user.workspace = ""
        assert user.workspace == user.my_workspace.slug
        assert [p.id for p in user.projects.list()] == [personal.id]
        home = annota.connect(token=new_user.token, host=server.url, workspace="")
        assert isinstance(home, Workspace)
        assert home.is_personal


# ---------------------------------------------------------------------------------- browse
def _project_with_a_job(client: annota.Client, tmp_path: Path) -> tuple[Project, Task, Asset]:
    project = client.projects.create(
        {"name": "browsed", "type": "detection", "labels": [{"name": "cat"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    image = tmp_path / "a.png"
    Image.new("RGB", (8, 8)).save(image)
    (asset,) = task.upload_assets([image])
    return project, task, asset


def test_browse_resolves_typed_ids_and_web_app_and_api_addresses(
    server: ServerProcess, user_client: annota.Client, tmp_path: Path
) -> None:
    project, task, asset = _project_with_a_job(user_client, tmp_path)
    (job,) = task.get_jobs()
    url = server.url
    cases: list[tuple[str, type, int]] = [
        (f"project:{project.id}", Project, project.id),
        (f"task:{task.id}", Task, task.id),
        (f"asset:{asset.id}", Asset, asset.id),
        (f"user:{user_client.me.id}", User, user_client.me.id),
        (f"{url}/ui/#/projects/{project.id}", Project, project.id),
        (f"{url}/ui/#/tasks/{task.id}?tab=assets", Task, task.id),
        (f"/ui/#/jobs/{job.id}", Job, job.id),
        (f"{url}/api/projects/{project.id}", Project, project.id),
        (f"/api/tasks/{task.id}/", Task, task.id),
    ]
    for ref, kind, id in cases:
        found = user_client.browse(ref)
        assert isinstance(found, kind), ref
        assert found.id == id, ref


@pytest.mark.parametrize(
    "ref",
    [
        12,
        "12",
        "thing:3",
        "project:",
        "/ui/#/",
        "/ui/#/login",
        "http://elsewhere.invalid/ui/#/projects/1",
        "/api/projects",
    ],
)
def test_browse_refuses_what_names_no_single_object(
    user_client: annota.Client, ref: str | int
) -> None:
    with pytest.raises(errors.InvalidRequestError, match="browse"):
        user_client.browse(ref)


def test_browse_of_a_missing_object_is_not_found(user_client: annota.Client) -> None:
    with pytest.raises(errors.NotFoundError):
        user_client.browse("project:2000000000")
