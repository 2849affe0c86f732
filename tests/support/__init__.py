"""Helpers shared by the server, contract and SDK test suites.

The fixtures in ``tests/conftest.py`` are built from these pieces:

- :mod:`support.postgres` -- :class:`PostgresCluster`, a throwaway PostgreSQL cluster.
- :mod:`support.server` -- :class:`ServerProcess`, the reference server as a subprocess.
- :mod:`support.http` -- :class:`Http`, a tiny urllib3 client, and its :class:`Response`.
- :mod:`support.db` -- :class:`DatabaseProbe`, direct SQLAlchemy access to the server's database.
- :mod:`support.factories` -- :func:`unique`, :class:`TestUser` and helpers that create data
  through the API.

``tests/`` is put on ``sys.path`` by ``tests/conftest.py``, so test modules import this package
as ``support`` (``from support import Http``).
"""

from .db import DatabaseProbe
from .factories import (
    TestUser,
    create_project,
    create_task,
    create_workspace,
    personal_workspace,
    unique,
)
from .http import Http, Response, assert_problem
from .ports import free_port
from .postgres import PostgresCluster, PostgresUnavailable, find_pg_bindir
from .server import ServerProcess, ServerStartError

__all__ = [
    "DatabaseProbe",
    "Http",
    "PostgresCluster",
    "PostgresUnavailable",
    "Response",
    "ServerProcess",
    "ServerStartError",
    "TestUser",
    "assert_problem",
    "create_project",
    "create_task",
    "create_workspace",
    "find_pg_bindir",
    "free_port",
    "personal_workspace",
    "unique",
]
