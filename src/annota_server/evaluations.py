"""Evaluations: a model version's predictions against ground truth, as a worker operation.

The request is checked whole before anything is queued (:func:`check_request`); the operation
(:func:`evaluate`) then streams the ground truth's assets in id order, a batch at a time, reads
the batch's ground truth and predictions, and hands each asset to
:class:`~annota_server.detection_metrics.Evaluator`: no more than one batch's shapes is ever
held. The per-asset counts are written as they come, in the operation's final transaction
with the figures (an evaluation that fails or is cancelled leaves nothing behind).

Ground truth is either ``reviewed`` (people's shapes on the assets of accepted jobs) or a
dataset version of the project (its frozen shapes and assets).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from annota_server.access import ACCEPTED
from annota_server.datasets.base import DatasetError, OperationRun, Outcome
from annota_server.db.models import (
    Asset,
    DatasetVersion,
    Evaluation,
    EvaluationAsset,
    Job,
    Label,
    ModelVersion,
    Operation,
    Project,
    Shape,
    VersionAsset,
    VersionShape,
)
from annota_server.detection_metrics import (
    Box,
    Evaluator,
    Geometry,
    Prediction,
    Region,
    Truth,
)
from annota_server.problems import invalid

BATCH = 500
"""Assets read (with their shapes) at a time."""
REVIEWED = "reviewed"


@dataclass(frozen=True)
class Request:
    """An evaluation request, checked."""

    model_version: int
    ground_truth: str
    """``reviewed`` or a dataset version's id, as text."""
    iou: float
    kinds: tuple[str, ...]

    def as_options(self) -> dict[str, Any]:
        """The operation's options."""
        return {
            "model_version": self.model_version,
            "ground_truth": self.ground_truth,
            "iou": self.iou,
            "kinds": list(self.kinds),
        }

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Request:
        """The request an operation's options hold."""
        return cls(
            int(options["model_version"]),
            str(options["ground_truth"]),
            float(options["iou"]),
            tuple(options["kinds"]),
        )


# -- where the ground truth and the predictions are ----------------------------------------------


def _version_id(request: Request) -> int | None:
    return None if request.ground_truth == REVIEWED else int(request.ground_truth)


def _truth_assets(project_id: int, request: Request) -> Select[int, str, int | None, int | None]:
    """(asset id, name, width, height) of every ground-truth asset, by asset id."""
    version_id = _version_id(request)
    if version_id is None:
        return (
            select(Asset.id, Asset.name, Asset.width, Asset.height)
            .join(Job, Job.id == Asset.job_id)
            .where(
                Asset.project_id == project_id,
                Job.stage == ACCEPTED[0],
                Job.state == ACCEPTED[1],
            )
            .order_by(Asset.id)
        )
    return (
        select(VersionAsset.asset_id, VersionAsset.name, VersionAsset.width, VersionAsset.height)
        .where(VersionAsset.version_id == version_id)
        .order_by(VersionAsset.asset_id)
    )


def _truth_shapes(project_id: int, request: Request, asset_ids: Any) -> Select[Any]:
    """(id, asset id, label, kind, points, mask) of the ground truth on these assets."""
    version_id = _version_id(request)
    if version_id is None:
        return select(
            Shape.id, Shape.asset_id, Shape.label_id, Shape.kind, Shape.points, Shape.mask
        ).where(
            Shape.project_id == project_id,
            Shape.asset_id.in_(asset_ids),
            Shape.source != "model",
            Shape.kind.in_(request.kinds),
        )
    return (
        select(
            VersionShape.id,
            VersionAsset.asset_id,
            VersionShape.label_id,
            VersionShape.kind,
            VersionShape.points,
            VersionShape.mask,
        )
        .join(VersionAsset, VersionAsset.id == VersionShape.version_asset_id)
        .where(
            VersionShape.version_id == version_id,
            VersionAsset.asset_id.in_(asset_ids),
            VersionShape.kind.in_(request.kinds),
        )
    )


def _predictions(project_id: int, request: Request) -> Any:
    """The conditions that pick the model version's predictions of those kinds here."""
    return (
        Shape.project_id == project_id,
        Shape.model_version_id == request.model_version,
        Shape.source == "model",
        Shape.kind.in_(request.kinds),
    )


def _truth_labels(db: Session, project_id: int, request: Request) -> list[tuple[int, str]]:
    """The ground truth's labels (id, name), by id."""
    version_id = _version_id(request)
    if version_id is None:
        rows = db.execute(
            select(Label.id, Label.name).where(Label.project_id == project_id).order_by(Label.id)
        )
        return [(row.id, row.name) for row in rows]
    version = db.get(DatasetVersion, version_id)
    assert version is not None
    return sorted((label["id"], label["name"]) for label in version.frozen["labels"])


# -- before anything is queued -------------------------------------------------------------------


def check_request(db: Session, project: Project, body: dict[str, Any]) -> Request:
    """Check an evaluation request against what is stored; a 400 naming the field if wrong."""
    kinds = tuple(sorted(set(body.get("kinds") or ["bbox"])))
    if "bbox" in kinds and len(kinds) > 1:
        raise invalid(
            "kinds", "boxes are compared as boxes: evaluate them apart from polygons and masks"
        )
    ground_truth = body.get("ground_truth", REVIEWED)
    if ground_truth != REVIEWED:
        version = db.get(DatasetVersion, ground_truth) if 0 < ground_truth < 2**31 else None
        if version is None or version.project_id != project.id:
            raise invalid("ground_truth", f"no dataset version {ground_truth} in this project")
    model_version_id = body["predictions"]
    model_version = db.get(ModelVersion, model_version_id) if model_version_id < 2**31 else None
    if model_version is None or model_version.workspace_id != project.workspace_id:
        raise invalid(
            "predictions", f"no model version {model_version_id} in this project's workspace"
        )
    request = Request(model_version.id, str(ground_truth), float(body.get("iou", 0.5)), kinds)
    truth_assets = _truth_assets(project.id, request).subquery()
    asset_ids = select(truth_assets.c[0])
    if not db.scalar(select(func.count()).select_from(truth_assets)):
        what = "has no assets (no job is accepted)" if ground_truth == REVIEWED else "is empty"
        raise invalid("ground_truth", f"the ground truth {what}")
    truths = _truth_shapes(project.id, request, asset_ids).subquery()
    if not db.scalar(select(func.count()).select_from(truths)):
        raise invalid("ground_truth", f"the ground truth has no shapes of kinds {', '.join(kinds)}")
    predicted = db.scalar(
        select(func.count())
        .select_from(Shape)
        .where(*_predictions(project.id, request), Shape.asset_id.in_(asset_ids))
    )
    if not predicted:
        raise invalid(
            "predictions",
            f"model version {model_version_id} has no predictions of kinds {', '.join(kinds)} "
            "on the ground truth's assets",
        )
    known = {label_id for label_id, _ in _truth_labels(db, project.id, request)}
    used = set(
        db.scalars(select(Shape.label_id).where(*_predictions(project.id, request)).distinct())
    )
    if used - known:
        names = db.scalars(select(Label.name).where(Label.id.in_(sorted(used - known))))
        raise invalid(
            "predictions",
            f"its labels {', '.join(sorted(names))} are not labels of the ground truth",
        )
    return request


# -- the operation -------------------------------------------------------------------------------


def _geometry(kind: str, points: Sequence[float], mask: Any, height: int, width: int) -> Geometry:
    if kind == "bbox":
        return Box.from_corners(points)
    if kind == "mask":
        return Region.from_mask(mask)
    return Region.from_polygon(points, height, width)


def _batch(db: Session, project_id: int, request: Request, after: int) -> list[Any]:
    """The next ``BATCH`` ground-truth assets after asset id ``after`` (keyset, not offset)."""
    statement = _truth_assets(project_id, request)
    column = statement.selected_columns[0]
    return list(db.execute(statement.where(column > after).limit(BATCH)))


def _read(
    db: Session, project_id: int, request: Request, rows: Sequence[Any]
) -> tuple[dict[int, list[Truth]], dict[int, list[Prediction]]]:
    """The ground truth and the predictions on a batch of assets, by asset, in id order."""
    ids = [row[0] for row in rows]
    size = {row[0]: (row[3] or 0, row[2] or 0) for row in rows}
    truths: dict[int, list[Truth]] = {}
    shapes = _truth_shapes(project_id, request, ids)
    for shape in db.execute(shapes.order_by(shapes.selected_columns[0])):
        height, width = size[shape[1]]
        geometry = _geometry(shape.kind, shape.points, shape.mask, height, width)
        truths.setdefault(shape[1], []).append(Truth(shape[0], shape[2], geometry))
    predictions: dict[int, list[Prediction]] = {}
    statement = (
        select(
            Shape.id,
            Shape.asset_id,
            Shape.label_id,
            Shape.kind,
            Shape.points,
            Shape.mask,
            Shape.score,
        )
        .where(*_predictions(project_id, request), Shape.asset_id.in_(ids))
        .order_by(Shape.id)
    )
    for shape in db.execute(statement):
        height, width = size[shape.asset_id]
        geometry = _geometry(shape.kind, shape.points, shape.mask, height, width)
        score = 1.0 if shape.score is None else shape.score  # COCO needs one; unscored: sure
        predictions.setdefault(shape.asset_id, []).append(
            Prediction(shape.id, shape.label_id, score, geometry)
        )
    return truths, predictions


def evaluate(run: OperationRun) -> None:
    """Run an ``evaluation`` operation: stream the assets, then store the figures.

    Each batch is read in a short read transaction and its per-asset rows written in a short
    write transaction (so no lock is held for long and nothing grows with the asset count);
    the evaluation stays hidden (``complete`` false) until the last transaction, and goes
    again if anything fails.
    """
    request = Request.from_options(run.options)
    database = run.runtime.database
    with database.session(write=True) as db, db.begin():
        project = db.get(Project, run.project_id)
        operation = db.get(Operation, run.id)
        if project is None or operation is None:
            raise DatasetError("The project no longer exists.")
        total = int(
            db.scalar(
                select(func.count()).select_from(_truth_assets(project.id, request).subquery())
            )
            or 0
        )
        evaluator = Evaluator(_truth_labels(db, project.id, request), request.iou)
        model_version = db.get(ModelVersion, request.model_version)
        row = Evaluation(
            project_id=project.id,
            workspace_id=project.workspace_id,
            model_version_id=None if model_version is None else model_version.id,
            ground_truth=request.ground_truth,
            complete=False,
            iou=request.iou,
            kinds=list(request.kinds),
            results={},
            created_by_id=operation.created_by_id,
        )
        db.add(row)
        db.flush()
        evaluation_id = row.id
    try:
        _stream(run, request, evaluator, evaluation_id, total)
        run.step(0.95)
        figures = evaluator.results()
        with database.session(write=True) as db, db.begin():
            stored = db.get(Evaluation, evaluation_id)
            if stored is None:
                raise DatasetError("The project no longer exists.")
            stored.results, stored.asset_count = figures, evaluator.asset_count
            stored.complete = True
            ap = "n/a" if figures["ap"] is None else f"{figures['ap']:.3f}"
            run.finish(
                db,
                Outcome(
                    message=f"Evaluated {evaluator.asset_count} assets: AP {ap}.",
                    options={"evaluation": evaluation_id},
                ),
            )
    except BaseException:
        with database.session(write=True) as db, db.begin():
            db.execute(delete(Evaluation).where(Evaluation.id == evaluation_id))
        raise


def _stream(
    run: OperationRun, request: Request, evaluator: Evaluator, evaluation_id: int, total: int
) -> None:
    """Evaluate the assets a batch at a time, writing each batch's per-asset rows."""
    database = run.runtime.database
    after = 0
    while True:
        run.step(0.9 * evaluator.asset_count / max(1, total))
        with database.session(write=False) as db, db.begin():
            rows = _batch(db, run.project_id, request, after)
            if not rows:
                return
            truths, predictions = _read(db, run.project_id, request, rows)
        per_asset = []
        for asset in rows:
            outcome = evaluator.add(truths.get(asset[0], []), predictions.get(asset[0], []))
            per_asset.append(
                {
                    "evaluation_id": evaluation_id,
                    "asset_id": asset[0],
                    "name": asset[1],
                    "true_positives": outcome.true_positives,
                    "false_positives": outcome.false_positives,
                    "misses": outcome.misses,
                    "errors": outcome.false_positives + outcome.misses,
                    "shapes": {
                        "matched": outcome.matched,
                        "unmatched": outcome.unmatched,
                        "missed": outcome.missed,
                        "pairs": [list(pair) for pair in outcome.pairs],
                    },
                }
            )
        with database.session(write=True) as db, db.begin():
            db.execute(insert(EvaluationAsset), per_asset)
        after = rows[-1][0]
