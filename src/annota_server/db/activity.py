"""Workspace activity: a write to anything inside a workspace touches its ``updated_at``.

So workspaces sort by last activity (``sort=-updated_at``). The touch is a plain UPDATE of
``updated_at`` only (the version, hence the ETag, stays: activity is not an edit of the
workspace), at most once a minute per workspace, so busy workspaces do not queue their
writers on the workspace row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session, UOWTransaction

from annota_server.db.models import Workspace, utcnow

RESOLUTION = timedelta(seconds=60)
"""How stale ``updated_at`` may be before a write touches it again."""


_PENDING = "annota_touched_workspaces"


def note_changes(session: Session, _flush: UOWTransaction) -> None:
    """After a flush: remember the workspaces of what changed, to touch them at commit."""
    ids: set[int] = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.deleted, *session.dirty):
        if isinstance(obj, Workspace):
            continue  # an edit of the workspace itself stamps it already
        workspace_id: Any = getattr(obj, "workspace_id", None)
        if isinstance(workspace_id, int) and (obj not in session.dirty or session.is_modified(obj)):
            ids.add(workspace_id)


def touch_at_commit(session: Session) -> None:
    """Before a commit: one UPDATE for every workspace the transaction changed something in."""
    session.flush()  # the commit's own flush comes after this event: note its changes too
    ids = session.info.pop(_PENDING, None)
    if not ids:
        return
    now = utcnow()
    session.connection().execute(
        update(Workspace)
        .where(Workspace.id.in_(sorted(ids)), Workspace.updated_at < now - RESOLUTION)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )


def forget(session: Session, _transaction: Any) -> None:
    """A transaction ended (committed or rolled back): nothing is pending any more."""
    if _transaction.parent is None:
        session.info.pop(_PENDING, None)


def install(sessions: Any) -> None:
    """Track activity in the sessions this ``sessionmaker`` makes."""
    event.listen(sessions, "after_flush", note_changes)
    event.listen(sessions, "before_commit", touch_at_commit)
    event.listen(sessions, "after_transaction_end", forget)
