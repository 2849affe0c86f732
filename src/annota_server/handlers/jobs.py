"""Operations of the ``jobs`` tag."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server import access, revisions, shapes
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx, own_transactions
from annota_server.db.models import Job
from annota_server.handlers.common import (
    apply,
    get_authorized,
    get_or_404,
    get_with_role,
    member_or_invalid,
    workspace_scope,
)
from annota_server.listing import Listing, by_id, by_username, exact

JOBS = Listing(
    model=Job,
    serialize=lambda ctx, rows: [ser.job(row) for row in rows],
    sorts={"id": Job.id, "created_at": Job.created_at, "updated_at": Job.updated_at},
    filters={
        "task": by_id(Job.task_id),
        "project": by_id(Job.project_id),
        "assignee": by_username(Job.assignee_id),
        "reviewer": by_username(Job.reviewer_id),
        "stage": exact(Job.stage),
        "state": exact(Job.state),
    },
    scope=workspace_scope(Job.workspace_id),
)


def jobs_list(ctx: Ctx, **query: Any) -> Response:
    """Jobs the caller may see."""
    return JOBS.respond(ctx, query)


def jobs_retrieve(ctx: Ctx, id: int) -> Response:
    """One job."""
    job = get_authorized(ctx, Job, id, "job", Action.READ)
    return ctx.one(ser.job(job), job)


def jobs_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a job's assignee, reviewer, stage or state; review decisions are the reviewer's."""
    job, role = get_with_role(ctx, Job, id, "job", Action.WRITE)
    ctx.check_if_match(job)
    current = (job.stage, job.state)
    wanted = (body.get("stage", job.stage), body.get("state", job.state))
    if access.is_review_decision(current, wanted):
        access.authorize_review(ctx.user, role, job)
    if "reviewer" in body and body["reviewer"] != job.reviewer_id:
        access.authorize_naming_reviewer(ctx.user, role)
    for field in ("assignee", "reviewer"):
        if field in body:
            setattr(job, field, member_or_invalid(ctx, body[field], job.workspace_id, field))
    apply(job, body, ("stage", "state"))
    ctx.db.flush()
    return ctx.one(ser.job(job), job)


def jobs_retrieve_annotations(
    ctx: Ctx,
    id: int,
    source: list[str] | None = None,
    min_score: float | None = None,
    assets_per_page: int | None = None,
    cursor: str | None = None,
) -> Response:
    """Every shape on the job's assets, or a page of them (of some sources, from a score up)."""
    page = shapes.asset_page(assets_per_page, cursor)
    job = get_authorized(ctx, Job, id, "job", Action.READ)
    which = shapes.ShapeFilter(source, min_score)
    scope = shapes.Scope.of_job(job)
    document, etag = revisions.document(job), revisions.etag(job)
    return shapes.respond(ctx, scope, which, page, document, etag)


@own_transactions
def jobs_update_annotations(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Replace every shape on the job's assets (refused with 412 when If-Match is stale)."""
    job = get_authorized(ctx, Job, id, "job", Action.WRITE)
    revisions.check(ctx, job)  # refused before anything is written, and again at the switch

    def switch(ctx: Ctx) -> tuple[str, Job]:
        locked = get_or_404(ctx, Job, id, "job", lock=True)
        return revisions.save(ctx, locked), locked

    scope = shapes.Scope.of_job(job)
    tag, saved = shapes.replace(ctx, scope, body["shapes"], switch)
    return shapes.respond_all(ctx, scope, extra=revisions.document(saved), etag=tag)


def jobs_partial_update_annotations(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Create, update and delete shapes on the job's assets, all or nothing (If-Match: 412)."""
    job = get_authorized(ctx, Job, id, "job", Action.WRITE)
    tag = revisions.save(ctx, job)
    response = shapes.change(ctx, shapes.Scope.of_job(job), body)
    response.headers["ETag"] = tag
    return response
