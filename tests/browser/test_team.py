"""The annotation page for a team: read-only where the server would refuse, label keys and kinds,
save errors that name a shape, and a toolbar that long names do not stretch.

Each test drives a real Chromium; what the server stored is checked through the SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from support import ServerProcess, TestUser, unique

import annota
from annota import shapes

from .test_annotate import Job, _image, click, drag, open_job, ready
from .test_pages import sign_in_as

LONG = "a-very-long-asset-name-" * 8


@pytest.fixture
def sdk(server: ServerProcess, admin_token: str) -> Iterator[annota.Client]:
    with annota.Client(server.url, token=admin_token) as client:
        yield client


def team_job(
    client: annota.Client,
    tmp_path: Path,
    *,
    labels: list[dict[str, Any]] | None = None,
    names: list[str] | None = None,
) -> tuple[Job, Any]:
    """A job in a fresh shared workspace (the admin is no member of it: it sees it as admin)."""
    workspace = client.workspaces.create({"slug": unique("team"), "name": "Team"})
    with client.workspace_context(workspace.slug):
        project = client.projects.create(
            {
                "name": unique("team"),
                "type": "detection",
                "labels": labels
                or [{"name": "cat", "color": "#e53935"}, {"name": "dog", "color": "#1e88e5"}],
            }
        )
        task = client.tasks.create({"project": project.id, "name": "images"})
        files = []
        for index, name in enumerate(names or ["img0.png", "img1.png"]):
            files.append(_image(tmp_path / name, index))
        assets = sorted(task.upload_assets(files), key=lambda a: a.position)
        (job,) = list(task.get_jobs())
    found = {label.name: label for label in project.labels}
    return Job(client, job.id, project, assets, found), workspace


def open_as(page: Any, server: ServerProcess, user: TestUser, job: Job) -> None:
    sign_in_as(page, server, user.username, user.password)
    page.goto(f"{server.url}/#/jobs/{job.id}?asset=0")
    ready(page, job.assets[0])


def test_a_viewer_gets_a_read_only_page(
    page: Any,
    server: ServerProcess,
    sdk: annota.Client,
    tmp_path: Path,
    make_user: Callable[..., TestUser],
) -> None:
    job, workspace = team_job(sdk, tmp_path)
    viewer = make_user("viewer", workspace.id, prefix="viewer")
    open_as(page, server, viewer, job)
    notice = page.locator("#read-only-notice")
    expect(notice).to_contain_text("your role in its workspace is viewer")
    for tool in ("bbox", "polygon", "polyline", "points"):
        expect(page.locator(f'.toolbar [data-tool="{tool}"]')).to_be_hidden()
    expect(page.locator("#save")).to_be_hidden()
    expect(page.locator("#job-actions button")).to_have_count(0)
    page.keyboard.press("b")
    drag(page, (20, 20), (120, 120))
    page.keyboard.press("t")
    expect(page.locator("#status")).to_have_text("All changes saved")
    assert job.shapes() == []


def test_the_reviewer_accepts_then_the_job_is_read_only_until_reopened(
    page: Any,
    server: ServerProcess,
    sdk: annota.Client,
    tmp_path: Path,
    make_user: Callable[..., TestUser],
) -> None:
    job, workspace = team_job(sdk, tmp_path)
    annotator = make_user("member", workspace.id, prefix="annotator")
    reviewer = make_user("member", workspace.id, prefix="reviewer")
    sdk.jobs.retrieve(job.id).update(
        {"assignee": annotator.id, "reviewer": reviewer.id, "stage": "validation", "state": "new"}
    )
    # The annotator may not review its own job: no buttons for it.
    open_as(page, server, annotator, job)
    expect(page.locator("#read-only-notice")).to_have_count(0)
    expect(page.locator("[data-testid=accept]")).to_have_count(0)
    expect(page.locator("[data-testid=send-back]")).to_have_count(0)
    page.click("#sign-out")

    open_as(page, server, reviewer, job)
    page.click("[data-testid=accept]")
    expect(page.locator("#read-only-notice")).to_contain_text("This job is accepted")
    expect(page.locator('.toolbar [data-tool="bbox"]')).to_be_hidden()
    assert sdk.jobs.retrieve(job.id).stage == "acceptance"
    page.click("[data-testid=reopen]")
    expect(page.locator("#read-only-notice")).to_have_count(0)
    expect(page.locator('.toolbar [data-tool="bbox"]')).to_be_visible()
    reopened = sdk.jobs.retrieve(job.id)
    assert (reopened.stage, reopened.state) == ("annotation", "in_progress")


def test_label_keys_are_for_the_next_shape_and_kinds_are_checked_at_once(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    labels = [
        {"name": "car", "color": "#e53935"},
        {"name": "person", "color": "#1e88e5"},
        {"name": "road", "color": "#43a047", "kind": "polygon"},
    ]
    job, _ = team_job(sdk, tmp_path, labels=labels)
    open_job(page, server, job)
    message = page.locator("#canvas-message")
    page.keyboard.press("1")
    page.keyboard.press("b")
    drag(page, (20, 20), (120, 120))
    page.keyboard.press("Escape")
    page.keyboard.press("3")  # for the next shape: the box just drawn keeps "car"
    expect(page.locator("#shape-label")).to_have_value(str(job.labels["car"].id))
    expect(message).to_be_hidden()
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    (box,) = job.shapes()
    assert box.label == job.labels["car"].id

    # "road" with the Box tool: said at once, and no box is made with it.
    page.keyboard.press("b")
    expect(message).to_contain_text("“road” is for polygons only: a box cannot have it.")
    expect(message).to_contain_text("Draw it with the Polygon tool")
    drag(page, (200, 150), (300, 250))
    expect(page.locator("#status")).to_have_text("All changes saved")
    # A box the user selects is relabelled by a key, but never with a polygon-only label.
    page.keyboard.press("v")
    click(page, 70, 70)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "bbox")
    page.keyboard.press("3")
    expect(message).to_contain_text("a box cannot have it. It keeps its label.")
    expect(page.locator("#shape-label")).to_have_value(str(job.labels["car"].id))
    page.keyboard.press("2")
    expect(page.locator("#shape-label")).to_have_value(str(job.labels["person"].id))
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    (box,) = job.shapes()
    assert box.label == job.labels["person"].id


def test_a_refused_save_names_and_selects_the_shape_and_keeps_the_layout(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    job, _ = team_job(sdk, tmp_path, names=[f"{LONG}0.png", f"{LONG}1.png"])
    open_job(page, server, job)
    toolbar = page.locator(".toolbar")
    canvas = page.locator("#canvas")
    height = toolbar.bounding_box()["height"]
    canvas_box = canvas.bounding_box()
    scale = canvas.get_attribute("data-scale")
    page.keyboard.press("2")
    page.keyboard.press("b")
    drag(page, (20, 20), (120, 120))
    # Meanwhile "dog" becomes a polygon label: the server will refuse the box.
    sdk.labels.retrieve(job.labels["dog"].id).update({"kind": "polygon"})
    page.keyboard.press("f")
    ready(page, job.assets[1])
    page.keyboard.press("Control+s")
    message = page.locator("#canvas-message")
    expect(message).to_contain_text(f"Not saved: the new box on “{LONG}0.png”")
    expect(message).to_contain_text("the label “dog” is for polygon shapes, not bbox")
    expect(message).to_contain_text("It is selected")
    text = message.inner_text()
    assert "create." not in text, text
    assert f"label {job.labels['dog'].id}" not in text, text
    # The page went back to the box's asset and selected it.
    ready(page, job.assets[0])
    expect(page.locator("#selection")).to_have_attribute("data-kind", "bbox")
    expect(page.locator("#status")).to_contain_text("Not saved")
    # Neither the long names nor the message moved the toolbar or re-fitted the canvas.
    assert toolbar.bounding_box()["height"] == height
    assert canvas.bounding_box() == canvas_box
    assert canvas.get_attribute("data-scale") == scale
    expect(page.locator("#asset-name")).to_have_attribute("title", f"{LONG}0.png")
    assert job.shapes() == []
    # Relabelled, it saves.
    page.keyboard.press("1")
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("Saved 1 change")
    (box,) = job.shapes()
    assert box.label == job.labels["cat"].id


def test_the_object_list_selects_hides_locks_and_filters(
    page: Any, server: ServerProcess, sdk: annota.Client, tmp_path: Path
) -> None:
    job, _ = team_job(sdk, tmp_path)
    asset, cat, dog = job.assets[0], job.labels["cat"], job.labels["dog"]
    sdk.jobs.retrieve(job.id).set_annotations(
        [
            shapes.bbox(asset, cat, 20, 20, 80, 80),
            shapes.bbox(asset, cat, 200, 150, 260, 210),
            shapes.bbox(asset, dog, 300, 40, 380, 120),
        ]
    )
    open_job(page, server, job)
    objects = page.locator('[data-testid="object"]')
    expect(page.locator("#objects h3")).to_have_text("Objects (3)")
    expect(objects).to_have_count(3)
    # Its name selects a shape.
    objects.nth(0).locator(".object-name").click()
    expect(page.locator("#selection")).to_have_attribute("data-kind", "bbox")
    expect(objects.nth(0)).to_have_attribute("aria-selected", "true")
    # Hidden, it is neither drawn nor picked by a click on the image.
    objects.nth(0).locator(".object-hide").click()
    click(page, 50, 50)
    expect(page.locator("#selection")).to_contain_text("Click a shape")
    objects.nth(0).locator(".object-hide").click()
    click(page, 50, 50)
    expect(page.locator("#selection")).to_have_attribute("data-kind", "bbox")
    # Locked, no edit reaches it.
    objects.nth(2).locator(".object-lock").click()
    objects.nth(2).locator(".object-name").click()
    page.keyboard.press("Delete")
    expect(page.locator("#canvas-message")).to_contain_text("That shape is locked")
    expect(page.locator("#status")).to_have_text("All changes saved")
    # The label filter narrows the list and the canvas.
    page.select_option("#object-filter", str(dog.id))
    expect(objects).to_have_count(1)
    click(page, 230, 180)  # a cat box, filtered out
    expect(page.locator("#selection")).to_contain_text("Click a shape")
    # One opacity for every shape.
    page.locator("#object-opacity").fill("0.5")
    opacities = page.evaluate("() => Konva.stages[0].getLayers().map((layer) => layer.opacity())")
    assert 0.5 in opacities, opacities
    assert len(job.shapes()) == 3
