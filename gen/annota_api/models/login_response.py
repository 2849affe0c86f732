from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["LoginResponse"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "token",
        "expires_at",
        "user",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "user",
    }
)


def _decode_user(src: Mapping[str, Any]) -> User:
    user = User.from_dict(src["user"])
    return user


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class LoginResponse(LazyModel):
    """A new session.

    Attributes:
        token (str): The session token; send it as `Authorization: Bearer <token>`.
        expires_at (datetime.datetime | None): When the session ends.
        user (User): A user account.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    token: str
    expires_at: datetime.datetime | None
    user: User
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "user": _decode_user,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this LoginResponse, unknown fields included."""
        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()

        else:
            expires_at = self.expires_at

        user = self.user.to_dict()
        field_dict: dict[str, Any] = {
            "token": self.token,
            "expires_at": expires_at,
            "user": user,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a LoginResponse from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.token = src["token"]
        _expires_at = src["expires_at"]
        expires_at: datetime.datetime | None
        if _expires_at is None:
            expires_at = None
        else:
            expires_at_type_0 = parse_datetime(_expires_at)

            expires_at = expires_at_type_0
        self.expires_at = expires_at
        return self


# Imported last: models may refer to each other.
from ..models.user import User
