from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import parse_datetime

__all__ = ["User"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "is_admin",
        "is_active",
        "two_factor_enabled",
        "date_joined",
        "last_login",
    }
)


@_dataclass(slots=True, kw_only=True)
class User:
    """A user account.

    Attributes:
        id (int): The user's id.
        username (str): The unique username.
        email (str): The email address.
        first_name (str): Given name.
        last_name (str): Family name.
        is_admin (bool): True for site administrators.
        is_active (bool): False when the account is deactivated.
        two_factor_enabled (bool): True when login needs a one-time code.
        date_joined (datetime.datetime): When the account was created.
        last_login (datetime.datetime | None): When the user last logged in.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_admin: bool
    is_active: bool
    two_factor_enabled: bool
    date_joined: datetime.datetime
    last_login: datetime.datetime | None
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this User, unknown fields included."""
        date_joined = self.date_joined.isoformat()

        last_login: None | str
        if isinstance(self.last_login, datetime.datetime):
            last_login = self.last_login.isoformat()

        else:
            last_login = self.last_login

        field_dict: dict[str, Any] = {
            "id": self.id,
            "username": self.username,
            "email": self.email,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "is_admin": self.is_admin,
            "is_active": self.is_active,
            "two_factor_enabled": self.two_factor_enabled,
            "date_joined": date_joined,
            "last_login": last_login,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a User from its JSON form; unknown keys go to additional_properties."""
        date_joined = parse_datetime(src["date_joined"])

        _last_login = src["last_login"]
        last_login: datetime.datetime | None
        if _last_login is None:
            last_login = None
        else:
            last_login_type_0 = parse_datetime(_last_login)

            last_login = last_login_type_0

        additional_properties: dict[str, Any]
        if len(src) > 10:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            id=src["id"],
            username=src["username"],
            email=src["email"],
            first_name=src["first_name"],
            last_name=src["last_name"],
            is_admin=src["is_admin"],
            is_active=src["is_active"],
            two_factor_enabled=src["two_factor_enabled"],
            date_joined=date_joined,
            last_login=last_login,
            additional_properties=additional_properties,
        )
