"""Operations of the ``tasks`` tag."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from starlette.datastructures import Headers, UploadFile
from starlette.responses import Response, StreamingResponse
from starlette.types import Scope

from annota_server import (
    access,
    authn,
    bucket_sources,
    placement,
    revisions,
    shapes,
    storage_keys,
    uploads,
)
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx, Runtime, own_transactions
from annota_server.db.models import Asset, CloudStorage, Job, Project, Task, utcnow
from annota_server.handlers.common import (
    apply,
    get_authorized,
    get_or_404,
    member_or_invalid,
    workspace_scope,
)
from annota_server.listing import Listing, by_id, by_username, exact, one_of
from annota_server.problems import FieldError, Problem, conflict, invalid, not_found
from annota_server.storage import Storage

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
    assignee = member_or_invalid(ctx, body.get("assignee"), project.workspace_id, "assignee")
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
        task.assignee = member_or_invalid(ctx, body["assignee"], task.workspace_id, "assignee")
    apply(task, body, ("name", "status", "subset"))
    ctx.db.flush()
    return ctx.one(ser.task(task), task)


def tasks_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a task with its jobs, assets and shapes; its files go once that is committed."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    ctx.check_if_match(task)
    # Each asset's own key: imported assets live under their import's prefix, not the task's.
    keys = list(ctx.db.scalars(select(Asset.storage_key).where(Asset.task_id == task.id)))
    storage = ctx.storage

    def delete_files() -> None:
        for key in keys:
            storage.delete(key)
        storage.delete_prefix(storage_keys.task_assets(task.project_id, task.id))

    ctx.after_commit(delete_files)
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


def upload_streams(runtime: Runtime) -> uploads.StreamStarts:
    """Where the files of ``tasks_create_assets`` stream to while they arrive, if anywhere.

    Only a storage with ``begin_write`` (S3) streams. The task's folder needs its project,
    read in a session of its own when the first large part fills; that session also checks
    the bearer token and the caller's right to write to the task, so a stranger's body never
    reaches the bucket (it is spooled and refused by the handler, as before). The handler
    still checks access, and its failure removes what was streamed.
    """
    begin = getattr(runtime.storage, "begin_write", None)

    def starts(scope: Scope) -> uploads.StreamStart | None:
        routing = (scope.get("extensions") or {}).get("connexion_routing") or {}
        parts = scope["path"].rstrip("/").split("/")
        if begin is None or routing.get("operation_id") != "tasks_create_assets":
            return None
        if len(parts) < 2 or not parts[-2].isdigit():
            return None
        task_id = int(parts[-2])
        token = authn.parse_bearer(Headers(scope=scope).get("Authorization"))

        def start(descriptor: int) -> uploads.Streamed | None:
            if token is None:
                return None  # the handler answers 401
            with runtime.database.session(write=False) as db:
                caller = authn.authenticate(db, token, utcnow())
                found = db.execute(
                    select(Task.project_id, Project.workspace_id)
                    .join(Project, Project.id == Task.project_id)
                    .where(Task.id == task_id)
                ).first()
                if caller is None or found is None:
                    return None  # the handler answers 401 or 404
                role = access.role_of(db, caller.user, found.workspace_id)
                if not access.allows(caller.user, role, Action.WRITE):
                    return None  # the handler answers 403 or 404
                project_id = found.project_id
            folder = storage_keys.task_assets(project_id, task_id)
            streamed: uploads.Streamed = begin(storage_keys.new_key(folder), descriptor)
            return streamed

        return start

    return starts


def tasks_create_assets(ctx: Ctx, id: int, **_: Any) -> Response:
    """Upload files as the task's next assets: all of them or, on any bad file, none."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    prefix = storage_keys.task_assets(task.project_id, task.id)
    files = uploads.parsed_form(ctx.connection).getlist("files")
    checked = _check_files(files)
    # Nothing is written yet: end the transaction so that copying the files to storage holds
    # no database lock (SQLite's write lock would stop every other writer meanwhile).
    ctx.db.rollback()
    stored: list[placement.NewAsset] = []
    for upload, name, image in checked:
        key = storage_keys.new_key(prefix)
        written = uploads.store(ctx, upload, key)  # a streamed part keeps its own key
        stored.append(
            placement.NewAsset(
                name=name,
                media_type=image.media_type,
                size=written.size,
                sha256=written.sha256,
                storage_key=written.key,
                width=image.width,
                height=image.height,
            )
        )
    # Locked again; it may have been deleted meanwhile (404, and the files are removed).
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    assets = placement.place(ctx.db, task, stored, ctx.now)
    jobs = placement.task_jobs(ctx.db, task.id)
    return ctx.json(
        {"assets": [ser.asset(a) for a in assets], "jobs": [ser.job(j) for j in jobs]},
        status=201,
    )


def tasks_create_assets_from_storage(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Make the images under a prefix of a registered bucket assets that reference them."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    row = ctx.db.get(CloudStorage, body["storage"])
    if row is None or row.workspace_id != task.workspace_id:
        raise invalid("storage", "is not a bucket storage of the task's workspace")
    source = bucket_sources.open_source(row)
    # Nothing is written yet: no database lock is held while the bucket is listed and read.
    ctx.db.rollback()
    found, skipped = bucket_sources.scan(source, str(body.get("prefix") or ""))
    new = [
        placement.NewAsset(
            name=item.name,
            media_type=item.media_type,
            size=item.size,
            sha256=bucket_sources.identity(source.storage_id, item),
            storage_key=storage_keys.bucket_object(source.storage_id, item.etag, item.key),
            width=item.width,
            height=item.height,
        )
        for item in found
    ]
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    assets = placement.place(ctx.db, task, new, ctx.now) if new else []
    jobs = placement.task_jobs(ctx.db, task.id)
    return ctx.json(
        {
            "assets": [ser.asset(a) for a in assets],
            "jobs": [ser.job(j) for j in jobs],
            "skipped": skipped,
        },
        status=201,
    )


def _check_files(
    files: Sequence[UploadFile | str],
) -> list[tuple[UploadFile, str, uploads.ImageInfo]]:
    """Name and media type of each file; 400 for bad names, then 415 for bad content."""
    bad_names: list[FieldError] = []
    bad_types: list[FieldError] = []
    checked: list[tuple[UploadFile, str, uploads.ImageInfo]] = []
    for index, upload in enumerate(files):
        field = f"files.{index}"
        assert isinstance(upload, UploadFile)  # the multipart validator refused other parts
        name = upload.filename or ""
        bad_name = uploads.asset_name_problem(name)
        if bad_name is not None:
            bad_names.append(FieldError(field, bad_name))
        media_type = uploads.media_type_of(upload)
        if media_type is None:
            bad_types.append(FieldError(field, "has no media type, nor a name to guess it from"))
            continue
        if media_type not in uploads.IMAGE_FORMATS:
            bad_types.append(FieldError(field, f"has the unsupported media type {media_type}"))
            continue
        found = uploads.inspect_image(upload.file, media_type)
        if isinstance(found, str):
            bad_types.append(FieldError(field, found))
            continue
        checked.append((upload, name, found))
    if bad_names:
        summary = "; ".join(f"{e.field}: {e.message}" for e in bad_names[:5])
        raise Problem(400, f"Some files cannot be named: {summary}", errors=bad_names)
    if bad_types:
        raise uploads.unsupported(bad_types)
    return checked


def tasks_retrieve_contents(ctx: Ctx, id: int, asset: list[int], **_: Any) -> Response:
    """Several of the task's assets' files in one tar stream, members named by asset id."""
    task = get_authorized(ctx, Task, id, "task", Action.READ)
    rows = ctx.db.execute(
        select(Asset.id, Asset.storage_key, Asset.size).where(
            Asset.task_id == task.id, Asset.id.in_(set(asset))
        )
    ).all()
    found = {row.id: (row.storage_key, row.size) for row in rows}
    missing = [str(wanted) for wanted in asset if wanted not in found]
    if missing:
        raise invalid("asset", f"not an asset of task {task.id}: {', '.join(missing[:10])}")
    members = [(wanted, *found[wanted]) for wanted in asset]
    for wanted, key, _size in members:
        if not ctx.storage.exists(key):
            raise Problem(404, f"The content of asset {wanted} is missing from the storage.")
    return StreamingResponse(_tar_stream(ctx.storage, members), media_type="application/x-tar")


TAR_BLOCK = 512
TAR_FLUSH = 1024 * 1024  # bytes gathered per chunk: small files do not cost a chunk each


def _tar_stream(storage: Storage, members: Sequence[tuple[int, str, int]]) -> Iterator[bytes]:
    """An uncompressed ustar stream of the stored files ``(asset id, key, size)``."""
    buffer = bytearray()
    for asset_id, key, size in members:
        info = tarfile.TarInfo(str(asset_id))
        info.size, info.mode = size, 0o644
        buffer += info.tobuf(format=tarfile.USTAR_FORMAT)
        written = 0
        for chunk in storage.read(key):
            buffer += chunk
            written += len(chunk)
            if len(buffer) >= TAR_FLUSH:
                yield bytes(buffer)
                buffer.clear()
        if written != size:  # a file changed under us: end the stream broken, not wrong
            raise OSError(f"{key} holds {written} bytes, not the {size} recorded")
        buffer += bytes(-size % TAR_BLOCK)
    buffer += bytes(2 * TAR_BLOCK)
    yield bytes(buffer)


def tasks_retrieve_annotations(
    ctx: Ctx,
    id: int,
    source: list[str] | None = None,
    min_score: float | None = None,
    assets_per_page: int | None = None,
    cursor: str | None = None,
) -> Response:
    """Every shape of the task, or a page of assets' (of some sources, from a score up)."""
    page = shapes.asset_page(assets_per_page, cursor)
    task = get_authorized(ctx, Task, id, "task", Action.READ)
    which = shapes.ShapeFilter(source, min_score)
    return shapes.respond(ctx, shapes.Scope.of_task(task), which, page)


@own_transactions
def tasks_update_annotations(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Replace every shape of the task."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    scope = shapes.Scope.of_task(task)
    revisions.check_task(ctx.db, id)  # refused before anything is written, and at the switch

    def switch(ctx: Ctx) -> None:
        get_or_404(ctx, Task, id, "task", lock=True)  # the lock order: the task, then its jobs
        revisions.bump_task(ctx.db, id, ctx.user.id, ctx.now)

    shapes.replace(ctx, scope, body["shapes"], switch)
    return shapes.respond_all(ctx, scope)


def tasks_partial_update_annotations(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Create, update and delete shapes of the task, all or nothing."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    return shapes.change(ctx, shapes.Scope.of_task(task), body)
