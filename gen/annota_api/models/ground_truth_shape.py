from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.shape_kind import ShapeKind
from ..types import UNSET, LazyModel, Unset

__all__ = ["GroundTruthShape"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "asset",
        "label",
        "kind",
        "points",
        "mask",
    }
)


def _decode_mask(src: Mapping[str, Any]) -> Mask | None | Unset:
    _mask = src.get("mask", UNSET)
    mask: Mask | None | Unset
    if _mask is None:
        mask = None
    elif isinstance(_mask, Unset):
        mask = UNSET
    else:
        mask_type_1 = Mask.from_dict(_mask)

        mask = mask_type_1
    return mask


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class GroundTruthShape(LazyModel):
    """A shape of a ground-truth job.

    Attributes:
        id (int): The shape's id.
        asset (int): The id of its asset.
        label (int): The id of its label.
        kind (ShapeKind): The geometry of a shape and what its `points` hold (pixels, as x, y
            pairs):
            `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
            `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.
        points (list[float]): Coordinates in pixels, as x, y pairs (see ShapeKind).
        mask (Mask | None | Unset): A mask's pixels; null for other kinds.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    asset: int
    label: int
    kind: ShapeKind
    points: list[float]
    mask: Mask | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "mask": _decode_mask,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this GroundTruthShape, unknown fields included."""
        kind = str(self.kind)

        points: list[float]
        points = self.points

        mask: dict[str, Any] | None | Unset
        if isinstance(self.mask, Unset):
            mask = UNSET
        elif isinstance(self.mask, Mask):
            mask = self.mask.to_dict()
        else:
            mask = self.mask

        field_dict: dict[str, Any] = {
            "id": self.id,
            "asset": self.asset,
            "label": self.label,
            "kind": kind,
            "points": points,
        }
        if not isinstance(mask, Unset):
            field_dict["mask"] = mask
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a GroundTruthShape from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.asset = src["asset"]
        self.label = src["label"]
        kind = ShapeKind._by_value.get(src["kind"]) or ShapeKind(src["kind"])
        self.kind = kind
        self.points = src["points"]
        return self


# Imported last: models may refer to each other.
from ..models.mask import Mask
