from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

__all__ = ["TwoFactorResetRequest", "TwoFactorResetRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "login",
        "password",
    }
)


@_dataclass(slots=True, kw_only=True)
class TwoFactorResetRequest:
    """The account whose two-factor to reset, and its password.

    Attributes:
        login (str): A username, or an e-mail address (letter case aside).
        password (str): The account's password.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    login: str
    password: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "login",
        "password",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this TwoFactorResetRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "login": self.login,
            "password": self.password,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a TwoFactorResetRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            login=src["login"],
            password=src["password"],
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
TwoFactorResetRequestDict = TypedDict(
    "TwoFactorResetRequestDict",
    {
        "login": Required[str],
        "password": Required[str],
    },
    total=False,
)
"""TwoFactorResetRequest as a plain dict (its JSON form), for type-checked dict arguments."""
