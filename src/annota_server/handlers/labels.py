"""Operations of the ``labels`` tag."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from annota import attributes
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import Label
from annota_server.handlers.common import apply, get_authorized, workspace_scope
from annota_server.listing import Listing, by_id, exact
from annota_server.problems import FieldError, Problem, conflict

LABELS = Listing(
    model=Label,
    serialize=lambda ctx, rows: [ser.label(row) for row in rows],
    sorts={"id": Label.id, "name": Label.name},
    filters={
        "project": by_id(Label.project_id),
        "name": exact(Label.name),
        "kind": exact(Label.kind),
    },
    search=(Label.name,),
    scope=workspace_scope(Label.workspace_id),
)


def checked_specs(specs: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """A label's attribute declarations in their stored form, or a 400 naming each problem."""
    problems = attributes.spec_problems(specs)
    if problems:
        errors = [FieldError(f"{field}.{where}", message) for where, message in problems]
        summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        raise Problem(400, f"Invalid attributes: {summary}", errors=errors)
    return attributes.stored_specs(specs)


def labels_list(ctx: Ctx, **query: Any) -> Response:
    """Labels of the projects the caller may see."""
    return LABELS.respond(ctx, query)


def labels_retrieve(ctx: Ctx, id: int) -> Response:
    """One label."""
    label = get_authorized(ctx, Label, id, "label", Action.READ)
    return ctx.one(ser.label(label), label)


def labels_partial_update(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Rename or recolor a label, or change its kind."""
    label = get_authorized(ctx, Label, id, "label", Action.WRITE)
    ctx.check_if_match(label)
    name = body.get("name")
    if name is not None and name != label.name:
        clash = ctx.db.scalar(
            select(Label.id).where(Label.project_id == label.project_id, Label.name == name)
        )
        if clash is not None:
            raise conflict(f"The project already has a label named {name!r}.", field="name")
    if "color" in body:
        body = {**body, "color": body["color"].lower()}
    if "attributes" in body:
        body = {**body, "attributes": checked_specs(body["attributes"], "attributes")}
    apply(label, body, ("name", "color", "kind", "attributes"))
    ctx.db.flush()
    return ctx.one(ser.label(label), label)


def labels_destroy(ctx: Ctx, id: int) -> Response:
    """Delete a label."""
    label = get_authorized(ctx, Label, id, "label", Action.WRITE)
    ctx.check_if_match(label)
    ctx.db.delete(label)
    return ctx.no_content()
