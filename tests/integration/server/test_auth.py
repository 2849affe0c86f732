"""Sessions: login, logout, password change, two-factor authentication and login lockout."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pyotp
from support import Http, Response, ServerProcess, TestUser, assert_problem, unique
from support.db import DatabaseProbe

LOGIN = "/api/auth/login"
SELF = "/api/users/self"
OTP_REQUIRED = "urn:annota:problem:otp-required"


def login(
    api: Http, username: str, password: str, otp: str | None = None, *, address: str | None = None
) -> Response:
    """Log in; with ``address``, as seen from there (the server trusts loopback as a proxy)."""
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    headers = {"Authorization": None, "X-Forwarded-For": address}
    return api.post(LOGIN, json=body, headers=headers)


# ---------------------------------------------------------------------------------- login
def test_login_returns_a_session_for_the_user(api: Http, new_user: TestUser) -> None:
    response = login(api, new_user.username, new_user.password).expect(200)
    body = response.json()
    assert isinstance(body["token"], str)
    assert len(body["token"]) >= 16
    assert body["user"]["username"] == new_user.username
    assert body["user"]["id"] == new_user.id
    assert "password" not in body["user"]
    me = api.with_token(body["token"]).get(SELF).expect(200).json()
    assert me["username"] == new_user.username
    assert me["last_login"] is not None


def test_each_login_is_a_distinct_session(api: Http, new_user: TestUser) -> None:
    first = login(api, new_user.username, new_user.password).expect(200).json()["token"]
    second = login(api, new_user.username, new_user.password).expect(200).json()["token"]
    assert first != second


def test_login_with_a_wrong_password_is_401(api: Http, new_user: TestUser) -> None:
    assert_problem(login(api, new_user.username, new_user.password + "x"), 401)


def test_login_of_an_unknown_user_is_401(api: Http) -> None:
    assert_problem(login(api, unique("nobody"), "whatever-password"), 401)


def test_requests_without_valid_credentials_are_401(api: Http, new_user: TestUser) -> None:
    assert_problem(api.get(SELF), 401)
    assert_problem(api.with_token("not-a-real-token").get(SELF), 401)
    assert_problem(api.get(SELF, headers={"Authorization": f"Basic {new_user.token}"}), 401)
    assert_problem(api.get(SELF, headers={"Authorization": "Bearer"}), 401)


# ---------------------------------------------------------------------------------- logout
def test_logout_revokes_only_that_session(server: ServerProcess, new_user: TestUser) -> None:
    other = server.http()
    other.login(new_user.username, new_user.password)
    session = server.http()
    token = session.login(new_user.username, new_user.password)

    assert session.post("/api/auth/logout").status == 204
    assert_problem(server.http(token=token).get(SELF), 401)
    assert_problem(server.http(token=token).post("/api/auth/logout"), 401)
    assert other.get(SELF).status == 200
    assert new_user.http.get(SELF).status == 200


# ---------------------------------------------------------------------------------- password
def test_change_password_revokes_other_sessions(server: ServerProcess, new_user: TestUser) -> None:
    current = new_user.http
    other = server.http()
    other.login(new_user.username, new_user.password)
    new_password = "New-" + unique("pw")

    response = current.post(
        "/api/auth/password",
        json={"old_password": new_user.password, "new_password": new_password},
    )
    assert response.status == 200, response
    assert response.json() == {"revoked_sessions": 1, "revoked_tokens": 0}

    assert_problem(other.get(SELF), 401)
    assert current.get(SELF).status == 200, "the session that changed the password stays valid"
    assert_problem(login(server.http(), new_user.username, new_user.password), 401)
    assert login(server.http(), new_user.username, new_password).status == 200


def test_change_password_with_a_wrong_old_password_changes_nothing(
    server: ServerProcess, new_user: TestUser
) -> None:
    response = new_user.http.post(
        "/api/auth/password",
        json={"old_password": "not-the-password", "new_password": "Another-password-1"},
    )
    assert_problem(response, (400, 401))
    assert new_user.http.get(SELF).status == 200
    assert login(server.http(), new_user.username, new_user.password).status == 200
    assert_problem(login(server.http(), new_user.username, "Another-password-1"), 401)


def test_change_password_refuses_a_short_new_password(
    server: ServerProcess, new_user: TestUser
) -> None:
    response = new_user.http.post(
        "/api/auth/password",
        json={"old_password": new_user.password, "new_password": "short"},
    )
    assert_problem(response, 400, field="new_password")
    assert login(server.http(), new_user.username, new_user.password).status == 200


# ---------------------------------------------------------------------------------- 2FA
class Authenticator:
    """Produces TOTP codes, tolerating servers that refuse to accept one code twice."""

    def __init__(self, secret: str) -> None:
        self.totp = pyotp.TOTP(secret)
        self.used: set[str] = set()

    def _wait_for_next_window(self) -> None:
        left = self.totp.interval - time.time() % self.totp.interval
        time.sleep(left + 0.2)

    def send(self, request: Callable[[str], Response]) -> Response:
        """Call ``request(code)`` with a current code; retry once with a new code on refusal.

        A code can be refused because it was used already (replay protection) or because its
        30-second window ended in flight; a second try with a code of the next window settles
        both, without assuming either behaviour.
        """
        response: Response | None = None
        for attempt in range(2):
            left = self.totp.interval - time.time() % self.totp.interval
            if left < 1.5:
                self._wait_for_next_window()
            code = self.totp.now()
            if attempt == 1 and code in self.used:
                self._wait_for_next_window()
                code = self.totp.now()
            response = request(code)
            self.used.add(code)
            if response.status < 400:
                break
        assert response is not None
        return response

    def wrong_code(self) -> str:
        now = time.time()
        valid = {self.totp.at(now + step * self.totp.interval) for step in range(-3, 4)}
        candidate = int(self.totp.now())
        while True:
            candidate = (candidate + 123457) % 1_000_000
            code = f"{candidate:06d}"
            if code not in valid:
                return code


def two_factor_enabled(http: Http) -> bool:
    return bool(http.get(SELF).expect(200).json()["two_factor_enabled"])


def test_two_factor_enrol_confirm_login_and_disable(
    server: ServerProcess, new_user: TestUser
) -> None:
    http = new_user.http
    api = server.http()

    enrollment = http.post("/api/auth/2fa/enroll").expect(200).json()
    uri, secret = enrollment["otpauth_uri"], enrollment["secret"]
    assert uri.startswith("otpauth://totp/"), uri
    assert pyotp.parse_uri(uri).secret == secret
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), secret
    assert not two_factor_enabled(http), "enrolment alone must not turn 2FA on"
    assert login(api, new_user.username, new_user.password).status == 200

    authenticator = Authenticator(secret)
    refused = http.post("/api/auth/2fa/confirm", json={"code": authenticator.wrong_code()})
    assert_problem(refused, (400, 401))
    assert not two_factor_enabled(http)

    confirmed = authenticator.send(
        lambda code: http.post("/api/auth/2fa/confirm", json={"code": code})
    )
    assert confirmed.status == 200, confirmed
    assert confirmed.json() == {"enabled": True}
    assert two_factor_enabled(http)

    # Now the password alone is not enough.
    needs_code = login(api, new_user.username, new_user.password)
    problem = assert_problem(needs_code, 401, problem_type=OTP_REQUIRED)
    assert re.search(r"one[- ]time code", problem["detail"], re.IGNORECASE), problem
    assert_problem(
        login(api, new_user.username, new_user.password, authenticator.wrong_code()), 401
    )
    logged_in = authenticator.send(
        lambda code: login(api, new_user.username, new_user.password, code)
    )
    assert logged_in.status == 200, logged_in
    assert logged_in.json()["user"]["two_factor_enabled"] is True

    assert_problem(http.post("/api/auth/2fa/enroll"), 409)

    refused = http.post("/api/auth/2fa/disable", json={"code": authenticator.wrong_code()})
    assert_problem(refused, (400, 401))
    assert two_factor_enabled(http)

    disabled = authenticator.send(
        lambda code: http.post("/api/auth/2fa/disable", json={"code": code})
    )
    assert disabled.status == 200, disabled
    assert disabled.json() == {"enabled": False}
    assert not two_factor_enabled(http)
    assert login(api, new_user.username, new_user.password).status == 200
    assert_problem(http.post("/api/auth/2fa/disable", json={"code": "123456"}), 409)


def test_two_factor_confirm_without_enrolment_is_409(new_user: TestUser) -> None:
    assert_problem(new_user.http.post("/api/auth/2fa/confirm", json={"code": "123456"}), 409)
    assert not two_factor_enabled(new_user.http)


def test_two_factor_endpoints_need_authentication(api: Http) -> None:
    assert_problem(api.post("/api/auth/2fa/enroll"), 401)
    assert_problem(api.post("/api/auth/2fa/confirm", json={"code": "123456"}), 401)
    assert_problem(api.post("/api/auth/2fa/disable", json={"code": "123456"}), 401)


# ---------------------------------------------------------------------------------- lockout
def test_repeated_login_failures_lock_the_account_for_a_while(
    server: ServerProcess, make_user: Callable[..., TestUser], db: DatabaseProbe
) -> None:
    victim = make_user(prefix="lockout")
    bystander = make_user(prefix="bystander")
    api = server.http()
    limit = server.login_max_failures

    statuses = []
    for _ in range(limit + 1):
        statuses.append(login(api, victim.username, "wrong-password").status)
        if statuses[-1] == 429:
            break
    assert statuses[: limit - 1] == [401] * (limit - 1), statuses
    assert statuses[-1] == 429, f"no lockout after {limit} failures: {statuses}"

    # Locked: even the right password is refused, with Retry-After.
    locked = login(api, victim.username, victim.password)
    assert_problem(locked, 429)
    retry_after = locked.headers.get("Retry-After")
    assert retry_after is not None, locked
    assert retry_after.isdigit(), locked
    assert 1 <= int(retry_after) <= server.login_lockout_seconds, locked

    # Other accounts are not affected.
    assert login(api, bystander.username, bystander.password).status == 200
    # Existing sessions of the locked account keep working.
    assert victim.http.get(SELF).status == 200

    # The lockout (long in the tests' server, so no slow machine sees it end early) ends once
    # its failures are older than it: the test ages them rather than waiting.
    almost = server.login_lockout_seconds - 30
    assert db.move_back("login_failures", "failed_at", almost, username=victim.username) == limit
    assert_problem(login(api, victim.username, victim.password), 429)
    db.move_back("login_failures", "failed_at", 31, username=victim.username)
    assert login(api, victim.username, victim.password).status == 200


def test_a_one_time_code_logs_in_only_once(server: ServerProcess, new_user: TestUser) -> None:
    http = new_user.http
    secret = http.post("/api/auth/2fa/enroll").expect(200).json()["secret"]
    authenticator = Authenticator(secret)
    confirmed = authenticator.send(
        lambda code: http.post("/api/auth/2fa/confirm", json={"code": code})
    )
    assert confirmed.status == 200, confirmed
    api = server.http()
    codes: list[str] = []

    def first_login(code: str) -> Response:
        codes.append(code)
        return login(api, new_user.username, new_user.password, code)

    assert authenticator.send(first_login).status == 200
    replayed = login(api, new_user.username, new_user.password, codes[-1])
    problem = assert_problem(replayed, 401, problem_type=OTP_REQUIRED)
    assert "already used" in problem["detail"], problem


def test_a_one_time_code_cannot_win_two_racing_logins(
    server: ServerProcess, new_user: TestUser
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    http = new_user.http
    secret = http.post("/api/auth/2fa/enroll").expect(200).json()["secret"]
    authenticator = Authenticator(secret)
    assert (
        authenticator.send(
            lambda code: http.post("/api/auth/2fa/confirm", json={"code": code})
        ).status
        == 200
    )
    # A code of the next step: unused, and valid for the whole race.
    authenticator._wait_for_next_window()
    code = authenticator.totp.now()
    with ThreadPoolExecutor(4) as pool:
        statuses = list(
            pool.map(
                lambda _: login(server.http(), new_user.username, new_user.password, code).status,
                range(4),
            )
        )
    assert sorted(statuses) == [200, 401, 401, 401], statuses


def test_a_stranger_cannot_lock_the_user_out(
    server: ServerProcess, make_user: Callable[..., TestUser]
) -> None:
    victim = make_user(prefix="target")
    api, attacker = server.http(), "203.0.113.66"
    statuses = [
        login(api, victim.username, "wrong-password", address=attacker).status
        for _ in range(server.login_max_failures + 1)
    ]
    assert statuses[-1] == 429, f"the guesser is not slowed down: {statuses}"
    # The guesser's address stays locked, even with the right password ...
    assert_problem(login(api, victim.username, victim.password, address=attacker), 429)
    # ... while the user, from their own address, logs in at once.
    assert login(api, victim.username, victim.password, address="198.51.100.7").status == 200
    # Their success does not hand the guesser new attempts.
    assert_problem(login(api, victim.username, "wrong-password", address=attacker), 429)


def test_guessing_from_many_addresses_hits_the_per_username_limit(
    server: ServerProcess, make_user: Callable[..., TestUser]
) -> None:
    victim = make_user(prefix="spread")
    per_client = server.login_max_failures - 1  # stay under each address's own limit
    addresses = -(-server.login_max_failures_per_user // per_client)
    api, statuses = server.http(), []
    for n in range(addresses):
        address = f"203.0.113.{n + 1}"
        statuses += [
            login(api, victim.username, "wrong", address=address).status for _ in range(per_client)
        ]
    # Every guess up to the per-username limit was answered; the limit then locks the username.
    assert statuses[: server.login_max_failures_per_user] == [401] * (
        server.login_max_failures_per_user
    ), statuses
    assert_problem(login(api, victim.username, victim.password, address="198.51.100.200"), 429)
