from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["Agreement"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "iou",
        "asset_count",
        "reference",
        "annotated",
        "matched",
        "precision",
        "recall",
        "f1",
        "mean_iou",
        "labels",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "labels",
    }
)


def _decode_labels(src: Mapping[str, Any]) -> list[AgreementLabel]:
    labels = [AgreementLabel.from_dict(item) for item in src["labels"]]
    return labels


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 10:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Agreement(LazyModel):
    """How well one person's shapes match a reference, in all and per label.

    Attributes:
        iou (float): The IoU from which two shapes match.
        asset_count (int): How many assets were compared.
        reference (int): Shapes in the reference.
        annotated (int): Shapes of the person measured.
        matched (int): Pairs matched at `iou`.
        precision (float | None): matched / annotated; null when none.
        recall (float | None): matched / reference; null when none.
        f1 (float | None): 2 matched / (reference + annotated); null when both are 0.
        mean_iou (float | None): The matched pairs' mean IoU; null when none.
        labels (list[AgreementLabel]): The labels with shapes on either side, by id.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    iou: float
    asset_count: int
    reference: int
    annotated: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None
    mean_iou: float | None
    labels: list[AgreementLabel]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "labels": _decode_labels,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Agreement, unknown fields included."""
        precision: float | None
        precision = self.precision

        recall: float | None
        recall = self.recall

        f1: float | None
        f1 = self.f1

        mean_iou: float | None
        mean_iou = self.mean_iou

        labels: list[dict[str, Any]]
        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        field_dict: dict[str, Any] = {
            "iou": self.iou,
            "asset_count": self.asset_count,
            "reference": self.reference,
            "annotated": self.annotated,
            "matched": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "mean_iou": mean_iou,
            "labels": labels,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Agreement from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.iou = src["iou"]
        self.asset_count = src["asset_count"]
        self.reference = src["reference"]
        self.annotated = src["annotated"]
        self.matched = src["matched"]
        self.precision = src["precision"]
        self.recall = src["recall"]
        self.f1 = src["f1"]
        self.mean_iou = src["mean_iou"]
        return self


# Imported last: models may refer to each other.
from ..models.agreement_label import AgreementLabel
