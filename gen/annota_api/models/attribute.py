from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["Attribute"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "value",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Attribute(LazyModel):
    """One attribute of a shape, such as `color = black`. When the shape's label declares
    attributes (see AttributeSpec) the name must be one of them and the value fit its type.

    Attributes:
        name (str): The attribute's name.
        value (str): Its value, as text (`true`/`false` for a checkbox, a number such as `2.5`).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    value: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Attribute, unknown fields included."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "value": self.value,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Attribute from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.name = src["name"]
        self.value = src["value"]
        return self
