from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["TwoFactorStatus"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "enabled",
    }
)


@_dataclass(slots=True, kw_only=True)
class TwoFactorStatus:
    """Whether two-factor authentication is on.

    Attributes:
        enabled (bool): True when login needs a one-time code.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    enabled: bool
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this TwoFactorStatus, unknown fields included."""
        field_dict: dict[str, Any] = {
            "enabled": self.enabled,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a TwoFactorStatus from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 1:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            enabled=src["enabled"],
            additional_properties=additional_properties,
        )
