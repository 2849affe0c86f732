"""A newcomer's first hour (issue 19): what `make demo` installs, and make_client's probe order."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from annota.client import _candidate_urls

ROOT = Path(__file__).resolve().parents[2]

# The test and lint tools that `make test` needs and `make demo` does not.
DEV_ONLY = ("mypy", "ruff", "schemathesis", "openapi-python-client", "pycocotools", "pytest")


def dev_group() -> set[str]:
    """The distributions of the `dev` dependency group (its included groups resolved)."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]

    def names(group: str) -> set[str]:
        found: set[str] = set()
        for requirement in groups[group]:
            if isinstance(requirement, dict):
                found |= names(requirement["include-group"])
            else:
                found.add(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower())
        return found

    return names("dev")


def test_the_dev_tools_are_a_dependency_group_and_no_published_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert set(DEV_ONLY) <= dev_group()
    published = " ".join(sum(project["optional-dependencies"].values(), []))
    assert not [tool for tool in DEV_ONLY if tool in published]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["demo", "serve"])
def test_make_demo_and_serve_install_only_the_demo_extra(tmp_path: Path, target: str) -> None:
    # A dry run with a venv that does not exist yet: what a fresh clone would run.
    plan = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, f"VENV={tmp_path / 'venv'}", "PORT=12345"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The SDK with the demo's extras and the server, both editable; no development tools.
    assert "pip install -q -e '.[cli,tqdm,images]' -e ./server" in plan
    assert "--group" not in plan
    if target == "serve":
        assert "--port 12345" in plan


def test_a_full_install_counts_as_the_demo_install(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    plan = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "install", f"VENV={venv}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"touch {venv}/.installed {venv}/.installed-demo" in plan


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("localhost", 8080, ["http://localhost:8080", "https://localhost:8080"]),
        ("127.0.0.1", None, ["http://127.0.0.1", "https://127.0.0.1"]),
        ("[::1]", 9000, ["http://[::1]:9000", "https://[::1]:9000"]),
        ("annota.example.com", None, ["https://annota.example.com", "http://annota.example.com"]),
        ("10.0.0.5", 8080, ["https://10.0.0.5:8080", "http://10.0.0.5:8080"]),
        ("https://annota.example.com/", None, ["https://annota.example.com"]),
        ("http://localhost:8080", None, ["http://localhost:8080"]),
    ],
)
def test_loopback_hosts_are_tried_as_http_first_and_others_as_https_first(
    host: str, port: int | None, expected: list[str]
) -> None:
    assert _candidate_urls(host, port) == expected


# ---------------------------------------------------------------------------------- cheap CLI
def _modules_loaded_by(args: list[str]) -> set[str]:
    """The modules a fresh interpreter has loaded after ``annota ARGS`` (printed to stderr)."""
    code = (
        "import sys\nfrom annota.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def test_annota_version_and_help_import_only_what_they_need() -> None:
    # What they load, not how long it takes: a count of modules is the same on a busy machine.
    version = _modules_loaded_by(["--version"])
    assert not {"argparse", "annota_api", "annota.cli.resources", "urllib3"} & version
    helped = _modules_loaded_by(["--help"])
    assert "annota.cli.resources" in helped, "the commands are listed"
    assert not {"annota_api", "annota_api.models", "urllib3", "getpass", "socket"} & helped
    # A command's own help shows its choices (read from the API's enums when shown).
    shown = subprocess.run(
        [sys.executable, "-m", "annota.cli", "export", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "one of annota, coco, cvat, labelstudio, voc, yolo" in " ".join(shown.split())
    assert "one of detect, pose, segment" in " ".join(shown.split())


# ---------------------------------------------------------------------------------- make stamps
def test_make_test_after_make_demo_adds_only_the_dev_tools(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "calls.log"
    # A stand-in python that records what make asks of it.
    fake = venv / "bin" / "python"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    (venv / ".installed-demo").touch()  # a demo install, newer than pyproject.toml
    done = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), f"VENV={venv}", f"PYTHON={fake}", "install"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Reusing the demo install" in done.stdout
    calls = log.read_text().splitlines()
    assert not [c for c in calls if "venv" in c.split() or "-e" in c.split()], calls
    # pip new enough for dependency groups, then the dev group alone.
    assert calls == ["-m pip install -q --upgrade pip", "-m pip install -q --group dev"]
    assert (venv / ".installed").exists()
