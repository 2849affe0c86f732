"""Small helpers shared by the handlers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, Protocol, TypeVar

from sqlalchemy import Executable, and_, bindparam, select
from sqlalchemy.orm import aliased

from annota_server import access
from annota_server.access import Action
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import Membership, User
from annota_server.listing import Condition
from annota_server.problems import invalid, not_found

T = TypeVar("T")


class InWorkspace(Protocol):
    """A row that belongs to a workspace."""

    workspace_id: int


W = TypeVar("W", bound=InWorkspace)


def get_or_404(
    ctx: Ctx,
    model: type[T],
    object_id: int,
    what: str,
    field: str | None = None,
    *,
    lock: bool = False,
) -> T:
    """Load a row by id, or answer 404 naming ``what``.

    ``lock`` (for rows about to change) takes a row lock on PostgreSQL, so concurrent changes
    queue up instead of failing the version check; SQLite's write lock already serialises them.
    It is ``FOR NO KEY UPDATE``, which lets other transactions insert children of the row
    meanwhile (see the lock order in :mod:`annota_server.db.engine`).
    """
    if not 0 < object_id <= MAX_ID:
        raise not_found(what, field)
    if lock:
        row = ctx.db.get(
            model,
            object_id,
            with_for_update={"of": model, "key_share": True},
            populate_existing=True,
        )
    else:
        row = ctx.db.get(model, object_id)
    if row is None:
        raise not_found(what, field)
    return row


def get_authorized(ctx: Ctx, model: type[W], object_id: int, what: str, action: Action) -> W:
    """Load a workspace's row by id and check the caller may do ``action`` on it.

    404 when it does not exist or its workspace is hidden from the caller, 403 when their
    role is too weak. Rows about to change are locked (see :func:`get_or_404`).
    """
    return get_with_role(ctx, model, object_id, what, action)[0]


def get_with_role(
    ctx: Ctx,
    model: type[T],
    object_id: int,
    what: str,
    action: Action,
    *,
    workspace_key: str = "workspace_id",
) -> tuple[T, access.Role | None]:
    """:func:`get_authorized` that also returns the caller's role in the row's workspace.

    The row and the role come from one statement (the membership is outer-joined), so a
    permission check costs no query of its own. ``workspace_key`` names the attribute that
    holds the workspace id (``workspace_id`` unless given).
    """
    if not 0 < object_id <= MAX_ID:
        raise not_found(what)
    statement = _with_role(model, workspace_key, lock=action is not Action.READ)  # type: ignore[arg-type]
    found = ctx.db.execute(statement, {"id": object_id, "user_id": ctx.user.id}).first()
    if found is None:
        raise not_found(what)
    row, role = found
    return row, access.check(ctx.user, role, action, what=what)


@cache
def _with_role(model: Any, workspace_key: str, *, lock: bool) -> Executable:
    """The row by ``:id`` with the role of ``:user_id`` in its workspace, built once per model."""
    column = getattr(model, workspace_key)
    caller = aliased(Membership)  # aliased: the model may be Membership itself
    member = and_(caller.workspace_id == column, caller.user_id == bindparam("user_id"))
    statement = (
        select(model, caller.role).outerjoin(caller, member).where(model.id == bindparam("id"))
    )
    if lock:
        statement = statement.with_for_update(of=model, key_share=True).execution_options(
            populate_existing=True
        )
    return statement


def member_or_invalid(ctx: Ctx, user_id: int | None, workspace_id: int, field: str) -> User | None:
    """Resolve a user id that must name a member of the workspace (assignees, reviewers).

    ``None`` stays ``None``. Anyone else is 400 with one message whether or not a user has the
    id, so a workspace's writers cannot probe the site's accounts by assigning them.
    """
    if user_id is None:
        return None
    found = None
    if 0 < user_id <= MAX_ID:
        found = ctx.db.scalar(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(User.id == user_id, Membership.workspace_id == workspace_id)
        )
    if found is None:
        raise invalid(field, f"no member of this workspace has the id {user_id}")
    return found


def workspace_scope(column: Any) -> Any:
    """Scope a list to the ``X-Workspace`` workspace when given, else to visible workspaces."""

    def scope(ctx: Ctx) -> Sequence[Condition]:
        if ctx.workspace is not None:
            return [column == ctx.workspace.id]
        return [access.visible(ctx.user, column)]

    return scope


def apply(row: Any, body: Mapping[str, Any], fields: Iterable[str]) -> bool:
    """Copy the given fields of a PATCH body onto a row; True when anything was given."""
    given = False
    for name in fields:
        if name in body:
            setattr(row, name, body[name])
            given = True
    return given


def parse_datetime(value: str | None, field: str) -> datetime | None:
    """Parse an RFC 3339 date-time from a body (naive ones are taken as UTC)."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise invalid(field, "is not an RFC 3339 date-time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
