"""Who may do what: the one place that decides.

Site administrators may do everything. Otherwise the caller's role in the object's workspace
decides; objects of a workspace the caller does not belong to are answered with 404, never 403,
so their existence does not leak.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from annota_server.db.models import Job, Membership, Project, User
from annota_server.problems import forbidden, not_found


class Role(StrEnum):
    """Workspace roles, weakest first."""

    VIEWER = "viewer"
    MEMBER = "member"
    MAINTAINER = "maintainer"
    OWNER = "owner"


_RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.MAINTAINER: 2, Role.OWNER: 3}


class Action(StrEnum):
    """Things done inside a workspace, each with the weakest role allowed to do it."""

    READ = "read"
    WRITE = "write"
    """Create and change projects, labels, tasks and jobs; delete labels and tasks."""
    DELETE_ANY_PROJECT = "delete any project"
    EDIT_WORKSPACE = "edit the workspace"
    DELETE_WORKSPACE = "delete the workspace"
    MANAGE_MEMBERS = "manage members"
    EXPORT = "export"
    """Start an export of a project or a dataset version: it copies everything out."""
    REVIEW_ANY_JOB = "review jobs you are not the reviewer of"


_NEEDS = {
    Action.READ: Role.VIEWER,
    Action.WRITE: Role.MEMBER,
    Action.DELETE_ANY_PROJECT: Role.MAINTAINER,
    Action.EDIT_WORKSPACE: Role.MAINTAINER,
    Action.DELETE_WORKSPACE: Role.OWNER,
    Action.MANAGE_MEMBERS: Role.OWNER,
    Action.EXPORT: Role.MEMBER,
    Action.REVIEW_ANY_JOB: Role.MAINTAINER,
}

REVIEW_STAGES = frozenset({"validation", "acceptance"})
"""Stages whose stage or state only a reviewer changes (accept, send back, reopen)."""
ACCEPTED = ("acceptance", "completed")
"""The (stage, state) of an accepted job, whose annotations are read-only until reopened."""


def is_review_decision(current: tuple[str, str], wanted: tuple[str, str]) -> bool:
    """Whether moving a job from ``current`` to ``wanted`` (stage, state) is a review decision.

    Handing a job over for review (annotation -> validation) is the annotator's; every change
    once it is in review, and any move straight to acceptance, is the reviewer's.
    """
    if wanted == current:
        return False
    return current[0] in REVIEW_STAGES or wanted[0] == "acceptance"


def authorize_naming_reviewer(user: User, role: Role | None) -> None:
    """Owners and maintainers name a job's reviewer (else anyone could name themself and accept)."""
    if not allows(user, role, Action.REVIEW_ANY_JOB):
        raise forbidden("Only the workspace's owners and maintainers name a job's reviewer.")


def authorize_review(user: User, role: Role | None, job: Job) -> None:
    """Review decisions: the job's reviewer or a maintainer/owner, never the job's assignee.

    Nobody reviews their own work, site administrators included (four eyes).
    """
    if job.assignee_id == user.id:
        raise forbidden(
            "You are this job's assignee: its reviewer or a maintainer accepts it or sends it back."
        )
    if job.reviewer_id == user.id and allows(user, role, Action.WRITE):
        return
    if allows(user, role, Action.REVIEW_ANY_JOB):
        return
    raise forbidden(
        "Only the job's reviewer or the workspace's owners and maintainers accept a job, "
        "send it back or reopen it."
    )


def authorize_raising_issue(user: User, role: Role | None, job: Job) -> None:
    """Review issues are raised by the job's reviewer or a maintainer/owner."""
    if job.reviewer_id == user.id and allows(user, role, Action.WRITE):
        return
    if allows(user, role, Action.REVIEW_ANY_JOB):
        return
    raise forbidden(
        "Only the job's reviewer or the workspace's owners and maintainers raise review issues."
    )


def authorize_issue_discussion(user: User, role: Role | None, job: Job) -> None:
    """Comments, resolving and reopening: the job's assignee and reviewer, maintainers, owners.

    The people the issue is between answer it; other members see it but stay out of it.
    """
    if allows(user, role, Action.REVIEW_ANY_JOB):
        return
    if user.id in (job.assignee_id, job.reviewer_id) and allows(user, role, Action.WRITE):
        return
    raise forbidden(
        "Only the job's assignee, its reviewer and the workspace's owners and maintainers "
        "comment on, resolve or reopen its review issues."
    )


def authorize_issue_delete(user: User, role: Role | None, job: Job, author_id: int | None) -> None:
    """An issue's author (while they may still raise issues on the job) or a maintainer/owner."""
    if author_id == user.id:
        authorize_raising_issue(user, role, job)
        return
    if not allows(user, role, Action.REVIEW_ANY_JOB):
        raise forbidden(
            "Only the issue's author or the workspace's owners and maintainers delete it."
        )


def role_of(db: Session, user: User, workspace_id: int) -> Role | None:
    """Return the user's role in the workspace, or ``None`` when not a member."""
    role = db.scalar(
        select(Membership.role).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    )
    return Role(role) if role is not None else None


def allows(user: User, role: Role | None, action: Action) -> bool:
    """Whether a user with ``role`` (``None``: not a member) may do ``action``."""
    if user.is_admin:
        return True
    return role is not None and _RANK[role] >= _RANK[_NEEDS[action]]


def authorize(
    db: Session,
    user: User,
    workspace_id: int,
    action: Action,
    *,
    what: str,
    field: str | None = None,
) -> Role | None:
    """Check ``action`` on an object (called ``what``) of a workspace and return the role.

    Raises 404 when the caller cannot see the workspace and 403 when their role is too weak.
    """
    return check(user, role_of(db, user, workspace_id), action, what=what, field=field)


def check(
    user: User, role: Role | str | None, action: Action, *, what: str, field: str | None = None
) -> Role | None:
    """Check ``action`` for a caller whose ``role`` is already known; return it as a Role.

    Raises 404 when the caller cannot see the workspace and 403 when their role is too weak.
    """
    role = Role(role) if role is not None else None
    if role is None and not user.is_admin:
        raise not_found(what, field)
    if not allows(user, role, action):
        raise forbidden(f"Your role ({role}) does not allow you to {action} here.")
    return role


def authorize_project_delete(db: Session, user: User, project: Project) -> None:
    """Owners and maintainers delete any project; members delete the projects they own."""
    role = authorize(db, user, project.workspace_id, Action.READ, what="project")
    if allows(user, role, Action.DELETE_ANY_PROJECT):
        return
    if allows(user, role, Action.WRITE) and project.owner_id == user.id:
        return
    raise forbidden("Only the project's owner or the workspace's owners and maintainers delete it.")


def visible(user: User, workspace_column: Any) -> ColumnElement[bool]:
    """Return a WHERE clause keeping rows of the user's workspaces (every row for admins)."""
    if user.is_admin:
        return true()
    mine = select(Membership.workspace_id).where(Membership.user_id == user.id)
    return workspace_column.in_(mine)  # type: ignore[no-any-return]


def authorize_membership_removal(
    db: Session, user: User, workspace_id: int, member_user_id: int
) -> None:
    """Owners remove anyone; every member may remove themself."""
    role = authorize(db, user, workspace_id, Action.READ, what="membership")
    if member_user_id == user.id or allows(user, role, Action.MANAGE_MEMBERS):
        return
    raise forbidden("Only the workspace's owners remove other members.")


def authorize_user_update(caller: User, target: User, changes: dict[str, Any]) -> None:
    """Users change their own name and email; administrators change anything."""
    if caller.is_admin:
        return
    if caller.id != target.id:
        raise forbidden("You may change only your own account.")
    privileged = sorted(set(changes) & {"is_active", "is_admin"})
    if privileged:
        raise forbidden(f"Only administrators change {', '.join(privileged)}.")


def require_admin(user: User, doing: str) -> None:
    """Site administrators only."""
    if not user.is_admin:
        raise forbidden(f"Only site administrators {doing}.")
