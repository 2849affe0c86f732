"""Packaging: two distributions (annota, annota-server); each installs alone and imports.

Every import is declared, the sdists hold sources only (no tests), and the wheels built from
them install into clean virtual environments with nothing but their declared dependencies.
"""

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
SERVER_PYPROJECT = tomllib.loads((ROOT / "server" / "pyproject.toml").read_text(encoding="utf-8"))
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
SERVER = _names(SERVER_PYPROJECT["project"]["dependencies"])


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
    sdk_optional = set().union(*EXTRAS.values())
    # The generated layer's asyncio transport imports aiohttp, the `async` extra, lazily.
    assert _undeclared(GEN, "annota_api", CORE | EXTRAS["async"]) == []
    assert _undeclared(SRC, "annota", CORE | sdk_optional) == []
    assert _undeclared(SRC, "annota_server", CORE | SERVER) == []
    # The check reads real imports: the server does import these itself.
    server_imports = _third_party_imports(SRC, "annota_server")
    assert {"yaml", "jsonschema", "sqlalchemy", "connexion"} <= set(server_imports)


def _server_modules() -> set[str]:
    """The top-level modules that annota-server's own dependencies install."""
    wanted = SERVER - {"annota"}
    return {
        top
        for top, distributions in packages_distributions().items()
        if any(_normal(d) in wanted for d in distributions)
    }


# Run in a fresh interpreter in which the server's dependencies cannot be imported.
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


def test_annota_server_without_its_dependencies_says_what_to_install(tmp_path: Path) -> None:
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
    assert lines[0].endswith("pip install annota-server")
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == [], "nothing is created"


CACHES = {"__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".venv"}


def test_no_merge_leftovers_are_tracked_or_shipped() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert [name for name in tracked if name.endswith((".orig", ".rej"))] == []
    for pyproject in (PYPROJECT, SERVER_PYPROJECT):
        sdist = pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]
        assert {"*.orig", "*.rej"} <= set(sdist["exclude"])


def test_the_server_needs_the_same_release_of_the_sdk() -> None:
    assert f"annota=={__version__}" in SERVER_PYPROJECT["project"]["dependencies"]
    # Tools are dependency groups, which are never published: no extra names one.
    published = set().union(*EXTRAS.values())
    assert not published & {"mypy", "ruff", "pytest", "playwright", "moto", "hatchling"}
    assert set(PYPROJECT["project"]["scripts"]) == {"annota"}
    assert set(SERVER_PYPROJECT["project"]["scripts"]) == {"annota-server"}
    # A copy (an sdist cannot carry a link out of its folder), kept the same.
    assert (ROOT / "server" / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


# ------------------------------------------------------------------ build and install both
def _build(project: Path, out: Path) -> tuple[Path, Path]:
    """Build the sdist of ``project``, then its wheel from the unpacked sdist alone."""
    (sdist,) = SdistBuilder(str(project)).build(directory=str(out))
    with tarfile.open(sdist) as archive:
        archive.extractall(out / "unpacked", filter="data")
    (unpacked,) = (out / "unpacked").iterdir()
    (wheel,) = WheelBuilder(str(unpacked)).build(directory=str(out))
    return Path(sdist), Path(wheel)


def _sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        names = [member.name for member in archive.getmembers() if member.isfile()]
    roots = {name.split("/")[0] for name in names}
    assert len(roots) == 1, roots
    relative = {name.split("/", 1)[1] for name in names}
    assert [name for name in relative if CACHES & set(name.split("/"))] == []
    assert [name for name in relative if name.endswith((".pyc", ".pyo", ".orig", ".rej"))] == []
    assert not [name for name in relative if name.startswith("tests/")], "no tests in an sdist"
    return relative


def _requirement_closure(requirements: list[str]) -> set[str]:
    """Every distribution that ``requirements`` need, as the dev environment has them installed."""
    from importlib.metadata import distribution

    from packaging.requirements import Requirement

    found: set[str] = set()
    pending = [(Requirement(text), "") for text in requirements]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = _normal(requirement.name)
        key = f"{name}[{','.join(sorted(requirement.extras))}]"
        if key in found:
            continue
        found.add(key)
        for inner in distribution(name).requires or []:
            for wanted in requirement.extras or {""}:
                pending.append((Requirement(inner), wanted))
            if not requirement.extras:
                continue
            pending.append((Requirement(inner), ""))
    return {key.split("[")[0] for key in found}


def _clean_venv(path: Path, wheels: list[Path], requirements: list[str]) -> Path:
    """A new venv with ``wheels`` installed by pip and, offline, only what they declare.

    The declared dependencies (and theirs) are linked in from this environment, where they are
    installed already: no index, no network, and nothing undeclared is importable.
    """
    import sysconfig
    from importlib.metadata import distribution

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", "--no-compile", *map(str, wheels)],
        check=True,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    ours = Path(sysconfig.get_path("purelib"))
    for name in _requirement_closure(requirements) - {"annota", "annota-server"}:
        files = [str(file) for file in distribution(name).files or []]
        tops = {Path(file).parts[0] for file in files if ".." not in file}
        for top in tops:
            if not (site / top).exists() and (ours / top).exists():
                (site / top).symlink_to(ours / top)
    return python


def _run(python: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_both_distributions_build_and_install_each_in_a_clean_venv(tmp_path: Path) -> None:
    sdk_sdist, sdk_wheel = _build(ROOT, tmp_path / "sdk")
    server_sdist, server_wheel = _build(ROOT / "server", tmp_path / "server")

    # The SDK's sdist: its packages, the spec and the generator's inputs; no server, no tests.
    sdk_sources = _sdist_names(sdk_sdist)
    assert {"src/annota/_version.py", "gen/annota_api/client.py", "openapi.yaml"} <= sdk_sources
    assert {"LICENSE", "CHANGELOG.md", "gen/templates/endpoint_module.py.jinja"} <= sdk_sources
    assert not [name for name in sdk_sources if "annota_server" in name]
    server_sources = _sdist_names(server_sdist)
    assert {"src/annota_server/app.py", "openapi.yaml", "LICENSE"} <= server_sources
    assert [name for name in server_sources if name.startswith(("src/annota/", "gen/"))] == [
        "src/annota/_version.py"  # the one release number both share
    ]

    with zipfile.ZipFile(sdk_wheel) as archive:
        sdk_files = set(archive.namelist())
        metadata = archive.read(f"annota-{__version__}.dist-info/METADATA").decode()
    assert {name.split("/")[0] for name in sdk_files} == {
        "annota",
        "annota_api",
        f"annota-{__version__}.dist-info",
    }
    # `pip install annota` installs the SDK's three dependencies and nothing else.
    unconditional = {
        line.removeprefix("Requires-Dist: ")
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    assert _names(sorted(unconditional)) == {"urllib3", "python-dateutil", "typing-extensions"}
    assert "Provides-Extra: dev" not in metadata
    with zipfile.ZipFile(server_wheel) as archive:
        server_files = set(archive.namelist())
    assert {name.split("/")[0] for name in server_files} == {
        "annota_server",
        f"annota_server-{__version__}.dist-info",
    }
    assert {
        "annota_server/openapi.yaml",
        # The web app ships inside the server package: no CDN, no Node.js at run time.
        "annota_server/webapp/static/index.html",
        "annota_server/webapp/static/js/app.js",
        "annota_server/webapp/static/vendor/konva.min.js",
        "annota_server/db/migrations/env.py",
    } <= server_files

    # The SDK alone: both packages and the command import; the server is not there.
    sdk = _clean_venv(tmp_path / "sdk-venv", [sdk_wheel], PYPROJECT["project"]["dependencies"])
    done = _run(
        sdk,
        "import importlib.util, annota, annota_api.api.projects\n"
        "from annota.cli import main\n"
        "assert annota.Client and annota.__version__\n"
        "assert importlib.util.find_spec('annota_server') is None\n"
        "assert importlib.util.find_spec('sqlalchemy') is None\n"
        "assert importlib.util.find_spec('PIL') is None\n"
        "raise SystemExit(main(['--version']))",
    )
    assert done.returncode == 0, done.stderr
    assert __version__ in done.stdout
    assert not (tmp_path / "sdk-venv" / "bin" / "annota-server").exists()
    assert (tmp_path / "sdk-venv" / "bin" / "annota").exists()

    # The server, with the SDK it depends on: its app builds from the packaged spec.
    server = _clean_venv(
        tmp_path / "server-venv",
        [sdk_wheel, server_wheel],
        SERVER_PYPROJECT["project"]["dependencies"],
    )
    done = _run(
        server,
        "import warnings; warnings.simplefilter('ignore')\n"
        "from pathlib import Path\n"
        "import annota_server.app as app, annota_server.cli\n"
        "assert app.spec_path() == Path(app.__file__).with_name('openapi.yaml'), app.spec_path()\n"
        "assert app.load_spec()['openapi'].startswith('3.')\n"
        "import importlib.util\n"
        "assert importlib.util.find_spec('pytest') is None\n"
        "print(app.__file__)",
    )
    assert done.returncode == 0, done.stderr
    assert "site-packages/annota_server/app.py" in done.stdout
    assert (tmp_path / "server-venv" / "bin" / "annota-server").exists()
