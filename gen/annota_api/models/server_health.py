from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.health_status import HealthStatus

__all__ = ["ServerHealth"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "status",
        "database",
    }
)


@_dataclass(slots=True, kw_only=True)
class ServerHealth:
    """The server's health.

    Attributes:
        status (HealthStatus): Whether a component works.
        database (DatabaseHealth): Whether the database answers.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    status: HealthStatus
    database: DatabaseHealth
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ServerHealth, unknown fields included."""
        status = str(self.status)

        database = self.database.to_dict()
        field_dict: dict[str, Any] = {
            "status": status,
            "database": database,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ServerHealth from its JSON form; unknown keys go to additional_properties."""
        status = HealthStatus.from_value(src["status"])

        database = DatabaseHealth.from_dict(src["database"])

        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            status=status,
            database=database,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.database_health import DatabaseHealth
