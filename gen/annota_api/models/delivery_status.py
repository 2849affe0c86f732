from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["DeliveryStatus"]


class DeliveryStatus(StrEnum):
    """`queued` (waiting for its turn or its next attempt), `delivering` (being sent),
    `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    DELIVERING = "delivering"
    FAILED = "failed"
    QUEUED = "queued"
    SUCCEEDED = "succeeded"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, DeliveryStatus]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> DeliveryStatus:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> DeliveryStatus | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


DeliveryStatus._by_value = {member.value: member for member in DeliveryStatus}
