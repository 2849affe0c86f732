"""Operations of the ``users`` tag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from starlette.responses import Response

from annota_server import access, accounts
from annota_server import serializers as ser
from annota_server.context import Ctx
from annota_server.db.models import AccessToken, Membership, User
from annota_server.handlers.common import apply, get_or_404, parse_datetime
from annota_server.listing import Filter, Listing, exact
from annota_server.problems import invalid


def _like(column: Any, field: str) -> Filter:
    """A SQL LIKE pattern (``%``, ``_``; a backslash escapes), letter case aside."""

    def condition(pattern: str) -> ColumnElement[bool]:
        # PostgreSQL refuses a pattern that ends in its escape character (an error, not a 400).
        if (len(pattern) - len(pattern.rstrip("\\"))) % 2:
            raise invalid(field, "ends with a lone backslash (write \\\\ for a backslash)")
        return func.lower(column).like(pattern.lower(), escape="\\")

    return condition


def _seen_since(field: str) -> Callable[[str], ColumnElement[bool]]:
    """Users who logged in or used an access token at or after the moment in ``field``."""

    def condition(value: str) -> ColumnElement[bool]:
        moment = parse_datetime(value, field)
        assert moment is not None  # a query value is never None
        try:
            moment = moment.astimezone(UTC)  # as stored; year 1 at +14:00 has no UTC moment
        except OverflowError:
            raise invalid(field, "is out of range once taken to UTC") from None
        used_token = exists().where(
            AccessToken.user_id == User.id, AccessToken.last_used_at >= moment
        )
        # Not NULL-tolerant comparisons: the negation must keep users never seen.
        logged_in = and_(User.last_login.is_not(None), User.last_login >= moment)
        return or_(logged_in, used_token)

    return condition


def _not_seen_since(value: str) -> ColumnElement[bool]:
    return ~_seen_since("last_seen_before")(value)


USERS = Listing(
    model=User,
    serialize=lambda ctx, rows: [ser.user(row) for row in rows],
    sorts={"id": User.id, "username": User.username, "date_joined": User.date_joined},
    filters={
        "username": exact(User.username),
        "is_active": exact(User.is_active),
        "email": lambda value: func.lower(User.email) == value.lower(),
        "name": lambda value: func.lower(User.first_name + " " + User.last_name).contains(
            value.lower(), autoescape=True
        ),
        "username__like": _like(User.username, "username__like"),
        "email__like": _like(User.email, "email__like"),
        "last_seen_after": _seen_since("last_seen_after"),
        "last_seen_before": _not_seen_since,
    },
    search=(User.username, User.first_name, User.last_name),
    # Every user may see every user (to add members); X-Workspace narrows to its members.
    scope=lambda ctx: (
        [User.id.in_(select(Membership.user_id).where(Membership.workspace_id == ctx.workspace.id))]
        if ctx.workspace is not None
        else []
    ),
)


def users_retrieve_self(ctx: Ctx) -> Response:
    """Return the caller's own account."""
    return ctx.one(ser.user(ctx.user), ctx.user)


def users_list(ctx: Ctx, **query: Any) -> Response:
    """Users, filtered and sorted."""
    return USERS.respond(ctx, query)


def users_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Create an account (administrators only)."""
    access.require_admin(ctx.user, "create users")
    user = accounts.create_user(
        ctx.db,
        username=body["username"],
        password=body["password"],
        email=body.get("email", ""),
        first_name=body.get("first_name", ""),
        last_name=body.get("last_name", ""),
        is_admin=body.get("is_admin", False),
    )
    return ctx.one(ser.user(user), user, status=201)


def users_retrieve(ctx: Ctx, id: int) -> Response:
    """One user."""
    user = get_or_404(ctx, User, id, "user")
    return ctx.one(ser.user(user), user)


def users_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a user: own name and email, or anything for administrators."""
    user = get_or_404(ctx, User, id, "user", lock=True)
    access.authorize_user_update(ctx.user, user, body)
    ctx.check_if_match(user)
    accounts.refuse_removing_last_admin(ctx.db, user, body)
    apply(user, body, ("email", "first_name", "last_name", "is_active", "is_admin"))
    ctx.db.flush()
    return ctx.one(ser.user(user), user)


def users_destroy(ctx: Ctx, id: int) -> Response:
    """Delete an account and its personal workspace (administrators only)."""
    access.require_admin(ctx.user, "delete users")
    user = get_or_404(ctx, User, id, "user", lock=True)
    ctx.check_if_match(user)
    accounts.refuse_removing_last_admin(ctx.db, user, None)
    accounts.delete_user(ctx.db, user)
    return ctx.no_content()


def users_set_password(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Give a user a new password and revoke their sessions (administrators only)."""
    access.require_admin(ctx.user, "set other users' passwords")
    user = get_or_404(ctx, User, id, "user", lock=True)
    accounts.set_password(ctx.db, user, body["password"])
    return ctx.no_content()


def users_reset_two_factor(ctx: Ctx, id: int) -> Response:
    """Turn a user's two-factor off without a code and revoke their sessions (administrators)."""
    access.require_admin(ctx.user, "reset two-factor authentication")
    user = get_or_404(ctx, User, id, "user", lock=True)
    accounts.reset_two_factor(ctx.db, user)
    return ctx.no_content()
