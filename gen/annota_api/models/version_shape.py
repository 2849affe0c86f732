from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.shape_kind import ShapeKind
from ..types import UNSET, LazyModel, Unset

__all__ = ["VersionShape"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "label",
        "kind",
        "points",
        "attributes",
        "occluded",
        "z_order",
        "source",
        "mask",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "attributes",
    }
)


def _decode_attributes(src: Mapping[str, Any]) -> list[Attribute]:
    attributes = [Attribute.from_dict(item) for item in src["attributes"]]
    return attributes


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
class VersionShape(LazyModel):
    """A shape as a version froze it.

    Attributes:
        label (int): The id of its label (see the manifest's labels).
        kind (ShapeKind): The geometry of a shape and what its `points` hold (pixels, as x, y
            pairs):
            `tag` none; `bbox` exactly `[x_min, y_min, x_max, y_max]`; `polygon` at least 3 points;
            `polyline` at least 2; `points` at least 1; `mask` none: its pixels are in `mask`.
        points (list[float]): Coordinates in pixels, as x, y pairs.
        attributes (list[Attribute]): The shape's attributes.
        occluded (bool): Whether the object is partly hidden.
        z_order (int): Drawing order; higher is on top.
        source (str): Where the shape came from.
        mask (Mask | None | Unset): A mask's pixels; null for other kinds.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    label: int
    kind: ShapeKind
    points: list[float]
    attributes: list[Attribute]
    occluded: bool
    z_order: int
    source: str
    mask: Mask | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "attributes": _decode_attributes,
        "mask": _decode_mask,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this VersionShape, unknown fields included."""
        kind = str(self.kind)

        points: list[float]
        points = self.points

        attributes: list[dict[str, Any]]
        attributes = []
        for attributes_item_data in self.attributes:
            attributes_item = attributes_item_data.to_dict()
            attributes.append(attributes_item)

        mask: dict[str, Any] | None | Unset
        if isinstance(self.mask, Unset):
            mask = UNSET
        elif isinstance(self.mask, Mask):
            mask = self.mask.to_dict()
        else:
            mask = self.mask

        field_dict: dict[str, Any] = {
            "label": self.label,
            "kind": kind,
            "points": points,
            "attributes": attributes,
            "occluded": self.occluded,
            "z_order": self.z_order,
            "source": self.source,
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
        """Build a VersionShape from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.label = src["label"]
        kind = ShapeKind._by_value.get(src["kind"]) or ShapeKind(src["kind"])
        self.kind = kind
        self.points = src["points"]
        self.occluded = src["occluded"]
        self.z_order = src["z_order"]
        self.source = src["source"]
        return self


# Imported last: models may refer to each other.
from ..models.attribute import Attribute
from ..models.mask import Mask
