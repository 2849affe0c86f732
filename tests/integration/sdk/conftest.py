"""Fixtures of the SDK integration tests: annota clients on the real server, and a stub server.

``admin_client`` (session, one per database)
    An :class:`annota.Client` with the shared admin session token. Never log it out and never
    change its workspace: take a copy (``admin_client.with_workspace(...)``) or use ``client``.

``client`` -> a per-test copy of ``admin_client`` (same pool), free to change its workspace.

``user_client`` -> an :class:`annota.Client` of ``new_user`` (a fresh regular user).

``workspace`` -> a fresh shared workspace (a :class:`~annota.proxies.workspaces.Workspace`)
    owned by the admin.

``stub`` -> :class:`StubServer`, a tiny stdlib HTTP server that answers what a test tells it to
    (for retries, version checks, timeouts and forward compatibility). It needs no database, so
    tests that use only it run once.

The stub server and ``record_requests`` live in :mod:`.helpers`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support import ServerProcess, TestUser, unique

import annota
from annota.proxies.workspaces import Workspace

from .helpers import StubServer


# ---------------------------------------------------------------------------------- real server
@pytest.fixture(scope="session")
def admin_client(server: ServerProcess, admin_token: str) -> Iterator[annota.Client]:
    """The admin's client for the whole session (the shared token: never log it out)."""
    client = annota.Client(server.url, token=admin_token)
    try:
        yield client
    finally:
        client.close()  # a token it did not make by login() is not logged out


@pytest.fixture
def client(admin_client: annota.Client) -> annota.Client:
    """A copy of the admin's client that a test may scope to any workspace."""
    return admin_client.with_workspace(None)


@pytest.fixture
def user_client(server: ServerProcess, new_user: TestUser) -> Iterator[annota.Client]:
    """A client of a fresh regular user."""
    with annota.Client(server.url, token=new_user.token) as user:
        yield user


@pytest.fixture
def workspace(admin_client: annota.Client) -> Workspace:
    """A fresh shared workspace owned by the admin."""
    slug = unique("sdk-ws")
    return admin_client.workspaces.create({"slug": slug, "name": f"SDK {slug}"})


# ---------------------------------------------------------------------------------- stub server
@pytest.fixture
def stub() -> Iterator[StubServer]:
    """A stub server, stopped after the test."""
    server = StubServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def stub_client(stub: StubServer) -> Iterator[annota.Client]:
    """A client of the stub with quick retries (backoff of a few milliseconds)."""
    with annota.Client(stub.url, config=annota.Config(backoff_factor=0.01)) as client:
        yield client
