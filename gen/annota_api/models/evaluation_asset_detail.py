from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["EvaluationAssetDetail"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "evaluation",
        "asset",
        "shapes",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "asset",
        "shapes",
    }
)


def _decode_asset(src: Mapping[str, Any]) -> EvaluationAsset:
    asset = EvaluationAsset.from_dict(src["asset"])
    return asset


def _decode_shapes(src: Mapping[str, Any]) -> list[EvaluationShape]:
    shapes = [EvaluationShape.from_dict(item) for item in src["shapes"]]
    return shapes


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class EvaluationAssetDetail(LazyModel):
    """One evaluated asset with its predictions and ground truth, to draw side by side.

    Attributes:
        evaluation (int): The evaluation's id.
        asset (EvaluationAsset): One asset's counts in an evaluation, at its `iou`.
        shapes (list[EvaluationShape]): Its predictions, then its ground truth, by id.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    evaluation: int
    asset: EvaluationAsset
    shapes: list[EvaluationShape]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "asset": _decode_asset,
        "shapes": _decode_shapes,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this EvaluationAssetDetail, unknown fields included."""
        asset = self.asset.to_dict()
        shapes: list[dict[str, Any]]
        shapes = []
        for shapes_item_data in self.shapes:
            shapes_item = shapes_item_data.to_dict()
            shapes.append(shapes_item)

        field_dict: dict[str, Any] = {
            "evaluation": self.evaluation,
            "asset": asset,
            "shapes": shapes,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a EvaluationAssetDetail from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.evaluation = src["evaluation"]
        return self


# Imported last: models may refer to each other.
from ..models.evaluation_asset import EvaluationAsset
from ..models.evaluation_shape import EvaluationShape
