"""Account recovery: an administrator sets a user's password or turns off their two-factor."""

from __future__ import annotations

import time

import pyotp
from support import Http, ServerProcess, TestUser, assert_problem, unique

LOGIN = "/api/auth/login"
SELF = "/api/users/self"


def _login(api: Http, username: str, password: str, otp: str | None = None) -> int:
    body = {"username": username, "password": password} | ({"otp": otp} if otp else {})
    return api.post(LOGIN, json=body, headers={"Authorization": None}).status


def _turn_on_two_factor(user: TestUser) -> pyotp.TOTP:
    secret = user.http.post("/api/auth/2fa/enroll").expect(200).json()["secret"]
    totp = pyotp.TOTP(secret)
    user.http.post("/api/auth/2fa/confirm", json={"code": totp.now()}).expect(200)
    return totp


def test_admin_sets_a_password_and_the_users_sessions_end(
    server: ServerProcess, admin_http: Http, new_user: TestUser
) -> None:
    api = server.http()
    before = admin_http.get(f"/api/users/{new_user.id}").expect(200).etag
    admin_http.post(
        f"/api/users/{new_user.id}/password", json={"password": "a-new-secret-1"}
    ).expect(204)
    assert_problem(new_user.http.get(SELF), 401)  # the old session is revoked
    assert _login(api, new_user.username, new_user.password) == 401
    assert _login(api, new_user.username, "a-new-secret-1") == 200
    assert admin_http.get(f"/api/users/{new_user.id}").expect(200).etag != before


def test_admin_turns_off_a_lost_two_factor(
    server: ServerProcess, admin_http: Http, new_user: TestUser
) -> None:
    api = server.http()
    _turn_on_two_factor(new_user)
    assert _login(api, new_user.username, new_user.password) == 401
    admin_http.post(f"/api/users/{new_user.id}/2fa/reset").expect(204)
    assert_problem(new_user.http.get(SELF), 401)
    assert _login(api, new_user.username, new_user.password) == 200
    shown = admin_http.get(f"/api/users/{new_user.id}").expect(200).json()
    assert shown["two_factor_enabled"] is False
    # A new enrolment starts from scratch: the old secret is gone.
    again = server.http().with_token(
        api.post(LOGIN, json={"username": new_user.username, "password": new_user.password}).json()[
            "token"
        ]
    )
    assert again.post("/api/auth/2fa/enroll").expect(200).json()["secret"]


def test_non_admins_cannot_recover_accounts_and_nothing_changes(
    server: ServerProcess, new_user: TestUser, make_user: object
) -> None:
    other = make_user()  # type: ignore[operator]
    totp = _turn_on_two_factor(other)
    assert_problem(
        new_user.http.post(f"/api/users/{other.id}/password", json={"password": "hijacked-pw"}),
        403,
    )
    assert_problem(new_user.http.post(f"/api/users/{other.id}/2fa/reset"), 403)
    other.http.get(SELF).expect(200)  # their session still works
    api = server.http()
    assert _login(api, other.username, "hijacked-pw") == 401
    code = totp.at(time.time() + totp.interval)
    assert _login(api, other.username, other.password, code) == 200


def test_recovery_bad_input_is_a_problem_naming_the_field(
    admin_http: Http, new_user: TestUser
) -> None:
    url = f"/api/users/{new_user.id}/password"
    assert_problem(admin_http.post(url, json={"password": "short"}), 400, field="password")
    assert_problem(admin_http.post(url, json={"pasword": "long-enough-1"}), 400)
    assert_problem(admin_http.post(url, json={}), 400, field="password")
    assert_problem(admin_http.post("/api/users/99999999/password", json={"password": "x" * 9}), 404)
    assert_problem(admin_http.post("/api/users/99999999/2fa/reset"), 404)
    new_user.http.get(SELF).expect(200)  # refused requests revoked nothing


def test_setpassword_command_recovers_an_account_without_an_admin_session(
    server: ServerProcess, new_user: TestUser
) -> None:
    import subprocess
    import sys

    assert server.database_url
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "annota_server",
            "setpassword",
            new_user.username,
            "--password-stdin",
            "--database-url",
            server.database_url,
        ],
        input="from-the-console-1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _login(server.http(), new_user.username, "from-the-console-1") == 200
    assert_problem(new_user.http.get(SELF), 401)
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "annota_server",
            "setpassword",
            "no-such-user-x",
            "--password-stdin",
            "--database-url",
            server.database_url,
        ],
        input="from-the-console-1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 1
    assert "no-such-user-x" in missing.stderr


def test_createadmin_command_makes_an_administrator_who_can_log_in(server: ServerProcess) -> None:
    """The command that makes the first account (the test servers create theirs in-process)."""
    import subprocess
    import sys

    username = unique("console-admin")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "annota_server",
            "createadmin",
            "--username",
            username,
            "--email",
            f"{username}@example.com",
            "--password-stdin",
            "--database-url",
            server.database_url,
            "--data-dir",
            str(server.data_dir),
        ],
        input="from-the-console-1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Created administrator {username!r}" in result.stdout
    api = server.http()
    api.login(username, "from-the-console-1")
    me = api.get(SELF).expect(200).json()
    assert me["username"] == username
    assert me["is_admin"] is True
