"""GET /api/server/about and /api/server/health, and answers for unknown routes."""

from __future__ import annotations

import re

from support import Http, ServerProcess, TestUser, assert_problem, create_project


def test_about_needs_no_authentication(api: Http) -> None:
    response = api.get("/api/server/about").expect(200)
    assert response.content_type == "application/json"
    body = response.json()
    assert isinstance(body["name"], str)
    assert body["name"]
    assert isinstance(body["version"], str)
    assert body["version"]
    assert re.fullmatch(r"\d+\.\d+", body["api_version"]), body
    assert body["api_version"].split(".")[0] == "1", "the contract is API version 1"


def test_health_reports_the_database_backend(api: Http, server: ServerProcess) -> None:
    body = api.get("/api/server/health").expect(200).json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    expected = "postgresql" if server.database_url.startswith("postgresql") else "sqlite"
    assert body["database"]["backend"] == expected
    if "latency_ms" in body["database"]:
        assert body["database"]["latency_ms"] >= 0


def test_about_accepts_a_token_it_does_not_need(api: Http, admin_token: str) -> None:
    assert api.with_token(admin_token).get("/api/server/about").status == 200


def test_unknown_path_is_a_problem_404(admin_http: Http) -> None:
    assert_problem(admin_http.get("/api/no-such-thing"), 404)


def test_unsupported_method_is_a_problem_405(admin_http: Http) -> None:
    assert_problem(admin_http.delete("/api/server/about"), 405)


def test_protected_endpoint_without_token_is_401(api: Http) -> None:
    assert_problem(api.get("/api/projects"), 401)
    assert_problem(api.get("/api/users/self"), 401)


def test_data_and_sessions_survive_a_restart(server: ServerProcess, new_user: TestUser) -> None:
    project = create_project(new_user.http, labels=["cat"])
    token = new_user.http.post("/api/auth/tokens", json={"name": "restart"}).expect(201).json()

    server.restart()

    assert server.http().get("/api/server/health").status == 200
    fetched = new_user.http.get(f"/api/projects/{project['id']}").expect(200).json()
    assert fetched["name"] == project["name"]
    assert [label["name"] for label in fetched["labels"]] == ["cat"]
    assert server.http(token=token["token"]).get("/api/users/self").status == 200
