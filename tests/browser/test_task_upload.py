"""The task form's upload keeps going past a failed batch and retries only the failed files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, unique

import annota

from .test_annotate import _image
from .test_pages import sign_in_as


def test_a_cut_off_batch_is_retried_alone_and_the_others_go_on(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    files = [str(_image(tmp_path / f"img{n}.png", n)) for n in range(7)]  # batches of 5 and 2
    with annota.Client(server.url, token=admin_token) as sdk:
        project = sdk.projects.create({"name": unique("resume"), "type": "detection"})
        sign_in_as(page, server, server.admin_username, server.admin_password)
        page.goto(f"{server.url}/#/projects/{project.id}")
        uploads: list[str] = []

        def cut_the_first_off(route: Any) -> None:
            uploads.append(route.request.url)
            if len(uploads) == 1:
                route.abort()  # as a dropped connection does
            else:
                route.continue_()

        page.route("**/api/tasks/*/assets", cut_the_first_off)
        page.fill("#task-form #field-name", "resumed")
        page.set_input_files("#task-files", files)
        page.click("#create-task")
        message = page.locator("#task-form .form-message")
        expect(message).to_contain_text("5 files did not go up")
        expect(page.locator("[data-testid=upload-progress-caption]")).to_have_text(
            "Uploaded 2 of 7 files"
        )
        (task,) = list(project.get_tasks())
        assert sorted(a.name for a in task.get_assets()) == ["img5.png", "img6.png"]

        page.click("#create-task")  # now "Retry the failed files"
        expect(page.locator("#task-name")).to_have_text("resumed", timeout=30_000)
        names = sorted(a.name for a in task.get_assets())
        assert names == sorted(Path(f).name for f in files)
        assert len(uploads) == 2 + 5  # two batches, then each failed file alone
        assert len(list(project.get_tasks())) == 1
