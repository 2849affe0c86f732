"""The documentation's examples run against the real server on SQLite only (see test_examples)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """SQLite only (overrides the root conftest's three backends)."""
    directory = tmp_path_factory.mktemp("docs-sqlite")
    return f"sqlite:///{directory / 'annota.db'}"
