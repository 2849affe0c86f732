from __future__ import annotations

from enum import StrEnum

__all__ = ["UserSort"]


class UserSort(StrEnum):
    """A sort order for users.

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    DATE_JOINED = "date_joined"
    DATE_JOINED_DESC = "-date_joined"
    ID = "id"
    ID_DESC = "-id"
    USERNAME = "username"
    USERNAME_DESC = "-username"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> UserSort:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return _MEMBERS.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> UserSort | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


_MEMBERS: dict[str, UserSort] = {member.value: member for member in UserSort}
