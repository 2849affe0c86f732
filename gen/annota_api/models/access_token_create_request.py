from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset, parse_datetime

__all__ = ["AccessTokenCreateRequest", "AccessTokenCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "expires_at",
    }
)


@_dataclass(slots=True, kw_only=True)
class AccessTokenCreateRequest:
    """A personal access token to create.

    Attributes:
        name (str): What the token is for.
        expires_at (datetime.datetime | None | Unset): When it stops working; never when null or
            absent.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    expires_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "expires_at",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AccessTokenCreateRequest, unknown fields included."""
        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()

        else:
            expires_at = self.expires_at

        field_dict: dict[str, Any] = {
            "name": self.name,
        }
        if not isinstance(expires_at, Unset):
            field_dict["expires_at"] = expires_at
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AccessTokenCreateRequest from its JSON form; unknown keys go to additional_properties."""
        _expires_at = src.get("expires_at", UNSET)
        expires_at: datetime.datetime | None | Unset
        if _expires_at is None:
            expires_at = None
        elif isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at_type_0 = parse_datetime(_expires_at)

            expires_at = expires_at_type_0

        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src["name"],
            expires_at=expires_at,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
AccessTokenCreateRequestDict = TypedDict(
    "AccessTokenCreateRequestDict",
    {
        "name": Required[str],
        "expires_at": str | None,
    },
    total=False,
)
"""AccessTokenCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
