from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["FieldError"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "field",
        "message",
    }
)


@_dataclass(slots=True, kw_only=True)
class FieldError:
    """Why one field of a request is invalid.

    Attributes:
        field (str): Where the field is: a body path such as `labels.0.color`, or a parameter name.
        message (str): Why the value was refused.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    field: str
    message: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this FieldError, unknown fields included."""
        field_dict: dict[str, Any] = {
            "field": self.field,
            "message": self.message,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a FieldError from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            field=src["field"],
            message=src["message"],
            additional_properties=additional_properties,
        )
