"""Operations of the ``storages`` tag: buckets a workspace registers (credentials never shown)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from annota_server import access, bucket_sources
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import CloudStorage
from annota_server.handlers.common import get_authorized, workspace_scope
from annota_server.handlers.projects import personal_workspace
from annota_server.listing import Listing


def serialize(row: CloudStorage) -> dict[str, Any]:
    """A storage as answered: everything but its credentials."""
    return {
        "id": row.id,
        "workspace": row.workspace_id,
        "name": row.name,
        "bucket": row.bucket,
        "prefix": row.prefix,
        "endpoint_url": row.endpoint_url,
        "region": row.region,
        "created_at": ser.iso(row.created_at),
    }


STORAGES = Listing(
    model=CloudStorage,
    serialize=lambda ctx, rows: [serialize(row) for row in rows],
    sorts={"id": CloudStorage.id},
    scope=workspace_scope(CloudStorage.workspace_id),
)


def storages_list(ctx: Ctx, **query: Any) -> Response:
    """The storages of the workspaces the caller may see."""
    return STORAGES.respond(ctx, query)


def storages_retrieve(ctx: Ctx, id: int) -> Response:
    """One storage."""
    row = get_authorized(ctx, CloudStorage, id, "storage", Action.READ)
    return ctx.one(serialize(row), row)


def storages_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Register a bucket after checking it with its credentials (which are stored sealed)."""
    workspace_id = (ctx.workspace or personal_workspace(ctx)).id
    access.authorize(ctx.db, ctx.user, workspace_id, Action.WRITE, what="workspace")
    # Nothing is written yet: no database lock is held while the bucket is asked (seconds,
    # for an endpoint that does not answer).
    ctx.db.rollback()
    prefix = str(body.get("prefix") or "").strip("/")
    source = bucket_sources.connect(
        storage_id=0,
        bucket=body["bucket"],
        prefix=prefix,
        endpoint_url=body.get("endpoint_url"),
        region=body.get("region"),
        access_key_id=body["access_key_id"],
        secret_access_key=body["secret_access_key"],
    )
    bucket_sources.check(source)
    access.authorize(ctx.db, ctx.user, workspace_id, Action.WRITE, what="workspace")
    row = CloudStorage(
        workspace_id=workspace_id,
        name=body["name"],
        bucket=body["bucket"],
        prefix=prefix,
        endpoint_url=body.get("endpoint_url"),
        region=body.get("region"),
        credentials=bucket_sources.seal_credentials(
            body["access_key_id"], body["secret_access_key"]
        ),
        created_at=ctx.now,
    )
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.one(serialize(row), row, status=201)
