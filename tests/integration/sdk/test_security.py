"""Security in the SDK: password change, two-factor, health check, and account recovery."""

from __future__ import annotations

import time

import pyotp
import pytest
from support import ServerProcess, TestUser

import annota
from annota.errors import (
    AuthenticationError,
    InvalidRequestError,
    PermissionDeniedError,
    ValidationError,
)
from annota.proxies.security import server_health

from .helpers import record_requests


def _client(server: ServerProcess, user: TestUser) -> annota.Client:
    return annota.Client(server.url, token=user.token)


def test_change_password(server: ServerProcess, new_user: TestUser) -> None:
    with annota.Client(server.url) as client:
        client.login((new_user.username, new_user.password))
        with pytest.raises(ValidationError) as wrong:
            client.users.change_password("not-the-password", "brand-new-pw-1")
        assert any(e.field == "old_password" for e in wrong.value.errors)
        revoked = client.users.change_password(new_user.password, "brand-new-pw-1")
        assert (revoked.revoked_sessions, revoked.revoked_tokens) == (1, 0)  # new_user's login
        assert client.me.username == new_user.username  # this session stays
    with annota.Client(server.url) as again:
        again.login((new_user.username, "brand-new-pw-1"))
        with pytest.raises(AuthenticationError):
            annota.Client(server.url).login((new_user.username, new_user.password))


def _steady_now(totp: pyotp.TOTP) -> float:
    """The time, away from a step boundary, so the three codes stay valid for a few seconds."""
    if totp.interval - time.time() % totp.interval < 3:
        time.sleep(3)
    return time.time()


def test_two_factor_enroll_confirm_and_disable(server: ServerProcess, new_user: TestUser) -> None:
    with _client(server, new_user) as client:
        enrollment = client.users.two_factor.enroll()
        assert enrollment.otpauth_uri.startswith("otpauth://totp/")
        totp = pyotp.TOTP(enrollment.secret)
        # Codes are single-use and claimed in time order: the previous, the current and the
        # next step's codes are all valid (one step of drift), each once.
        now = _steady_now(totp)
        assert client.users.two_factor.confirm(totp.at(now - totp.interval)) is True
        assert client.me.two_factor_enabled is True
        with annota.Client(server.url) as fresh:
            fresh.login((new_user.username, new_user.password), otp=totp.at(now))
        assert client.users.two_factor.disable(totp.at(now + totp.interval)) is False
        assert client.me.two_factor_enabled is False


def test_codes_and_keys_are_checked_before_sending(
    server: ServerProcess, new_user: TestUser
) -> None:
    with _client(server, new_user) as client:
        user = client.me
        sent = record_requests(client)
        for code in ("12 345", "12345", 123456, "abcdef"):
            with pytest.raises(InvalidRequestError, match="code"):
                client.users.two_factor.confirm(code)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError):
            client.users.change_password(None, "x" * 9)  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError):
            user.set_password(1234)  # type: ignore[arg-type]
    assert sent.requests == []


def test_server_health(server: ServerProcess) -> None:
    with annota.Client(server.url) as anonymous:
        health = server_health(anonymous)
    assert health.status == "ok"
    assert health.database.status == "ok"


def test_admin_recovers_an_account(
    server: ServerProcess, admin_client: annota.Client, new_user: TestUser
) -> None:
    user = admin_client.users.retrieve(new_user.id)
    etag = user.etag
    user.set_password("recovered-pw-1")
    assert user.etag != etag  # the entity holds the account as it is now
    with _client(server, new_user) as old_session, pytest.raises(AuthenticationError):
        old_session.me  # noqa: B018
    with annota.Client(server.url) as client:
        client.login((new_user.username, "recovered-pw-1"))
        totp = pyotp.TOTP(client.users.two_factor.enroll().secret)
        client.users.two_factor.confirm(totp.now())
    user.fetch()
    assert user.two_factor_enabled is True
    user.reset_two_factor()
    assert user.two_factor_enabled is False
    with annota.Client(server.url) as client:
        client.login((new_user.username, "recovered-pw-1"))  # no code needed any more


def test_only_admins_recover_accounts(
    server: ServerProcess, admin_client: annota.Client, new_user: TestUser, make_user: object
) -> None:
    other = make_user()  # type: ignore[operator]
    with _client(server, new_user) as client:
        target = client.users.retrieve(other.id)
        with pytest.raises(PermissionDeniedError):
            target.set_password("hijacked-pw-1")
        with pytest.raises(PermissionDeniedError):
            target.reset_two_factor()
    with annota.Client(server.url) as check:
        check.login((other.username, other.password))


def test_change_password_revokes_tokens_unless_kept(
    server: ServerProcess, new_user: TestUser
) -> None:
    with annota.Client(server.url, token=new_user.token) as client:
        token = new_user.http.post("/api/auth/tokens", json={"name": "ci"}).expect(201).json()
        kept = client.users.change_password(new_user.password, "brand-new-pw-2", keep_tokens=True)
        assert (kept.revoked_sessions, kept.revoked_tokens) == (0, 0)
        revoked = client.users.change_password("brand-new-pw-2", "brand-new-pw-3")
        assert (revoked.revoked_sessions, revoked.revoked_tokens) == (0, 1)
        with pytest.raises(InvalidRequestError, match="keep_tokens"):
            client.users.change_password("brand-new-pw-3", "x" * 9, keep_tokens="yes")  # type: ignore[arg-type]
    with (
        annota.Client(server.url, token=token["token"]) as gone,
        pytest.raises(AuthenticationError),
    ):
        _ = gone.me
