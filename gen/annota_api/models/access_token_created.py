from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["AccessTokenCreated"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "token",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AccessTokenCreated(LazyModel):
    """A new personal access token, with its secret (shown this once).

    Attributes:
        id (int): The token's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        name (str): What the token is for.
        prefix (str): The first characters of the secret, to recognise it.
        created_at (datetime.datetime): When it was created.
        expires_at (datetime.datetime | None): When it stops working; never when null.
        last_used_at (datetime.datetime | None): When it last authenticated a request.
        token (str): The secret; send it as `Authorization: Bearer <token>`.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    name: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None
    last_used_at: datetime.datetime | None
    token: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AccessTokenCreated, unknown fields included."""
        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()

        else:
            expires_at = self.expires_at

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()

        else:
            last_used_at = self.last_used_at

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "prefix": self.prefix,
            "created_at": created_at,
            "expires_at": expires_at,
            "last_used_at": last_used_at,
            "token": self.token,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AccessTokenCreated from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        self.name = src["name"]
        self.prefix = src["prefix"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        _expires_at = src["expires_at"]
        expires_at: datetime.datetime | None
        if _expires_at is None:
            expires_at = None
        else:
            expires_at_type_0 = parse_datetime(_expires_at)

            expires_at = expires_at_type_0
        self.expires_at = expires_at
        _last_used_at = src["last_used_at"]
        last_used_at: datetime.datetime | None
        if _last_used_at is None:
            last_used_at = None
        else:
            last_used_at_type_0 = parse_datetime(_last_used_at)

            last_used_at = last_used_at_type_0
        self.last_used_at = last_used_at
        self.token = src["token"]
        return self
