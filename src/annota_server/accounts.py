"""Creating and deleting user accounts, with the personal workspace each user gets."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from annota_server.access import Role
from annota_server.authn import SessionRef
from annota_server.bookkeeping import dialect_insert
from annota_server.db.models import (
    AccessToken,
    AuthSession,
    Membership,
    Project,
    User,
    Workspace,
    utcnow,
)
from annota_server.problems import conflict
from annota_server.security import hash_password

_INVALID_SLUG_CHARS = re.compile(r"[^a-z0-9-]")
_SLUG_MAX = 64


def slug_base(username: str) -> str:
    """Derive a slug from a username: lower-cased, other characters as ``-``, no leading ``-``."""
    base = _INVALID_SLUG_CHARS.sub("-", username.lower()).lstrip("-")
    return base[:_SLUG_MAX] or "user"


def personal_slug(db: Session, username: str) -> str:
    """Pick a free slug for a personal workspace: the base, else base-2, base-3 and so on."""
    base = slug_base(username)
    taken = set(
        db.scalars(
            select(Workspace.slug).where(
                (Workspace.slug == base) | Workspace.slug.startswith(base + "-", autoescape=True)
            )
        )
    )
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: _SLUG_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def create_user(
    db: Session,
    *,
    username: str,
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_admin: bool = False,
) -> User:
    """Create a user and their personal workspace; 409 when the username is taken."""
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise conflict(f"The username {username!r} is taken.", field="username")
    user = User(
        username=username,
        password_hash=hash_password(password),
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_admin=is_admin,
        is_active=True,
        two_factor_enabled=False,
    )
    db.add(user)
    db.flush()
    workspace = Workspace(
        slug=personal_slug(db, username),
        name=username,
        description="",
        is_personal=True,
        owner=user,
    )
    db.add(workspace)
    db.flush()
    db.add(Membership(workspace_id=workspace.id, user_id=user.id, role=Role.OWNER.value))
    db.flush()
    return user


def set_password(db: Session, user: User, password: str) -> None:
    """Give ``user`` a new password and end every session they have (account recovery)."""
    user.password_hash = hash_password(password)
    _revoke_sessions(db, user)


def reset_two_factor(db: Session, user: User) -> None:
    """Turn off ``user``'s two-factor (and a pending enrolment); end every session they have."""
    user.two_factor_enabled = False
    user.totp_secret = user.totp_pending_secret = None
    _revoke_sessions(db, user)


def _revoke_sessions(db: Session, user: User) -> None:
    # Whoever held the old secret is logged out; access tokens are the user's to revoke.
    end_sessions(db, user)
    db.flush()


def end_sessions(db: Session, user: User, keep: SessionRef | None = None) -> int:
    """End every session of ``user`` but ``keep``; return how many were live.

    Signed session tokens need no row, so they are ended by moving the user to a new session
    epoch (without touching the account's version: bookkeeping, not an edit); ``keep`` is
    stored in the new epoch. Sessions whose rows are not written yet are not counted (written
    later, they stay in the old epoch: ended all the same).
    """
    now = utcnow()
    live = (
        AuthSession.user_id == user.id,
        AuthSession.epoch == user.session_epoch,
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > now,
    )
    others = () if keep is None else (AuthSession.token_hash != keep.token_hash,)
    counted = int(db.scalar(select(func.count()).where(*live, *others)) or 0)
    db.execute(
        delete(AuthSession).where(AuthSession.user_id == user.id, *others),
        execution_options={"synchronize_session": False},
    )
    epoch = user.session_epoch + 1
    db.execute(
        update(User).where(User.id == user.id).values(session_epoch=User.session_epoch + 1),
        execution_options={"synchronize_session": False},
    )
    set_committed_value(user, "session_epoch", epoch)
    if keep is not None:
        store_session(db, user.id, keep, epoch=epoch)
    return counted


def store_session(
    db: Session,
    user_id: int,
    session: SessionRef,
    *,
    epoch: int | None = None,
    revoked_at: datetime | None = None,
) -> None:
    """Write a session's row now, moved to ``epoch`` or revoked (a logout) when given."""
    values: dict[str, Any] = {
        "user_id": user_id,
        "token_hash": session.token_hash,
        "created_at": utcnow(),
        "expires_at": session.expires_at,
        "epoch": session.epoch if epoch is None else epoch,
        "revoked_at": revoked_at,
    }
    changed = {"epoch": values["epoch"]} if revoked_at is None else {"revoked_at": revoked_at}
    statement = dialect_insert(db, AuthSession).values(values)
    db.execute(statement.on_conflict_do_update(index_elements=["token_hash"], set_=changed))


def revoke_credentials(
    db: Session,
    user: User,
    *,
    tokens: bool,
    keep_session: SessionRef | None = None,
    keep_token: int | None = None,
) -> tuple[int, int]:
    """End ``user``'s sessions and (``tokens``) revoke their access tokens, but the kept ones.

    Returns how many sessions and tokens went. The request making the change keeps the
    credential it came with, so its answer is not the last thing that credential does.
    """
    revoked_sessions = end_sessions(db, user, keep_session)
    revoked_tokens = 0
    if tokens:
        owned = delete(AccessToken).where(AccessToken.user_id == user.id)
        if keep_token is not None:
            owned = owned.where(AccessToken.id != keep_token)
        revoked_tokens = _deleted(db, owned)
    return revoked_sessions, revoked_tokens


def _deleted(db: Session, statement: Delete) -> int:
    """Run a bulk delete; how many rows it removed."""
    result = db.execute(statement, execution_options={"synchronize_session": False})
    return int(cast(CursorResult[Any], result).rowcount)


def refuse_removing_last_admin(db: Session, user: User, changes: dict[str, Any] | None) -> None:
    """Refuse (409) to demote, deactivate or delete the last active site administrator.

    ``changes`` holds the fields being set; ``None`` means the account is being deleted.
    Without an administrator nobody could create users or restore one but the server's own CLI.
    """
    if not (user.is_admin and user.is_active):
        return
    field = None
    if changes is not None:
        field = next((f for f in ("is_admin", "is_active") if changes.get(f) is False), None)
        if field is None:
            return
    others = db.scalars(
        select(User.id)
        .where(User.is_admin.is_(True), User.is_active.is_(True), User.id != user.id)
        .limit(1)
    ).first()
    if others is None:
        raise conflict(
            "This is the last active site administrator; make another user one first.", field
        )


def hand_over_primary_owner(db: Session, workspace: Workspace, leaving_user_id: int) -> bool:
    """Make another owner (or, failing that, the longest member) the workspace's owner.

    Returns False when nobody else belongs to the workspace.
    """
    heir = db.execute(
        select(Membership)
        .where(Membership.workspace_id == workspace.id, Membership.user_id != leaving_user_id)
        .order_by((Membership.role == Role.OWNER.value).desc(), Membership.joined_at, Membership.id)
        .limit(1)
    ).scalar()
    if heir is None:
        return False
    if heir.role != Role.OWNER.value:
        heir.role = Role.OWNER.value
    workspace.owner_id = heir.user_id
    return True


def delete_user(db: Session, user: User) -> None:
    """Delete a user with their personal workspace; their shared workspaces and projects pass on.

    A shared workspace the user created goes to another owner (a member is promoted when no
    owner is left) and is deleted only when nobody else belongs to it.
    """
    shared = db.scalars(
        select(Workspace).where(Workspace.owner_id == user.id, Workspace.is_personal.is_(False))
    ).all()
    for workspace in shared:
        if not hand_over_primary_owner(db, workspace, user.id):
            db.delete(workspace)
    db.flush()
    # Projects the user created in other workspaces now belong to those workspaces' owners.
    owner_of_workspace = (
        select(Workspace.owner_id).where(Workspace.id == Project.workspace_id).scalar_subquery()
    )
    db.execute(
        update(Project)
        .where(Project.owner_id == user.id)
        .values(owner_id=owner_of_workspace, version=Project.version + 1),
        execution_options={"synchronize_session": False},
    )
    # Deleting the personal workspace cascades to its projects; their owner is still this user.
    db.execute(delete(Workspace).where(Workspace.owner_id == user.id))
    db.delete(user)
    db.flush()


def owner_count(db: Session, workspace_id: int) -> int:
    """How many owners a workspace has."""
    return int(
        db.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.workspace_id == workspace_id, Membership.role == Role.OWNER.value)
        )
        or 0
    )
