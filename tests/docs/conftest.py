"""The documentation's tests: the examples run against the real server on SQLite only (see
test_examples); ``site`` is a built site no older than its sources.

``make test`` builds the site first (``test`` depends on ``docs``), so ``site`` is that build;
run alone, with no site or one older than the sources, it builds one into a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What the site is built from: a change to any of these makes a built site stale.
SOURCES = [ROOT / "docs", ROOT / "src", ROOT / "mkdocs.yml", ROOT / "scripts"]


def _newest_source() -> float:
    newest = 0.0
    for source in SOURCES:
        files = [source] if source.is_file() else source.rglob("*")
        stamps = [f.stat().st_mtime for f in files if f.is_file() and f.suffix != ".pyc"]
        newest = max([newest, *stamps])
    return newest


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built site no older than its sources."""
    built = ROOT / "site"
    inventory = built / "objects.inv"
    if inventory.is_file() and inventory.stat().st_mtime >= _newest_source():
        return built
    fresh = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    subprocess.run([*mkdocs, "--site-dir", str(fresh)], cwd=ROOT, env=env, check=True)
    return fresh


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SQLite only (overrides the root conftest's three backends)."""
    directory = tmp_path_factory.mktemp("docs-sqlite")
    return f"sqlite:///{directory / 'annota.db'}"
