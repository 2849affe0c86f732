"""Operations of the ``workspaces`` tag."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from starlette.responses import Response

from annota_server import serializers as ser
from annota_server.access import Action, Role
from annota_server.context import Ctx
from annota_server.db.models import Membership, Workspace
from annota_server.handlers.common import apply, get_with_role, workspace_scope
from annota_server.listing import Listing, by_username, exact
from annota_server.problems import conflict


def _serialize(ctx: Ctx, rows: Sequence[Workspace]) -> list[dict[str, Any]]:
    roles = ser.roles_in(ctx.db, ctx.user.id, (row.id for row in rows))
    return [ser.workspace(row, roles.get(row.id)) for row in rows]


def _membership(ctx: Ctx, member: bool) -> ColumnElement[bool]:
    """The workspaces the caller is a member of (or, ``member`` false, the others)."""
    mine = Workspace.id.in_(
        select(Membership.workspace_id).where(Membership.user_id == ctx.user.id)
    )
    return mine if member else ~mine


WORKSPACES = Listing(
    model=Workspace,
    serialize=_serialize,
    sorts={
        "id": Workspace.id,
        "slug": Workspace.slug,
        "name": Workspace.name,
        "created_at": Workspace.created_at,
        "updated_at": Workspace.updated_at,
    },
    filters={
        "slug": exact(Workspace.slug),
        "is_personal": exact(Workspace.is_personal),
        "owner": by_username(Workspace.owner_id),
        "name": exact(Workspace.name),
    },
    caller_filters={"member": _membership},
    search=(Workspace.name, Workspace.slug),
    scope=workspace_scope(Workspace.id),
)


def _ensure_slug_free(ctx: Ctx, slug: str) -> None:
    if ctx.db.scalar(select(Workspace.id).where(Workspace.slug == slug)) is not None:
        raise conflict(f"The slug {slug!r} is taken.", field="slug")


def _get(ctx: Ctx, id: int, action: Action) -> tuple[Workspace, Role | None]:
    return get_with_role(ctx, Workspace, id, "workspace", action, workspace_key="id")


def _answer(ctx: Ctx, workspace: Workspace, role: Role | str | None, status: int = 200) -> Response:
    return ctx.one(ser.workspace(workspace, str(role) if role else None), workspace, status=status)


def workspaces_list(ctx: Ctx, **query: Any) -> Response:
    """List the caller's workspaces (all of them for administrators)."""
    return WORKSPACES.respond(ctx, query)


def workspaces_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Create a shared workspace owned by the caller."""
    _ensure_slug_free(ctx, body["slug"])
    workspace = Workspace(
        slug=body["slug"],
        name=body["name"],
        description=body.get("description", ""),
        is_personal=False,
        owner=ctx.user,
    )
    ctx.db.add(workspace)
    ctx.db.flush()
    ctx.db.add(Membership(workspace_id=workspace.id, user_id=ctx.user.id, role=Role.OWNER.value))
    ctx.db.flush()
    return _answer(ctx, workspace, Role.OWNER, status=201)


def workspaces_retrieve(ctx: Ctx, id: int) -> Response:
    """One workspace the caller belongs to."""
    workspace, role = _get(ctx, id, Action.READ)
    return _answer(ctx, workspace, role)


def workspaces_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Rename or describe a workspace (owners and maintainers)."""
    workspace, role = _get(ctx, id, Action.EDIT_WORKSPACE)
    ctx.check_if_match(workspace)
    if "slug" in body and body["slug"] != workspace.slug:
        _ensure_slug_free(ctx, body["slug"])
    apply(workspace, body, ("slug", "name", "description"))
    ctx.db.flush()
    return _answer(ctx, workspace, role)


def workspaces_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a shared workspace with everything in it (owners)."""
    workspace, _ = _get(ctx, id, Action.DELETE_WORKSPACE)
    if workspace.is_personal:
        raise conflict("A personal workspace cannot be deleted; it goes with its user.")
    ctx.check_if_match(workspace)
    ctx.db.delete(workspace)
    return ctx.no_content()
