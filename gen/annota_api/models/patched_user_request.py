from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["PatchedUserRequest", "PatchedUserRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_admin",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedUserRequest:
    """Changes to a user account.

    Attributes:
        email (str | Unset): The email address.
        first_name (str | Unset): Given name.
        last_name (str | Unset): Family name.
        is_active (bool | Unset): Deactivate (false) or reactivate (true); administrators only.
        is_admin (bool | Unset): Grant or withdraw site administration; administrators only.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    is_active: bool | Unset = UNSET
    is_admin: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_admin",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedUserRequest, unknown fields included."""
        field_dict: dict[str, Any] = {}
        if not isinstance(self.email, Unset):
            field_dict["email"] = self.email
        if not isinstance(self.first_name, Unset):
            field_dict["first_name"] = self.first_name
        if not isinstance(self.last_name, Unset):
            field_dict["last_name"] = self.last_name
        if not isinstance(self.is_active, Unset):
            field_dict["is_active"] = self.is_active
        if not isinstance(self.is_admin, Unset):
            field_dict["is_admin"] = self.is_admin
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedUserRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            email=src.get("email", UNSET),
            first_name=src.get("first_name", UNSET),
            last_name=src.get("last_name", UNSET),
            is_active=src.get("is_active", UNSET),
            is_admin=src.get("is_admin", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedUserRequestDict = TypedDict(
    "PatchedUserRequestDict",
    {
        "email": str,
        "first_name": str,
        "last_name": str,
        "is_active": bool,
        "is_admin": bool,
    },
    total=False,
)
"""PatchedUserRequest as a plain dict (its JSON form), for type-checked dict arguments."""
