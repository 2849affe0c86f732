"""User accounts: create, read, list, update, deactivate, delete, and who may do what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from support import Http, ServerProcess, TestUser, assert_problem, personal_workspace, unique

USERS = "/api/users"
SELF = "/api/users/self"
LOGIN = "/api/auth/login"


def login_status(server: ServerProcess, user: TestUser, password: str | None = None) -> int:
    body = {"username": user.username, "password": password or user.password}
    return server.http().post(LOGIN, json=body).status


# ---------------------------------------------------------------------------------- create
def test_admin_creates_a_user(admin_http: Http) -> None:
    username = unique("create")
    response = admin_http.post(
        USERS,
        json={
            "username": username,
            "password": "Initial-password-1",
            "email": f"{username}@example.com",
            "first_name": "Ada",
            "last_name": "Lovelace",
        },
    )
    response.expect(201)
    assert response.etag
    user = response.json()
    assert user["username"] == username
    assert user["email"] == f"{username}@example.com"
    assert (user["first_name"], user["last_name"]) == ("Ada", "Lovelace")
    assert user["is_admin"] is False
    assert user["is_active"] is True
    assert user["two_factor_enabled"] is False
    assert user["last_login"] is None
    datetime.fromisoformat(user["date_joined"])
    assert "password" not in user
    assert "Initial-password-1" not in response.text

    fetched = admin_http.get(f"{USERS}/{user['id']}").expect(200)
    assert fetched.json()["username"] == username
    assert fetched.etag


def test_duplicate_username_is_409(
    server: ServerProcess, admin_http: Http, new_user: TestUser
) -> None:
    before = admin_http.get(USERS, params={"username": new_user.username}).expect(200).json()
    response = admin_http.post(
        USERS, json={"username": new_user.username, "password": "Another-password-1"}
    )
    assert_problem(response, 409)
    after = admin_http.get(USERS, params={"username": new_user.username}).expect(200).json()
    assert after["count"] == before["count"] == 1
    assert login_status(server, new_user) == 200, "the original password still works"


def test_non_admin_cannot_create_or_delete_users(new_user: TestUser, admin_http: Http) -> None:
    username = unique("forbidden")
    response = new_user.http.post(USERS, json={"username": username, "password": "Password-123"})
    assert_problem(response, 403)
    assert admin_http.get(USERS, params={"username": username}).json()["count"] == 0

    victim = (
        admin_http.post(USERS, json={"username": unique("victim"), "password": "Password-123"})
        .expect(201)
        .json()
    )
    assert_problem(new_user.http.delete(f"{USERS}/{victim['id']}"), 403)
    assert admin_http.get(f"{USERS}/{victim['id']}").status == 200


def test_admin_can_create_another_admin(
    admin_http: Http, make_user: Callable[..., TestUser]
) -> None:
    second_admin = make_user(admin=True, prefix="admin2")
    assert second_admin.data["is_admin"] is True
    created = second_admin.http.post(
        USERS, json={"username": unique("by-admin2"), "password": "Password-123"}
    )
    assert created.status == 201, created


# ---------------------------------------------------------------------------------- read
def test_self_is_the_caller(new_user: TestUser) -> None:
    response = new_user.http.get(SELF).expect(200)
    assert response.etag
    me = response.json()
    assert me["id"] == new_user.id
    assert me["username"] == new_user.username
    assert me["email"] == new_user.email


def test_list_filters_and_sorts_users(admin_http: Http) -> None:
    stem = unique("listed")
    names = [f"{stem}-{suffix}" for suffix in ("b", "a", "c")]
    ids = {}
    for name in names:
        created = admin_http.post(USERS, json={"username": name, "password": "Password-123"})
        ids[name] = created.expect(201).json()["id"]

    exact = admin_http.get(USERS, params={"username": names[0]}).expect(200).json()
    assert exact["count"] == 1
    assert exact["results"][0]["username"] == names[0]

    found = admin_http.get(USERS, params={"search": stem.upper(), "sort": "username"})
    body = found.expect(200).json()
    assert body["count"] == 3
    assert [u["username"] for u in body["results"]] == sorted(names)

    descending = admin_http.get(USERS, params={"search": stem, "sort": "-username"}).json()
    assert [u["username"] for u in descending["results"]] == sorted(names, reverse=True)

    by_id = admin_http.get(USERS, params={"search": stem, "sort": "-id"}).json()
    result_ids = [u["id"] for u in by_id["results"]]
    assert result_ids == sorted(result_ids, reverse=True)

    admin_http.patch(f"{USERS}/{ids[names[1]]}", json={"is_active": False}).expect(200)
    inactive = admin_http.get(USERS, params={"search": stem, "is_active": False}).json()
    assert [u["username"] for u in inactive["results"]] == [names[1]]
    active = admin_http.get(USERS, params={"search": stem, "is_active": True}).json()
    assert sorted(u["username"] for u in active["results"]) == sorted([names[0], names[2]])


def test_unknown_user_is_404(admin_http: Http) -> None:
    assert_problem(admin_http.get(f"{USERS}/987654321"), 404)
    assert_problem(admin_http.patch(f"{USERS}/987654321", json={"first_name": "x"}), 404)
    assert_problem(admin_http.delete(f"{USERS}/987654321"), 404)


# ---------------------------------------------------------------------------------- update
def test_users_may_change_their_own_name_and_email(new_user: TestUser) -> None:
    email = f"renamed-{new_user.username}@example.org"
    response = new_user.http.patch(
        f"{USERS}/{new_user.id}",
        json={"first_name": "Grace", "last_name": "Hopper", "email": email},
    )
    body = response.expect(200).json()
    assert (body["first_name"], body["last_name"], body["email"]) == ("Grace", "Hopper", email)
    assert response.etag
    me = new_user.http.get(SELF).json()
    assert (me["first_name"], me["last_name"], me["email"]) == ("Grace", "Hopper", email)


def test_users_cannot_grant_themselves_admin_or_reactivate(new_user: TestUser) -> None:
    assert_problem(new_user.http.patch(f"{USERS}/{new_user.id}", json={"is_admin": True}), 403)
    assert_problem(new_user.http.patch(f"{USERS}/{new_user.id}", json={"is_active": False}), 403)
    me = new_user.http.get(SELF).expect(200).json()
    assert me["is_admin"] is False
    assert me["is_active"] is True


def test_users_cannot_change_other_users(make_user: Callable[..., TestUser]) -> None:
    actor, other = make_user(), make_user()
    visible = actor.http.get(f"{USERS}/{other.id}").status
    assert visible in (200, 404)
    response = actor.http.patch(f"{USERS}/{other.id}", json={"first_name": "Mallory"})
    # A user the caller can see is 403; one it cannot see is 404.
    assert_problem(response, 403 if visible == 200 else 404)
    assert other.http.get(SELF).json()["first_name"] != "Mallory"


def test_admin_grants_and_withdraws_admin(admin_http: Http, new_user: TestUser) -> None:
    admin_http.patch(f"{USERS}/{new_user.id}", json={"is_admin": True}).expect(200)
    created = new_user.http.post(USERS, json={"username": unique("x"), "password": "Password-123"})
    assert created.status == 201, created
    admin_http.patch(f"{USERS}/{new_user.id}", json={"is_admin": False}).expect(200)
    refused = new_user.http.post(USERS, json={"username": unique("y"), "password": "Password-123"})
    assert_problem(refused, 403)


def test_deactivated_user_cannot_log_in_or_use_old_sessions(
    server: ServerProcess, admin_http: Http, new_user: TestUser
) -> None:
    response = admin_http.patch(f"{USERS}/{new_user.id}", json={"is_active": False})
    assert response.expect(200).json()["is_active"] is False
    assert login_status(server, new_user) == 401
    assert_problem(new_user.http.get(SELF), 401)

    admin_http.patch(f"{USERS}/{new_user.id}", json={"is_active": True}).expect(200)
    assert login_status(server, new_user) == 200


# ---------------------------------------------------------------------------------- delete
def test_admin_deletes_a_user_with_its_personal_workspace(
    server: ServerProcess, admin_http: Http, new_user: TestUser
) -> None:
    workspace = personal_workspace(admin_http, new_user.username)
    response = admin_http.delete(f"{USERS}/{new_user.id}")
    assert response.status == 204, response
    assert_problem(admin_http.get(f"{USERS}/{new_user.id}"), 404)
    assert login_status(server, new_user) == 401
    assert_problem(new_user.http.get(SELF), 401)
    assert_problem(admin_http.get(f"/api/workspaces/{workspace['id']}"), 404)


# ---------------------------------------------------------------------------------- personal
def test_every_new_user_has_an_undeletable_personal_workspace(new_user: TestUser) -> None:
    workspace = personal_workspace(new_user.http, new_user.username)
    assert workspace["is_personal"] is True
    assert workspace["owner"] == new_user.basic
    assert workspace["role"] == "owner"

    assert_problem(new_user.http.delete(f"/api/workspaces/{workspace['id']}"), 409)
    again = new_user.http.get(f"/api/workspaces/{workspace['id']}").expect(200).json()
    assert again["id"] == workspace["id"]
    assert again["is_personal"] is True


def test_admin_cannot_delete_a_personal_workspace_either(
    admin_http: Http, new_user: TestUser
) -> None:
    workspace = personal_workspace(admin_http, new_user.username)
    assert_problem(admin_http.delete(f"/api/workspaces/{workspace['id']}"), 409)
    assert admin_http.get(f"/api/workspaces/{workspace['id']}").status == 200
