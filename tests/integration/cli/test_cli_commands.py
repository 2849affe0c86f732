"""Global options anywhere, ``workspaces`` and ``users`` commands, and shell completion."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support import TestUser, unique

from .conftest import Cli


def _json(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_global_options_work_after_the_command(run: Cli, new_user: TestUser) -> None:
    before = run("--host", run.server.url, "--token", new_user.token, "--json", "users", "show",
                 str(new_user.id))  # fmt: skip
    after = run("users", "show", str(new_user.id), "--host", run.server.url,
                "--token", new_user.token, "--json")  # fmt: skip
    assert before.code == after.code == 0, (before.err, after.err)
    assert _json(after.out) == _json(before.out)
    assert _json(after.out)[0]["username"] == new_user.username


def test_workspaces_create_list_show(logged_in: Cli) -> None:
    slug = unique("cli-ws")
    created = logged_in("workspaces", "create", slug, "CLI team", "--description", "d", "--json")
    assert created.code == 0, created.err
    workspace = _json(created.out)[0]
    assert workspace["slug"] == slug
    assert workspace["role"] == "owner"
    listed = logged_in("workspaces", "list", "--json", "--sort=-updated_at")
    assert slug in [w["slug"] for w in _json(listed.out)]
    shown = logged_in("workspaces", "show", str(workspace["id"]))
    assert shown.code == 0
    assert slug in shown.out
    # -w scopes other commands; the workspaces list still shows every workspace of the user.
    scoped = logged_in("-w", slug, "workspaces", "list", "--json")
    assert len(_json(scoped.out)) == 2  # the personal one and the new one


def test_users_list_and_show(logged_in: Cli, new_user: TestUser) -> None:
    listed = logged_in("users", "list", "--username", new_user.username, "--json")
    assert listed.code == 0, listed.err
    (user,) = _json(listed.out)
    assert user["id"] == new_user.id
    assert user["two_factor_enabled"] is False
    by_email = logged_in("users", "list", "--email", new_user.email.upper(), "--json")
    assert [u["id"] for u in _json(by_email.out)] == [new_user.id]
    table = logged_in("users", "show", str(new_user.id))
    assert table.code == 0
    assert new_user.username in table.out
    missing = logged_in("users", "show", "999999999")
    assert missing.code == 1
    assert "404" in missing.err


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_commands_and_options(run: Cli) -> None:
    script = run("completion", "bash")
    assert script.code == 0
    probe = (
        script.out
        + """
complete_at() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _annota; echo "${COMPREPLY[*]}"; }
complete_at annota work
complete_at annota workspaces ""
complete_at annota --host x users list --em
complete_at annota 2fa ""
"""
    )
    answer = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, check=True)
    assert answer.stdout.splitlines() == [
        "workspaces",
        "list show create --help",
        "--email",
        "enable disable --help",
    ]


def test_zsh_and_fish_scripts(run: Cli) -> None:
    zsh = run("completion", "zsh")
    assert zsh.code == 0
    assert zsh.out.startswith("#compdef annota")
    assert "bashcompinit" in zsh.out
    fish = run("completion", "fish")
    assert fish.code == 0
    assert "complete -c annota -n '__fish_use_subcommand' -a workspaces" in fish.out
    assert "-l json" in fish.out
    assert run("completion", "tcsh").code == 2


def test_projects_create_declares_typed_attributes(logged_in: Cli) -> None:
    name = unique("cli-attrs")
    created = logged_in(
        "projects", "create", name, "--label", "car:bbox",
        "--attribute", "car/color:select=red,blue@red",
        "--attribute", "car/doors:number=2..5!",
        "--attribute", "car/parked:checkbox",
    )  # fmt: skip
    assert created.code == 0, created.err
    # The project's labels show what each declares (* required).
    assert "car (color: select, doors: number*, parked: checkbox)" in created.out
    shown = logged_in("projects", "list", "--search", name, "--json")
    (project,) = _json(shown.out)
    (car,) = project["labels"]  # type: ignore[misc]
    doors = car["attributes"][1]
    assert (doors["min"], doors["max"], doors["required"]) == (2, 5, True)
    assert car["attributes"][0]["options"] == ["red", "blue"]
    assert car["attributes"][0]["default"] == "red"

    # A bad declaration is refused before any request; one for a label not given, too.
    bad = logged_in("projects", "create", unique("p"), "--label", "a", "--attribute", "a/x:colour")
    assert bad.code != 0
    assert "the type is one of select, checkbox, number, text" in bad.err
    missing = logged_in("projects", "create", unique("p"), "--attribute", "b/x:text")
    assert missing.code != 0
    assert "no --label b" in missing.err
