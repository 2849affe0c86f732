"""Who is calling: bearer-token lookup, and the failed-login throttle (kept in the database)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import ColumnElement, Executable, and_, bindparam, delete, null, select
from sqlalchemy.orm import Session, lazyload
from starlette.requests import HTTPConnection

from annota_server.db.models import (
    AccessToken,
    AuthSession,
    LoginFailure,
    Membership,
    User,
    Workspace,
)
from annota_server.security import (
    ACCESS_TOKEN_PREFIX,
    SessionClaim,
    hash_token,
    read_signed_session,
)
from annota_server.settings import Settings

# Writing last_used_at on every request would turn reads into writes; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionRef:
    """The login session a request came with (its row may not be written yet)."""

    token_hash: str
    expires_at: datetime
    epoch: int


@dataclass(frozen=True)
class Caller:
    """The authenticated user and the credential they used."""

    user: User
    session: SessionRef | None = None
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
    digest = hash_token(token)
    claim = None if is_access_token else read_signed_session(token)
    if claim is not None:
        return _signed_session(db, claim, digest, now, workspace_slug)
    statement = _lookup(is_access_token, workspace_slug is not None)
    row = db.execute(statement, {"digest": digest, "slug": workspace_slug}).first()
    if row is None or not row.User.is_active:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    workspace = row.Workspace if workspace_slug is not None else None
    role = row.role if workspace_slug is not None else None
    if not is_access_token:
        # A session stored by an earlier version (its token is not signed): the row decides.
        if row.revoked_at is not None or row.epoch != row.User.session_epoch:
            return None
        session = SessionRef(digest, row.expires_at, row.epoch)
        return Caller(row.User, session=session, workspace=workspace, workspace_role=role)
    due = row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION
    return Caller(
        row.User, token_id=row.id, touch_token=due, workspace=workspace, workspace_role=role
    )


def _signed_session(
    db: Session, claim: SessionClaim, digest: str, now: datetime, workspace_slug: str | None
) -> Caller | None:
    """A signed session token: valid until it expires, unless revoked.

    Revoked means the user's session epoch moved past the one it lives in (its row's, when
    it has one: a session kept through a revocation moves to the new epoch), or a logout
    marked its row.
    """
    if claim.expires_at <= now:
        return None
    statement = _signed_lookup(workspace_slug is not None)
    parameters = {"user_id": claim.user_id, "digest": digest, "slug": workspace_slug}
    row = db.execute(statement, parameters).first()
    if row is None or not row.User.is_active or row.revoked_at is not None:
        return None
    epoch = claim.epoch if row.epoch is None else row.epoch
    if epoch != row.User.session_epoch:
        return None
    workspace = row.Workspace if workspace_slug is not None else None
    role = row.role if workspace_slug is not None else None
    session = SessionRef(digest, claim.expires_at, epoch)
    return Caller(row.User, session=session, workspace=workspace, workspace_role=role)


@cache
def _signed_lookup(with_workspace: bool) -> Executable:
    """The user of a signed session with its session row (when written), built once."""
    stored = and_(AuthSession.token_hash == bindparam("digest"), AuthSession.user_id == User.id)
    statement = (
        select(User, AuthSession.epoch, AuthSession.revoked_at)
        .outerjoin(AuthSession, stored)
        .where(User.id == bindparam("user_id"))
    )
    return _with_workspace(statement) if with_workspace else statement


@cache
def _lookup(is_access_token: bool, with_workspace: bool) -> Executable:
    """The token lookup, built once per kind: a reused statement skips SQLAlchemy's set-up."""
    credential: type[AccessToken] | type[AuthSession] = (
        AccessToken if is_access_token else AuthSession
    )
    last_used = AccessToken.last_used_at if is_access_token else null()
    epoch = null() if is_access_token else AuthSession.epoch
    revoked = null() if is_access_token else AuthSession.revoked_at
    statement = (
        select(
            credential.id,
            credential.expires_at,
            last_used.label("last_used_at"),
            epoch.label("epoch"),
            revoked.label("revoked_at"),
            User,
        )
        .join(User, User.id == credential.user_id)
        .where(credential.token_hash == bindparam("digest"))
    )
    return _with_workspace(statement) if with_workspace else statement


def _with_workspace(statement: Any) -> Executable:
    """``statement`` with the workspace of ``:slug`` and the user's role in it, outer-joined."""
    member = and_(Membership.workspace_id == Workspace.id, Membership.user_id == User.id)
    return cast(
        Executable,
        statement.add_columns(Workspace, Membership.role)
        .outerjoin(Workspace, Workspace.slug == bindparam("slug"))
        .outerjoin(Membership, member)
        # The workspace's owner is not needed to resolve the header.
        .options(lazyload(Workspace.owner)),
    )


def lockout_remaining(
    db: Session, username: str, client: str, settings: Settings, now: datetime
) -> int:
    """Seconds until ``username`` may try to log in again from ``client``; 0 when not locked.

    Two limits, so that a stranger cannot keep a known user locked out: a tight one per
    username and client address (``login_max_failures``), which slows a guesser down without
    touching anyone else, and a looser one per username alone (``login_max_failures_per_user``)
    against guessing spread over many addresses. Refused attempts are not counted, so one
    address adds at most ``login_max_failures`` failures per lockout.
    """
    since = now - timedelta(seconds=settings.login_window_seconds)
    per_client = _locked_for(
        db,
        (LoginFailure.username == username, LoginFailure.client == client),
        settings.login_max_failures,
        since,
    )
    per_user = _locked_for(
        db, (LoginFailure.username == username,), settings.login_max_failures_per_user, since
    )
    waits = [
        math.ceil((until + timedelta(seconds=settings.login_lockout_seconds) - now).total_seconds())
        for until in (per_client, per_user)
        if until is not None
    ]
    return max([0, *waits])


def _locked_for(
    db: Session, where: tuple[ColumnElement[bool], ...], limit: int, since: datetime
) -> datetime | None:
    """The failure that reached ``limit`` within the window (a lock runs from it), else None."""
    if limit <= 0:
        return None
    recent = db.scalars(
        select(LoginFailure.failed_at)
        .where(*where, LoginFailure.failed_at > since)
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    ).all()
    # Locked for lockout_seconds after the failure that reached the limit (the latest one).
    return recent[0] if len(recent) >= limit else None


def record_failure(
    db: Session, username: str, client: str, settings: Settings, now: datetime
) -> None:
    """Count a failed login for ``username`` from ``client``, forgetting stale failures."""
    horizon = now - timedelta(
        seconds=max(settings.login_window_seconds, settings.login_lockout_seconds)
    )
    db.execute(
        delete(LoginFailure).where(
            LoginFailure.username == username, LoginFailure.failed_at < horizon
        )
    )
    db.add(LoginFailure(username=username, client=client, failed_at=now))


def has_failures(db: Session, username: str, client: str) -> bool:
    """Whether ``username`` has failed attempts from ``client`` that a login would forget."""
    found = db.scalar(
        select(LoginFailure.id)
        .where(LoginFailure.username == username, LoginFailure.client == client)
        .limit(1)
    )
    return found is not None


def clear_failures(db: Session, username: str, client: str) -> None:
    """Forget the failures of ``username`` from ``client`` after it logged in successfully.

    Only that client's: a successful login elsewhere must not hand a guesser fresh attempts.
    """
    db.execute(
        delete(LoginFailure).where(LoginFailure.username == username, LoginFailure.client == client)
    )


def client_address(connection: HTTPConnection) -> str:
    """The caller's address as the server sees it (uvicorn resolves trusted proxy headers)."""
    client = connection.client
    return client.host[:64] if client is not None else ""
