"""Operations of the ``memberships`` tag."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from annota_server import access, accounts
from annota_server import serializers as ser
from annota_server.access import Action, Role
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import Membership, User, Workspace
from annota_server.handlers.common import get_authorized, get_or_404, workspace_scope
from annota_server.listing import Listing, by_id, exact
from annota_server.problems import conflict, not_found

MEMBERSHIPS = Listing(
    model=Membership,
    serialize=lambda ctx, rows: [ser.membership(row) for row in rows],
    sorts={"id": Membership.id, "role": Membership.role, "joined_at": Membership.joined_at},
    filters={
        "workspace": by_id(Membership.workspace_id),
        "user": by_id(Membership.user_id),
        "role": exact(Membership.role),
    },
    scope=workspace_scope(Membership.workspace_id),
)


def _keep_an_owner(ctx: Ctx, membership: Membership) -> None:
    """Refuse to take away the last owner; pass the workspace's owner field on if needed."""
    if membership.role != Role.OWNER.value:
        return
    if accounts.owner_count(ctx.db, membership.workspace_id) <= 1:
        raise conflict("A workspace must keep at least one owner.", field="role")
    workspace = membership.workspace
    if workspace.owner_id == membership.user_id:
        accounts.hand_over_primary_owner(ctx.db, workspace, membership.user_id)


def memberships_list(ctx: Ctx, **query: Any) -> Response:
    """Memberships of the caller's workspaces."""
    return MEMBERSHIPS.respond(ctx, query)


def memberships_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Add a user to a workspace (owners)."""
    workspace = get_or_404(ctx, Workspace, body["workspace"], "workspace", "workspace")
    access.authorize(
        ctx.db, ctx.user, workspace.id, Action.MANAGE_MEMBERS, what="workspace", field="workspace"
    )
    user_id: int = body["user"]
    user = ctx.db.get(User, user_id) if user_id <= MAX_ID else None
    if user is None:
        raise not_found("user", "user")
    taken = ctx.db.scalar(
        select(Membership.id).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )
    if taken is not None:
        raise conflict(f"{user.username} is already a member of this workspace.", field="user")
    membership = Membership(workspace=workspace, user=user, role=body["role"], joined_at=ctx.now)
    ctx.db.add(membership)
    ctx.db.flush()
    return ctx.one(ser.membership(membership), membership, status=201)


def memberships_retrieve(ctx: Ctx, id: int) -> Response:
    """One membership of a workspace the caller belongs to."""
    membership = get_authorized(ctx, Membership, id, "membership", Action.READ)
    return ctx.one(ser.membership(membership), membership)


def memberships_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a member's role (owners); a workspace keeps at least one owner."""
    membership = get_or_404(ctx, Membership, id, "membership", lock=True)
    access.authorize(
        ctx.db, ctx.user, membership.workspace_id, Action.MANAGE_MEMBERS, what="membership"
    )
    ctx.check_if_match(membership)
    new_role = body.get("role", membership.role)
    if new_role != membership.role:
        _keep_an_owner(ctx, membership)
        membership.role = new_role
    ctx.db.flush()
    return ctx.one(ser.membership(membership), membership)


def memberships_destroy(ctx: Ctx, id: int) -> Response:
    """Remove a member (owners, or the member themself); a workspace keeps an owner."""
    membership = get_or_404(ctx, Membership, id, "membership", lock=True)
    access.authorize_membership_removal(
        ctx.db, ctx.user, membership.workspace_id, membership.user_id
    )
    ctx.check_if_match(membership)
    _keep_an_owner(ctx, membership)
    ctx.db.delete(membership)
    return ctx.no_content()
