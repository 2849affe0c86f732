"""Issue 28 over HTTP: user filters by pattern and by last seen, workspaces by membership and
name, a YOLO export's task, and a misspelt key named in the problem."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from support import Http, ServerProcess, TestUser, assert_problem, unique
from support.db import DatabaseProbe

MakeUser = Callable[..., TestUser]
USERS = "/api/users"


def _usernames(http: Http, query: str) -> set[str]:
    return {user["username"] for user in http.get(f"{USERS}?{query}").expect(200).json()["results"]}


def test_users_filter_by_like_patterns(admin_http: Http, make_user: MakeUser) -> None:
    prefix = unique("likes")
    anna = make_user(prefix=f"{prefix}-anna", email=f"anna-{prefix}@cats.example")
    annika = make_user(prefix=f"{prefix}-annika", email=f"annika-{prefix}@dogs.example")
    bo = make_user(prefix=f"{prefix}-bo", email=f"bo-{prefix}@cats.example")
    ours = {anna.username, annika.username, bo.username}
    assert _usernames(admin_http, f"username__like={quote(prefix)}%25") == ours
    assert _usernames(admin_http, f"username__like={quote(prefix)}-ann%25") == {
        anna.username,
        annika.username,
    }
    # Letter case aside; `_` is one character.
    upper = quote(prefix.upper())
    assert _usernames(admin_http, f"username__like={upper}-B_%25") == {bo.username}
    assert _usernames(admin_http, f"email__like=%25-{quote(prefix)}%40CATS.example") == {
        anna.username,
        bo.username,
    }
    # A backslash makes `%` literal: no username has one.
    assert _usernames(admin_http, f"username__like={quote(prefix)}%5C%25") == set()


def test_users_filter_by_last_seen(
    admin_http: Http, make_user: MakeUser, db: DatabaseProbe
) -> None:
    prefix = unique("seen")
    recent = make_user(prefix=f"{prefix}-recent")  # logged in now
    never = make_user(prefix=f"{prefix}-never", login=False)
    earlier = make_user(prefix=f"{prefix}-earlier")
    # The tests' clock: this one logged in two days ago.
    assert db.move_back("users", "last_login", 2 * 86400, id=earlier.id) == 1
    day_ago = quote((datetime.now(UTC) - timedelta(days=1)).isoformat())
    mine = f"username__like={quote(prefix)}%25"
    assert _usernames(admin_http, f"{mine}&last_seen_after={day_ago}") == {recent.username}
    assert _usernames(admin_http, f"{mine}&last_seen_before={day_ago}") == {
        never.username,
        earlier.username,
    }
    # Using an access token counts as being seen.
    token = earlier.http.post("/api/auth/tokens", json={"name": "t"}).expect(201).json()
    Http(admin_http.base_url, token=token["token"]).get("/api/users/self").expect(200)
    assert _usernames(admin_http, f"{mine}&last_seen_after={day_ago}") == {
        recent.username,
        earlier.username,
    }
    assert_problem(
        admin_http.get(f"{USERS}?last_seen_after=yesterday"), 400, field="last_seen_after"
    )


def test_the_member_filter_keeps_an_administrators_own_workspaces(
    server: ServerProcess, make_user: MakeUser
) -> None:
    admin, other = make_user(admin=True, prefix="member-admin"), make_user(prefix="member-other")
    theirs = other.http.post(
        "/api/workspaces", json={"slug": unique("member-ws"), "name": "theirs"}
    ).expect(201)
    everything = admin.http.get("/api/workspaces?page_size=1000&sort=-id").expect(200).json()
    assert theirs.json()["id"] in {w["id"] for w in everything["results"]}
    own = admin.http.get("/api/workspaces?member=true&page_size=1000").expect(200).json()
    assert own["results"], "at least the personal workspace"
    assert all(w["role"] is not None for w in own["results"]), own
    others = admin.http.get("/api/workspaces?member=false&page_size=1000").expect(200).json()
    assert theirs.json()["id"] in {w["id"] for w in others["results"]}
    assert all(w["role"] is None for w in others["results"])
    named = admin.http.get("/api/workspaces?name=theirs&member=false").expect(200).json()
    assert theirs.json()["id"] in {w["id"] for w in named["results"]}
    assert {w["name"] for w in named["results"]} == {"theirs"}


def test_a_task_is_a_yolo_exports_option_only(admin_http: Http) -> None:
    project = admin_http.post(
        "/api/projects", json={"name": "tasks", "type": "detection", "labels": []}
    ).expect(201)
    url = f"/api/projects/{project.json()['id']}/exports"
    assert_problem(
        admin_http.post(url, json={"format": "coco", "task": "detect"}), 400, field="task"
    )
    assert_problem(
        admin_http.post(url, json={"format": "yolo", "task": "dance"}), 400, field="task"
    )
    started = admin_http.post(url, json={"format": "yolo", "task": "detect"})
    assert started.status == 202, started


def test_bad_pattern_and_moment_values_are_named(admin_http: Http) -> None:
    # PostgreSQL refuses a LIKE pattern that ends in its escape character: a 400, not a 500.
    refused = admin_http.get(f"{USERS}?username__like=ann%5C")
    assert_problem(refused, 400, field="username__like")
    assert admin_http.get(f"{USERS}?username__like=ann%5C%5C").status == 200
    far = quote("0001-01-01T00:00:00+14:00")
    assert_problem(admin_http.get(f"{USERS}?last_seen_before={far}"), 400, field="last_seen_before")
