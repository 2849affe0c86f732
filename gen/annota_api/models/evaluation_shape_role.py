from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["EvaluationShapeRole"]


class EvaluationShapeRole(StrEnum):
    """The part a shape played on its asset: a `matched` or `false_positive` prediction, `truth`
    (matched ground truth) or `missed` ground truth.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    FALSE_POSITIVE = "false_positive"
    MATCHED = "matched"
    MISSED = "missed"
    TRUTH = "truth"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, EvaluationShapeRole]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> EvaluationShapeRole:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> EvaluationShapeRole | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


EvaluationShapeRole._by_value = {member.value: member for member in EvaluationShapeRole}
