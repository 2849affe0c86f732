from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["EvaluationRequestGroundTruthType1"]


class EvaluationRequestGroundTruthType1(StrEnum):
    """Values of EvaluationRequestGroundTruthType1. An unknown value (from a newer server) is kept, not rejected."""

    REVIEWED = "reviewed"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, EvaluationRequestGroundTruthType1]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> EvaluationRequestGroundTruthType1:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> EvaluationRequestGroundTruthType1 | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


EvaluationRequestGroundTruthType1._by_value = {
    member.value: member for member in EvaluationRequestGroundTruthType1
}
