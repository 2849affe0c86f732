"""Operations of the ``issues`` tag: review issues on a job's assets and their comments.

Each handler authorises (:mod:`annota_server.access`) and calls one function of
:mod:`annota_server.review`, which holds every write.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server import access, review
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import IssueComment, Job, ReviewIssue
from annota_server.handlers.common import get_with_role, workspace_scope
from annota_server.listing import Listing, by_id, by_username, exact

ISSUES = Listing(
    model=ReviewIssue,
    serialize=lambda ctx, rows: [ser.issue(row) for row in rows],
    sorts={
        "id": ReviewIssue.id,
        "created_at": ReviewIssue.created_at,
        "updated_at": ReviewIssue.updated_at,
    },
    filters={
        "job": by_id(ReviewIssue.job_id),
        "task": by_id(ReviewIssue.task_id),
        "project": by_id(ReviewIssue.project_id),
        "asset": by_id(ReviewIssue.asset_id),
        "resolved": exact(ReviewIssue.resolved),
        "author": by_username(ReviewIssue.author_id),
    },
    scope=workspace_scope(ReviewIssue.workspace_id),
)

COMMENTS = Listing(
    model=IssueComment,
    serialize=lambda ctx, rows: [ser.issue_comment(row) for row in rows],
    sorts={"id": IssueComment.id},
    filters={"issue": by_id(IssueComment.issue_id)},
)


def issues_list(ctx: Ctx, **query: Any) -> Response:
    """Issues of the jobs the caller may see."""
    return ISSUES.respond(ctx, query)


def issues_create(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Raise an issue on an asset of the job: the job's reviewer or a maintainer/owner."""
    job, role = get_with_role(ctx, Job, id, "job", Action.READ)
    access.authorize_raising_issue(ctx.user, role, job)
    pinned = review.pin(ctx.db, job, body["asset"], body.get("shape"), body.get("region"))
    issue = review.raise_issue(ctx.db, job, pinned, body["message"], ctx.user, ctx.now)
    return ctx.one(ser.issue(issue), issue, status=201)


def issues_retrieve(ctx: Ctx, id: int) -> Response:
    """One issue."""
    issue, _ = get_with_role(ctx, ReviewIssue, id, "issue", Action.READ)
    return ctx.one(ser.issue(issue), issue)


def _discussed(ctx: Ctx, id: int) -> ReviewIssue:
    """The issue (locked), once the caller is shown to be one who may answer it."""
    issue, role = get_with_role(ctx, ReviewIssue, id, "issue", Action.WRITE)
    job = ctx.db.get(Job, issue.job_id)
    assert job is not None  # the foreign key cascades
    access.authorize_issue_discussion(ctx.user, role, job)
    return issue


def issues_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Resolve or reopen an issue."""
    issue = _discussed(ctx, id)
    ctx.check_if_match(issue)
    if "resolved" in body:
        review.set_resolved(issue, body["resolved"], ctx.user, ctx.now)
    ctx.db.flush()
    return ctx.one(ser.issue(issue), issue)


def issues_destroy(ctx: Ctx, id: int) -> Response:
    """Delete an issue: its author or a maintainer/owner."""
    issue, role = get_with_role(ctx, ReviewIssue, id, "issue", Action.WRITE)
    ctx.check_if_match(issue)
    job = ctx.db.get(Job, issue.job_id)
    assert job is not None
    access.authorize_issue_delete(ctx.user, role, job, issue.author_id)
    review.delete_issue(ctx.db, issue)
    return ctx.no_content()


def issues_list_comments(ctx: Ctx, id: int, **query: Any) -> Response:
    """An issue's comments, oldest first."""
    get_with_role(ctx, ReviewIssue, id, "issue", Action.READ)
    return COMMENTS.respond(ctx, {**query, "issue": id})


def issues_create_comment(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Answer an issue."""
    issue = _discussed(ctx, id)
    comment = review.add_comment(ctx.db, issue, body["message"], ctx.user, ctx.now)
    return ctx.json(ser.issue_comment(comment), status=201)
