from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["UserCreateRequest", "UserCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "username",
        "password",
        "email",
        "first_name",
        "last_name",
        "is_admin",
    }
)


@_dataclass(slots=True, kw_only=True)
class UserCreateRequest:
    """A user account to create.

    Attributes:
        username (str): The unique username.
        password (str): The initial password, at least 8 characters.
        email (str | Unset): The email address.
        first_name (str | Unset): Given name.
        last_name (str | Unset): Family name.
        is_admin (bool | Unset): Make the user a site administrator.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    username: str
    password: str
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    is_admin: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "username",
        "password",
        "email",
        "first_name",
        "last_name",
        "is_admin",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this UserCreateRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "username": self.username,
            "password": self.password,
        }
        if not isinstance(self.email, Unset):
            field_dict["email"] = self.email
        if not isinstance(self.first_name, Unset):
            field_dict["first_name"] = self.first_name
        if not isinstance(self.last_name, Unset):
            field_dict["last_name"] = self.last_name
        if not isinstance(self.is_admin, Unset):
            field_dict["is_admin"] = self.is_admin
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a UserCreateRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            username=src["username"],
            password=src["password"],
            email=src.get("email", UNSET),
            first_name=src.get("first_name", UNSET),
            last_name=src.get("last_name", UNSET),
            is_admin=src.get("is_admin", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
UserCreateRequestDict = TypedDict(
    "UserCreateRequestDict",
    {
        "username": Required[str],
        "password": Required[str],
        "email": str,
        "first_name": str,
        "last_name": str,
        "is_admin": bool,
    },
    total=False,
)
"""UserCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
