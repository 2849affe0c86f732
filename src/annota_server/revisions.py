"""Revisions of a job's annotations: their ETag, ``If-Match`` on saves, and a bump on every write.

A job's annotations carry a version of their own (``jobs.annotations_revision``, apart from the
job's ``version``): an editor that loaded revision 4 saves with ``If-Match: "<job>-a4"`` and is
refused with 412 once anyone else (in the job, through the task, or by an import) has written
shapes on the job's assets. Every bump is one UPDATE that increments in SQL, and a save with
``If-Match`` only increments the revision it read, so two saves of the same revision cannot
both win whatever the database's locking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from annota_server import events
from annota_server import serializers as ser
from annota_server.access import ACCEPTED
from annota_server.context import Ctx, etag_listed
from annota_server.db.models import Job
from annota_server.problems import FieldError, Problem, conflict

_CHUNK = 10_000  # bounded IN lists


def etag(job: Job) -> str:
    """The ETag of the job's annotations: ``"<job id>-a<revision>"``."""
    return f'"{job.id}-a{job.annotations_revision}"'


def document(job: Job) -> dict[str, Any]:
    """The revision members of a job's ``Annotations``."""
    return {
        "revision": job.annotations_revision,
        "updated_by": ser.basic_user(job.annotations_updated_by),
        "updated_at": ser.iso(job.annotations_updated_at),
    }


def accepted(job_id: int) -> Problem:
    """The 409 of a write to an accepted job's annotations, which are read-only."""
    return conflict(
        f"Job {job_id} is accepted: its annotations are read-only until its reviewer or a "
        "maintainer reopens it."
    )


def refuse_if_accepted(job: Job) -> None:
    """409 when the job is accepted."""
    if (job.stage, job.state) == ACCEPTED:
        raise accepted(job.id)


def _refuse_accepted_among(db: Session, where: ColumnElement[bool]) -> None:
    """409 when any job matching ``where`` is accepted (a write through the task touches it)."""
    found = db.scalar(
        select(Job.id)
        .where(where, Job.stage == ACCEPTED[0], Job.state == ACCEPTED[1])
        .order_by(Job.id)
        .limit(1)
    )
    if found is not None:
        raise accepted(found)


def check(ctx: Ctx, job: Job) -> None:
    """Refuse a save early (409 accepted, 412 stale ``If-Match``); :func:`save` checks again."""
    refuse_if_accepted(job)
    given = ctx.headers.get("If-Match")
    if given is not None and not etag_listed(given, etag(job)):
        raise stale(job)


def check_task(db: Session, task_id: int) -> None:
    """Refuse a replacement of the task's shapes early when one of its jobs is accepted (409)."""
    _refuse_accepted_among(db, Job.task_id == task_id)


def save(ctx: Ctx, job: Job) -> str:
    """Check ``If-Match`` on the job's annotations and bump their revision; return the new ETag.

    Call before writing the shapes: a 412 here, or any later error, rolls the bump back with
    the rest of the request. An accepted job's annotations are refused (409).
    """
    refuse_if_accepted(job)
    given = ctx.headers.get("If-Match")
    read = job.annotations_revision
    if given is not None and not etag_listed(given, etag(job)):
        raise stale(job)
    conditions: list[ColumnElement[bool]] = [Job.id == job.id]
    if given is not None and "*" not in given:
        # The revision this request checked: a concurrent save of it that committed first
        # leaves no row to update here.
        conditions.append(Job.annotations_revision == read)
    result = ctx.db.execute(
        update(Job)
        .where(*conditions)
        .values(
            annotations_revision=Job.annotations_revision + 1,
            annotations_updated_by_id=ctx.user.id,
            annotations_updated_at=ctx.now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        ctx.db.refresh(job)
        raise stale(job)
    events.annotations_changed(
        ctx.db, job.id, job.task_id, job.project_id, job.workspace_id, read + 1
    )
    # Committed values, not changes: the job itself is not edited (its version stays).
    set_committed_value(job, "annotations_revision", read + 1)
    set_committed_value(job, "annotations_updated_by_id", ctx.user.id)
    set_committed_value(job, "annotations_updated_by", ctx.user)
    set_committed_value(job, "annotations_updated_at", ctx.now)
    return etag(job)


def stale(job: Job) -> Problem:
    """The 412 of a save over a newer revision: who changed the annotations and when."""
    current = etag(job)
    if job.annotations_updated_at is None:
        detail = f"If-Match does not name the job's annotations: their ETag is {current}."
    else:
        user = job.annotations_updated_by
        who = user.username if user is not None else "an import or a since-deleted user"
        when = ser.iso(job.annotations_updated_at)
        detail = (
            f"The job's annotations were changed by {who} at {when} since they were read: "
            f"their ETag is now {current}. Read them again, then save."
        )
    return Problem(
        412,
        detail,
        errors=[FieldError("If-Match", f"does not match the current ETag {current}")],
        headers={"ETag": current},
    )


def bump_jobs(db: Session, job_ids: Iterable[int], user_id: int | None, now: datetime) -> None:
    """Bump the revision of these jobs (a write through their task, or an import).

    Refused with 409 when one of them is accepted: every write of shapes passes here.
    """
    wanted = sorted(set(job_ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = Job.id.in_(wanted[start : start + _CHUNK])
        _refuse_accepted_among(db, chunk)
        _bump(db, chunk, user_id, now)


def bump_task(db: Session, task_id: int, user_id: int | None, now: datetime) -> None:
    """Bump the revision of every job of a task (its annotations were replaced)."""
    _refuse_accepted_among(db, Job.task_id == task_id)
    _bump(db, Job.task_id == task_id, user_id, now)


def _bump(db: Session, where: ColumnElement[bool], user_id: int | None, now: datetime) -> None:
    bumped = db.execute(
        update(Job)
        .where(where)
        .values(
            annotations_revision=Job.annotations_revision + 1,
            annotations_updated_by_id=user_id,
            annotations_updated_at=now,
        )
        .returning(Job.id, Job.task_id, Job.project_id, Job.workspace_id, Job.annotations_revision)
        .execution_options(synchronize_session=False)
    )
    for row in bumped:
        events.annotations_changed(db, *row)
