"""A whole project run from the browser by clicking only: members, a project with labels, a task
with uploads, an annotator and a reviewer, annotation, acceptance, export.

Only the accounts and the shared workspace are made through the SDK (the users page has its
own test, as do raising and resolving a review issue); everything else is clicks and keys in a
real Chromium, checked through the SDK afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, TestUser, unique

import annota
from annota import shapes

from .conftest import SCREENSHOTS
from .test_annotate import _image, drag
from .test_pages import sign_in_as


def sign_out(page: Any) -> None:
    page.click("#sign-out")
    page.wait_for_selector("#sign-in")


def open_workspace(page: Any, name: str) -> None:
    page.locator('[data-testid="workspace"]', has_text=name).click()
    expect(page.locator("#projects-heading")).to_have_text(name)


def test_run_a_project_by_clicking_only(
    page: Any,
    server: ServerProcess,
    admin_token: str,
    make_user: Callable[..., TestUser],
    tmp_path: Path,
) -> None:
    annotator = make_user(prefix="annotator")
    reviewer = make_user(prefix="reviewer")
    with annota.Client(server.url, token=admin_token) as sdk:
        team = sdk.workspaces.create({"slug": unique("crew"), "name": unique("Crew")})
        files = [str(_image(tmp_path / f"street-{n}.png", n)) for n in range(2)]

        sign_in_as(page, server, server.admin_username, server.admin_password)
        open_workspace(page, team.name)
        # Members: the annotator and the reviewer join by username.
        page.click("#workspace-members")
        for user in (annotator, reviewer):
            page.fill("#add-member input[type=text]", user.username)
            page.click("#add-member-button")
            expect(page.locator("#members-note")).to_have_text(f"{user.username} joined as member.")
        # An unknown username is said beside the field, and what was typed stays.
        page.fill("#add-member input[type=text]", "nobody-at-all")
        page.click("#add-member-button")
        expect(page.locator('#add-member [data-error-for="user"]')).to_have_text(
            "nobody has the username “nobody-at-all”"
        )
        expect(page.locator("#add-member input[type=text]")).to_have_value("nobody-at-all")
        _screenshot(page, "members")

        # A project with two labels.
        page.locator("#crumbs a").first.click()
        page.click("#new-project")
        page.fill("#field-name", "Streets")
        rows = page.locator('[data-testid="label-row"]')
        rows.nth(0).locator(".label-name-input").fill("car")
        rows.nth(0).locator(".label-kind-input").select_option("bbox")
        page.click("#add-label")
        rows.nth(1).locator(".label-name-input").fill("road")
        rows.nth(1).locator(".label-kind-input").select_option("polygon")
        _screenshot(page, "project-form")
        page.click("#save-project")
        expect(page.locator("#project-name")).to_have_text("Streets", timeout=30_000)
        expect(page.locator('[data-testid="label"]')).to_have_count(2)

        # A task with its images, uploaded with progress.
        page.fill("#task-form #field-name", "Morning")
        page.set_input_files("#task-files", files)
        expect(page.locator("#chosen-files")).to_contain_text("2 files")
        page.click("#create-task")
        # Upload, then the task page's reads: generous on a busy machine.
        expect(page.locator("#task-name")).to_have_text("Morning", timeout=30_000)
        expect(page.locator('[data-testid="thumb"]')).to_have_count(2)

        # The job's annotator and reviewer.
        job_row = page.locator('[data-testid="job"]').first
        job_row.locator('[data-testid="assignee-select"]').select_option(str(annotator.id))
        job_row.locator('[data-testid="reviewer-select"]').select_option(str(reviewer.id))
        job_row.locator('[data-testid="assign"]').click()
        expect(page.locator("#job-note")).to_contain_text(
            f"assigned to {annotator.username}, reviewed by {reviewer.username}"
        )
        _screenshot(page, "task-assign")
        task_url = page.url
        sign_out(page)

        # The annotator draws a car on each image and hands the job over.
        sign_in_as(page, server, annotator.username, annotator.password)
        page.goto(task_url)
        page.locator('[data-testid="job-link"]').first.click()
        for position in range(2):
            expect(page.locator("#canvas")).to_have_attribute("data-ready", _any())
            page.keyboard.press("1")
            page.keyboard.press("b")
            drag(page, (40, 30), (150, 120))
            page.keyboard.press("Control+s")
            expect(page.locator("#status")).to_contain_text("Saved 1 change")
            if position == 0:
                page.keyboard.press("f")
        expect(page.locator("[data-testid=accept]")).to_have_count(0)
        page.click("[data-testid=mark-annotated]")
        expect(page.locator("#status")).to_contain_text("validation")
        sign_out(page)

        # The reviewer accepts it; the job is read-only now.
        sign_in_as(page, server, reviewer.username, reviewer.password)
        page.goto(task_url)
        page.locator('[data-testid="job"] [data-testid="accept"]').click()
        expect(page.locator('[data-testid="job-status"]')).to_have_text("accepted")

        # And exports the project (members may).
        page.locator("#crumbs a").nth(1).click()
        expect(page.locator("#project-name")).to_have_text("Streets")
        page.select_option("#export-form select", "coco")
        page.click("#start-export")
        expect(page.locator("#export-done")).to_contain_text("Exported", timeout=60_000)
        expect(page.locator("#export-lossless")).to_have_text("Nothing was left out.")
        with page.expect_download() as download:
            page.click("#download-export")
        assert download.value.suggested_filename.endswith("-coco.zip")
        _screenshot(page, "project-export")

        # What the server holds.
        with sdk.workspace_context(team.slug):
            (project,) = list(sdk.projects.list(name="Streets"))
            (task,) = list(project.get_tasks())
            (job,) = list(task.get_jobs())
        assert (job.stage, job.state) == ("acceptance", "completed")
        assert job.assignee.id == annotator.id
        assert job.reviewer.id == reviewer.id
        stored = list(job.get_annotations().shapes)
        car = next(label for label in project.labels if label.name == "car")
        assert sorted((s.kind, s.label) for s in stored) == [("bbox", car.id)] * 2


def _any() -> Any:
    import re

    return re.compile(r"\d+")


def _screenshot(page: Any, name: str) -> None:
    """Into build/screenshots; docs/images holds copies of them (the web app's docs show them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"))


def test_images_dropped_on_the_task_form_are_uploaded(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    with annota.Client(server.url, token=admin_token) as sdk:
        project = sdk.projects.create({"name": unique("drop"), "type": "detection"})
        sign_in_as(page, server, server.admin_username, server.admin_password)
        page.goto(f"{server.url}/#/projects/{project.id}")
        page.fill("#task-form #field-name", "dropped")
        data = _image(tmp_path / "dropped.png", 0).read_bytes()
        # A drop of a file, as the browser dispatches it when one is dragged in.
        page.evaluate(
            """(bytes) => {
                const transfer = new DataTransfer();
                const type = {type: "image/png"};
                transfer.items.add(new File([new Uint8Array(bytes)], "dropped.png", type));
                const zone = document.getElementById("drop-zone");
                const init = {dataTransfer: transfer, bubbles: true};
                zone.dispatchEvent(new DragEvent("dragover", init));
                zone.dispatchEvent(new DragEvent("drop", init));
            }""",
            list(data),
        )
        expect(page.locator("#chosen-files")).to_contain_text("1 file")
        page.click("#create-task")
        expect(page.locator("#task-name")).to_have_text("dropped", timeout=30_000)
        (task,) = list(project.get_tasks())
        (asset,) = list(task.get_assets())
        assert asset.name == "dropped.png"
        assert asset.size == len(data)
        # An empty name is refused in the browser, and nothing is created.
        page.goto(f"{server.url}/#/projects/{project.id}")
        page.click("#create-task")
        expect(page.locator('#task-form [data-error-for="name"]')).to_have_text(
            "Give the task a name."
        )
        assert len(list(project.get_tasks())) == 1


def test_import_a_dataset_and_freeze_and_export_a_version(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    with annota.Client(server.url, token=admin_token) as sdk:
        source = sdk.projects.create(
            {"name": unique("source"), "type": "detection", "labels": [{"name": "car"}]}
        )
        task = sdk.tasks.create({"project": source.id, "name": "t"})
        (asset,) = task.upload_assets([str(_image(tmp_path / "a.png", 0))])
        task.update_annotations(create=[shapes.bbox(asset, source.labels[0], 5, 5, 50, 50)])
        archive = source.export_dataset("coco", tmp_path / "source.zip", include_images=True)
        target = sdk.projects.create({"name": unique("target"), "type": "detection"})

        sign_in_as(page, server, server.admin_username, server.admin_password)
        page.goto(f"{server.url}/#/projects/{target.id}")
        # Without a file the form says so, and sends nothing.
        page.click("#start-import")
        expect(page.locator('#import-form [data-error-for="file"]')).to_contain_text("Choose")
        page.select_option("#import-form select", "coco")
        page.set_input_files("#import-file", str(archive))
        page.click("#start-import")
        expect(page.locator("#import-done")).to_contain_text("Imported 1 asset", timeout=60_000)
        imported = sdk.projects.retrieve(target.id)
        assert imported.statistics.annotations == 1

        # A version of it, frozen and exported from the page.
        page.reload()
        expect(page.locator("#versions")).to_contain_text("No versions yet.")
        page.click("#create-version")
        expect(page.locator('#version-form [data-error-for="name"]')).to_have_text(
            "Give the version a name."
        )
        page.fill("#version-form #field-name", "v1")
        page.click("#create-version")
        version = page.locator('[data-testid="version"]')
        expect(version.locator(".version-name")).to_have_text("v1", timeout=60_000)
        expect(version).to_contain_text("1 assets · 1 shapes")
        version.locator("button[type=submit]").click()
        expect(version.locator("[id$=-export-done]")).to_contain_text("Exported", timeout=60_000)
        expect(version.locator("[id$=-export-lossless]")).to_have_text("Nothing was left out.")
        _screenshot(page, "project-versions")
        (frozen,) = list(imported.get_versions())
        assert frozen.name == "v1"


def test_a_stale_project_edit_offers_to_reload_or_save_over(
    page: Any, server: ServerProcess, admin_token: str
) -> None:
    with annota.Client(server.url, token=admin_token) as sdk:
        project = sdk.projects.create(
            {"name": unique("stale"), "type": "detection", "labels": [{"name": "car"}]}
        )
        sign_in_as(page, server, server.admin_username, server.admin_password)
        page.goto(f"{server.url}/#/projects/{project.id}/edit")
        page.fill("#field-description", "mine")
        page.locator(".label-name-input").first.fill("automobile")
        sdk.projects.retrieve(project.id).update({"description": "theirs"})
        page.click("#save-project")
        expect(page.locator("#project-form .form-message")).to_contain_text(
            "Someone changed this project since you opened it; nothing was saved."
        )
        expect(page.locator("#reload-project")).to_be_visible()
        # What was typed is still there; saving over theirs keeps it all.
        expect(page.locator("#field-description")).to_have_value("mine")
        page.click("#save-over")
        expect(page.locator("#project-name")).to_have_text(project.name)
        saved = sdk.projects.retrieve(project.id)
        assert saved.description == "mine"
        assert [label.name for label in saved.labels] == ["automobile"]
