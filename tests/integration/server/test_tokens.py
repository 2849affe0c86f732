"""Personal access tokens: create, list, retrieve, use, revoke, expire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from support import ServerProcess, TestUser, assert_problem
from support.db import DatabaseProbe

TOKENS = "/api/auth/tokens"
SELF = "/api/users/self"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def test_token_life_cycle(server: ServerProcess, new_user: TestUser) -> None:
    http = new_user.http
    created_response = http.post(TOKENS, json={"name": "ci pipeline"}).expect(201)
    assert created_response.etag, "a created token carries an ETag"
    created = created_response.json()
    secret = created["token"]
    assert created["name"] == "ci pipeline"
    assert created["expires_at"] is None
    assert created["last_used_at"] is None
    assert isinstance(secret, str)
    assert len(secret) >= 20
    assert created["prefix"]
    assert secret.startswith(created["prefix"])
    assert len(created["prefix"]) < len(secret), "the prefix must not be the whole secret"

    # The secret is shown once: neither the list nor the detail carries it.
    listed = http.get(TOKENS).expect(200).json()
    assert created["id"] in [t["id"] for t in listed["results"]]
    for item in listed["results"]:
        assert "token" not in item
        assert secret not in str(item)
    detail_response = http.get(f"{TOKENS}/{created['id']}").expect(200)
    assert detail_response.etag
    detail = detail_response.json()
    assert "token" not in detail
    assert detail["prefix"] == created["prefix"]

    # The secret authenticates as its owner.
    as_token = server.http(token=secret)
    me = as_token.get(SELF).expect(200).json()
    assert me["id"] == new_user.id
    used = http.get(f"{TOKENS}/{created['id']}").expect(200).json()
    assert used["last_used_at"] is not None, "using a token records last_used_at"

    # Revoked: it stops working at once and is gone.
    assert http.delete(f"{TOKENS}/{created['id']}").status == 204
    assert_problem(as_token.get(SELF), 401)
    assert_problem(http.get(f"{TOKENS}/{created['id']}"), 404)
    remaining = http.get(TOKENS).expect(200).json()["results"]
    assert created["id"] not in [t["id"] for t in remaining]
    # The session that created it is unaffected.
    assert http.get(SELF).status == 200


def test_list_shows_only_own_tokens(make_user: Callable[..., TestUser]) -> None:
    alice, bob = make_user(), make_user()
    mine = alice.http.post(TOKENS, json={"name": "alice"}).expect(201).json()
    theirs = bob.http.post(TOKENS, json={"name": "bob"}).expect(201).json()
    ids = [t["id"] for t in alice.http.get(TOKENS).expect(200).json()["results"]]
    assert mine["id"] in ids
    assert theirs["id"] not in ids


def test_another_users_token_is_invisible(
    server: ServerProcess, make_user: Callable[..., TestUser]
) -> None:
    owner, intruder = make_user(), make_user()
    token = owner.http.post(TOKENS, json={"name": "private"}).expect(201).json()
    assert_problem(intruder.http.get(f"{TOKENS}/{token['id']}"), 404)
    assert_problem(intruder.http.delete(f"{TOKENS}/{token['id']}"), 404)
    assert server.http(token=token["token"]).get(SELF).status == 200, "still valid"


def test_token_with_expiry_stops_working_when_it_expires(
    server: ServerProcess, new_user: TestUser, db: DatabaseProbe
) -> None:
    expires = datetime.now(UTC) + timedelta(hours=1)
    created = new_user.http.post(TOKENS, json={"name": "short", "expires_at": iso(expires)})
    body = created.expect(201).json()
    assert body["expires_at"] is not None
    reported = datetime.fromisoformat(body["expires_at"])
    assert abs((reported - expires).total_seconds()) < 1.5
    client = server.http(token=body["token"])
    assert client.get(SELF).status == 200

    # The expiry comes by ageing it (the tests' clock), not by waiting for it.
    assert db.move_back("access_tokens", "expires_at", 3601, id=body["id"]) == 1
    assert_problem(client.get(SELF), 401)


def test_token_that_expired_already_never_works(server: ServerProcess, new_user: TestUser) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    response = new_user.http.post(TOKENS, json={"name": "stale", "expires_at": iso(past)})
    if response.status == 201:
        assert_problem(server.http(token=response.json()["token"]).get(SELF), 401)
    else:
        assert_problem(response, 400, field="expires_at")


def test_tokens_need_authentication(server: ServerProcess) -> None:
    api = server.http()
    assert_problem(api.get(TOKENS), 401)
    assert_problem(api.post(TOKENS, json={"name": "x"}), 401)
