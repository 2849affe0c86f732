from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.health_status import HealthStatus
from ..types import LazyModel

__all__ = ["ServerHealth"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "status",
        "database",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "database",
    }
)


def _decode_database(src: Mapping[str, Any]) -> DatabaseHealth:
    database = DatabaseHealth.from_dict(src["database"])
    return database


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 2:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class ServerHealth(LazyModel):
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
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "database": _decode_database,
        "additional_properties": _decode_additional_properties,
    }

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
        """Build a ServerHealth from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        status = HealthStatus._by_value.get(src["status"]) or HealthStatus(src["status"])
        self.status = status
        return self


# Imported last: models may refer to each other.
from ..models.database_health import DatabaseHealth
