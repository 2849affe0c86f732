from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

__all__ = ["PasswordResetConfirmRequest", "PasswordResetConfirmRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "token",
        "new_password",
    }
)


@_dataclass(slots=True, kw_only=True)
class PasswordResetConfirmRequest:
    """A reset token from the mail, and the new password.

    Attributes:
        token (str): The token from the reset mail.
        new_password (str): The new password, at least 8 characters.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    token: str
    new_password: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "token",
        "new_password",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PasswordResetConfirmRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "token": self.token,
            "new_password": self.new_password,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PasswordResetConfirmRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            token=src["token"],
            new_password=src["new_password"],
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PasswordResetConfirmRequestDict = TypedDict(
    "PasswordResetConfirmRequestDict",
    {
        "token": Required[str],
        "new_password": Required[str],
    },
    total=False,
)
"""PasswordResetConfirmRequest as a plain dict (its JSON form), for type-checked dict arguments."""
