"""A newcomer's first hour (issue 19): what `make demo` installs, and make_client's probe order."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from annota.client import _candidate_urls

ROOT = Path(__file__).resolve().parents[2]

# The test and lint tools that `make test` needs and `make demo` does not.
DEV_ONLY = ("mypy", "ruff", "schemathesis", "openapi-python-client", "pycocotools", "pytest")


def extra_requirements(name: str) -> set[str]:
    """Every requirement of an extra of annota, its annota[...] extras resolved."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    found: set[str] = set()
    for requirement in extras[name]:
        nested = re.fullmatch(r"annota\[([\w,]+)\]", requirement)
        if nested:
            for extra in nested.group(1).split(","):
                found |= extra_requirements(extra)
        else:
            found.add(re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower())
    return found


def test_the_demo_extra_has_what_the_demo_runs_and_no_dev_tools() -> None:
    demo = extra_requirements("demo")
    assert {"connexion", "sqlalchemy", "pillow", "tqdm", "rich"} <= demo
    assert not demo & set(DEV_ONLY), demo & set(DEV_ONLY)
    assert demo <= extra_requirements("dev"), "dev must include everything the demo needs"


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
    assert "pip install -q -e '.[demo]'" in plan
    assert "[dev]" not in plan
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
