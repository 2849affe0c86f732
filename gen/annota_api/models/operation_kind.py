from __future__ import annotations

from enum import StrEnum

__all__ = ["OperationKind"]


class OperationKind(StrEnum):
    """What a long-running operation does.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    EXPORT = "export"
    IMPORT = "import"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> OperationKind:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return _MEMBERS.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> OperationKind | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


_MEMBERS: dict[str, OperationKind] = {member.value: member for member in OperationKind}
