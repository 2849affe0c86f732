"""Operations of the ``assets`` tag (uploads are ``tasks_create_assets``)."""

from __future__ import annotations

import re
from functools import partial
from typing import Any
from urllib.parse import quote

from starlette.responses import Response, StreamingResponse

from annota_server import revisions, thumbnails
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx, etag_listed
from annota_server.db.models import Asset, Job, Task
from annota_server.handlers.common import get_authorized, get_or_404, workspace_scope
from annota_server.listing import Listing, by_id, exact
from annota_server.problems import FieldError, Problem
from annota_server.thumbnails import NotRenderable, SourceMissing

ASSETS = Listing(
    model=Asset,
    serialize=lambda ctx, rows: [ser.asset(row) for row in rows],
    sorts={
        "id": Asset.id,
        "name": Asset.name,
        "position": Asset.position,
        "size": Asset.size,
        "created_at": Asset.created_at,
    },
    filters={
        "task": by_id(Asset.task_id),
        "job": by_id(Asset.job_id),
        "project": by_id(Asset.project_id),
        "name": exact(Asset.name),
        "media_type": exact(Asset.media_type),
    },
    search=(Asset.name,),
    scope=workspace_scope(Asset.workspace_id),
)


def assets_list(ctx: Ctx, **query: Any) -> Response:
    """Assets the caller may see."""
    return ASSETS.respond(ctx, query)


def assets_retrieve(ctx: Ctx, id: int) -> Response:
    """One asset's metadata."""
    asset = get_authorized(ctx, Asset, id, "asset", Action.READ)
    return ctx.one(ser.asset(asset), asset)


def assets_destroy(ctx: Ctx, id: int) -> Response:
    """Delete an asset and its shapes; its file goes once that is committed."""
    # Parents first (task, job, then the asset: the lock order of db.engine).
    found = get_or_404(ctx, Asset, id, "asset")
    task = get_or_404(ctx, Task, found.task_id, "asset", lock=True)
    get_or_404(ctx, Job, found.job_id, "asset", lock=True)
    asset = get_authorized(ctx, Asset, id, "asset", Action.WRITE)
    ctx.check_if_match(asset)
    task.asset_count -= 1
    task.updated_at = ctx.now
    ctx.after_commit(partial(ctx.storage.delete, asset.storage_key))
    ctx.db.delete(asset)  # its shapes go with it (ON DELETE CASCADE)
    ctx.db.flush()
    # The job's open editors hold shapes of this asset: their saves must be refused (412).
    revisions.bump_jobs(ctx.db, [asset.job_id], ctx.user.id, ctx.now)
    return ctx.no_content()


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None | Problem:
    """The ``[start, stop)`` asked for by a ``Range`` header.

    ``None`` means "send the whole file": no header, a malformed one, another unit or several
    ranges are ignored as RFC 9110 allows. A well-formed range outside the file is a 416.
    """
    if header is None:
        return None
    match = _RANGE.fullmatch(header.strip())
    if match is None or not (match[1] or match[2]):
        return None
    first, last = match[1], match[2]
    if not first:  # the last n bytes
        count = int(last)
        if count == 0 or size == 0:
            return _unsatisfiable(header, size)
        return max(0, size - count), size
    start = int(first)
    stop = size if not last else int(last) + 1
    if last and stop <= start:
        return None  # last < first: not a valid range, so ignored
    if start >= size:
        return _unsatisfiable(header, size)
    return start, min(stop, size)


def _unsatisfiable(header: str, size: int) -> Problem:
    return Problem(
        416,
        f"The range {header!r} lies outside the file of {size} bytes.",
        errors=[FieldError("Range", f"must start inside the file ({size} bytes)")],
        headers={"Content-Range": f"bytes */{size}"},
    )


def storage_redirect(ctx: Ctx, key: str, filename: str) -> Response | None:
    """A 307 to a presigned URL of ``key``, when the settings ask for it and the storage can."""
    if not ctx.settings.storage_redirect:
        return None
    url = ctx.storage.download_url(key, filename=filename)
    if url is None:
        return None
    # The URL expires within minutes: no cache may keep the redirect longer.
    return Response(status_code=307, headers={"Location": url, "Cache-Control": "no-store"})


def assets_retrieve_content(ctx: Ctx, id: int, **_: Any) -> Response:
    """The asset's file, streamed; a single byte range answers 206."""
    asset = get_authorized(ctx, Asset, id, "asset", Action.READ)
    if not ctx.storage.exists(asset.storage_key):
        raise Problem(404, "The asset's content is missing from the storage.")
    return stored_content(ctx, asset.storage_key, asset.name, asset.sha256)


def stored_content(ctx: Ctx, key: str, name: str, sha256: str) -> Response:
    """Answer a stored file: a redirect to the storage, or the file (or one range) streamed."""
    redirect = storage_redirect(ctx, key, name)
    if redirect is not None:
        return redirect
    size = ctx.storage.size(key)
    wanted = byte_range(ctx.headers.get("Range"), size)
    if isinstance(wanted, Problem):
        raise wanted
    headers = {
        "ETag": f'"{sha256}"',
        "Accept-Ranges": "bytes",
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name, safe='')}",
    }
    start, stop, status = 0, size, 200
    if wanted is not None:
        start, stop = wanted
        status = 206
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    headers["Content-Length"] = str(stop - start)
    return StreamingResponse(
        ctx.storage.read(key, start, stop),
        status_code=status,
        headers=headers,
        media_type="application/octet-stream",
    )


def assets_retrieve_thumbnail(
    ctx: Ctx, id: int, size: int = thumbnails.DEFAULT_SIZE, **_: Any
) -> Response:
    """The asset scaled down to ``size`` on its longest side; rendered once, then kept."""
    asset = get_authorized(ctx, Asset, id, "asset", Action.READ)
    tag = thumbnails.etag(asset.sha256, size)
    headers = {"ETag": tag, "Cache-Control": thumbnails.CACHE_CONTROL}
    if etag_listed(ctx.headers.get("If-None-Match"), tag):
        return Response(status_code=304, headers=headers)
    try:
        made = thumbnails.get_or_make(ctx.storage, asset.storage_key, asset.sha256, size)
    except SourceMissing:
        raise Problem(404, "The asset's content is missing from the storage.") from None
    except NotRenderable as exc:
        raise Problem(
            422,
            f"The asset's content cannot be made a thumbnail: it {exc}.",
            errors=[FieldError("id", f"names an asset whose content {exc}")],
        ) from None
    return Response(made.data, headers=headers, media_type=made.media_type)
