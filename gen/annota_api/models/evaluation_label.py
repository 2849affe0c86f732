from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["EvaluationLabel"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "label",
        "name",
        "ground_truth",
        "predictions",
        "true_positives",
        "false_positives",
        "misses",
        "precision",
        "recall",
        "ap",
        "ap50",
        "ap75",
        "pr_curve",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 13:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class EvaluationLabel(LazyModel):
    """One label's figures in an evaluation.

    Attributes:
        label (int): The label's id.
        name (str): The label's name.
        ground_truth (int): How many ground-truth shapes it has.
        predictions (int): How many predictions it has (at most 100 per asset).
        true_positives (int): Predictions matched at the evaluation's `iou`.
        false_positives (int): Predictions not matched at `iou`.
        misses (int): Ground-truth shapes not matched at `iou`.
        precision (float | None): true positives / predictions at `iou`; null without predictions.
        recall (float | None): true positives / ground truth at `iou`; null without ground truth.
        ap (float | None): COCO's AP at IoU 0.50:0.95; null without ground truth.
        ap50 (float | None): AP at IoU 0.50; null without ground truth.
        ap75 (float | None): AP at IoU 0.75; null without ground truth.
        pr_curve (list[float]): Interpolated precision at the recalls 0, 0.01, ..., 1 at `iou`
            (COCO's 101 points); empty without ground truth.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    label: int
    name: str
    ground_truth: int
    predictions: int
    true_positives: int
    false_positives: int
    misses: int
    precision: float | None
    recall: float | None
    ap: float | None
    ap50: float | None
    ap75: float | None
    pr_curve: list[float]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this EvaluationLabel, unknown fields included."""
        precision: float | None
        precision = self.precision

        recall: float | None
        recall = self.recall

        ap: float | None
        ap = self.ap

        ap50: float | None
        ap50 = self.ap50

        ap75: float | None
        ap75 = self.ap75

        pr_curve: list[float]
        pr_curve = self.pr_curve

        field_dict: dict[str, Any] = {
            "label": self.label,
            "name": self.name,
            "ground_truth": self.ground_truth,
            "predictions": self.predictions,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "misses": self.misses,
            "precision": precision,
            "recall": recall,
            "ap": ap,
            "ap50": ap50,
            "ap75": ap75,
            "pr_curve": pr_curve,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a EvaluationLabel from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.label = src["label"]
        self.name = src["name"]
        self.ground_truth = src["ground_truth"]
        self.predictions = src["predictions"]
        self.true_positives = src["true_positives"]
        self.false_positives = src["false_positives"]
        self.misses = src["misses"]
        self.precision = src["precision"]
        self.recall = src["recall"]
        self.ap = src["ap"]
        self.ap50 = src["ap50"]
        self.ap75 = src["ap75"]
        self.pr_curve = src["pr_curve"]
        return self
