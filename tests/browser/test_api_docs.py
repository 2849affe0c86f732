"""The interactive HTTP API reference at /api/docs: Swagger UI from a package, no CDN."""

from __future__ import annotations

from typing import Any

import yaml
from playwright.sync_api import expect
from support import ServerProcess


def test_the_reference_renders_every_operation_from_local_files(
    page: Any, server: ServerProcess
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.goto(server.url + "/api/docs")
    expect(page.locator("#operations-users-users_retrieve_self")).to_be_visible(timeout=20_000)
    spec = yaml.safe_load(server.http().get("/api/openapi.yaml").data)
    operations = sum(
        1
        for item in spec["paths"].values()
        for key in item
        if key in {"get", "post", "put", "patch", "delete"}
    )
    assert page.locator(".opblock").count() == operations
    assert page.locator(".info .title").inner_text().startswith(spec["info"]["title"])
    assert requested
    assert all(url.startswith(server.url) for url in requested)
    assert problems == []  # no script refused by the page's Content-Security-Policy


def test_try_it_out_with_a_token_calls_this_server(
    page: Any, server: ServerProcess, admin_token: str
) -> None:
    page.goto(server.url + "/api/docs")
    page.click("button.authorize")
    dialog = page.locator(".auth-container").filter(has_text="bearerAuth")
    dialog.locator("input").fill(admin_token)
    dialog.locator("button.authorize").click()
    page.click("button.btn-done")

    operation = page.locator("#operations-users-users_retrieve_self")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    live = operation.locator(".live-responses-table .response")
    expect(live.locator(".response-col_status")).to_have_text("200", timeout=20_000)
    expect(live.locator(".response-col_description")).to_contain_text(
        f'"username": "{server.admin_username}"'
    )


def test_the_page_has_its_own_policy_and_the_spec_is_served(server: ServerProcess) -> None:
    http = server.http()
    page = http.get("/api/docs")
    assert page.status == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    spec = http.get("/api/openapi.yaml")
    assert spec.status == 200
    assert spec.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(spec.data)["openapi"].startswith("3.")
    assert http.get("/api/docs/swagger-ui-bundle.js").status == 200
    assert http.post("/api/docs", json={}).status == 405


def test_a_missing_reference_file_is_a_404_problem_not_a_server_error(
    server: ServerProcess,
) -> None:
    answer = server.http().get("/api/docs/no-such-file.js")
    assert answer.status == 404
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 404
    assert "script-src 'self';" in answer.headers["content-security-policy"]
