from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["WebhookAttempt"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "attempted_at",
        "status_code",
        "duration_ms",
        "response",
        "error",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 5:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class WebhookAttempt(LazyModel):
    """One POST of a delivery.

    Attributes:
        attempted_at (datetime.datetime):
        status_code (int | None): The answer's status (null: no answer).
        duration_ms (int): How long the POST took.
        response (str): The first bytes of the answer's body (up to 1 KiB, as text).
        error (str): Why there was no usable answer (empty when there was one).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    attempted_at: datetime.datetime
    status_code: int | None
    duration_ms: int
    response: str
    error: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this WebhookAttempt, unknown fields included."""
        attempted_at = self.attempted_at.isoformat()

        status_code: int | None
        status_code = self.status_code

        field_dict: dict[str, Any] = {
            "attempted_at": attempted_at,
            "status_code": status_code,
            "duration_ms": self.duration_ms,
            "response": self.response,
            "error": self.error,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a WebhookAttempt from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        attempted_at = parse_datetime(src["attempted_at"])
        self.attempted_at = attempted_at
        self.status_code = src["status_code"]
        self.duration_ms = src["duration_ms"]
        self.response = src["response"]
        self.error = src["error"]
        return self
