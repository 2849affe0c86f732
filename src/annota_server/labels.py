"""Labels of a project: the palette and the one rule for creating them.

The API (``projects_create``, ``projects_partial_update``) and dataset imports both create
labels through :func:`create_labels`, so a label gets the same color and kind either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from annota_server.db.models import Label, Project

# Distinct, readable colors handed out in turn to labels created without one.
PALETTE = (
    "#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
    "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#fffac8", "#800000", "#aaffc3",
    "#808000", "#ffd8b1", "#000075", "#808080",
)  # fmt: skip


def in_class_order(project_id: int) -> Select[Label]:
    """The project's labels in class order: the i-th is class index ``i``.

    The one definition of the order (by label id, so it never changes as labels are added):
    YOLO's class ids, COCO's category ids (``i + 1``), a version's ``labels`` and the SDK's
    ``class_index`` all follow it.
    """
    return select(Label).where(Label.project_id == project_id).order_by(Label.id)


@dataclass(frozen=True)
class NewLabel:
    """A label to create; without a color it gets the palette's next one."""

    name: str
    color: str | None = None
    kind: str = "any"
    # Its declared attributes, stored form (annota_server.attributes.stored_specs).
    attributes: tuple[dict[str, Any], ...] = ()


def label_ids(db: Session, project_id: int) -> dict[str, int]:
    """The ids of a project's labels, by name."""
    rows = db.execute(select(Label.name, Label.id).where(Label.project_id == project_id))
    return {name: id for name, id in rows}


def declarations(db: Session, project_id: int) -> dict[str, list[dict[str, Any]]]:
    """The attributes each of a project's labels declares (stored form), by label name."""
    rows = db.execute(select(Label.name, Label.attributes).where(Label.project_id == project_id))
    return {name: specs or [] for name, specs in rows}


def create_labels(
    db: Session, project: Project, wanted: Iterable[NewLabel], existing: dict[str, int]
) -> int:
    """Create the labels of ``wanted`` whose names are not in ``existing``; return how many.

    ``existing`` holds the project's labels by name (:func:`label_ids`) and gains the new
    ones. Colors are lower-cased; the palette continues from the number of labels the
    project has, so labels created one by one and all at once get the same colors.
    """
    created: dict[str, Label] = {}
    for spec in wanted:
        if spec.name in existing or spec.name in created:
            continue
        color = spec.color or PALETTE[(len(existing) + len(created)) % len(PALETTE)]
        created[spec.name] = Label(
            project_id=project.id,
            workspace_id=project.workspace_id,
            name=spec.name,
            color=color.lower(),
            kind=spec.kind,
            attributes=list(spec.attributes),
        )
    db.add_all(created.values())
    db.flush()
    existing.update((name, label.id) for name, label in created.items())
    db.expire(project, ["labels"])
    return len(created)
