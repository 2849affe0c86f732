"""Every user-supplied name is shown as text: markup in a name is never parsed or run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, unique

from annota import shapes

from .test_pages import make_setup
from .test_shell import sign_in

PAYLOAD = "<img src=x onerror=alert(1)>"
ASSET_NAME = PAYLOAD + ".png"  # the server knows an upload's media type by its extension


def assert_inert(page: Any, dialogs: list[str]) -> None:
    """No element was made from the payload and no script of it ran."""
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("() => document.querySelectorAll('img[onerror]').length") == 0
    assert dialogs == []


def test_names_with_markup_show_as_text_everywhere(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    made = make_setup(
        server, admin_token, tmp_path / "images", name=PAYLOAD, image_names=[ASSET_NAME]
    )
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        sign_in(page, server)
        # Home: the workspace in the list and the project in the table, then filtered to it.
        row = page.locator(f'[data-testid="project"][data-project="{made.project.id}"]')
        expect(row.locator("td").nth(0)).to_have_text(PAYLOAD)
        expect(row.locator("td").nth(1)).to_have_text(PAYLOAD)  # its workspace
        assert_inert(page, dialogs)
        page.locator('[data-testid="workspace"]', has_text=PAYLOAD).click()
        expect(page.locator("#projects-heading")).to_have_text(PAYLOAD)
        expect(page.locator("#crumbs a")).to_have_text([PAYLOAD])
        assert_inert(page, dialogs)

        # The project page: its name, the label and the task.
        row.locator("a").click()
        expect(page.locator("#project-name")).to_have_text(PAYLOAD)
        expect(page.locator('[data-testid="label"] td').first).to_have_text(PAYLOAD)
        expect(page.locator('[data-testid="task"] td').first).to_have_text(PAYLOAD)
        expect(page.locator("#crumbs a")).to_have_text([PAYLOAD, PAYLOAD])
        assert_inert(page, dialogs)

        # The task page: its name, the asset's name under its thumbnail.
        page.locator('[data-testid="task-link"]').click()
        expect(page.locator("#task-name")).to_have_text(PAYLOAD)
        expect(page.locator("#crumbs a")).to_have_text([PAYLOAD, PAYLOAD, PAYLOAD])
        thumb = page.locator('[data-testid="thumb"]')
        expect(thumb.locator(".name")).to_have_text(ASSET_NAME)
        expect(thumb.locator("img")).to_have_attribute("alt", ASSET_NAME)
        expect(thumb.locator("img")).to_have_attribute("data-state", "loaded")
        assert_inert(page, dialogs)

        # A review issue and its answer, raised through the SDK, shown on the annotation page.
        job = next(iter(made.task.get_jobs()))
        asset = next(iter(made.task.get_assets()))
        issue = job.issues.create(asset, region=(1, 1), message=PAYLOAD)
        issue.comment(PAYLOAD + " answer")

        # The annotation page: the trail, the asset's name and the label in the side panel.
        thumb.click()
        expect(page.locator("#canvas")).to_have_attribute("data-ready", re.compile(r"\d+"))
        expect(page.locator("#crumbs a")).to_have_text(
            [PAYLOAD, PAYLOAD, PAYLOAD, re.compile("Job")]
        )
        expect(page.locator("#asset-name")).to_contain_text(ASSET_NAME)
        expect(page.locator("#side")).to_contain_text(PAYLOAD)
        expect(page.locator("#issues .issue-message")).to_have_text(PAYLOAD)
        expect(page.locator("#issues .comment-message")).to_have_text(PAYLOAD + " answer")
        assert_inert(page, dialogs)
    finally:
        made.client.close()


def test_names_with_markup_show_as_text_on_the_administration_pages(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    made = make_setup(
        server, admin_token, tmp_path / "images", name=PAYLOAD, image_names=[ASSET_NAME]
    )
    line = PAYLOAD + " line"
    project = made.project.update({"labels": [{"name": line, "kind": "polyline"}]})
    labels = {label.name: label for label in project.labels}
    asset = next(iter(made.task.get_assets()))
    made.task.update_annotations(create=[shapes.polyline(asset, labels[line], [1, 1, 5, 5])])
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        sign_in(page, server)
        # The project form, editing: its name in the heading, the labels' names in their inputs.
        page.goto(f"{server.url}/#/projects/{project.id}/edit")
        expect(page.locator("h1")).to_have_text(f"Edit {PAYLOAD}")
        names = page.locator(".label-name-input")
        expect(names.first).to_have_value(PAYLOAD)
        expect(names.last).to_have_value(line)
        assert_inert(page, dialogs)
        # A refused save (a name taken twice) shows the name as text beside the field.
        names.last.fill(PAYLOAD)
        page.click("#save-project")
        expect(page.locator('[data-error-for="labels.2.name"]')).to_have_text(
            f"Another label is called “{PAYLOAD}”."
        )
        assert_inert(page, dialogs)

        # The users page (a person's name) and the tokens page (a token's name).
        admin = server.http(token=admin_token)
        marked = {"username": unique("marked"), "password": "long-password", "first_name": PAYLOAD}
        admin.post("/api/users", json=marked).expect(201)
        admin.post("/api/auth/tokens", json={"name": PAYLOAD}).expect(201)
        page.goto(f"{server.url}/#/admin/users")
        expect(page.locator('[data-testid="user-table"]')).to_contain_text(PAYLOAD)
        assert_inert(page, dialogs)
        page.goto(f"{server.url}/#/tokens")
        expect(page.locator('[data-testid="token-name"]', has_text=PAYLOAD).first).to_be_visible()
        assert_inert(page, dialogs)

        # The members page: the workspace's name.
        page.goto(f"{server.url}/#/workspaces/{made.workspace.id}/members")
        expect(page.locator("h1")).to_have_text(f"Members of {PAYLOAD}")
        assert_inert(page, dialogs)

        # An export's lossy report names the label whose shapes COCO cannot carry; a dataset
        # version's name and description are shown as text.
        project.create_version(PAYLOAD, PAYLOAD)
        page.goto(f"{server.url}/#/projects/{project.id}")
        expect(page.locator('[data-testid="version"] .version-name')).to_have_text(PAYLOAD)
        expect(page.locator('[data-testid="version"] p.muted')).to_have_text(PAYLOAD)
        page.select_option("#export-form select", "coco")
        page.click("#start-export")
        expect(page.locator("#export-lossy")).to_contain_text(f"1 polyline shape of “{line}”")
        assert_inert(page, dialogs)

        # The annotation page's message about a label that does not fit the tool.
        job = next(iter(made.task.get_jobs()))
        page.goto(f"{server.url}/#/jobs/{job.id}?asset=0")
        expect(page.locator("#canvas")).to_have_attribute("data-ready", re.compile(r"\d+"))
        page.keyboard.press("1")
        page.keyboard.press("p")
        expect(page.locator("#canvas-message")).to_contain_text(f"“{PAYLOAD}” is for boxes only")
        assert_inert(page, dialogs)
    finally:
        made.client.close()


def test_attribute_names_and_options_with_markup_show_as_text(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    made = make_setup(server, admin_token, tmp_path / "images", name=PAYLOAD)
    label = made.client.labels.retrieve(next(iter(made.project.labels)).id)
    label.update(
        {
            "attributes": [
                {"name": PAYLOAD, "type": "select", "options": [PAYLOAD], "default": PAYLOAD},
                {"name": PAYLOAD + " n", "type": "number", "required": True, "default": "1"},
            ]
        }
    )
    asset = next(iter(made.task.get_assets()))
    made.task.update_annotations(create=[shapes.bbox(asset, label, 1, 1, 9, 9)])
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        sign_in(page, server)
        # The project form: the declared names and options in their inputs.
        page.goto(f"{server.url}/#/projects/{made.project.id}/edit")
        spec = page.locator('[data-testid="attr-spec"]').first
        expect(spec.locator(".attr-spec-name")).to_have_value(PAYLOAD)
        expect(spec.locator(".attr-spec-options")).to_have_value(PAYLOAD)
        assert_inert(page, dialogs)

        # The annotation page: the attribute's label and its select's option, as text.
        job = next(iter(made.task.get_jobs()))
        page.goto(f"{server.url}/#/jobs/{job.id}?asset=0")
        expect(page.locator("#canvas")).to_have_attribute("data-ready", re.compile(r"\d+"))
        page.locator('[data-testid="object"] .object-name').first.click()
        typed = page.locator("#attributes li.typed")
        expect(typed.first.locator("label")).to_have_text(PAYLOAD)
        expect(typed.first.locator("option")).to_have_text([PAYLOAD])
        expect(typed.nth(1).locator("label")).to_contain_text(PAYLOAD + " n")
        assert_inert(page, dialogs)
    finally:
        made.client.close()
