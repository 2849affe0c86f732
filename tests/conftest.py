"""Shared fixtures: a database per backend, the reference server on it, and HTTP clients.

Fixtures (the SDK tests use them too; keep these names and attributes stable):

``database_url`` (session, parametrized ``sqlite`` / ``postgresql``)
    A SQLAlchemy URL of an empty database: ``sqlite:///<tmp>/annota.db``, or
    ``postgresql+psycopg://annota@127.0.0.1:PORT/postgres`` on a throwaway cluster (stopped at
    the end of the session). Every test that uses it, directly or through ``server``, runs once
    per backend. PostgreSQL tests carry the ``postgres`` marker (``-m "not postgres"`` skips
    them). When PostgreSQL cannot be started they are skipped with a loud banner -- or fail,
    when ``CI`` or ``ANNOTA_REQUIRE_POSTGRES`` is set.

``server`` (session) -> :class:`support.server.ServerProcess`
    The server on ``database_url``, started on a free loopback port with a temporary data dir,
    ``ANNOTA_VALIDATE_RESPONSES=1`` and a login lockout. Attributes: ``url``
    (``"http://127.0.0.1:PORT"``), ``host``, ``port``, ``database_url``, ``data_dir``,
    ``log_path``, ``admin_username``, ``admin_password``, ``login_max_failures``,
    ``login_lockout_seconds``; methods ``http(token=None, workspace=None)``, ``restart()``,
    ``log_text()``. Shared by every test of the session: create uniquely named data (see
    ``support.unique``) and never log out, lock out or change the admin.

``admin_token`` (session) -> str
    A session token of the admin account.

``admin_http`` -> :class:`support.http.Http`
    A client logged in as the admin (a fresh object per test, the token is shared).

``api`` -> :class:`support.http.Http`
    An anonymous client for ``server``.

``make_user`` -> ``make_user(role=None, workspace=None, *, added_by=None, admin=False,
prefix="user", login=True, **fields)`` -> :class:`support.factories.TestUser`
    Creates a fresh user through the admin (unique username), logs it in, and with
    ``role``/``workspace`` (a Workspace dict or id) adds it to that workspace, acting as
    ``added_by`` (an :class:`Http`; the admin by default). A ``TestUser`` has ``username``,
    ``password``, ``http`` (logged in), ``id``, ``email``, ``data`` and unpacks as
    ``username, password, http``.

``new_user`` -> :class:`support.factories.TestUser`
    ``make_user()``: a fresh regular user, member of nothing but its personal workspace.

``s3_endpoint`` (session) -> :class:`support.s3.S3Endpoint`
    One S3 server (moto's, over HTTP on a free loopback port) for the whole session; take a
    bucket of your own with ``s3_endpoint.new_bucket()``.

``s3_server`` (session) -> :class:`support.server.ServerProcess`
    The server on its own SQLite database with its files in a bucket of ``s3_endpoint``
    (``s3_server.s3_bucket``). The modules in ``ON_S3_TOO`` also run against it: for them
    ``database_url`` has a third value, ``sqlite-s3``, under which ``server`` *is* ``s3_server``
    (other tests never run with it). ``-m "not s3"`` leaves all of that out.

``db`` (session) -> :class:`support.db.DatabaseProbe`
    Read-only SQLAlchemy access to the server's database (``row_counts()``, ``tables()``).

When a test that uses ``server`` fails, the server's log lines written during that test are
attached to the report (section "server log").
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS_DIR = Path(__file__).resolve().parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

from support.db import DatabaseProbe  # noqa: E402
from support.factories import TestUser, add_member, create_user  # noqa: E402
from support.http import Http  # noqa: E402
from support.postgres import PostgresCluster, PostgresUnavailable  # noqa: E402
from support.s3 import S3Endpoint  # noqa: E402
from support.server import ServerProcess  # noqa: E402

_SERVER_LOG_OFFSET = pytest.StashKey[tuple[ServerProcess, int]]()
_LOUD_MESSAGES: list[str] = []


# ---------------------------------------------------------------------------------- database
def _shout(config: pytest.Config, message: str) -> None:
    banner = "!" * 100
    text = f"\n{banner}\n{message}\n{banner}\n"
    _LOUD_MESSAGES.append(message)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(text, red=True, bold=True)
    print(text, file=sys.stderr, flush=True)


# The suites that move files: they run on S3 storage too (SQLite only), as ``[sqlite-s3]``.
ON_S3_TOO = (
    "integration/server/test_assets.py",
    "integration/server/test_datasets.py",
    "integration/server/test_orphans.py",
    "integration/sdk/test_data_path.py",
    "integration/sdk/test_mask_formats.py",
    "integration/sdk/test_thumbnails.py",
    "integration/sdk/test_dataset_versions.py",
)
_S3_SERVERS: dict[str, ServerProcess] = {}  # database URL -> the S3-backed server on it


@pytest.fixture(
    scope="session",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
        pytest.param("sqlite-s3", id="sqlite-s3", marks=pytest.mark.s3),
    ],
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database on each backend; see the module docstring."""
    if request.param == "sqlite-s3":
        yield request.getfixturevalue("s3_server").database_url
        return
    if request.param == "sqlite":
        directory = tmp_path_factory.mktemp("sqlite")
        yield f"sqlite:///{directory / 'annota.db'}"
        return
    cluster = PostgresCluster()
    try:
        cluster.start()
    except PostgresUnavailable as exc:
        message = (
            "POSTGRESQL TESTS NOT RUN: a throwaway PostgreSQL cluster could not be started.\n"
            f"{exc}\n"
            "Every test parametrized with database_url=postgresql is affected. "
            "Install the server binaries (apt-get install postgresql) to run them."
        )
        _shout(request.config, message)
        if os.environ.get("CI") or os.environ.get("ANNOTA_REQUIRE_POSTGRES"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[DatabaseProbe]:
    """Read-only SQLAlchemy access to the server's database."""
    probe = DatabaseProbe(database_url)
    try:
        yield probe
    finally:
        probe.dispose()


# ---------------------------------------------------------------------------------- server
@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[S3Endpoint]:
    """moto's S3 server for the whole session; see the module docstring."""
    endpoint = S3Endpoint().start()
    try:
        yield endpoint
    finally:
        endpoint.stop()


@pytest.fixture(scope="session")
def s3_server(
    s3_endpoint: S3Endpoint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """The server on SQLite with its files in an S3 bucket; see the module docstring."""
    directory = tmp_path_factory.mktemp("s3-server")
    bucket = s3_endpoint.new_bucket()
    process = ServerProcess(
        database_url=f"sqlite:///{directory / 'annota.db'}",
        data_dir=directory,
        extra_env=s3_endpoint.server_env(bucket, "annota"),
        s3=(s3_endpoint, bucket, "annota"),
    )
    try:
        process.start()
    except Exception:
        process.stop()
        raise
    _S3_SERVERS[process.database_url] = process
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The reference server on ``database_url``; see the module docstring."""
    if database_url in _S3_SERVERS:
        yield _S3_SERVERS[database_url]
        return
    process = ServerProcess(database_url=database_url, data_dir=tmp_path_factory.mktemp("server"))
    try:
        process.start()
    except Exception:
        process.stop()
        raise
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="session")
def admin_token(server: ServerProcess) -> str:
    """A session token of the admin account (shared by the whole session)."""
    return server.http().login(server.admin_username, server.admin_password)


@pytest.fixture
def admin_http(server: ServerProcess, admin_token: str) -> Http:
    """A client logged in as the admin."""
    return server.http(token=admin_token)


@pytest.fixture
def api(server: ServerProcess) -> Http:
    """An anonymous client."""
    return server.http()


MakeUser = Callable[..., TestUser]


@pytest.fixture
def make_user(server: ServerProcess, admin_token: str) -> MakeUser:
    """A factory of fresh, logged-in users; see the module docstring."""
    admin_client = server.http(token=admin_token)

    def factory(
        role: str | None = None,
        workspace: dict[str, Any] | int | None = None,
        *,
        added_by: Http | None = None,
        admin: bool = False,
        prefix: str = "user",
        login: bool = True,
        **fields: Any,
    ) -> TestUser:
        if (role is None) != (workspace is None):
            raise TypeError("make_user: give both role and workspace, or neither")
        user = create_user(admin_client, prefix=prefix, is_admin=admin, login=login, **fields)
        if role is not None and workspace is not None:
            add_member(added_by or admin_client, workspace, user.id, role)
        return user

    return factory


@pytest.fixture
def new_user(make_user: MakeUser) -> TestUser:
    """A fresh regular user with only its personal workspace."""
    return make_user()


# ---------------------------------------------------------------------------------- reporting
@pytest.fixture(autouse=True)
def _mark_server_log(request: pytest.FixtureRequest) -> None:
    """Remember where the server log stood when a test that uses ``server`` began."""
    if "server" in request.fixturenames:
        srv = request.getfixturevalue("server")
        request.node.stash[_SERVER_LOG_OFFSET] = (srv, srv.log_size())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.failed:
        marker = item.stash.get(_SERVER_LOG_OFFSET, None)
        if marker is not None:
            srv, offset = marker
            text = srv.log_since(offset)
            if len(text) > 20000:
                text = "...\n" + text[-20000:]
            if text.strip():
                report.sections.append(("server log", text))
    return report


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the ``sqlite-s3`` parameter only where it matters (see ``ON_S3_TOO``)."""
    _keep_s3_runs_to_the_data_path(config, items)
    _keep_browser_runs_to_sqlite(config, items)


def _keep_browser_runs_to_sqlite(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests exercise the page, not the database: run them on SQLite only.

    Deselecting (rather than overriding ``database_url`` in ``tests/browser``) keeps one
    fixture per name, so a session-scoped ``server`` is never reused across backends.
    """
    browser_dir = TESTS_DIR / "browser"
    dropped: list[pytest.Item] = []
    kept: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("database_url") if callspec is not None else None
        in_browser = browser_dir in Path(item.path).parents
        (dropped if in_browser and backend not in (None, "sqlite") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _keep_s3_runs_to_the_data_path(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the ``sqlite-s3`` runs of tests outside ``ON_S3_TOO`` or without ``server``."""
    on_s3 = {TESTS_DIR / name for name in ON_S3_TOO}
    dropped: list[pytest.Item] = []
    kept: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        s3_run = callspec is not None and callspec.params.get("database_url") == "sqlite-s3"
        wanted = Path(item.path) in on_s3 and "server" in getattr(item, "fixturenames", ())
        (dropped if s3_run and not wanted else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for message in _LOUD_MESSAGES:
        terminalreporter.write_sep("!", "PostgreSQL", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)
