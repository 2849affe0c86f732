"""Memberships: add members, change roles, remove them, and keep at least one owner."""

from __future__ import annotations

from collections.abc import Callable

from support import TestUser, assert_problem, create_workspace
from support.factories import add_member

MEMBERSHIPS = "/api/memberships"


def membership_of(owner: TestUser, workspace_id: int, user_id: int) -> dict:
    """The membership of ``user_id`` in ``workspace_id`` (looked up without the user filter)."""
    listed = owner.http.list_all(MEMBERSHIPS, {"workspace": workspace_id})
    found = [m for m in listed if m["user"]["id"] == user_id]
    assert len(found) == 1, listed
    return found[0]


def test_add_change_and_remove_a_member(make_user: Callable[..., TestUser]) -> None:
    owner, member = make_user(), make_user()
    workspace = create_workspace(owner.http)
    assert_problem(member.http.get(f"/api/workspaces/{workspace['id']}"), 404)

    response = owner.http.post(
        MEMBERSHIPS, json={"workspace": workspace["id"], "user": member.id, "role": "member"}
    )
    response.expect(201)
    assert response.etag
    membership = response.json()
    assert membership["workspace"] == {
        "id": workspace["id"],
        "slug": workspace["slug"],
        "name": workspace["name"],
    }
    assert membership["user"] == member.basic
    assert membership["role"] == "member"
    assert membership["joined_at"]

    seen = member.http.get(f"/api/workspaces/{workspace['id']}").expect(200).json()
    assert seen["role"] == "member"
    listed = owner.http.get(MEMBERSHIPS, params={"workspace": workspace["id"]}).json()
    assert listed["count"] == 2
    assert {m["user"]["id"] for m in listed["results"]} == {owner.id, member.id}
    by_role = owner.http.get(MEMBERSHIPS, params={"workspace": workspace["id"], "role": "member"})
    assert [m["id"] for m in by_role.json()["results"]] == [membership["id"]]
    fetched = member.http.get(f"{MEMBERSHIPS}/{membership['id']}").expect(200)
    assert fetched.etag
    assert fetched.json()["role"] == "member"

    changed = owner.http.patch(f"{MEMBERSHIPS}/{membership['id']}", json={"role": "maintainer"})
    assert changed.expect(200).json()["role"] == "maintainer"
    assert member.http.get(f"/api/workspaces/{workspace['id']}").json()["role"] == "maintainer"

    assert owner.http.delete(f"{MEMBERSHIPS}/{membership['id']}").status == 204
    assert_problem(member.http.get(f"/api/workspaces/{workspace['id']}"), 404)
    assert_problem(owner.http.get(f"{MEMBERSHIPS}/{membership['id']}"), 404)
    remaining = owner.http.get(MEMBERSHIPS, params={"workspace": workspace["id"]}).json()
    assert remaining["count"] == 1


def test_adding_a_member_twice_is_409(make_user: Callable[..., TestUser]) -> None:
    owner, member = make_user(), make_user()
    workspace = create_workspace(owner.http)
    add_member(owner.http, workspace, member.id, "viewer")
    again = owner.http.post(
        MEMBERSHIPS, json={"workspace": workspace["id"], "user": member.id, "role": "owner"}
    )
    assert_problem(again, 409)
    assert membership_of(owner, workspace["id"], member.id)["role"] == "viewer"


def test_adding_an_unknown_user_is_404(new_user: TestUser) -> None:
    workspace = create_workspace(new_user.http)
    response = new_user.http.post(
        MEMBERSHIPS, json={"workspace": workspace["id"], "user": 987654321, "role": "member"}
    )
    assert_problem(response, 404)
    assert (
        new_user.http.get(MEMBERSHIPS, params={"workspace": workspace["id"]}).json()["count"] == 1
    )


def test_adding_to_an_unknown_workspace_is_404(make_user: Callable[..., TestUser]) -> None:
    owner, member = make_user(), make_user()
    response = owner.http.post(
        MEMBERSHIPS, json={"workspace": 987654321, "user": member.id, "role": "member"}
    )
    assert_problem(response, 404)


def test_the_last_owner_cannot_be_demoted_or_removed(make_user: Callable[..., TestUser]) -> None:
    owner, other = make_user(), make_user()
    workspace = create_workspace(owner.http)
    mine = membership_of(owner, workspace["id"], owner.id)

    assert_problem(owner.http.patch(f"{MEMBERSHIPS}/{mine['id']}", json={"role": "member"}), 409)
    assert_problem(owner.http.delete(f"{MEMBERSHIPS}/{mine['id']}"), 409)
    assert membership_of(owner, workspace["id"], owner.id)["role"] == "owner"

    # With a second owner, the first may step down.
    add_member(owner.http, workspace, other.id, "owner")
    stepped_down = owner.http.patch(f"{MEMBERSHIPS}/{mine['id']}", json={"role": "maintainer"})
    assert stepped_down.expect(200).json()["role"] == "maintainer"
    theirs = membership_of(other, workspace["id"], other.id)
    assert_problem(other.http.patch(f"{MEMBERSHIPS}/{theirs['id']}", json={"role": "viewer"}), 409)
    assert_problem(other.http.delete(f"{MEMBERSHIPS}/{theirs['id']}"), 409)
    assert membership_of(other, workspace["id"], other.id)["role"] == "owner"


def test_a_member_may_leave(make_user: Callable[..., TestUser]) -> None:
    owner, member = make_user(), make_user()
    workspace = create_workspace(owner.http)
    membership = add_member(owner.http, workspace, member.id, "viewer")
    assert member.http.delete(f"{MEMBERSHIPS}/{membership['id']}").status == 204
    assert_problem(member.http.get(f"/api/workspaces/{workspace['id']}"), 404)
    assert owner.http.get(MEMBERSHIPS, params={"workspace": workspace["id"]}).json()["count"] == 1


def test_memberships_list_covers_only_the_callers_workspaces(
    make_user: Callable[..., TestUser],
) -> None:
    alice, bob = make_user(), make_user()
    hers = create_workspace(alice.http)
    theirs = bob.http.get(MEMBERSHIPS, params={"workspace": hers["id"]}).expect(200).json()
    assert theirs["count"] == 0
    everything = bob.http.list_all(MEMBERSHIPS)
    assert {m["workspace"]["id"] for m in everything}.isdisjoint({hers["id"]})
    assert all(m["user"]["id"] == bob.id for m in everything), "bob shares no workspace"


def test_filter_memberships_by_user_and_role(make_user: Callable[..., TestUser]) -> None:
    owner, viewer, maintainer = make_user(), make_user(), make_user()
    workspace = create_workspace(owner.http)
    other = create_workspace(owner.http)
    add_member(owner.http, workspace, viewer.id, "viewer")
    add_member(owner.http, workspace, maintainer.id, "maintainer")
    add_member(owner.http, other, viewer.id, "member")

    def pairs(**params: object) -> set[tuple[int, int, str]]:
        body = owner.http.get(MEMBERSHIPS, params=params).expect(200).json()
        assert body["count"] == len(body["results"])
        return {(m["workspace"]["id"], m["user"]["id"], m["role"]) for m in body["results"]}

    assert pairs(workspace=workspace["id"], user=viewer.id) == {
        (workspace["id"], viewer.id, "viewer")
    }
    assert pairs(user=viewer.id) == {
        (workspace["id"], viewer.id, "viewer"),
        (other["id"], viewer.id, "member"),
    }
    assert pairs(workspace=workspace["id"], role="maintainer") == {
        (workspace["id"], maintainer.id, "maintainer")
    }
    assert pairs(user=owner.id, role="owner") >= {
        (workspace["id"], owner.id, "owner"),
        (other["id"], owner.id, "owner"),
    }


def test_make_user_fixture_adds_the_user_with_a_role(
    make_user: Callable[..., TestUser], new_user: TestUser
) -> None:
    workspace = create_workspace(new_user.http)
    username, password, http = make_user("maintainer", workspace, added_by=new_user.http)
    seen = http.get(f"/api/workspaces/{workspace['id']}").expect(200).json()
    assert seen["role"] == "maintainer"
    assert http.get("/api/users/self").json()["username"] == username
    assert password
