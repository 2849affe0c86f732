from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["AgreementLabel"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "label",
        "name",
        "reference",
        "annotated",
        "matched",
        "precision",
        "recall",
        "f1",
        "mean_iou",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 9:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AgreementLabel(LazyModel):
    """One label's agreement figures.

    Attributes:
        label (int): The label's id.
        name (str): The label's name.
        reference (int): Shapes in the reference (the ground truth).
        annotated (int): Shapes of the person measured.
        matched (int): Pairs matched at `iou`.
        precision (float | None): matched / annotated; null when none.
        recall (float | None): matched / reference; null when none.
        f1 (float | None): 2 matched / (reference + annotated); null when both are 0.
        mean_iou (float | None): The matched pairs' mean IoU (1 for tags); null when none.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    label: int
    name: str
    reference: int
    annotated: int
    matched: int
    precision: float | None
    recall: float | None
    f1: float | None
    mean_iou: float | None
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AgreementLabel, unknown fields included."""
        precision: float | None
        precision = self.precision

        recall: float | None
        recall = self.recall

        f1: float | None
        f1 = self.f1

        mean_iou: float | None
        mean_iou = self.mean_iou

        field_dict: dict[str, Any] = {
            "label": self.label,
            "name": self.name,
            "reference": self.reference,
            "annotated": self.annotated,
            "matched": self.matched,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "mean_iou": mean_iou,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AgreementLabel from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.label = src["label"]
        self.name = src["name"]
        self.reference = src["reference"]
        self.annotated = src["annotated"]
        self.matched = src["matched"]
        self.precision = src["precision"]
        self.recall = src["recall"]
        self.f1 = src["f1"]
        self.mean_iou = src["mean_iou"]
        return self
