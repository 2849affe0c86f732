from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["MembershipSort"]


class MembershipSort(StrEnum):
    """A sort order for memberships.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    ID = "id"
    ID_DESC = "-id"
    JOINED_AT = "joined_at"
    JOINED_AT_DESC = "-joined_at"
    ROLE = "role"
    ROLE_DESC = "-role"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, MembershipSort]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> MembershipSort:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> MembershipSort | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


MembershipSort._by_value = {member.value: member for member in MembershipSort}
