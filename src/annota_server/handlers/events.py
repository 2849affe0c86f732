"""Operations of the ``events`` tag: the feed of changes, read after a cursor.

Event ids are taken in commit order (see ``events.py``), so the last id read is a cursor that
never skips an event that commits later. With ``wait``, an empty answer is held back until an
event comes or the time is up (long polling): the request re-reads every ``POLL_SECONDS``, each
time in a new read transaction (so it sees what committed meanwhile).
"""

from __future__ import annotations

import time

from sqlalchemy import select
from starlette.responses import Response

from annota_server import access, events
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import Event
from annota_server.listing import by_id

POLL_SECONDS = 0.2
"""How often a waiting request looks for new events."""


def events_feed(
    ctx: Ctx,
    after: str | None = None,
    limit: int = 100,
    wait: int = 0,
    project: int | None = None,
    kind: list[str] | None = None,
) -> Response:
    """Events after the cursor, oldest first; the cursor to continue from."""
    cursor = int(after) if after else 0
    # No id is past MAX_ID (and a larger number must not reach SQL): such a cursor is at the end.
    statement = select(Event).where(Event.id > min(cursor, MAX_ID)).order_by(Event.id).limit(limit)
    if ctx.workspace is not None:
        statement = statement.where(Event.workspace_id == ctx.workspace.id)
    else:
        statement = statement.where(access.visible(ctx.user, Event.workspace_id))
    if project is not None:
        statement = statement.where(by_id(Event.project_id)(project))
    if kind:
        statement = statement.where(Event.kind.in_(kind))
    deadline = time.monotonic() + min(wait, ctx.settings.event_max_wait_seconds)
    rows = ctx.db.scalars(statement).all()
    while not rows and time.monotonic() < deadline:
        ctx.db.rollback()  # end the read transaction: the next one sees newer commits
        time.sleep(POLL_SECONDS)
        rows = ctx.db.scalars(statement).all()
    return ctx.json(
        {
            "results": [events.document(row) for row in rows],
            "next": str(rows[-1].id if rows else cursor),
        }
    )
