"""Issue 28 on the command line: `annota health`, and a workspace named by its name."""

from __future__ import annotations

import json

from support import ServerProcess, unique

from .conftest import Cli


def test_health_needs_only_the_host(run: Cli, server: ServerProcess) -> None:
    shown = run("health", "--host", server.url)
    assert shown.code == 0, shown.err
    assert shown.out.split()[:2] == ["status", "ok"]
    as_json = run("--json", "health", "--host", server.url)
    assert json.loads(as_json.out)["database"]["status"] == "ok"


def test_the_workspace_option_takes_a_name(logged_in: Cli, server: ServerProcess) -> None:
    name = unique("CLI team")
    token = logged_in.profile.read_text().split("ANNOTA_TOKEN=")[1].split()[0]
    slug = unique("cli-team")
    server.http(token=token).post("/api/workspaces", json={"slug": slug, "name": name}).expect(201)
    created = logged_in("-w", name, "--json", "projects", "create", unique("named"))
    assert created.code == 0, created.err
    assert json.loads(created.out.splitlines()[0])["workspace"]["slug"] == slug
    unknown = logged_in("-w", unique("No such team"), "projects", "list")
    assert unknown.code == 1
    assert "no workspace" in unknown.err
