"""Review issues on the annotation page: the reviewer pins one to a box with a message, the
annotator answers and resolves it, the task page counts the open ones.

What the server stored is checked through the SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from support import ServerProcess, TestUser

import annota

from .test_annotate import close, drag
from .test_team import open_as, sdk, team_job  # noqa: F401 (sdk: the fixture)


def test_a_reviewer_raises_an_issue_and_the_annotator_resolves_it(
    page: Any,
    server: ServerProcess,
    sdk: annota.Client,  # noqa: F811
    tmp_path: Path,
    make_user: Callable[..., TestUser],
) -> None:
    job, workspace = team_job(sdk, tmp_path)
    annotator = make_user("member", workspace.id, prefix="annotator")
    reviewer = make_user("member", workspace.id, prefix="reviewer")
    sdk.jobs.retrieve(job.id).update({"assignee": annotator.id, "reviewer": reviewer.id})

    open_as(page, server, reviewer, job)
    expect(page.locator("#job-open-issues")).to_have_text("0 open in this job")
    page.click("#raise-issue")
    expect(page.locator("#pin-hint")).to_be_visible()
    drag(page, (20, 30), (120, 90))
    page.fill("#issue-message", "the cat's tail is cut off")
    page.click("#issue-submit")
    item = page.locator("[data-testid=issue]")
    expect(item).to_have_count(1)
    expect(item.locator(".issue-message")).to_have_text("the cat's tail is cut off")
    expect(page.locator("#canvas")).to_have_attribute("data-issue-pins", "1")
    expect(page.locator("#job-open-issues")).to_have_text("1 open in this job")
    (issue,) = list(sdk.issues.list(job=job.id))
    assert issue.region.kind == "box"
    assert close(issue.region.points, [20, 30, 120, 90])
    assert (issue.author.username, issue.asset) == (reviewer.username, job.assets[0].id)

    # The task page counts the job's open issues.
    page.goto(f"{server.url}/#/tasks/{issue.task}")
    row = page.locator(f'[data-testid="job"][data-job="{job.id}"]')
    expect(row.locator("[data-testid=job-open-issues]")).to_have_text("1")
    page.click("#sign-out")

    open_as(page, server, annotator, job)
    expect(page.locator("#raise-issue")).to_have_count(0)  # annotators do not raise issues
    item = page.locator("[data-testid=issue]")
    expect(item).to_have_count(1)
    item.locator("[data-testid=answer-text]").fill("extended the box")
    item.locator("[data-testid=answer]").click()
    answered = f"{annotator.username}: extended the box"
    expect(item.locator("[data-testid=comment]")).to_have_text([answered])
    item.locator("[data-testid=resolve]").click()
    expect(page.locator("#no-issues")).to_be_visible()  # resolved ones are hidden by default
    expect(page.locator("#job-open-issues")).to_have_text("0 open in this job")
    page.check("#show-resolved")
    expect(page.locator('[data-testid=issue][data-resolved="true"]')).to_have_count(1)

    issue.fetch()
    assert issue.resolved is True
    assert issue.resolved_by.username == annotator.username
    assert [c.message for c in issue.get_comments()] == ["extended the box"]


def test_a_viewer_reads_issues_without_answering(
    page: Any,
    server: ServerProcess,
    sdk: annota.Client,  # noqa: F811
    tmp_path: Path,
    make_user: Callable[..., TestUser],
) -> None:
    job, workspace = team_job(sdk, tmp_path)
    viewer = make_user("viewer", workspace.id, prefix="viewer")
    sdk.jobs.retrieve(job.id).issues.create(job.assets[0], region=(5, 5), message="look here")
    open_as(page, server, viewer, job)
    item = page.locator("[data-testid=issue]")
    expect(item.locator(".issue-message")).to_have_text("look here")
    expect(page.locator("#raise-issue")).to_have_count(0)
    expect(item.locator("[data-testid=answer]")).to_have_count(0)
    expect(item.locator("[data-testid=resolve]")).to_have_count(0)
