"""The ``annota`` command against the real server: login, resources, data and errors."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from support import ServerProcess, TestUser, unique

from .conftest import Cli


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def make_images(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"frame{i}.png"
        Image.new("RGB", (32 + i, 24), (10 * i, 80, 160)).save(path)
        paths.append(path)
    return paths


# ------------------------------------------------------------------------------------- session
def test_login_saves_a_token_not_the_password(run: Cli, new_user: TestUser) -> None:
    result = run.login(new_user)
    assert result.code == 0, result.err
    text = run.profile.read_text()
    assert f"ANNOTA_HOST={run.server.url}" in text
    assert "ANNOTA_TOKEN=" in text
    assert new_user.password not in text
    assert run.profile.stat().st_mode & 0o777 == 0o600, "the file holds a secret"

    whoami = run("--json", "whoami")
    assert whoami.code == 0, whoami.err
    assert json_lines(whoami.out)[0]["username"] == new_user.username
    assert str(run.profile) in whoami.err, "says where the token came from"


def test_login_keeps_the_profile_s_other_lines(run: Cli, new_user: TestUser) -> None:
    run.profile.write_text("# mine\nWORKSPACE=elsewhere\nANNOTA_TOKEN=old\n")
    assert run.login(new_user).code == 0
    lines = run.profile.read_text().splitlines()
    assert lines[:2] == ["# mine", "WORKSPACE=elsewhere"]
    assert "ANNOTA_TOKEN=old" not in lines


def test_a_wrong_password_fails_and_writes_nothing(run: Cli, new_user: TestUser) -> None:
    result = run(
        "login", run.server.url, "-u", new_user.username, "--password-stdin", stdin="wrong"
    )
    assert result.code == 1
    assert "401" in result.err
    assert not run.profile.exists()


def test_logout_revokes_the_token(logged_in: Cli) -> None:
    token = next(
        line.partition("=")[2]
        for line in logged_in.profile.read_text().splitlines()
        if line.startswith("ANNOTA_TOKEN=")
    )
    result = logged_in("logout")
    assert result.code == 0, result.err
    assert "ANNOTA_TOKEN" not in logged_in.profile.read_text()
    # The server no longer accepts it.
    assert logged_in.server.http(token=token).get("/api/users/self").status == 401
    again = logged_in("whoami")
    assert again.code == 2
    assert "annota login" in again.err


def test_without_credentials_it_says_how_to_get_them(run: Cli) -> None:
    result = run("projects", "list")
    assert result.code == 2
    assert "annota login" in result.err
    assert "Traceback" not in result.err


# ------------------------------------------------------------------------------------ resources
def test_projects_create_list_show_delete(logged_in: Cli) -> None:
    name = unique("cli")
    created = logged_in(
        "--json", "projects", "create", name, "--label", "cat:bbox", "--label", "dog"
    )
    assert created.code == 0, created.err
    project = json_lines(created.out)[0]
    labels = {label["name"]: label["kind"] for label in project["labels"]}
    assert labels == {"cat": "bbox", "dog": "any"}

    listed = logged_in("projects", "list", "--name", name, "--json")
    assert [p["id"] for p in json_lines(listed.out)] == [project["id"]]
    table = logged_in("projects", "list")
    assert name in table.out
    assert table.out.splitlines()[0].split()[:3] == ["id", "name", "type"]
    header_only = logged_in("projects", "list", "--limit", "0").out.splitlines()
    assert [line.split() for line in header_only] == [table.out.splitlines()[0].split()]

    shown = logged_in("projects", "show", str(project["id"]))
    assert shown.code == 0
    assert f"name         {name}" in shown.out

    deleted = logged_in("projects", "delete", str(project["id"]))
    assert deleted.code == 0, deleted.err
    gone = logged_in("projects", "show", str(project["id"]))
    assert gone.code == 1
    assert "404" in gone.err


def test_the_workspace_option_scopes_creation(logged_in: Cli, server: ServerProcess) -> None:
    slug = unique("cliws")
    space = logged_in("--json", "whoami")
    assert space.code == 0
    http = server.http(token=_profile_token(logged_in))
    http.post("/api/workspaces", json={"slug": slug, "name": slug}).expect(201)
    created = logged_in("-w", slug, "--json", "projects", "create", unique("scoped"))
    assert created.code == 0, created.err
    assert json_lines(created.out)[0]["workspace"]["slug"] == slug


def test_bad_input_names_the_field(logged_in: Cli) -> None:
    result = logged_in("projects", "create", "")
    assert result.code == 1
    assert "name" in result.err
    assert "400" in result.err
    assert "Traceback" not in result.err


# ----------------------------------------------------------------------------------------- data
def test_tasks_upload_with_workers_and_resume_stores_each_file_once(
    logged_in: Cli, tmp_path: Path
) -> None:
    images = make_images(tmp_path / "images", 3)
    project = json_lines(logged_in("--json", "projects", "create", unique("bulk")).out)[0]
    task = json_lines(logged_in("--json", "tasks", "create", str(project["id"]), "t").out)[0]
    args = ["--json", "tasks", "upload", str(task["id"]), *map(str, images), "--workers", "2"]
    first = logged_in(*args, "--resume")
    assert first.code == 0, first.err
    again = logged_in(*args, "--resume")  # as after an interruption: nothing is sent twice
    assert again.code == 0, again.err
    assert [a["id"] for a in json_lines(again.out)] == [a["id"] for a in json_lines(first.out)]
    assets = json_lines(logged_in("--json", "assets", "list", "--task", str(task["id"])).out)
    assert sorted(a["name"] for a in assets) == sorted(p.name for p in images)


def test_tasks_upload_download_export_import(logged_in: Cli, tmp_path: Path) -> None:
    images = make_images(tmp_path / "images", 5)
    project = json_lines(
        logged_in("--json", "projects", "create", unique("data"), "--label", "cat").out
    )[0]
    created = logged_in(
        "--json",
        "tasks",
        "create",
        str(project["id"]),
        "batch",
        *map(str, images),
        "--segment-size",
        "2",
    )
    assert created.code == 0, created.err
    task = json_lines(created.out)[0]
    assert task["asset_count"] == 5
    assert task["segment_size"] == 2

    assets = json_lines(logged_in("--json", "assets", "list", "--task", str(task["id"])).out)
    assert [a["name"] for a in assets] == [p.name for p in images]
    assert len({a["job"] for a in assets}) == 3, "5 assets in jobs of 2"

    more = logged_in("--json", "tasks", "upload", str(task["id"]), str(images[0]))
    assert more.code == 0
    assert json_lines(more.out)[0]["position"] == 5

    out = tmp_path / "downloads"
    downloaded = logged_in("assets", "download", "--task", str(task["id"]), "-o", str(out))
    assert downloaded.code == 0, downloaded.err
    second_frame0 = f"frame0-{json_lines(more.out)[0]['id']}.png"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p.name for p in images] + [second_frame0]
    )
    assert (out / "frame3.png").read_bytes() == images[3].read_bytes()
    assert (out / second_frame0).read_bytes() == images[0].read_bytes()

    exported = logged_in("export", str(project["id"]), f"{tmp_path / 'export'}/", "--images")
    assert exported.code == 0, exported.err
    archive = Path(exported.out.strip())
    assert archive.parent == tmp_path / "export", "a trailing / names a directory"
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
    assert any(n.startswith("annotations/instances_") for n in names)
    assert sum(n.startswith("images/") for n in names) == 6, "one file per asset"

    copy = unique("copy")
    imported = logged_in("--json", "import", "--new-project", copy, str(archive))
    assert imported.code == 0, imported.err
    copied = json_lines(imported.out)[0]
    assert copied["name"] == copy
    assert copied["statistics"]["assets"] == 6
    operations = json_lines(
        logged_in("--json", "operations", "list", "--project", str(copied["id"])).out
    )
    assert [(o["kind"], o["status"]) for o in operations] == [("import", "finished")]


def test_a_missing_file_creates_no_task(logged_in: Cli, tmp_path: Path) -> None:
    project = json_lines(logged_in("--json", "projects", "create", unique("typo")).out)[0]
    result = logged_in("tasks", "create", str(project["id"]), "t", str(tmp_path / "nope.png"))
    assert result.code == 2
    assert "nope.png" in result.err
    listed = logged_in("--json", "tasks", "list", "--project", str(project["id"]))
    assert json_lines(listed.out) == []


def test_operations_wait_and_cancel_report_the_outcome(logged_in: Cli, tmp_path: Path) -> None:
    project = json_lines(logged_in("--json", "projects", "create", unique("ops")).out)[0]
    exported = logged_in("export", str(project["id"]), str(tmp_path / "a.zip"), "-f", "annota")
    assert exported.code == 0, exported.err
    operation = json_lines(
        logged_in("--json", "operations", "list", "--project", str(project["id"])).out
    )[0]
    waited = logged_in("--json", "operations", "wait", str(operation["id"]))
    assert waited.code == 0
    assert json_lines(waited.out)[0]["status"] == "finished"
    cancelled = logged_in("operations", "cancel", str(operation["id"]))
    assert cancelled.code == 1, "an ended operation cannot be cancelled"
    assert "409" in cancelled.err, "an ended operation cannot be cancelled"


def _profile_token(cli: Cli) -> str:
    return next(
        line.partition("=")[2]
        for line in cli.profile.read_text().splitlines()
        if line.startswith("ANNOTA_TOKEN=")
    )


# ------------------------------------------------------------------------------- the real script
@pytest.mark.usefixtures("database_url")
def test_the_installed_command(server: ServerProcess, new_user: TestUser, tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("annota")
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("annota ")
    token = new_user.http.post("/api/auth/tokens", json={"name": "cli"}).expect(201).json()["token"]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ANNOTA_HOST": server.url,
        "ANNOTA_TOKEN": token,
    }
    listed = subprocess.run(
        [script, "--json", "whoami"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["username"] == new_user.username
