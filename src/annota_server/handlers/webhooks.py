"""Operations of the ``webhooks`` tag: URLs that are sent events, and their deliveries.

Only a workspace's owners and maintainers see and manage its webhooks (a webhook sends the
workspace's changes elsewhere). The secret is answered once, by the registration.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import func, select
from starlette.responses import Response

from annota_server import access, events, webhooks
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import (
    Event,
    Membership,
    Project,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from annota_server.handlers.common import apply, get_with_role
from annota_server.handlers.projects import personal_workspace
from annota_server.listing import Condition, Listing, exact
from annota_server.problems import invalid, not_found

MANAGE = Action.EDIT_WORKSPACE
"""Owners and maintainers."""


def serialize(row: Webhook, secret: str | None = None) -> dict[str, Any]:
    """A webhook as answered; ``secret`` only in the answer to its registration."""
    return {
        "id": row.id,
        "workspace": row.workspace_id,
        "project": row.project_id,
        "url": row.url,
        "description": row.description,
        "events": list(row.events),
        "is_active": row.is_active,
        "secret": secret,
        "created_at": ser.iso(row.created_at),
        "updated_at": ser.iso(row.updated_at),
        "version": row.version,
    }


def _managed(ctx: Ctx) -> Sequence[Condition]:
    if ctx.workspace is not None:
        access.check(ctx.user, ctx.caller.workspace_role if ctx.caller else None, MANAGE,
                     what="workspace")  # fmt: skip
        return [Webhook.workspace_id == ctx.workspace.id]
    if ctx.user.is_admin:
        return []
    mine = select(Membership.workspace_id).where(
        Membership.user_id == ctx.user.id,
        Membership.role.in_((access.Role.OWNER, access.Role.MAINTAINER)),
    )
    return [Webhook.workspace_id.in_(mine)]


WEBHOOKS = Listing(
    model=Webhook,
    serialize=lambda ctx, rows: [serialize(row) for row in rows],
    sorts={"id": Webhook.id},
    filters={"project": exact(Webhook.project_id)},
    scope=_managed,
)


def _kinds(values: list[str], field: str) -> list[str]:
    for index, value in enumerate(values):
        if value != "*" and value not in events.KINDS:
            raise invalid(
                f"{field}.{index}",
                f"{value!r} is no event kind; known: * {' '.join(events.KINDS)}",
            )
    return list(dict.fromkeys(values))


def _checked_url(ctx: Ctx, url: str) -> str:
    try:
        webhooks.check(url, allow_private=ctx.settings.webhook_allow_private)
    except webhooks.UnsafeTarget as refused:
        raise invalid("url", str(refused)) from None
    return url


def _get(ctx: Ctx, id: int, *, lock: bool = False) -> Webhook:
    action = Action.WRITE if lock else Action.READ
    row, role = get_with_role(ctx, Webhook, id, "webhook", action)
    access.check(ctx.user, role, MANAGE, what="webhook")
    return row


def webhooks_list(ctx: Ctx, **query: Any) -> Response:
    """The webhooks of the workspaces the caller manages."""
    return WEBHOOKS.respond(ctx, query)


def webhooks_create(ctx: Ctx, body: dict[str, Any]) -> Response:
    """Register a webhook; the answer shows its secret (the only time)."""
    project_id = body.get("project")
    if project_id is not None:
        project = ctx.db.get(Project, project_id) if project_id <= MAX_ID else None
        if project is None:
            raise not_found("project", "project")
        workspace_id = project.workspace_id
        access.authorize(ctx.db, ctx.user, workspace_id, Action.READ, what="project",
                         field="project")  # fmt: skip
        if ctx.workspace is not None and ctx.workspace.id != workspace_id:
            raise invalid("project", "is not a project of the X-Workspace workspace")
    else:
        workspace_id = (ctx.workspace or personal_workspace(ctx)).id
    access.authorize(ctx.db, ctx.user, workspace_id, MANAGE, what="workspace")
    kinds = _kinds(body["events"], "events")
    url = _checked_url(ctx, body["url"])
    secret = body.get("secret") or secrets.token_urlsafe(32)
    row = Webhook(
        workspace_id=workspace_id,
        project_id=project_id,
        created_by_id=ctx.user.id,
        url=url,
        description=body.get("description") or "",
        events=kinds,
        is_active=body.get("is_active", True),
        secret=secret,
        cursor=ctx.db.scalar(select(func.max(Event.id))) or 0,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.one(serialize(row, secret), row, status=201)


def webhooks_retrieve(ctx: Ctx, id: int) -> Response:
    """One webhook, without its secret."""
    row = _get(ctx, id)
    return ctx.one(serialize(row), row)


def webhooks_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Change a webhook; made active again, it starts from the newest event."""
    row = _get(ctx, id, lock=True)
    ctx.check_if_match(row)
    if "events" in body:
        body = {**body, "events": _kinds(body["events"], "events")}
    if "url" in body:
        _checked_url(ctx, body["url"])
    if body.get("is_active") and not row.is_active:
        row.cursor = ctx.db.scalar(select(func.max(Event.id))) or 0
    apply(row, body, ("url", "events", "description", "is_active", "secret"))
    ctx.db.flush()
    return ctx.one(serialize(row), row)


def webhooks_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a webhook and its deliveries."""
    row = _get(ctx, id, lock=True)
    ctx.check_if_match(row)
    ctx.db.delete(row)
    return ctx.no_content()


# -- deliveries --------------------------------------------------------------------------------


def serialize_deliveries(ctx: Ctx, rows: Sequence[WebhookDelivery]) -> list[dict[str, Any]]:
    """Deliveries as answered, each with its attempts (one query for the page)."""
    attempts: dict[int, list[dict[str, Any]]] = {row.id: [] for row in rows}
    if rows:
        for attempt in ctx.db.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(list(attempts)))
            .order_by(WebhookAttempt.id)
        ):
            attempts[attempt.delivery_id].append(
                {
                    "attempted_at": ser.iso(attempt.attempted_at),
                    "status_code": attempt.status_code,
                    "duration_ms": attempt.duration_ms,
                    "response": attempt.response_excerpt,
                    "error": attempt.error,
                }
            )
    return [
        {
            "id": row.id,
            "webhook": row.webhook_id,
            "delivery_id": row.delivery_id,
            "event": row.event_id,
            "kind": row.event_kind,
            "status": row.status,
            "attempts": attempts[row.id],
            "next_attempt_at": ser.iso(row.next_attempt_at),
            "created_at": ser.iso(row.created_at),
            "finished_at": ser.iso(row.finished_at),
            "redelivery_of": row.redelivery_of,
            "body": orjson.loads(row.body),
        }
        for row in rows
    ]


def _deliveries_of(ctx: Ctx) -> Sequence[Condition]:
    # The path's webhook was checked by the handler; connexion's path parameter is in the scope.
    return [WebhookDelivery.webhook_id == int(ctx.connection.path_params["id"])]


DELIVERIES = Listing(
    model=WebhookDelivery,
    serialize=serialize_deliveries,
    sorts={"id": WebhookDelivery.id},
    filters={"status": exact(WebhookDelivery.status)},
    scope=_deliveries_of,
)


def webhooks_list_deliveries(ctx: Ctx, id: int, **query: Any) -> Response:
    """A webhook's deliveries, newest first."""
    _get(ctx, id)
    return DELIVERIES.respond(ctx, {**query, "sort": "-id"})


def _delivery(ctx: Ctx, id: int, delivery: int) -> WebhookDelivery:
    _get(ctx, id)
    row = ctx.db.get(WebhookDelivery, delivery) if delivery <= MAX_ID else None
    if row is None or row.webhook_id != id:
        raise not_found("delivery")
    return row


def webhooks_retrieve_delivery(ctx: Ctx, id: int, delivery: int) -> Response:
    """One delivery with its attempts."""
    row = _delivery(ctx, id, delivery)
    return ctx.json(serialize_deliveries(ctx, [row])[0])


def _queue(ctx: Ctx, values: dict[str, Any]) -> Response:
    row = WebhookDelivery(**values)
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.json(serialize_deliveries(ctx, [row])[0], status=202)


def webhooks_ping(ctx: Ctx, id: int) -> Response:
    """Queue a ping delivery."""
    hook = _get(ctx, id)
    body: dict[str, Any] = {
        "id": None,
        "kind": "ping",
        "created_at": ser.iso(ctx.now),
        "workspace": hook.workspace_id,
        "project": hook.project_id,
        "object_type": "webhook",
        "object": {"id": hook.id},
        "changes": [],
    }
    return _queue(ctx, webhooks.delivery_values(hook.id, None, "ping", body))


def webhooks_redeliver(ctx: Ctx, id: int, delivery: int) -> Response:
    """Queue a delivery's body again, as a new delivery."""
    row = _delivery(ctx, id, delivery)
    values = webhooks.delivery_values(id, row.event_id, row.event_kind, orjson.loads(row.body))
    return _queue(ctx, {**values, "redelivery_of": row.id})
