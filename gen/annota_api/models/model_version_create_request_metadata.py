from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["ModelVersionCreateRequestMetadata"]

_KNOWN_KEYS: frozenset[str] = frozenset({})


@_dataclass(slots=True, kw_only=True)
class ModelVersionCreateRequestMetadata:
    """Free JSON about it (framework, parameters, metrics); at most 64 KiB.

    Attributes:
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelVersionCreateRequestMetadata, unknown fields included."""
        field_dict: dict[str, Any] = {}
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelVersionCreateRequestMetadata from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        additional_properties = dict(src)
        return cls(
            additional_properties=additional_properties,
        )
