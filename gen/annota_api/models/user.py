from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["User"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
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


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 11:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class User(LazyModel):
    """A user account.

    Attributes:
        id (int): The user's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
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
    version: int
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
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

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
            "version": self.version,
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
        """Build a User from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        self.username = src["username"]
        self.email = src["email"]
        self.first_name = src["first_name"]
        self.last_name = src["last_name"]
        self.is_admin = src["is_admin"]
        self.is_active = src["is_active"]
        self.two_factor_enabled = src["two_factor_enabled"]
        date_joined = parse_datetime(src["date_joined"])
        self.date_joined = date_joined
        _last_login = src["last_login"]
        last_login: datetime.datetime | None
        if _last_login is None:
            last_login = None
        else:
            last_login_type_0 = parse_datetime(_last_login)

            last_login = last_login_type_0
        self.last_login = last_login
        return self
