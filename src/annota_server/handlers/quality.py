"""Operations of the ``quality`` tag: ground-truth jobs, quality against them, agreement.

A ground-truth job samples a task's assets for a trusted person, whose shapes are kept in
``ground_truth_shapes`` (never among the task's). Quality and agreement are computed when
asked: a sample is at most 1,000 assets, read a batch at a time.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select
from starlette.responses import Response

from annota import rle
from annota_server import frame
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import Ctx
from annota_server.db.models import (
    Asset,
    GroundTruthJob,
    GroundTruthShape,
    Job,
    Label,
    Shape,
    Task,
)
from annota_server.detection_metrics import Agreement, Box, Drawn, Geometry, Region
from annota_server.handlers.common import get_authorized, member_or_invalid
from annota_server.listing import Listing, by_id
from annota_server.problems import FieldError, Problem, invalid
from annota_server.shapes import shape_problem, stored_mask

BATCH = 200
"""Sampled assets compared at a time."""


def _shape_counts(ctx: Ctx, ids: Sequence[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = ctx.db.execute(
        select(GroundTruthShape.job_id, func.count())
        .where(GroundTruthShape.job_id.in_(list(ids)))
        .group_by(GroundTruthShape.job_id)
    )
    return {job_id: int(count) for job_id, count in rows}


def _jobs(ctx: Ctx, rows: Sequence[GroundTruthJob]) -> list[dict[str, Any]]:
    counts = _shape_counts(ctx, [row.id for row in rows])
    return [
        {
            "id": row.id,
            "version": row.version,
            "task": row.task_id,
            "project": row.project_id,
            "assignee": ser.basic_user(row.assignee),
            "assets": list(row.assets),
            "shape_count": counts.get(row.id, 0),
            "created_at": ser.iso(row.created_at),
        }
        for row in rows
    ]


GROUND_TRUTH_JOBS = Listing(
    model=GroundTruthJob,
    serialize=_jobs,
    sorts={"id": GroundTruthJob.id},
    filters={"task": by_id(GroundTruthJob.task_id)},
)


def quality_list_ground_truth_jobs(ctx: Ctx, id: int, **query: Any) -> Response:
    """The task's ground-truth jobs."""
    get_authorized(ctx, Task, id, "task", Action.READ)
    return GROUND_TRUTH_JOBS.respond(ctx, {**query, "task": id})


def quality_create_ground_truth_job(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Sample the task's assets (at random, or those named) for a trusted person."""
    task = get_authorized(ctx, Task, id, "task", Action.WRITE)
    assignee = member_or_invalid(ctx, body.get("assignee"), task.workspace_id, "assignee")
    positions = dict(
        ctx.db.execute(select(Asset.id, Asset.position).where(Asset.task_id == task.id)).all()
    )
    named: list[int] | None = body.get("assets")
    if (named is None) == (body.get("size") is None):
        raise invalid("size", "give either size or assets")
    if named is not None:
        for index, asset_id in enumerate(named):
            if asset_id not in positions:
                raise invalid(f"assets.{index}", f"no asset {asset_id} in this task")
        chosen = list(named)
    else:
        if not positions:
            raise invalid("size", "the task has no assets")
        size = min(int(body["size"]), len(positions))
        chosen = random.Random(body.get("seed")).sample(sorted(positions), size)
    row = GroundTruthJob(
        task_id=task.id,
        project_id=task.project_id,
        workspace_id=task.workspace_id,
        assignee=assignee,
        assets=sorted(chosen, key=lambda asset_id: positions[asset_id]),
        created_at=ctx.now,
    )
    ctx.db.add(row)
    ctx.db.flush()
    return ctx.json(_jobs(ctx, [row])[0], status=201)


def quality_retrieve_ground_truth_job(ctx: Ctx, id: int) -> Response:
    """One ground-truth job."""
    row = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.READ)
    return ctx.json(_jobs(ctx, [row])[0])


def quality_destroy_ground_truth_job(ctx: Ctx, id: int) -> Response:
    """Delete a ground-truth job with its shapes."""
    row = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.WRITE)
    ctx.db.delete(row)
    ctx.db.flush()
    return ctx.no_content()


def _shapes_document(ctx: Ctx, job_id: int) -> dict[str, Any]:
    rows = ctx.db.scalars(
        select(GroundTruthShape)
        .where(GroundTruthShape.job_id == job_id)
        .order_by(GroundTruthShape.asset_id, GroundTruthShape.id)
    )
    return {
        "shapes": [
            {
                "id": row.id,
                "asset": row.asset_id,
                "label": row.label_id,
                "kind": row.kind,
                "points": list(row.points),
                "mask": row.mask,
            }
            for row in rows
        ]
    }


def quality_retrieve_ground_truth_shapes(ctx: Ctx, id: int) -> Response:
    """The ground-truth job's shapes."""
    row = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.READ)
    return ctx.json(_shapes_document(ctx, row.id))


def quality_set_ground_truth_shapes(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Replace the ground-truth job's shapes, all or nothing."""
    job = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.WRITE)
    sample = set(job.assets)
    labels = dict(
        ctx.db.execute(select(Label.id, Label.kind).where(Label.project_id == job.project_id)).all()
    )
    sizes = {
        row.id: (row.width, row.height)
        for row in ctx.db.execute(
            select(Asset.id, Asset.width, Asset.height).where(Asset.id.in_(sorted(sample)))
        )
    }
    errors: list[FieldError] = []
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(body["shapes"]):
        where, kind = f"shapes.{index}", item["kind"]
        if item["asset"] not in sizes:
            errors.append(FieldError(f"{where}.asset", f"no asset {item['asset']} in the sample"))
            continue
        if labels.get(item["label"]) not in ("any", kind):
            errors.append(
                FieldError(f"{where}.label", f"no label {item['label']} for {kind} shapes here")
            )
        points = item.get("points", [])
        problem = shape_problem(kind, points)
        width, height = sizes[item["asset"]]
        fitted = frame.fit(kind, points, width, height) if problem is None else problem
        if isinstance(fitted, str):
            errors.append(FieldError(f"{where}.points", fitted))
            continue
        mask = None
        if (kind == "mask") != (item.get("mask") is not None):
            errors.append(FieldError(f"{where}.mask", "a mask shape, and only one, has a mask"))
        elif kind == "mask":
            try:
                mask = stored_mask(item["mask"], width, height)
            except rle.RLEError as error:
                errors.append(FieldError(f"{where}.mask.{error.field}", error.message))
        rows.append(
            {
                "job_id": job.id,
                "asset_id": item["asset"],
                "label_id": item["label"],
                "kind": kind,
                "points": [] if kind == "mask" else fitted,
                "mask": mask,
            }
        )
    if errors:
        summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        raise Problem(400, f"Invalid shapes: {summary}", errors=errors)
    ctx.db.execute(delete(GroundTruthShape).where(GroundTruthShape.job_id == job.id))
    if rows:
        ctx.db.execute(insert(GroundTruthShape), rows)
    return ctx.json(_shapes_document(ctx, job.id))


# -- measuring ---------------------------------------------------------------------------------


def _drawn(kind: str, shape_id: int, label: int, points: Any, mask: Any, size: Any) -> Drawn | None:
    """A shape as compared; None for kinds that are not (polylines, points)."""
    geometry: Geometry | None
    if kind == "tag":
        geometry = None
    elif kind == "bbox":
        geometry = Box.from_corners(points)
    elif kind == "mask" and mask is not None:
        geometry = Region.from_mask(mask)
    elif kind == "polygon":
        width, height = size
        geometry = Region.from_polygon(points, height or 0, width or 0)
    else:
        return None
    return Drawn(shape_id, label, geometry)


def _reference(ctx: Ctx, job_id: int, assets: Sequence[int], sizes: Any) -> dict[int, list[Drawn]]:
    found: dict[int, list[Drawn]] = {}
    rows = ctx.db.execute(
        select(GroundTruthShape)
        .where(GroundTruthShape.job_id == job_id, GroundTruthShape.asset_id.in_(list(assets)))
        .order_by(GroundTruthShape.id)
    ).scalars()
    for row in rows:
        drawn = _drawn(row.kind, row.id, row.label_id, row.points, row.mask, sizes[row.asset_id])
        if drawn is not None:
            found.setdefault(row.asset_id, []).append(drawn)
    return found


def _batches(items: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _labels(ctx: Ctx, project_id: int) -> list[tuple[int, str]]:
    rows = ctx.db.execute(
        select(Label.id, Label.name).where(Label.project_id == project_id).order_by(Label.id)
    )
    return [(row.id, row.name) for row in rows]


def _threshold(iou: float | None) -> float:
    return 0.5 if iou is None else float(iou)


def quality_of_jobs(ctx: Ctx, id: int, iou: float | None = None, **_: Any) -> Response:
    """Each job (and annotator) covering sampled assets, against the ground truth."""
    job = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.READ)
    labels, threshold = _labels(ctx, job.project_id), _threshold(iou)
    per_job: dict[int, Agreement] = {}
    per_annotator: dict[int | None, Agreement] = {}
    assignees: dict[int, Any] = {}
    for batch in _batches(job.assets):
        assets = ctx.db.execute(
            select(Asset.id, Asset.job_id, Asset.width, Asset.height).where(Asset.id.in_(batch))
        ).all()
        sizes = {row.id: (row.width, row.height) for row in assets}
        reference = _reference(ctx, job.id, batch, sizes)
        theirs: dict[int, list[Drawn]] = {}
        rows = ctx.db.execute(
            select(Shape.id, Shape.asset_id, Shape.label_id, Shape.kind, Shape.points, Shape.mask)
            .where(Shape.asset_id.in_(batch), Shape.source != "model")
            .order_by(Shape.id)
        )
        for row in rows:
            drawn = _drawn(
                row.kind, row.id, row.label_id, row.points, row.mask, sizes[row.asset_id]
            )
            if drawn is not None:
                theirs.setdefault(row.asset_id, []).append(drawn)
        for job_row in ctx.db.scalars(select(Job).where(Job.id.in_({a.job_id for a in assets}))):
            assignees[job_row.id] = job_row.assignee
        for asset in assets:
            person = assignees[asset.job_id]
            key = None if person is None else person.id
            truth, answer = reference.get(asset.id, []), theirs.get(asset.id, [])
            per_job.setdefault(asset.job_id, Agreement(labels, threshold)).add(truth, answer)
            per_annotator.setdefault(key, Agreement(labels, threshold)).add(truth, answer)
    people = {user.id: user for user in assignees.values() if user is not None}
    return ctx.json(
        {
            "ground_truth_job": job.id,
            "iou": threshold,
            "jobs": [
                {
                    "job": job_id,
                    "assignee": ser.basic_user(assignees[job_id]),
                    "figures": per_job[job_id].results(),
                }
                for job_id in sorted(per_job)
            ],
            "annotators": [
                {
                    "annotator": ser.basic_user(None if key is None else people[key]),
                    "figures": per_annotator[key].results(),
                }
                for key in sorted(per_annotator, key=lambda k: (k is None, k or 0))
            ],
        }
    )


def quality_agreement(
    ctx: Ctx, id: int, other: int, iou: float | None = None, **_: Any
) -> Response:
    """Another person's ground-truth job against this one, over the assets both sampled."""
    job = get_authorized(ctx, GroundTruthJob, id, "ground-truth job", Action.READ)
    found = ctx.db.get(GroundTruthJob, other) if other < 2**31 else None
    if found is None or found.task_id != job.task_id:
        raise invalid("other", f"no ground-truth job {other} in this task")
    common = [asset_id for asset_id in job.assets if asset_id in set(found.assets)]
    agreement = Agreement(_labels(ctx, job.project_id), _threshold(iou))
    for batch in _batches(common):
        sizes = {
            row.id: (row.width, row.height)
            for row in ctx.db.execute(
                select(Asset.id, Asset.width, Asset.height).where(Asset.id.in_(batch))
            )
        }
        mine = _reference(ctx, job.id, batch, sizes)
        theirs = _reference(ctx, found.id, batch, sizes)
        for asset_id in batch:
            agreement.add(mine.get(asset_id, []), theirs.get(asset_id, []))
    return ctx.json(agreement.results())
