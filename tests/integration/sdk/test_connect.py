"""``annota.connect()`` end to end: what it returns for each combination of settings."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from support import ServerProcess, TestUser, unique

import annota
from annota.errors import ConfigurationError
from annota.proxies.projects import Project
from annota.proxies.workspaces import Workspace

connect_module = importlib.import_module("annota.connect")
SETTINGS = (
    "ANNOTA_HOST",
    "ANNOTA_TOKEN",
    "ANNOTA_WORKSPACE",
    "ANNOTA_PROJECT",
    "WORKSPACE",
    "PROJECT",
)


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An empty working directory and home, no settings in the environment or /etc."""
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(connect_module, "SYSTEM_CONFIG", tmp_path / "etc" / "api.cfg")
    return cwd, home


@pytest.fixture
def team(server: ServerProcess, new_user: TestUser) -> tuple[Workspace, Project]:
    """A workspace of ``new_user`` with one project."""
    with annota.Client(server.url, token=new_user.token) as client:
        space = client.workspaces.create({"slug": unique("conn"), "name": "Connect"})
        project = space.create_project({"name": unique("proj"), "type": "detection"})
    return space, project


def test_environment_gives_a_client(
    places: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    server: ServerProcess,
    new_user: TestUser,
) -> None:
    monkeypatch.setenv("ANNOTA_HOST", f"{server.host}:{server.port}")
    monkeypatch.setenv("ANNOTA_TOKEN", new_user.token or "")
    client = annota.connect()
    assert isinstance(client, annota.Client)
    with client:
        assert client.url == server.url
        assert client.workspace is None
        assert client.me.id == new_user.id


def test_dotfile_in_the_home_directory(
    places: tuple[Path, Path], server: ServerProcess, new_user: TestUser
) -> None:
    _, home = places
    (home / ".annota").write_text(f"ANNOTA_HOST={server.url}\nANNOTA_TOKEN={new_user.token}\n")
    client = annota.connect()
    assert isinstance(client, annota.Client)
    with client:
        assert client.me.id == new_user.id


def test_workspace_gives_the_workspace(
    places: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    server: ServerProcess,
    new_user: TestUser,
    team: tuple[Workspace, Project],
) -> None:
    space, project = team
    monkeypatch.setenv("ANNOTA_HOST", server.url)
    monkeypatch.setenv("ANNOTA_TOKEN", new_user.token or "")
    monkeypatch.setenv("ANNOTA_WORKSPACE", space.slug)
    found = annota.connect()
    assert isinstance(found, Workspace)
    assert found == space
    assert found.slug == space.slug
    assert [p.id for p in found.get_projects()] == [project.id]


@pytest.mark.parametrize("by", ["id", "name"])
def test_workspace_and_project_give_the_project(
    places: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    server: ServerProcess,
    new_user: TestUser,
    team: tuple[Workspace, Project],
    by: str,
) -> None:
    space, project = team
    monkeypatch.setenv("ANNOTA_HOST", server.url)
    monkeypatch.setenv("ANNOTA_TOKEN", new_user.token or "")
    monkeypatch.setenv("WORKSPACE", space.slug)
    monkeypatch.setenv("PROJECT", str(project.id) if by == "id" else project.name)
    found = annota.connect()
    assert isinstance(found, Project)
    assert found == project
    assert found.name == project.name
    assert found.get_tasks().count == 0


def test_arguments_name_the_project(
    places: tuple[Path, Path],
    server: ServerProcess,
    new_user: TestUser,
    team: tuple[Workspace, Project],
) -> None:
    space, project = team
    found = annota.connect(
        token=new_user.token, host=server.url, workspace=space.slug, project=project.id
    )
    assert isinstance(found, Project)
    assert found == project


def test_project_without_workspace_is_a_configuration_error(
    places: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    server: ServerProcess,
    new_user: TestUser,
) -> None:
    monkeypatch.setenv("ANNOTA_HOST", server.url)
    monkeypatch.setenv("ANNOTA_TOKEN", new_user.token or "")
    monkeypatch.setenv("ANNOTA_PROJECT", "1")
    with pytest.raises(ConfigurationError, match="workspace"):
        annota.connect()


def test_no_token_anywhere_lists_where_it_looked(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, server: ServerProcess
) -> None:
    cwd, home = places
    monkeypatch.setenv("ANNOTA_HOST", server.url)
    with pytest.raises(ConfigurationError) as caught:
        annota.connect()
    message = str(caught.value)
    assert "ANNOTA_TOKEN" in message
    for place in ("arguments", "environment", str(cwd / ".annota"), str(home / ".env")):
        assert place in message, message


def test_connect_stays_the_function_after_its_module_is_imported() -> None:
    importlib.import_module("annota.connect")  # as `from annota.connect import ...` does
    assert callable(annota.connect)
    assert annota.connect is connect_module.connect
