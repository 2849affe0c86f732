from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.health_status import HealthStatus
from ..types import UNSET, LazyModel, Unset

__all__ = ["DatabaseHealth"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "status",
        "backend",
        "latency_ms",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class DatabaseHealth(LazyModel):
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
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

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
        """Build a DatabaseHealth from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        status = HealthStatus._by_value.get(src["status"]) or HealthStatus(src["status"])
        self.status = status
        self.backend = src["backend"]
        self.latency_ms = src.get("latency_ms", UNSET)
        return self
