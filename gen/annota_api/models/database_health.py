from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.health_status import HealthStatus
from ..types import UNSET, Unset

__all__ = ["DatabaseHealth"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "status",
        "backend",
        "latency_ms",
    }
)


@_dataclass(slots=True, kw_only=True)
class DatabaseHealth:
    """Whether the database answers.

    Attributes:
        status (HealthStatus): Whether a component works.
        backend (str): The database engine: `sqlite` or `postgresql`.
        latency_ms (float | Unset): How long a trivial query took, in milliseconds.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    status: HealthStatus
    backend: str
    latency_ms: float | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this DatabaseHealth, unknown fields included."""
        status = str(self.status)

        field_dict: dict[str, Any] = {
            "status": status,
            "backend": self.backend,
        }
        if not isinstance(self.latency_ms, Unset):
            field_dict["latency_ms"] = self.latency_ms
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a DatabaseHealth from its JSON form; unknown keys go to additional_properties."""
        status = HealthStatus.from_value(src["status"])

        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            status=status,
            backend=src["backend"],
            latency_ms=src.get("latency_ms", UNSET),
            additional_properties=additional_properties,
        )
