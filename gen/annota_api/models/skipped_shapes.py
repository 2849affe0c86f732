from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["SkippedShapes"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "kind",
        "label",
        "count",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class SkippedShapes(LazyModel):
    """How many shapes of one kind and label an export left out.

    Attributes:
        kind (str): The shape kind: `tag`, `bbox`, `polygon`, `polyline`, `points` or `mask`.
        label (str): The label's name.
        count (int): How many shapes were left out.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    kind: str
    label: str
    count: int
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this SkippedShapes, unknown fields included."""
        field_dict: dict[str, Any] = {
            "kind": self.kind,
            "label": self.label,
            "count": self.count,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a SkippedShapes from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.kind = src["kind"]
        self.label = src["label"]
        self.count = src["count"]
        return self
