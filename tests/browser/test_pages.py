"""The pages around the annotation page: home, a project, a task and the job-state actions.

Data is made through the SDK, read in the browser, and what the browser changes is read back
through the SDK.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from PIL import Image
from playwright.sync_api import expect
from support import ServerProcess, TestUser, unique

import annota
from annota import shapes
from annota.proxies.projects import Project
from annota.proxies.tasks import Task
from annota.proxies.workspaces import Workspace

from .conftest import SCREENSHOTS
from .test_shell import sign_in

ASSETS = 5
SEGMENT = 2  # 5 assets in jobs of 2: three jobs


@dataclass
class Setup:
    """A workspace with one project (two labels) and one task of ASSETS images in three jobs."""

    client: annota.Client
    workspace: Workspace
    project: Project
    task: Task


def write_images(directory: Path, names: list[str]) -> list[Path]:
    """PNG files of distinct sizes (so each thumbnail is a real, decodable image)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, name in enumerate(names):
        path = directory / name
        Image.new("RGB", (40 + 10 * index, 30 + 5 * index), (20 * index, 120, 200)).save(
            path, "PNG"
        )
        paths.append(path)
    return paths


def make_setup(
    server: ServerProcess,
    admin_token: str,
    directory: Path,
    *,
    name: str | None = None,
    image_names: list[str] | None = None,
    segment: int = SEGMENT,
) -> Setup:
    """Everything a page test reads, made through the SDK as the admin."""
    admin = annota.Client(server.url, token=admin_token)
    slug = unique("web")
    workspace = admin.workspaces.create({"slug": slug, "name": name or f"Team {slug}"})
    client = admin.with_workspace(slug)
    project = client.projects.create(
        {
            "name": name or unique("Cats and dogs"),
            "type": "detection",
            "labels": [
                {"name": name or "cat", "color": "#ff0000", "kind": "bbox"},
                {"name": "dog", "color": "#00aa00", "kind": "polygon"},
            ],
        }
    )
    task = client.tasks.create(
        {
            "project": project.id,
            "name": name or "batch-1",
            "segment_size": segment,
            "subset": "train",
        }
    )
    names = image_names or [f"image-{index}.png" for index in range(ASSETS)]
    task.upload_assets([str(path) for path in write_images(directory, names)])
    return Setup(client=client, workspace=workspace, project=project, task=task)


@pytest.fixture
def setup(server: ServerProcess, admin_token: str, tmp_path: Path) -> Iterator[Setup]:
    made = make_setup(server, admin_token, tmp_path / "images")
    try:
        yield made
    finally:
        made.client.close()


def sign_in_as(page: Any, server: ServerProcess, username: str, password: str) -> None:
    page.goto(server.url + "/")
    page.fill("#username-input", username)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_selector("#sign-out")


def jobs_of(setup: Setup) -> list[Any]:
    return sorted(setup.task.get_jobs(), key=lambda job: job.id)


def test_home_lists_workspaces_and_projects_with_their_counts(
    page: Any, server: ServerProcess, setup: Setup
) -> None:
    sign_in(page, server)
    # Every visible project is listed first; choosing the workspace narrows the list to it.
    row = page.locator(f'[data-testid="project"][data-project="{setup.project.id}"]')
    expect(row).to_be_visible()
    page.locator('[data-testid="workspace"]', has_text=setup.workspace.name).click()
    expect(page).to_have_url(re.compile(r"#/\?workspace=" + setup.workspace.slug + "$"))
    expect(page.locator("#projects-heading")).to_have_text(setup.workspace.name)
    expect(page.locator('[data-testid="project"]')).to_have_count(1)
    cells = row.locator("td")
    # Project, Type, Tasks, Jobs, Assets, Annotated, Shapes, Accepted jobs (no Workspace column
    # once one is chosen).
    expect(cells.nth(0)).to_have_text(setup.project.name)
    expect(cells.nth(1)).to_have_text("detection")
    expect(cells.nth(2)).to_have_text("1")
    expect(cells.nth(3)).to_have_text("3")
    expect(cells.nth(4)).to_have_text(str(ASSETS))
    expect(cells.nth(5)).to_contain_text(f"0/{ASSETS}")
    expect(cells.nth(6)).to_have_text("0")
    expect(page.locator("#crumbs a")).to_have_text([setup.workspace.name])
    # A project shape shows up in the count after a reload.
    asset = next(iter(setup.task.get_assets()))
    label = setup.project.labels[0]
    setup.client.tasks.retrieve(setup.task.id).update_annotations(
        create=[shapes.bbox(asset, label, 1, 1, 5, 5)]
    )
    page.reload()
    expect(cells.nth(5)).to_contain_text(f"1/{ASSETS}")
    expect(cells.nth(6)).to_have_text("1")
    expect(cells.nth(7)).to_contain_text("0/3")
    # Accepted jobs count as the project's progress.
    setup.client.jobs.retrieve(jobs_of(setup)[0].id).update(
        {"stage": "acceptance", "state": "completed"}
    )
    page.reload()
    expect(cells.nth(7)).to_contain_text("1/3")
    cells.nth(0).locator("a").click()
    expect(page.locator("#project-name")).to_have_text(setup.project.name)
    expect(page.locator('[data-testid="job-summary"]')).to_have_text("Jobs: 1 accepted · 2 new")


def test_project_page_shows_labels_and_tasks(
    page: Any, server: ServerProcess, setup: Setup
) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/#/projects/{setup.project.id}")
    expect(page.locator("#project-name")).to_have_text(setup.project.name)
    labels = page.locator('[data-testid="label"]')
    expect(labels).to_have_count(2)
    expect(labels.nth(0).locator("td").nth(0)).to_have_text("cat")
    expect(labels.nth(0).locator("td").nth(1)).to_have_text("bbox")
    expect(labels.nth(1).locator("td").nth(0)).to_have_text("dog")
    expect(labels.nth(1).locator("td").nth(1)).to_have_text("polygon")
    colours = [
        labels.nth(i).locator(".swatch").evaluate("e => getComputedStyle(e).backgroundColor")
        for i in range(2)
    ]
    assert colours == ["rgb(255, 0, 0)", "rgb(0, 170, 0)"]
    task_row = page.locator(f'[data-testid="task"][data-task="{setup.task.id}"]')
    expect(task_row.locator("td")).to_have_text(
        ["batch-1", "train", re.compile(".+"), str(ASSETS), "3", re.compile("0/3")]
    )
    expect(page.locator('[data-testid="job-summary"]')).to_have_text("Jobs: 3 new")
    expect(page.locator("#crumbs a")).to_have_text([setup.workspace.name, setup.project.name])
    task_row.locator("a").click()
    expect(page.locator("#task-name")).to_have_text("batch-1")
    expect(page.locator("#crumbs a")).to_have_text(
        [setup.workspace.name, setup.project.name, "batch-1"]
    )
    # The workspace crumb leads home, narrowed to that workspace.
    page.locator("#crumbs a").first.click()
    expect(page.locator("#projects-heading")).to_have_text(setup.workspace.name)


def test_project_page_counts_predictions_apart(
    page: Any, server: ServerProcess, setup: Setup
) -> None:
    asset = next(iter(setup.task.get_assets()))
    cat = setup.project.labels[0]
    setup.task.update_annotations(
        create=[
            shapes.bbox(asset, cat, 1, 1, 9, 9),
            shapes.bbox(asset, cat, 2, 2, 8, 8, score=0.6, model_name="m"),
        ]
    )
    sign_in(page, server)
    page.goto(f"{server.url}/#/projects/{setup.project.id}")
    stats = page.locator('[data-testid="project-stats"]')
    expect(stats).to_contain_text("1 shapes")
    expect(stats).to_contain_text("1 predictions to review")


def loaded_widths(page: Any) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=thumb] img')]"
        ".map(img => img.complete ? img.naturalWidth : 0)"
    )


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_task_page_shows_thumbnails_and_jobs(
    page: Any, server: ServerProcess, setup: Setup
) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/#/tasks/{setup.task.id}")
    thumbs = page.locator('[data-testid="thumb"]')
    expect(thumbs).to_have_count(ASSETS)
    expect(thumbs.locator("img[data-state=loaded]")).to_have_count(ASSETS)
    # Every image decoded (a thumbnail, or the whole image where the server has none).
    wait_until(lambda: all(width > 0 for width in loaded_widths(page)))
    expect(thumbs.locator(".name")).to_have_text([f"image-{index}.png" for index in range(ASSETS)])
    jobs = jobs_of(setup)
    rows = page.locator('[data-testid="job"]')
    expect(rows).to_have_count(3)
    expect(rows.locator('[data-testid="job-link"]')).to_have_text([f"Job {job.id}" for job in jobs])
    expect(rows.locator('[data-testid="job-stage"]')).to_have_text(["annotation"] * 3)
    expect(rows.locator('[data-testid="job-state"]')).to_have_text(["new"] * 3)
    expect(rows.nth(2).locator("td").nth(6)).to_have_text("5–5")
    # A thumbnail opens the job that covers its asset, at that asset.
    thumbs.nth(3).click()
    expect(page).to_have_url(re.compile(rf"#/jobs/{jobs[1].id}\?asset=3$"))
    fourth = next(asset for asset in setup.task.get_assets() if asset.position == 3)
    expect(page.locator("#canvas")).to_have_attribute("data-ready", str(fourth.id))


def test_thumbnails_load_lazily(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    many = 40
    made = make_setup(
        server,
        admin_token,
        tmp_path / "many",
        image_names=[f"m{index:02}.png" for index in range(many)],
        segment=many,
    )
    try:
        sign_in(page, server)
        page.goto(f"{server.url}/#/tasks/{made.task.id}")
        thumbs = page.locator('[data-testid="thumb"]')
        expect(thumbs).to_have_count(many)
        expect(thumbs.first.locator("img")).to_have_attribute("data-state", "loaded")
        # Rows far below the fold wait until they are scrolled to.
        expect(thumbs.last.locator("img")).to_have_attribute("data-state", "waiting")
        thumbs.last.scroll_into_view_if_needed()
        expect(thumbs.last.locator("img")).to_have_attribute("data-state", "loaded")
        assert thumbs.last.locator("img").evaluate("img => img.naturalWidth") > 0
    finally:
        made.client.close()


def test_thumbnails_are_fetched_a_few_at_a_time(
    page: Any, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    many = 12  # all in view at 1280x800
    made = make_setup(
        server,
        admin_token,
        tmp_path / "some",
        image_names=[f"s{index:02}.png" for index in range(many)],
        segment=many,
    )
    held: list[Any] = []
    images = re.compile(r"/api/assets/\d+/(thumbnail|content)")

    def hold(route: Any) -> None:
        held.append(route)

    page.route(images, hold)
    try:
        sign_in(page, server)
        page.goto(f"{server.url}/#/tasks/{made.task.id}")
        thumbs = page.locator('[data-testid="thumb"] img')
        expect(thumbs).to_have_count(many)
        # Answer nothing for a while: only four requests are ever open at once.
        most = 0
        for _ in range(200):
            page.wait_for_timeout(50)
            most = max(most, len(held))
            if len(held) == 4:
                break
        page.wait_for_timeout(300)
        assert len(held) == 4
        while held or page.locator('[data-testid="thumb"] img[data-state=loaded]').count() < many:
            page.wait_for_timeout(50)
            most = max(most, len(held))
            for route in held[:]:
                held.remove(route)
                route.continue_()
        assert most == 4
        expect(page.locator('[data-testid="thumb"] img[data-state=loaded]')).to_have_count(many)
    finally:
        page.unroute(images)
        made.client.close()


def test_mark_annotated_then_reviewer_accepts_or_sends_back(
    page: Any,
    browser: Any,
    server: ServerProcess,
    setup: Setup,
    make_user: Callable[..., TestUser],
) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/#/tasks/{setup.task.id}")
    first, second, _ = jobs_of(setup)
    for job in (first, second):
        row = page.locator(f'[data-testid="job"][data-job="{job.id}"]')
        row.locator('[data-testid="mark-annotated"]').click()
        expect(row.locator('[data-testid="job-status"]')).to_have_text("in review")
    expect(page.locator("#job-note")).to_have_text(f"Job {second.id} is now in review.")
    for job in (first, second):
        seen = setup.client.jobs.retrieve(job.id)
        assert (seen.stage, seen.state) == ("validation", "new")

    # Their reviewer (a member of the workspace named on both) accepts one, sends one back.
    reviewer = make_user("member", setup.workspace.id, prefix="reviewer")
    for job in (first, second):
        setup.client.jobs.retrieve(job.id).update({"reviewer": reviewer.id})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        review = context.new_page()
        sign_in_as(review, server, reviewer.username, reviewer.password)
        review.goto(f"{server.url}/#/tasks/{setup.task.id}")
        accepted = review.locator(f'[data-testid="job"][data-job="{first.id}"]')
        accepted.locator('[data-testid="accept"]').click()
        expect(accepted.locator('[data-testid="job-status"]')).to_have_text("accepted")
        expect(accepted.locator('[data-testid="accept"]')).to_have_count(0)
        expect(accepted.locator('[data-testid="reopen"]')).to_be_visible()
        sent_back = review.locator(f'[data-testid="job"][data-job="{second.id}"]')
        sent_back.locator('[data-testid="send-back"]').click()
        expect(sent_back.locator('[data-testid="job-status"]')).to_have_text("sent back")
        expect(sent_back.locator('[data-testid="mark-annotated"]')).to_be_visible()
        review.screenshot(path=str(SCREENSHOTS / "test_pages_reviewer.png"))
    finally:
        context.close()
    seen = setup.client.jobs.retrieve(first.id)
    assert (seen.stage, seen.state) == ("acceptance", "completed")
    seen = setup.client.jobs.retrieve(second.id)
    assert (seen.stage, seen.state) == ("annotation", "rejected")


def test_a_stale_job_action_changes_nothing_and_shows_the_current_state(
    page: Any, server: ServerProcess, setup: Setup
) -> None:
    sign_in(page, server)
    page.goto(f"{server.url}/#/tasks/{setup.task.id}")
    job = jobs_of(setup)[0]
    row = page.locator(f'[data-testid="job"][data-job="{job.id}"]')
    expect(row.locator('[data-testid="job-status"]')).to_have_text("new")
    # Someone else sends the job to review while the page still shows it as new.
    setup.client.jobs.retrieve(job.id).update({"stage": "validation", "state": "in_progress"})
    row.locator('[data-testid="mark-annotated"]').click()
    expect(page.locator("#job-note")).to_contain_text("Someone changed this job first")
    expect(row.locator('[data-testid="job-status"]')).to_have_text("in review")
    expect(row.locator('[data-testid="accept"]')).to_be_visible()
    seen = setup.client.jobs.retrieve(job.id)
    assert (seen.stage, seen.state) == ("validation", "in_progress")


def test_two_factor_sign_in(page: Any, server: ServerProcess, new_user: TestUser) -> None:
    with annota.Client(server.url, token=new_user.token) as client:
        enrollment = client.users.two_factor.enroll()
        totp = pyotp.TOTP(enrollment.secret)
        # Codes are single-use and claimed in time order: confirm with the previous step's code
        # and sign in with the current one, away from a step boundary.
        if totp.interval - time.time() % totp.interval < 5:
            time.sleep(5)
        now = time.time()
        assert client.users.two_factor.confirm(totp.at(now - totp.interval)) is True
    page.goto(server.url + "/")
    page.fill("#username-input", new_user.username)
    page.fill("#password", new_user.password)
    page.click("#sign-in")
    expect(page.locator("#otp-row")).to_be_visible()
    expect(page.locator("#login-error")).to_contain_text("one-time code")
    page.fill("#otp", totp.at(now))
    page.click("#sign-in")
    expect(page.locator("#username")).to_have_text(new_user.username)
    expect(page.locator("#projects-heading")).to_have_text("All projects")
