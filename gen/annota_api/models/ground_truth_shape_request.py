from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.shape_kind import ShapeKind
from ..types import UNSET, Unset

__all__ = ["GroundTruthShapeRequest", "GroundTruthShapeRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "asset",
        "label",
        "kind",
        "points",
        "mask",
    }
)


@_dataclass(slots=True, kw_only=True)
class GroundTruthShapeRequest:
    """A shape of a ground-truth job to store.

    Attributes:
        asset (int): The id of an asset of the job's sample.
        label (int): The id of a label of the project.
        kind (ShapeKind): The geometry of a shape and what its `points` hold (pixels, as x, y
            pairs):
            `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
            `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.
        points (list[float] | Unset): Coordinates in pixels, finite numbers (see ShapeKind); empty
            for a tag or a mask.
        mask (MaskRequest | Unset): A mask to store, as COCO RLE: `size` must be the asset's
            `[height, width]` and the
            counts must add up to height x width. Counts may be COCO's compressed string or a list
            of integers; the server keeps the compressed string.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    asset: int
    label: int
    kind: ShapeKind
    points: list[float] | Unset = UNSET
    mask: MaskRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "asset",
        "label",
        "kind",
        "points",
        "mask",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this GroundTruthShapeRequest, unknown fields included."""
        kind = str(self.kind)

        points: list[float] | Unset = UNSET
        if not isinstance(self.points, Unset):
            points = self.points

        mask: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mask, Unset):
            mask = self.mask.to_dict()
        field_dict: dict[str, Any] = {
            "asset": self.asset,
            "label": self.label,
            "kind": kind,
        }
        if not isinstance(points, Unset):
            field_dict["points"] = points
        if not isinstance(mask, Unset):
            field_dict["mask"] = mask
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a GroundTruthShapeRequest from its JSON form; unknown keys go to additional_properties."""
        kind = ShapeKind._by_value.get(src["kind"]) or ShapeKind(src["kind"])

        points = src.get("points", UNSET)

        _mask = src.get("mask", UNSET)
        mask: MaskRequest | Unset
        if isinstance(_mask, Unset):
            mask = UNSET
        else:
            mask = MaskRequest.from_dict(_mask)

        additional_properties: dict[str, Any]
        if len(src) > 3 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            asset=src["asset"],
            label=src["label"],
            kind=kind,
            points=points,
            mask=mask,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.mask_request import MaskRequest, MaskRequestDict

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
GroundTruthShapeRequestDict = TypedDict(
    "GroundTruthShapeRequestDict",
    {
        "asset": Required[int],
        "label": Required[int],
        "kind": Required[Literal["tag", "bbox", "polygon", "polyline", "points", "mask"]],
        "points": list[float],
        "mask": MaskRequestDict,
    },
    total=False,
)
"""GroundTruthShapeRequest as a plain dict (its JSON form), for type-checked dict arguments."""
