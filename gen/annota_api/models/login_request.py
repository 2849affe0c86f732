from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["LoginRequest", "LoginRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "username",
        "password",
        "otp",
    }
)


@_dataclass(slots=True, kw_only=True)
class LoginRequest:
    """Credentials to log in with.

    Attributes:
        username (str): The username.
        password (str): The password.
        otp (str | Unset): The current one-time code, when two-factor authentication is on.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    username: str
    password: str
    otp: str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "username",
        "password",
        "otp",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this LoginRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "username": self.username,
            "password": self.password,
        }
        if not isinstance(self.otp, Unset):
            field_dict["otp"] = self.otp
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a LoginRequest from its JSON form; unknown keys go to additional_properties."""
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
            otp=src.get("otp", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
LoginRequestDict = TypedDict(
    "LoginRequestDict",
    {
        "username": Required[str],
        "password": Required[str],
        "otp": str,
    },
    total=False,
)
"""LoginRequest as a plain dict (its JSON form), for type-checked dict arguments."""
