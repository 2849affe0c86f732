from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["AttributeType"]


class AttributeType(StrEnum):
    """How a label's attribute is filled in: `select` one of its `options`, `checkbox` `true`
    or `false`, `number` a finite number (within `min` and `max` when given), `text` any text.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    CHECKBOX = "checkbox"
    NUMBER = "number"
    SELECT = "select"
    TEXT = "text"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, AttributeType]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> AttributeType:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> AttributeType | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


AttributeType._by_value = {member.value: member for member in AttributeType}
