"""Accounts: a password change revokes other credentials; the last administrator stays one."""

from __future__ import annotations

from pathlib import Path

from support import Http, ServerProcess, TestUser, assert_problem, unique
from support.factories import create_user

from .operations_support import own_server

PASSWORD = "/api/auth/password"
TOKENS = "/api/auth/tokens"
SELF = "/api/users/self"


def _token(http: Http) -> str:
    return str(http.post(TOKENS, json={"name": unique("tok")}).expect(201).json()["token"])


def _change(http: Http, user: TestUser, **extra: object) -> dict[str, int]:
    new = "New-" + unique("pw")
    body = {"old_password": user.password, "new_password": new, **extra}
    answer: dict[str, int] = http.post(PASSWORD, json=body).expect(200).json()
    user.password = new
    return answer


# ---------------------------------------------------------------------------------- password
def test_a_password_change_revokes_other_sessions_and_every_token(
    server: ServerProcess, new_user: TestUser
) -> None:
    tokens = [_token(new_user.http), _token(new_user.http)]
    other = server.http()
    other.login(new_user.username, new_user.password)

    assert _change(new_user.http, new_user) == {"revoked_sessions": 1, "revoked_tokens": 2}

    for token in tokens:
        assert_problem(server.http(token=token).get(SELF), 401)
    assert_problem(other.get(SELF), 401)
    assert new_user.http.get(SELF).status == 200, "the session that changed it stays"
    assert new_user.http.get(TOKENS).expect(200).json()["count"] == 0


def test_keep_tokens_keeps_the_tokens_but_not_the_sessions(
    server: ServerProcess, new_user: TestUser
) -> None:
    token = _token(new_user.http)
    other = server.http()
    other.login(new_user.username, new_user.password)

    answer = _change(new_user.http, new_user, keep_tokens=True)

    assert answer == {"revoked_sessions": 1, "revoked_tokens": 0}
    assert server.http(token=token).get(SELF).status == 200
    assert_problem(other.get(SELF), 401)


def test_a_change_made_with_a_token_keeps_that_token(
    server: ServerProcess, new_user: TestUser
) -> None:
    used, spare = _token(new_user.http), _token(new_user.http)
    with_token = server.http(token=used)

    # The login session of new_user.http is the one other session.
    assert _change(with_token, new_user) == {"revoked_sessions": 1, "revoked_tokens": 1}

    assert with_token.get(SELF).status == 200
    assert_problem(server.http(token=spare).get(SELF), 401)
    assert_problem(new_user.http.get(SELF), 401)


def test_keep_tokens_must_be_a_boolean(new_user: TestUser) -> None:
    body = {"old_password": new_user.password, "new_password": "Whatever-1", "keep_tokens": "no"}
    assert_problem(new_user.http.post(PASSWORD, json=body), 400, field="keep_tokens")
    assert new_user.http.get(SELF).status == 200


# ---------------------------------------------------------------------------------- last admin
def test_the_last_active_administrator_cannot_demote_deactivate_or_delete_themself(
    database_url: str, tmp_path: Path
) -> None:
    with own_server(database_url, tmp_path) as server:
        admin = server.http()
        admin.login(server.admin_username, server.admin_password)
        me = admin.get(SELF).expect(200).json()
        path = f"/api/users/{me['id']}"

        for field in ("is_admin", "is_active"):
            refused = admin.patch(path, json={field: False})
            assert_problem(refused, 409, field=field)
        assert_problem(admin.delete(path), 409)
        after = admin.get(SELF).expect(200).json()
        assert (after["is_admin"], after["is_active"], after["version"]) == (
            True,
            True,
            me["version"],
        )
        # Other changes of the last administrator still go through.
        admin.patch(path, json={"first_name": "Root", "is_admin": True}).expect(200)

        # With a second active administrator, the first may step down; then the second is last.
        second = create_user(admin, is_admin=True)
        admin.patch(path, json={"is_admin": False}).expect(200)
        assert_problem(second.http.patch(f"/api/users/{second.id}", json={"is_admin": False}), 409)
        # A deactivated administrator does not count.
        second.http.patch(path, json={"is_admin": True, "is_active": False}).expect(200)
        refused = second.http.patch(f"/api/users/{second.id}", json={"is_active": False})
        assert_problem(refused, 409, field="is_active")
