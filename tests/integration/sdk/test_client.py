"""The Client over real HTTP: connecting, logging in and out, the current user, no secrets shown."""

from __future__ import annotations

import logging

import pytest
from support import ServerProcess, TestUser, unique

import annota
from annota.errors import AuthenticationError, ConfigurationError


def test_make_client_tries_http_first_on_loopback(
    server: ServerProcess, new_user: TestUser, caplog: pytest.LogCaptureFixture
) -> None:
    # A remote host is tried as https first (tests/unit/test_first_hour.py); a TLS probe of a
    # local plain-HTTP server would only leave a warning in its log.
    with caplog.at_level(logging.DEBUG, logger="annota"):
        client = annota.make_client(
            server.host, port=server.port, credentials=(new_user.username, new_user.password)
        )
    try:
        assert client.url == f"http://{server.host}:{server.port}"
        tried = [r.getMessage() for r in caplog.records if "no annota server" in r.getMessage()]
        assert tried == []
        assert client.me.username == new_user.username
    finally:
        client.close()


def test_make_client_with_a_token(server: ServerProcess, new_user: TestUser) -> None:
    with annota.make_client(server.host, port=server.port, token=new_user.token) as client:
        me = client.me
        assert (me.id, me.username) == (new_user.id, new_user.username)


def test_make_client_refuses_both_credentials_and_token(server: ServerProcess) -> None:
    with pytest.raises(ConfigurationError):
        annota.make_client(server.host, port=server.port, credentials=("a", "b"), token="c")


def test_login_and_logout_revoke_the_session(server: ServerProcess, new_user: TestUser) -> None:
    client = annota.Client(server.url)
    with pytest.raises(AuthenticationError):
        client.me  # noqa: B018 - not logged in yet
    client.login((new_user.username, new_user.password))
    token = client.api.token
    assert token
    assert client.me.id == new_user.id

    client.logout()
    assert client.api.token is None
    with pytest.raises(AuthenticationError):
        client.me  # noqa: B018
    with annota.Client(server.url, token=token) as stale, pytest.raises(AuthenticationError):
        stale.me  # noqa: B018 - the server revoked the token
    client.close()


def test_context_manager_logs_out_a_session_token(
    server: ServerProcess, new_user: TestUser
) -> None:
    credentials = (new_user.username, new_user.password)
    with annota.make_client(server.host, port=server.port, credentials=credentials) as client:
        token = client.api.token
        assert client.me.id == new_user.id
    assert token
    with annota.Client(server.url, token=token) as stale, pytest.raises(AuthenticationError):
        stale.me  # noqa: B018


def test_context_manager_keeps_a_personal_access_token(
    server: ServerProcess, user_client: annota.Client, new_user: TestUser
) -> None:
    secret = user_client.tokens.create({"name": unique("pat")}).secret
    assert secret
    with annota.make_client(server.host, port=server.port, token=secret) as client:
        assert client.me.id == new_user.id
    with annota.Client(server.url, token=secret) as again:
        assert again.me.id == new_user.id, "leaving the block must not revoke a PAT"


def test_me_and_my_workspace(user_client: annota.Client, new_user: TestUser) -> None:
    me = user_client.me
    assert (me.id, me.username, me.is_admin) == (new_user.id, new_user.username, False)
    personal = user_client.my_workspace
    assert personal.is_personal is True
    assert personal.owner.username == new_user.username
    assert personal.role == "owner"


def test_my_workspace_ignores_the_workspace_context(
    admin_client: annota.Client, user_client: annota.Client, new_user: TestUser
) -> None:
    personal = user_client.my_workspace
    shared = user_client.workspaces.create({"slug": unique("mine"), "name": "shared"})
    with user_client.workspace_context(shared.slug):
        assert user_client.my_workspace == personal
    assert user_client.with_workspace(shared.slug).my_workspace == personal


def test_reprs_show_no_secrets(server: ServerProcess, admin_token: str) -> None:
    with annota.Client(server.url, token=admin_token, workspace="acme") as client:
        text = repr(client)
        assert server.url in text
        assert "acme" in text
        assert admin_token not in text
        assert admin_token not in repr(client.api)
        assert admin_token not in repr(client.with_workspace("other"))


def test_server_about(admin_client: annota.Client) -> None:
    about = admin_client.server_about()
    assert about.api_version.split(".")[0] == annota.API_VERSION.split(".")[0]
