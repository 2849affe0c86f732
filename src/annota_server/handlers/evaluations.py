"""Operations of the ``evaluations`` tag: model versions' predictions against ground truth."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from annota_server import evaluations
from annota_server import serializers as ser
from annota_server.access import Action
from annota_server.context import MAX_ID, Ctx
from annota_server.db.models import (
    Asset,
    Evaluation,
    EvaluationAsset,
    Project,
    Shape,
    VersionShape,
)
from annota_server.handlers.common import get_authorized, workspace_scope
from annota_server.handlers.projects import queue_operation
from annota_server.listing import Listing, by_id, exact
from annota_server.problems import not_found


def _document(row: Evaluation) -> dict[str, Any]:
    results = row.results or {}
    return {
        "id": row.id,
        "project": row.project_id,
        "model_version": row.model_version_id,
        "ground_truth": row.ground_truth,
        "iou": row.iou,
        "kinds": list(row.kinds),
        "created_by": ser.basic_user(row.created_by),
        "created_at": ser.iso(row.created_at),
        "asset_count": row.asset_count,
        "ap": results.get("ap"),
        "ap50": results.get("ap50"),
        "ap75": results.get("ap75"),
        "precision": results.get("precision"),
        "recall": results.get("recall"),
        "labels": results.get("labels", []),
        "confusion": results.get("confusion", {"labels": [], "matrix": []}),
    }


def _assets(ctx: Ctx, rows: Sequence[EvaluationAsset]) -> list[dict[str, Any]]:
    """The rows with where their assets are now (job and position), in one query."""
    ids = [row.asset_id for row in rows]
    live = {
        found.id: (found.job_id, found.position)
        for found in ctx.db.execute(
            select(Asset.id, Asset.job_id, Asset.position).where(Asset.id.in_(ids))
        )
    }
    return [_asset(row, *live.get(row.asset_id, (None, None))) for row in rows]


def _asset(row: EvaluationAsset, job: int | None, position: int | None) -> dict[str, Any]:
    shapes = row.shapes or {}
    return {
        "id": row.id,
        "asset": row.asset_id,
        "job": job,
        "position": position,
        "name": row.name,
        "true_positives": row.true_positives,
        "false_positives": row.false_positives,
        "misses": row.misses,
        "matched": shapes.get("matched", []),
        "unmatched": shapes.get("unmatched", []),
        "missed": shapes.get("missed", []),
        "pairs": shapes.get("pairs", []),
    }


EVALUATIONS = Listing(
    model=Evaluation,
    serialize=lambda ctx, rows: [_document(row) for row in rows],
    sorts={"id": Evaluation.id},
    filters={"project": by_id(Evaluation.project_id), "complete": exact(Evaluation.complete)},
    scope=workspace_scope(Evaluation.workspace_id),
)

EVALUATION_ASSETS = Listing(
    model=EvaluationAsset,
    serialize=_assets,
    sorts={"errors": EvaluationAsset.errors},
    filters={"evaluation": by_id(EvaluationAsset.evaluation_id)},
)


def _evaluation(ctx: Ctx, id: int, action: Action) -> Evaluation:
    row = get_authorized(ctx, Evaluation, id, "evaluation", action)
    if not row.complete:  # still being written by its operation
        raise not_found("evaluation")
    return row


def evaluations_of_project(ctx: Ctx, id: int, **query: Any) -> Response:
    """The project's evaluations, newest first."""
    get_authorized(ctx, Project, id, "project", Action.READ)
    return EVALUATIONS.respond(ctx, {**query, "project": id, "complete": True, "sort": "-id"})


def evaluations_create(ctx: Ctx, id: int, body: dict[str, Any]) -> Response:
    """Check the request against what is stored, then queue the evaluation."""
    project = get_authorized(ctx, Project, id, "project", Action.WRITE)
    request = evaluations.check_request(ctx.db, project, body)
    return queue_operation(ctx, project, "evaluation", "", options=request.as_options())


def evaluations_retrieve(ctx: Ctx, id: int) -> Response:
    """One evaluation with its figures."""
    return ctx.json(_document(_evaluation(ctx, id, Action.READ)))


def evaluations_destroy(ctx: Ctx, id: int) -> Response:
    """Delete an evaluation (its per-asset rows go with it)."""
    row = _evaluation(ctx, id, Action.WRITE)
    ctx.db.delete(row)
    ctx.db.flush()
    return ctx.no_content()


def evaluations_list_assets(ctx: Ctx, id: int, **query: Any) -> Response:
    """The evaluation's assets, most false positives and misses first."""
    row = _evaluation(ctx, id, Action.READ)
    return EVALUATION_ASSETS.respond(ctx, {**query, "evaluation": row.id, "sort": "-errors"})


def _shapes(model: type[Shape] | type[VersionShape], ids: Sequence[int]) -> Any:
    """The geometry of these shapes, by id (those that still exist)."""
    return (
        select(model.id, model.label_id, model.kind, model.points, model.mask)
        .where(model.id.in_(ids))
        .order_by(model.id)
    )


def evaluations_retrieve_asset(ctx: Ctx, id: int, asset: int) -> Response:
    """One evaluated asset with its predictions and ground truth, and the part each played."""
    evaluation = _evaluation(ctx, id, Action.READ)
    row = (
        ctx.db.scalars(
            select(EvaluationAsset).where(
                EvaluationAsset.evaluation_id == evaluation.id, EvaluationAsset.asset_id == asset
            )
        ).first()
        if asset <= MAX_ID  # beyond a database integer: no such asset
        else None
    )
    if row is None:
        raise not_found("evaluation asset")
    (document,) = _assets(ctx, [row])
    truth_of = {prediction: truth for prediction, truth in document["pairs"]}
    prediction_of = {truth: prediction for prediction, truth in document["pairs"]}
    false_positives = set(document["unmatched"])
    missed = set(document["missed"])
    predicted = sorted(set(document["matched"]) | false_positives)
    truths = sorted(set(prediction_of) | missed)
    shapes = []
    for shape in ctx.db.execute(
        _shapes(Shape, predicted)
        .where(Shape.project_id == evaluation.project_id)
        .add_columns(Shape.score)
    ):
        role = "false_positive" if shape.id in false_positives else "matched"
        shapes.append(_shape(shape, role, truth_of.get(shape.id), shape.score))
    if evaluation.ground_truth == "reviewed":
        truth_rows = ctx.db.execute(
            _shapes(Shape, truths).where(Shape.project_id == evaluation.project_id)
        )
    else:
        truth_rows = ctx.db.execute(
            _shapes(VersionShape, truths).where(
                VersionShape.version_id == int(evaluation.ground_truth)
            )
        )
    for shape in truth_rows:
        role = "missed" if shape.id in missed else "truth"
        shapes.append(_shape(shape, role, prediction_of.get(shape.id), None))
    return ctx.json({"evaluation": evaluation.id, "asset": document, "shapes": shapes})


def _shape(row: Any, role: str, match: int | None, score: float | None) -> dict[str, Any]:
    return {
        "id": row.id,
        "role": role,
        "label": row.label_id,
        "kind": row.kind,
        "points": list(row.points or []),
        "mask": row.mask,
        "score": score,
        "match": match,
    }
