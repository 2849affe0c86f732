"""Operations of the ``tasks`` tag."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server import access
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import Job, Project, Task
from annota_server.handlers.common import (
    apply,
    get_authorized,
    get_or_404,
    user_or_invalid,
    workspace_scope,
)
from annota_server.listing import Listing, by_id, by_username, exact, one_of
from annota_server.problems import Problem, conflict, not_found

CANCELLABLE = frozenset({"pending", "in_progress"})

TASKS = Listing(
    model=Task,
    serialize=lambda ctx, rows: [ser.task(row) for row in rows],
    sorts={
        "id": Task.id,
        "name": Task.name,
        "status": Task.status,
        "created_at": Task.created_at,
        "updated_at": Task.updated_at,
    },
    filters={
        "project": by_id(Task.project_id),
        "name": exact(Task.name),
        "status": one_of(Task.status),
        "assignee": by_username(Task.assignee_id),
        "subset": exact(Task.subset),
    },
    search=(Task.name,),
    scope=workspace_scope(Task.workspace_id),
)


def tasks_list(ctx: Ctx, **query: Any) -> Response:
    """Tasks the caller may see."""
    return TASKS.respond(ctx, query)


def tasks_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Create a task in a project, with its first job."""
    project = get_or_404(ctx, Project, body["project"], "project", "project")
    if ctx.workspace is not None and project.workspace_id != ctx.workspace.id:
        raise not_found("project", "project")
    access.authorize(
        ctx.db, ctx.user, project.workspace_id, Action.WRITE, what="project", field="project"
    )
    assignee = user_or_invalid(ctx, body.get("assignee"), "assignee")
    task = Task(
        project_id=project.id,
        workspace_id=project.workspace_id,
        name=body["name"],
        subset=body.get("subset", ""),
        segment_size=body.get("segment_size", 50),
        status="pending",
        assignee=assignee,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.db.add(task)
    ctx.db.flush()
    ctx.db.add(
        Job(
            task_id=task.id,
            project_id=project.id,
            workspace_id=project.workspace_id,
            stage="annotation",
            state="new",
            created_at=ctx.now,
            updated_at=ctx.now,
        )
    )
    ctx.db.flush()
    return ctx.one(ser.task(task), task, status=201)


def tasks_retrieve(ctx: Ctx, id: int) -> Response:
    """One task."""
    task = get_authorized(ctx, Task, id, "task", Action.READ)
    return ctx.one(ser.task(task), task)


def tasks_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a task's name, status, subset or assignee."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    ctx.check_if_match(task)
    if "assignee" in body:
        task.assignee = user_or_invalid(ctx, body["assignee"], "assignee")
    apply(task, body, ("name", "status", "subset"))
    ctx.db.flush()
    return ctx.one(ser.task(task), task)


def tasks_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a task with its jobs."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    ctx.check_if_match(task)
    ctx.db.delete(task)
    return ctx.no_content()


def tasks_cancel(ctx: Ctx, id: int) -> Response:
    """Cancel a pending or running task; a finished one is a 409."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    if task.status not in CANCELLABLE:
        raise conflict(f"A {task.status} task cannot be cancelled.", field="status")
    task.status = "cancelled"
    ctx.db.flush()
    return ctx.one(ser.task(task), task)


def tasks_create_assets(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def tasks_retrieve_annotations(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def tasks_update_annotations(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")


def tasks_partial_update_annotations(ctx: Ctx, **params: Any) -> Response:
    """Placeholder until the operation lands (issue 6)."""
    raise Problem(501, "Not implemented yet.")
