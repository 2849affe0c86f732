from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["Mask"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "size",
        "counts",
        "bbox",
        "area",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 4:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Mask(LazyModel):
    """A mask as COCO keeps it: a run-length encoding (RLE) of the asset's pixels column by
    column, background first, its counts in COCO's compressed string form; with the box and
    area the server computed from the runs.

    Attributes:
        size (list[int]): `[height, width]`: the asset's size in pixels.
        counts (str): The run lengths, in COCO's compressed string form.
        bbox (list[int]): `[x_min, y_min, x_max, y_max]` around the mask, in pixel edges; zeros when
            empty.
        area (int): How many pixels the mask covers.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    size: list[int]
    counts: str
    bbox: list[int]
    area: int
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Mask, unknown fields included."""
        size: list[int]
        size = self.size

        bbox: list[int]
        bbox = self.bbox

        field_dict: dict[str, Any] = {
            "size": size,
            "counts": self.counts,
            "bbox": bbox,
            "area": self.area,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Mask from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.size = src["size"]
        self.counts = src["counts"]
        self.bbox = src["bbox"]
        self.area = src["area"]
        return self
