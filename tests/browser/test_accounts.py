"""The administrators' users page and everyone's access tokens page, driven by clicking only.

What the server stored is checked through the HTTP API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, TestUser, unique

from .test_pages import sign_in_as
from .test_shell import sign_in


def _accept_dialogs(page: Any) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def test_an_administrator_creates_and_deactivates_a_user(
    page: Any, server: ServerProcess, admin_token: str
) -> None:
    _accept_dialogs(page)
    sign_in(page, server)
    page.click("#admin-users")
    expect(page.locator("h1")).to_have_text("Users")
    username = unique("newcomer")
    page.fill("#field-username", username)
    page.fill("#field-password", "short")
    page.click("#create-user-button")
    expect(page.locator('[data-error-for="password"]')).to_have_text("At least 8 characters.")
    expect(page.locator("#field-username")).to_have_value(username)  # nothing typed is lost
    page.fill("#field-password", "a-long-enough-password")
    page.fill("#field-email", f"{username}@example.com")
    page.click("#create-user-button")
    expect(page.locator("#users-note")).to_have_text(f"{username} was created.")
    row = page.locator('[data-testid="user"]', has=page.locator(f'text="{username}"'))
    expect(row.locator('[data-testid="user-active"]')).to_have_text("active")

    # The server's own refusal shows beside its field: the username is taken now.
    page.fill("#field-username", username)
    page.fill("#field-password", "a-long-enough-password")
    page.click("#create-user-button")
    expect(page.locator('[data-error-for="username"]')).not_to_be_empty()

    row.locator('[data-testid="deactivate"]').click()
    expect(row.locator('[data-testid="user-active"]')).to_have_text("deactivated")
    admin = server.http(token=admin_token)
    found = admin.get("/api/users", params={"username": username}).expect(200).json()
    assert found["results"][0]["is_active"] is False
    refused = server.http().post(
        "/api/auth/login", json={"username": username, "password": "a-long-enough-password"}
    )
    assert refused.status == 401, refused
    row.locator('[data-testid="reactivate"]').click()
    expect(row.locator('[data-testid="user-active"]')).to_have_text("active")


def test_a_user_makes_a_token_sees_its_secret_once_and_revokes_it(
    page: Any, server: ServerProcess, make_user: Callable[..., TestUser]
) -> None:
    _accept_dialogs(page)
    user = make_user(prefix="tokens")
    sign_in_as(page, server, user.username, user.password)
    expect(page.locator("#admin-users")).to_have_count(0)  # not an administrator
    page.click("#my-tokens")
    page.fill("#field-name", "ci pipeline")
    page.click("#create-token-button")
    secret = page.locator("#token-secret").input_value()
    assert secret
    me = server.http(token=secret).get("/api/users/self").expect(200).json()
    assert me["username"] == user.username
    row = page.locator('[data-testid="token"]', has=page.locator('text="ci pipeline"'))
    expect(row).to_have_count(1)
    assert secret not in page.locator("#tokens").inner_text()  # only its prefix is listed

    page.reload()
    expect(page.locator('[data-testid="token"]')).to_have_count(1)
    expect(page.locator("#token-secret")).to_have_count(0)  # shown once
    page.locator('[data-testid="revoke"]').click()
    expect(page.locator('[data-testid="token"]')).to_have_count(0)
    assert server.http(token=secret).get("/api/users/self").status == 401

    page.goto(f"{server.url}/#/admin/users")
    expect(page.locator("#not-admin")).to_be_visible()
