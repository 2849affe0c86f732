"""Who is calling: bearer-token lookup, and the failed-login throttle (kept in the database)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Executable, and_, bindparam, delete, null, select
from sqlalchemy.orm import Session, lazyload

from annota_server.db.models import (
    AccessToken,
    AuthSession,
    LoginFailure,
    Membership,
    User,
    Workspace,
)
from annota_server.security import ACCESS_TOKEN_PREFIX, hash_token
from annota_server.settings import Settings

# Writing last_used_at on every request would turn reads into writes; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """The authenticated user and the credential they used."""

    user: User
    session_id: int | None = None
    token_id: int | None = None
    touch_token: bool = False
    """True when the access token's ``last_used_at`` is due for an update."""
    workspace: Workspace | None = None
    """The workspace of the ``X-Workspace`` slug asked for, when it exists."""
    workspace_role: str | None = None
    """The user's role in :attr:`workspace` (``None``: not a member)."""


def parse_bearer(authorization: str | None) -> str | None:
    """Return the token of an ``Authorization: Bearer <token>`` header, else ``None``."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 512:
        return None
    return token


def authenticate(
    db: Session, token: str, now: datetime, workspace_slug: str | None = None
) -> Caller | None:
    """Resolve a session token or personal access token; ``None`` when it is not valid.

    One indexed lookup by the token's hash, with the user joined; when ``workspace_slug`` is
    given, the workspace of that slug and the user's membership in it are joined too, so an
    ``X-Workspace`` header costs no statement of its own. Nothing is cached: a revoked token
    or a removed member is refused on the very next request, by every process.
    """
    is_access_token = token.startswith(ACCESS_TOKEN_PREFIX)
    statement = _lookup(is_access_token, workspace_slug is not None)
    parameters = {"digest": hash_token(token), "slug": workspace_slug}
    row = db.execute(statement, parameters).first()
    if row is None or not row.User.is_active:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    workspace = row.Workspace if workspace_slug is not None else None
    role = row.role if workspace_slug is not None else None
    if not is_access_token:
        return Caller(row.User, session_id=row.id, workspace=workspace, workspace_role=role)
    due = row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION
    return Caller(
        row.User, token_id=row.id, touch_token=due, workspace=workspace, workspace_role=role
    )


@cache
def _lookup(is_access_token: bool, with_workspace: bool) -> Executable:
    """The token lookup, built once per kind: a reused statement skips SQLAlchemy's set-up."""
    credential: type[AccessToken] | type[AuthSession] = (
        AccessToken if is_access_token else AuthSession
    )
    last_used = AccessToken.last_used_at if is_access_token else null()
    statement = (
        select(credential.id, credential.expires_at, last_used.label("last_used_at"), User)
        .join(User, User.id == credential.user_id)
        .where(credential.token_hash == bindparam("digest"))
    )
    if not with_workspace:
        return statement
    member = and_(Membership.workspace_id == Workspace.id, Membership.user_id == User.id)
    return (
        statement.add_columns(Workspace, Membership.role)
        .outerjoin(Workspace, Workspace.slug == bindparam("slug"))
        .outerjoin(Membership, member)
        # The workspace's owner is not needed to resolve the header.
        .options(lazyload(Workspace.owner))
    )


def lockout_remaining(db: Session, username: str, settings: Settings, now: datetime) -> int:
    """Seconds until ``username`` may try to log in again; 0 when not locked out."""
    limit = settings.login_max_failures
    if limit <= 0:
        return 0
    since = now - timedelta(seconds=settings.login_window_seconds)
    recent = db.scalars(
        select(LoginFailure.failed_at)
        .where(LoginFailure.username == username, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return 0
    # Locked for lockout_seconds after the failure that reached the limit (the latest one).
    until = recent[0] + timedelta(seconds=settings.login_lockout_seconds)
    return max(0, math.ceil((until - now).total_seconds()))


def record_failure(db: Session, username: str, settings: Settings, now: datetime) -> None:
    """Count a failed login for ``username``, forgetting failures that no longer matter."""
    horizon = now - timedelta(
        seconds=max(settings.login_window_seconds, settings.login_lockout_seconds)
    )
    db.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username, LoginFailure.failed_at < horizon
        )
    )
    db.add(LoginFailure(username=username, failed_at=now))


def clear_failures(db: Session, username: str) -> None:
    """Forget the failures of ``username`` after a successful login."""
    db.execute(delete(LoginFailure).where(LoginFailure.username == username))
