from __future__ import annotations

from enum import StrEnum

__all__ = ["ShapeSource"]


class ShapeSource(StrEnum):
    """Whether a person drew the shape or an import brought it.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    IMPORTED = "imported"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> ShapeSource:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return _MEMBERS.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> ShapeSource | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


_MEMBERS: dict[str, ShapeSource] = {member.value: member for member in ShapeSource}
