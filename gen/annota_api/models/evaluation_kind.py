from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["EvaluationKind"]


class EvaluationKind(StrEnum):
    """A shape kind an evaluation compares; boxes cannot be mixed with polygons and masks.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    BBOX = "bbox"
    MASK = "mask"
    POLYGON = "polygon"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, EvaluationKind]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> EvaluationKind:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> EvaluationKind | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


EvaluationKind._by_value = {member.value: member for member in EvaluationKind}
