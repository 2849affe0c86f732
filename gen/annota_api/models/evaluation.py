from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.evaluation_kind import EvaluationKind
from ..types import LazyModel, parse_datetime

__all__ = ["Evaluation"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "project",
        "model_version",
        "ground_truth",
        "iou",
        "kinds",
        "created_by",
        "created_at",
        "asset_count",
        "ap",
        "ap50",
        "ap75",
        "precision",
        "recall",
        "labels",
        "confusion",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "created_by",
        "labels",
        "confusion",
    }
)


def _decode_created_by(src: Mapping[str, Any]) -> BasicUser | None:
    _created_by = src["created_by"]
    created_by: BasicUser | None
    if _created_by is None:
        created_by = None
    else:
        created_by_type_1 = BasicUser.from_dict(_created_by)

        created_by = created_by_type_1
    return created_by


def _decode_labels(src: Mapping[str, Any]) -> list[EvaluationLabel]:
    labels = [EvaluationLabel.from_dict(item) for item in src["labels"]]
    return labels


def _decode_confusion(src: Mapping[str, Any]) -> ConfusionMatrix:
    confusion = ConfusionMatrix.from_dict(src["confusion"])
    return confusion


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 16:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Evaluation(LazyModel):
    """A model version's predictions compared with ground truth.

    Attributes:
        id (int): The evaluation's id.
        project (int): The id of its project.
        model_version (int | None): The id of the model version evaluated; null once it is deleted.
        ground_truth (str): `reviewed`, or the id of the dataset version, as text.
        iou (float): The IoU threshold of precision, recall, the matrix and the per-asset counts.
        kinds (list[EvaluationKind]): The shape kinds compared.
        created_by (BasicUser | None): Who started it; null when that user is gone.
        created_at (datetime.datetime): When it was stored.
        asset_count (int): How many ground-truth assets were evaluated.
        ap (float | None): COCO's AP at IoU 0.50:0.95 over the labels with ground truth (COCOeval's
            first figure).
        ap50 (float | None): AP at IoU 0.50.
        ap75 (float | None): AP at IoU 0.75.
        precision (float | None): Precision at `iou` over all labels.
        recall (float | None): Recall at `iou` over all labels.
        labels (list[EvaluationLabel]): The per-label figures, labels by id.
        confusion (ConfusionMatrix): Ground truth (rows) against predictions (columns) at `iou`,
            labels in `labels` order
            with `background` last: a prediction matches the best-overlapping ground truth of its
            own label first, else of any label; an unmatched prediction counts in the background
            row, an unmatched ground truth in the background column.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    project: int
    model_version: int | None
    ground_truth: str
    iou: float
    kinds: list[EvaluationKind]
    created_by: BasicUser | None
    created_at: datetime.datetime
    asset_count: int
    ap: float | None
    ap50: float | None
    ap75: float | None
    precision: float | None
    recall: float | None
    labels: list[EvaluationLabel]
    confusion: ConfusionMatrix
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "created_by": _decode_created_by,
        "labels": _decode_labels,
        "confusion": _decode_confusion,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Evaluation, unknown fields included."""
        model_version: int | None
        model_version = self.model_version

        kinds: list[str]
        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = str(kinds_item_data)

            kinds.append(kinds_item)

        created_by: dict[str, Any] | None
        if isinstance(self.created_by, BasicUser):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        ap: float | None
        ap = self.ap

        ap50: float | None
        ap50 = self.ap50

        ap75: float | None
        ap75 = self.ap75

        precision: float | None
        precision = self.precision

        recall: float | None
        recall = self.recall

        labels: list[dict[str, Any]]
        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        confusion = self.confusion.to_dict()
        field_dict: dict[str, Any] = {
            "id": self.id,
            "project": self.project,
            "model_version": model_version,
            "ground_truth": self.ground_truth,
            "iou": self.iou,
            "kinds": kinds,
            "created_by": created_by,
            "created_at": created_at,
            "asset_count": self.asset_count,
            "ap": ap,
            "ap50": ap50,
            "ap75": ap75,
            "precision": precision,
            "recall": recall,
            "labels": labels,
            "confusion": confusion,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Evaluation from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.project = src["project"]
        self.model_version = src["model_version"]
        self.ground_truth = src["ground_truth"]
        self.iou = src["iou"]
        kinds = [
            EvaluationKind._by_value.get(item) or EvaluationKind(item) for item in src["kinds"]
        ]
        self.kinds = kinds
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        self.asset_count = src["asset_count"]
        self.ap = src["ap"]
        self.ap50 = src["ap50"]
        self.ap75 = src["ap75"]
        self.precision = src["precision"]
        self.recall = src["recall"]
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.confusion_matrix import ConfusionMatrix
from ..models.evaluation_label import EvaluationLabel
