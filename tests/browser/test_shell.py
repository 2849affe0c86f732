"""The web app's shell: served at /, signs in and out, keeps the token out of cookies."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from support import ServerProcess


def sign_in(page: Any, server: ServerProcess) -> None:
    page.goto(server.url + "/")
    page.fill("#username-input", server.admin_username)
    page.fill("#password", server.admin_password)
    page.click("#sign-in")
    page.wait_for_selector("#sign-out")


def test_sign_in_and_out_keeps_the_token_out_of_cookies(page: Any, server: ServerProcess) -> None:
    sign_in(page, server)
    assert page.inner_text("#username") == server.admin_username
    assert page.context.cookies() == []
    token = page.evaluate("sessionStorage.getItem('annota.token')")
    assert token
    assert server.http(token=token).get("/api/users/self").json()["username"] == (
        server.admin_username
    )
    page.click("#sign-out")
    page.wait_for_selector("#sign-in")
    assert page.evaluate("sessionStorage.getItem('annota.token')") is None
    # The session ended on the server too.
    assert server.http(token=token).get("/api/users/self").status == 401


def test_wrong_password_says_so(page: Any, server: ServerProcess) -> None:
    page.goto(server.url + "/")
    page.fill("#username-input", server.admin_username)
    page.fill("#password", "not the password")
    page.click("#sign-in")
    expect(page.locator("#login-error")).to_contain_text("Wrong username or password")


def test_pages_carry_a_strict_content_security_policy(server: ServerProcess) -> None:
    for path in ("/", "/ui/js/app.js", "/ui/vendor/konva.min.js"):
        answer = server.http().get(path)
        assert answer.status == 200, path
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_missing_file_is_a_404_problem_not_a_server_error(server: ServerProcess) -> None:
    for path in ("/ui/js/no-such-file.js", "/ui/%2e%2e/pyproject.toml", "/ui/"):
        answer = server.http().get(path)
        assert answer.status == 404, (path, answer.status)
        assert answer.headers["content-type"] == "application/problem+json", path
        assert answer.json()["status"] == 404
        assert "unsafe-inline" not in answer.headers["content-security-policy"]
