"""Operations of the ``projects`` tag."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.responses import Response

from annota_server import access, labels, project_reads, storage_keys, uploads, versions, worker
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import MAX_ID, Ctx
from annota_server.datasets import FORMATS
from annota_server.db.models import DatasetVersion, Operation, Project, Workspace
from annota_server.handlers.common import apply, get_authorized, get_or_404, workspace_scope
from annota_server.handlers.labels import checked_specs
from annota_server.listing import Listing, by_username, exact, one_of
from annota_server.problems import conflict, invalid, not_found

PROJECTS = Listing(
    model=Project,
    serialize=lambda ctx, rows: project_reads.documents(ctx.db, rows),
    fetch=lambda ctx, ids, order: project_reads.read_page(ctx.db, ids, order),
    sorts={
        "id": Project.id,
        "name": Project.name,
        "created_at": Project.created_at,
        "updated_at": Project.updated_at,
    },
    filters={
        "name": exact(Project.name),
        "type": exact(Project.type),
        "status": one_of(Project.status),
        "owner": by_username(Project.owner_id),
    },
    search=(Project.name,),
    scope=workspace_scope(Project.workspace_id),
)


def add_labels(ctx: Ctx, project: Project, requested: Sequence[dict[str, Any]]) -> None:
    """Create labels in a project; a name used twice (or already there) is a 409."""
    existing = labels.label_ids(ctx.db, project.id)
    seen = set(existing)
    for index, item in enumerate(requested):
        name = item["name"]
        if name in seen:
            raise conflict(
                f"The project already has a label named {name!r}.", field=f"labels.{index}.name"
            )
        seen.add(name)
    wanted = [
        labels.NewLabel(
            i["name"],
            i.get("color"),
            i.get("kind", "any"),
            tuple(checked_specs(i.get("attributes", []), f"labels.{index}.attributes")),
        )
        for index, i in enumerate(requested)
    ]
    labels.create_labels(ctx.db, project, wanted, existing)


def _answer(ctx: Ctx, project_id: int, status: int = 200) -> Response:
    """Answer the project as the caller may see it now (404 when they may not)."""
    row = project_reads.read_one(ctx.db, project_id, ctx.user.id) if project_id <= MAX_ID else None
    if row is None:
        raise not_found("project")
    access.check(ctx.user, row.role, Action.READ, what="project")
    return ctx.one(project_reads.documents(ctx.db, [row])[0], row, status=status)


def personal_workspace(ctx: Ctx) -> Workspace:
    """The caller's personal workspace (where a create without X-Workspace goes)."""
    found = ctx.db.scalars(
        select(Workspace).where(Workspace.owner_id == ctx.user.id, Workspace.is_personal.is_(True))
    ).first()
    if found is None:  # only if the data was edited by hand
        raise not_found("personal workspace")
    return found


def projects_list(ctx: Ctx, **query: Any) -> Response:
    """Projects the caller may see."""
    return PROJECTS.respond(ctx, query)


def projects_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Create a project in the X-Workspace workspace, or the caller's personal one."""
    workspace = ctx.workspace or personal_workspace(ctx)
    access.authorize(ctx.db, ctx.user, workspace.id, Action.WRITE, what="workspace")
    project = Project(
        name=body["name"],
        description=body.get("description", ""),
        type=body["type"],
        status="active",
        owner=ctx.user,
        workspace=workspace,
    )
    ctx.db.add(project)
    ctx.db.flush()
    add_labels(ctx, project, body.get("labels", []))
    return _answer(ctx, project.id, status=201)


def projects_retrieve(ctx: Ctx, id: int) -> Response:
    """One project with labels and statistics."""
    return _answer(ctx, id)


def projects_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a project; ``labels`` adds labels."""
    project = get_authorized(ctx, Project, id, "project", Action.WRITE)
    ctx.check_if_match(project)
    if apply(project, body, ("name", "description", "status")) or body.get("labels"):
        project.updated_at = ctx.now  # also bumps the version when only labels are added
    ctx.db.flush()
    if body.get("labels"):
        add_labels(ctx, project, body["labels"])
    return _answer(ctx, project.id)


def projects_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a project with its labels, tasks and jobs; its files go once that is committed."""
    project = get_or_404(ctx, Project, id, "project", lock=True)
    access.authorize_project_delete(ctx.db, ctx.user, project)
    ctx.check_if_match(project)
    operations = ctx.db.execute(
        select(Operation.id, Operation.input_key).where(Operation.project_id == project.id)
    ).all()
    ctx.after_commit(partial(ctx.storage.delete_prefix, storage_keys.project_assets(project.id)))
    # The project's versions go with it: images no other project's version holds go too.
    frozen = versions.contents(
        ctx.db,
        ctx.db.scalars(select(DatasetVersion.id).where(DatasetVersion.project_id == project.id)),
    )
    ctx.after_commit(partial(versions.release, ctx.runtime.database, ctx.storage, frozen))
    for operation_id, input_key in operations:
        ctx.after_commit(
            partial(ctx.storage.delete_prefix, storage_keys.operation_results(operation_id))
        )
        if input_key is not None:
            ctx.after_commit(partial(ctx.storage.delete, input_key))
    ctx.db.delete(project)
    return ctx.no_content()


def queue_operation(ctx: Ctx, project: Project, kind: str, format: str, **values: Any) -> Response:
    """Queue an operation on ``project`` and answer 202 with it and its ``Location``."""
    operation = Operation(
        project_id=project.id,
        workspace_id=project.workspace_id,
        created_by=ctx.user,
        kind=kind,
        format=format,
        status="queued",
        progress=0.0,
        message="",
        cancel_requested=False,
        attempts=0,
        created_at=ctx.now,
        **values,
    )
    ctx.db.add(operation)
    ctx.db.flush()
    ctx.after_commit(worker.wake)
    return ctx.json(
        ser.operation(operation), status=202, headers={"Location": ser.operation_path(operation)}
    )


def export_options(body: dict[str, Any]) -> dict[str, Any]:
    """The options of an export request that projects and versions share, checked."""
    options: dict[str, Any] = {"include_images": bool(body.get("include_images", False))}
    if body.get("task") is not None:
        if body["format"] != "yolo":
            raise invalid("task", f"is a yolo export's option; {body['format']} has no tasks")
        options["task"] = body["task"]
    return options


def projects_create_export(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Queue an export of the project; viewers may not (it copies the whole project out)."""
    project = get_authorized(ctx, Project, id, "project", Action.EXPORT)
    options = {
        **export_options(body),
        "include_predictions": bool(body.get("include_predictions", False)),
    }
    return queue_operation(ctx, project, "export", body["format"], options=options)


def projects_create_import(ctx: Ctx, id: int, **_: Any) -> Response:
    """Store the uploaded dataset (streamed, never whole in memory) and queue its import."""
    get_authorized(ctx, Project, id, "project", Action.WRITE)
    form = uploads.parsed_form(ctx.connection)
    format, upload = form.get("format"), form.get("file")
    if format not in FORMATS:  # the validator has checked both; this keeps mypy informed
        raise invalid("format", f"must be one of {', '.join(FORMATS)}")
    if not isinstance(upload, UploadFile):
        raise invalid("file", "must be a file part (with a filename)")
    # Nothing is written yet: end the transaction so that copying the file holds no lock.
    ctx.db.rollback()
    key = storage_keys.import_upload()
    uploads.store(ctx, upload, key, field="file")
    # Locked again: it may have been deleted meanwhile (then 404, and the file is removed).
    project = get_authorized(ctx, Project, id, "project", Action.WRITE)
    return queue_operation(ctx, project, "import", format, input_key=key, options={})
