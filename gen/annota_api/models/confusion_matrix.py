from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["ConfusionMatrix"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "labels",
        "matrix",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class ConfusionMatrix(LazyModel):
    """Ground truth (rows) against predictions (columns) at `iou`, labels in `labels` order
    with `background` last: a prediction matches the best-overlapping ground truth of its
    own label first, else of any label; an unmatched prediction counts in the background
    row, an unmatched ground truth in the background column.

    Attributes:
        labels (list[str]): The rows' and columns' names, `background` last.
        matrix (list[list[int]]): `matrix[i][j]`: ground truth `labels[i]` predicted as `labels[j]`.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    labels: list[str]
    matrix: list[list[int]]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ConfusionMatrix, unknown fields included."""
        labels: list[str]
        labels = self.labels

        matrix: list[list[int]]
        matrix = []
        for matrix_item_data in self.matrix:
            matrix_item: list[int]
            matrix_item = matrix_item_data

            matrix.append(matrix_item)

        field_dict: dict[str, Any] = {
            "labels": labels,
            "matrix": matrix,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ConfusionMatrix from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.labels = src["labels"]
        matrix: list[list[int]]
        matrix = []
        for matrix_item_data in src["matrix"]:
            matrix_item = matrix_item_data

            matrix.append(matrix_item)
        self.matrix = matrix
        return self
