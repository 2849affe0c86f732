"""Operations of the ``versions`` tag: frozen dataset versions of a project."""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from annota_server import versions
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import DatasetVersion, Project, VersionAsset
from annota_server.handlers.assets import stored_content
from annota_server.handlers.common import get_authorized, workspace_scope
from annota_server.handlers.projects import export_options, queue_operation
from annota_server.listing import Listing, by_id
from annota_server.problems import Problem, not_found
from annota_server.serializers import basic_user, iso
from annota_server.storage_keys import version_blob


def _document(row: DatasetVersion) -> dict[str, Any]:
    return {
        "id": row.id,
        "project": row.project_id,
        "name": row.name,
        "description": row.description,
        "created_by": basic_user(row.created_by),
        "created_at": iso(row.created_at),
        "asset_count": row.asset_count,
        "shape_count": row.shape_count,
        "manifest_sha256": row.manifest_sha256,
    }


VERSIONS = Listing(
    model=DatasetVersion,
    serialize=lambda ctx, rows: [_document(row) for row in rows],
    sorts={"id": DatasetVersion.id},
    filters={"project": by_id(DatasetVersion.project_id)},
    scope=workspace_scope(DatasetVersion.workspace_id),
)


def versions_of_project(ctx: Ctx, id: int, **query: Any) -> Response:
    """The project's versions, newest first."""
    get_authorized(ctx, Project, id, "project", Action.READ)
    return VERSIONS.respond(ctx, {**query, "project": id, "sort": "-id"})


def versions_create(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Queue the operation that freezes the project as a new version."""
    project = get_authorized(ctx, Project, id, "project", Action.WRITE)
    options = {"name": body["name"], "description": body.get("description", "")}
    return queue_operation(ctx, project, "version", "", options=options)


def versions_retrieve(ctx: Ctx, id: int) -> Response:
    """One version."""
    return ctx.json(_document(get_authorized(ctx, DatasetVersion, id, "version", Action.READ)))


def versions_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a version; blobs no other version refers to go once that is committed."""
    version = get_authorized(ctx, DatasetVersion, id, "version", Action.WRITE)
    shas = versions.contents(ctx.db, [version.id])
    ctx.after_commit(partial(versions.release, ctx.runtime.database, ctx.storage, shas))
    ctx.db.delete(version)  # its rows go with it (ON DELETE CASCADE)
    ctx.db.flush()
    return ctx.no_content()


def versions_retrieve_manifest(ctx: Ctx, id: int) -> Response:
    """Everything the version froze."""
    version = get_authorized(ctx, DatasetVersion, id, "version", Action.READ)
    return ctx.json(versions.manifest(ctx.db, version))


def versions_retrieve_content(ctx: Ctx, id: int, sha256: str, **_: Any) -> Response:
    """One of the version's images by its SHA-256; a single byte range answers 206."""
    version = get_authorized(ctx, DatasetVersion, id, "version", Action.READ)
    name = ctx.db.scalars(
        select(VersionAsset.name)
        .where(VersionAsset.version_id == version.id, VersionAsset.sha256 == sha256)
        .limit(1)
    ).first()
    key = version_blob(sha256)
    if name is None:
        raise not_found("image in this version", "sha256")
    if not ctx.storage.exists(key):
        raise Problem(404, "The image is missing from the storage.")
    return stored_content(ctx, key, name, sha256)


def versions_create_export(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Queue an export of the version (an operation on its project); viewers may not."""
    version = get_authorized(ctx, DatasetVersion, id, "version", Action.EXPORT)
    project = ctx.db.get(Project, version.project_id)
    if project is None:  # deleted projects take their versions with them
        raise not_found("version")
    options = {**export_options(body), "version": version.id}
    return queue_operation(ctx, project, "export", body["format"], options=options)
