"""Pagination of lists: count, pages, absolute next/previous links, pages past the end."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from support import (
    Http,
    ServerProcess,
    TestUser,
    assert_problem,
    create_project,
    create_task,
    unique,
)

PROJECTS = "/api/projects"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_pages_of_projects(server: ServerProcess, new_user: TestUser) -> None:
    http = new_user.http
    stem = unique("page")
    created = [create_project(http, name=f"{stem}-{i:02d}")["id"] for i in range(25)]

    first = http.get(PROJECTS, params={"page_size": 10, "sort": "id"}).expect(200).json()
    assert first["count"] == 25
    assert [p["id"] for p in first["results"]] == created[:10]
    assert first["previous"] is None
    next_url = first["next"]
    assert next_url is not None
    assert next_url.startswith(f"{server.url}/api/projects"), "next is an absolute URL"
    query = query_of(next_url)
    assert query.get("page") == ["2"]
    assert query.get("page_size") == ["10"]
    assert query.get("sort") == ["id"], "the link keeps the other parameters"

    second = http.get(next_url).expect(200).json()
    assert second["count"] == 25
    assert [p["id"] for p in second["results"]] == created[10:20]
    assert second["previous"] is not None
    assert second["previous"].startswith(server.url)
    assert second["next"] is not None

    third = http.get(second["next"]).expect(200).json()
    assert [p["id"] for p in third["results"]] == created[20:]
    assert third["next"] is None

    back = http.get(third["previous"]).expect(200).json()
    assert [p["id"] for p in back["results"]] == created[10:20]
    back_to_first = http.get(second["previous"]).expect(200).json()
    assert [p["id"] for p in back_to_first["results"]] == created[:10]

    beyond = http.get(PROJECTS, params={"page_size": 10, "page": 4}).expect(200).json()
    assert beyond["results"] == []
    assert beyond["count"] == 25
    assert beyond["next"] is None

    default = http.get(PROJECTS).expect(200).json()
    assert len(default["results"]) == 25, "the default page size (100) holds them all"
    assert default["next"] is None
    assert default["previous"] is None


def test_following_next_visits_every_object_once(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    tasks = {create_task(http, project["id"])["id"] for _ in range(7)}

    seen: list[int] = []
    response = http.get("/api/tasks", params={"project": project["id"], "page_size": 3})
    body = response.expect(200).json()
    pages = 1
    seen.extend(t["id"] for t in body["results"])
    while body["next"]:
        body = http.get(body["next"]).expect(200).json()
        assert body["count"] == 7
        seen.extend(t["id"] for t in body["results"])
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(tasks)


def test_filters_survive_in_page_links(admin_http: Http) -> None:
    stem = unique("pageusers")
    for i in range(3):
        admin_http.post(
            "/api/users", json={"username": f"{stem}-{i}", "password": "Password-123"}
        ).expect(201)
    first = admin_http.get("/api/users", params={"search": stem, "page_size": 2}).expect(200)
    body = first.json()
    assert body["count"] == 3
    assert query_of(body["next"]).get("search") == [stem]
    rest = admin_http.get(body["next"]).expect(200).json()
    assert [u["username"] for u in rest["results"]] != []
    usernames = {u["username"] for u in body["results"]} | {u["username"] for u in rest["results"]}
    assert usernames == {f"{stem}-{i}" for i in range(3)}


def test_next_links_carry_a_cursor_that_walks_every_sort_order(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    stem = unique("cur")
    tasks = [create_task(http, project["id"], name=f"{stem}-{i % 3}")["id"] for i in range(8)]
    for sort in ("id", "-id", "name", "-name", "created_at", "-created_at"):
        everything = http.get(
            "/api/tasks", params={"project": project["id"], "sort": sort, "page_size": 100}
        ).expect(200)
        expected = [t["id"] for t in everything.json()["results"]]
        assert sorted(expected) == sorted(tasks)
        seen: list[int] = []
        body = (
            http.get("/api/tasks", params={"project": project["id"], "sort": sort, "page_size": 3})
            .expect(200)
            .json()
        )
        seen.extend(t["id"] for t in body["results"])
        while body["next"]:
            query = query_of(body["next"])
            assert query.get("cursor"), "a next link names where the page starts"
            body = http.get(body["next"]).expect(200).json()
            seen.extend(t["id"] for t in body["results"])
        assert seen == expected, sort


def test_a_cursor_page_starts_after_the_last_row_seen_even_when_rows_went_before(
    new_user: TestUser,
) -> None:
    http = new_user.http
    project = create_project(http)
    tasks = [create_task(http, project["id"])["id"] for _ in range(7)]
    first = (
        http.get("/api/tasks", params={"project": project["id"], "page_size": 3}).expect(200).json()
    )
    assert [t["id"] for t in first["results"]] == tasks[:3]
    http.delete(f"/api/tasks/{tasks[0]}").expect(204)
    # An offset would now skip tasks[3]; the cursor names tasks[2] as the last row seen.
    second = http.get(first["next"]).expect(200).json()
    assert [t["id"] for t in second["results"]] == tasks[3:6]
    assert second["count"] == 6
    previous = second["previous"]
    assert previous is not None
    assert "cursor" not in query_of(previous)
    third = http.get(second["next"]).expect(200).json()
    assert [t["id"] for t in third["results"]] == tasks[6:]
    assert third["next"] is None


def test_a_cursor_that_is_not_one_is_refused(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http)
    for _ in range(3):
        create_task(http, project["id"])
    link = (
        http.get("/api/tasks", params={"project": project["id"], "page_size": 1, "sort": "name"})
        .expect(200)
        .json()["next"]
    )
    cursor = query_of(link)["cursor"][0]
    for bad in ("bm90LWEtY3Vyc29y", "e30", "W10", "WyJpZCIsMSwiMiJd", "!!"):
        answer = http.get("/api/tasks", params={"project": project["id"], "cursor": bad})
        assert_problem(answer, 400, field="cursor")
    other_sort = http.get(
        "/api/tasks", params={"project": project["id"], "cursor": cursor, "sort": "-name"}
    )
    problem = assert_problem(other_sort, 400, field="cursor")
    assert "sort" in problem["detail"]


def test_a_page_past_the_end_is_empty_and_leads_back_to_the_last_page(admin_http: Http) -> None:
    project = create_project(admin_http)
    for _ in range(3):
        create_task(admin_http, project["id"])
    far = admin_http.get(
        "/api/tasks", params={"project": project["id"], "page_size": 2, "page": 50}
    )
    body = far.expect(200).json()
    assert body["results"] == []
    assert body["next"] is None
    assert body["count"] == 3
    last = admin_http.get(body["previous"]).expect(200).json()
    assert len(last["results"]) == 1  # page 2 of 2: the last one with results


def test_a_page_past_the_end_of_nothing_has_no_previous_link(admin_http: Http) -> None:
    nothing = {"search": unique("nothing"), "page": 7}
    body = admin_http.get("/api/projects", params=nothing).expect(200).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
