"""Packaging: the SDK installs alone, every import is declared, the sdist holds sources only."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder
from support.source import GEN, SRC, modules, parse, runtime_imports

from annota._version import __version__

ROOT = SRC.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OWN = {"annota", "annota_api", "annota_server"}


def _names(requirements: list[str]) -> set[str]:
    """Normalised distribution names of requirement strings (``connexion[uvicorn]==3.3.0``)."""
    found = set()
    for requirement in requirements:
        match = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert match, requirement
        found.add(_normal(match.group()))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


CORE = _names(PYPROJECT["project"]["dependencies"])
EXTRAS = {
    extra: _names(requirements)
    for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items()
}


def _third_party_imports(root: Path, package: str) -> dict[str, set[str]]:
    """Top-level module -> the modules of ``package`` that import it when they run."""
    found: dict[str, set[str]] = {}
    for name, path in modules(root).items():
        if name.split(".")[0] != package:
            continue
        for node in runtime_imports(parse(path)):
            if isinstance(node, ast.ImportFrom):
                targets = [] if node.level else [node.module or ""]
            else:
                targets = [alias.name for alias in node.names]
            for target in targets:
                top = target.split(".")[0]
                if top and top not in OWN and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(name)
    return found


def _undeclared(root: Path, package: str, allowed: set[str]) -> list[str]:
    by_module = packages_distributions()
    problems = []
    for top, importers in sorted(_third_party_imports(root, package).items()):
        distributions = {_normal(d) for d in by_module.get(top, [])}
        if not distributions & allowed:
            where = ", ".join(sorted(importers))
            problems.append(f"{top} (from {sorted(distributions) or 'nothing installed'}): {where}")
    return problems


def test_every_imported_package_is_declared() -> None:
    sdk_optional = EXTRAS["cli"] | EXTRAS["tqdm"] | EXTRAS["images"] | EXTRAS["plot"]
    assert _undeclared(GEN, "annota_api", CORE) == []
    assert _undeclared(SRC, "annota", CORE | sdk_optional) == []
    assert _undeclared(SRC, "annota_server", CORE | EXTRAS["server"]) == []
    # The check reads real imports: the server does import these itself.
    server_imports = _third_party_imports(SRC, "annota_server")
    assert {"yaml", "jsonschema", "sqlalchemy", "connexion"} <= set(server_imports)


def _server_modules() -> set[str]:
    """The top-level modules that the ``server`` extra's own distributions install."""
    wanted = EXTRAS["server"]
    return {
        top
        for top, distributions in packages_distributions().items()
        if any(_normal(d) in wanted for d in distributions)
    }


# Run in a fresh interpreter in which the server extra's modules cannot be imported.
WITHOUT_SERVER = """
import sys
from importlib.abc import MetaPathFinder

BLOCKED = set(sys.argv[1].split(","))

class Uninstalled(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Uninstalled())
for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]

import annota
from annota import Client, make_client  # the client, urllib3 and the generated layer
from annota_api.api.projects import projects_list
assert callable(make_client) and Client and projects_list
try:
    import sqlalchemy
except ModuleNotFoundError:
    pass
else:
    raise AssertionError("the blocker let sqlalchemy through")

from annota_server.cli import main

sys.exit(main(["run", "--data-dir", sys.argv[2]]))
"""


def test_annota_server_without_the_server_extra_says_what_to_install(tmp_path: Path) -> None:
    blocked = _server_modules()
    assert {"connexion", "sqlalchemy", "uvicorn", "yaml", "PIL"} <= blocked
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_SERVER, ",".join(sorted(blocked)), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].endswith("pip install 'annota[server]'")
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == [], "nothing is created"


SDIST_ROOTS = {
    "src",
    "gen",
    "tests",
    "examples",
    "openapi.yaml",
    "generator-config.yml",
    "Makefile",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "pyproject.toml",
    "PKG-INFO",
    ".gitignore",
    "ui",
}
CACHES = {"__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".venv"}


def test_no_merge_leftovers_are_tracked_or_shipped() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert [name for name in tracked if name.endswith((".orig", ".rej"))] == []
    sdist = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert {"*.orig", "*.rej"} <= set(sdist["targets"]["sdist"]["exclude"])


def test_the_sdist_holds_sources_only_and_builds_the_wheel(tmp_path: Path) -> None:
    (sdist,) = SdistBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"))
    prefix = f"annota-{__version__}/"
    with tarfile.open(sdist) as archive:
        names = [member.name for member in archive.getmembers() if member.isfile()]
        archive.extractall(tmp_path / "unpacked", filter="data")
    assert names
    assert all(name.startswith(prefix) for name in names)
    relative = [name.removeprefix(prefix) for name in names]
    assert {name.split("/")[0] for name in relative} <= SDIST_ROOTS
    assert [name for name in relative if CACHES & set(name.split("/"))] == []
    assert [name for name in relative if name.endswith((".pyc", ".pyo"))] == []
    assert [name for name in relative if name.endswith((".orig", ".rej"))] == []
    for required in ("LICENSE", "CHANGELOG.md", "openapi.yaml", "src/annota/_version.py"):
        assert required in relative

    # The sdist is complete: the wheel builds from it alone.
    unpacked = tmp_path / "unpacked" / prefix.rstrip("/")
    (wheel,) = WheelBuilder(str(unpacked)).build(directory=str(tmp_path / "wheel"))
    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
        metadata = archive.read(f"annota-{__version__}.dist-info/METADATA").decode()
    assert {
        "annota/_version.py",
        "annota_api/client.py",
        "annota_server/labels.py",
        "annota_server/openapi.yaml",
        # The web app ships inside the server package: no CDN, no Node.js at run time.
        "annota_server/webapp/static/index.html",
        "annota_server/webapp/static/js/app.js",
        "annota_server/webapp/static/vendor/konva.min.js",
    } <= files
    assert f"\nVersion: {__version__}\n" in metadata
    # `pip install annota` installs the SDK's three dependencies and nothing else.
    unconditional = {
        line.removeprefix("Requires-Dist: ")
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    assert _names(sorted(unconditional)) == {"urllib3", "python-dateutil", "typing-extensions"}
