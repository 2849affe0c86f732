"""Operations of the ``operations`` tag: status, cancellation and results of exports/imports."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.responses import Response, StreamingResponse

from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import Operation
from annota_server.handlers.assets import storage_redirect
from annota_server.handlers.common import get_authorized, workspace_scope
from annota_server.listing import Listing, by_id, exact, one_of
from annota_server.problems import Problem, conflict

ACTIVE = frozenset({"queued", "running"})

OPERATIONS = Listing(
    model=Operation,
    serialize=lambda ctx, rows: [ser.operation(row) for row in rows],
    sorts={"id": Operation.id, "created_at": Operation.created_at},
    filters={
        "project": by_id(Operation.project_id),
        "kind": exact(Operation.kind),
        "status": one_of(Operation.status),
    },
    scope=workspace_scope(Operation.workspace_id),
)


def operations_list(ctx: Ctx, **query: Any) -> Response:
    """Operations on projects the caller may see, newest first by default."""
    return OPERATIONS.respond(ctx, {**query, "sort": query.get("sort") or "-id"})


def operations_retrieve(ctx: Ctx, id: int) -> Response:
    """One operation."""
    operation = get_authorized(ctx, Operation, id, "operation", Action.READ)
    return ctx.json(ser.operation(operation))


def operations_cancel(ctx: Ctx, id: int) -> Response:
    """Cancel a queued operation at once, or ask its worker to stop a running one."""
    operation = get_authorized(ctx, Operation, id, "operation", Action.WRITE)
    if operation.status not in ACTIVE:
        raise conflict(f"The operation has already ended ({operation.status}).", field="status")
    if operation.status == "queued":
        operation.status = "cancelled"
        operation.message = "Cancelled."
        operation.finished_at = ctx.now
        if operation.input_key is not None:
            ctx.after_commit(partial(ctx.storage.delete, operation.input_key))
    else:
        operation.cancel_requested = True
        operation.message = "Cancelling."
    ctx.db.flush()
    return ctx.json(ser.operation(operation))


def operations_retrieve_result(ctx: Ctx, id: int) -> Response:
    """Stream a finished export's archive (or redirect to it in the storage)."""
    operation = get_authorized(ctx, Operation, id, "operation", Action.READ)
    if operation.status != "finished":
        raise conflict(f"The operation has no result: it is {operation.status}.", field="status")
    expired = operation.expires_at is not None and operation.expires_at <= ctx.now
    if operation.kind != "export":
        raise conflict("The operation has no result: only exports produce one.", field="kind")
    key = operation.result_key
    if expired or key is None or not ctx.storage.exists(key):
        raise Problem(410, "The result has expired and was deleted; export again.")
    filename = f"project-{operation.project_id}-{operation.format}-{operation.id}.zip"
    redirect = storage_redirect(ctx, key, filename)
    if redirect is not None:
        return redirect
    size = ctx.storage.size(key)
    return StreamingResponse(
        ctx.storage.read(key),
        media_type="application/octet-stream",
        headers={
            "Content-Length": str(size),
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
