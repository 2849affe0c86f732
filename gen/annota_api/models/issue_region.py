from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.issue_region_kind import IssueRegionKind
from ..types import LazyModel

__all__ = ["IssueRegion"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "kind",
        "points",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class IssueRegion(LazyModel):
    """Where on the asset an issue is pinned, in the asset's pixels.

    Attributes:
        kind (IssueRegionKind): What an issue's region is: `point` (`points` is `[x, y]`) or `box`
            (`[x_min, y_min, x_max, y_max]`).
        points (list[float]): `[x, y]` for a point, `[x_min, y_min, x_max, y_max]` for a box.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    kind: IssueRegionKind
    points: list[float]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this IssueRegion, unknown fields included."""
        kind = str(self.kind)

        points: list[float]
        points = self.points

        field_dict: dict[str, Any] = {
            "kind": kind,
            "points": points,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a IssueRegion from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        kind = IssueRegionKind._by_value.get(src["kind"]) or IssueRegionKind(src["kind"])
        self.kind = kind
        self.points = src["points"]
        return self
