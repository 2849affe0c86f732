from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["TwoFactorEnrollment"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "otpauth_uri",
        "secret",
    }
)


@_dataclass(slots=True, kw_only=True)
class TwoFactorEnrollment:
    """A TOTP secret waiting to be confirmed.

    Attributes:
        otpauth_uri (str): An `otpauth://` URI for an authenticator app.
        secret (str): The base32 secret inside the URI.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    otpauth_uri: str
    secret: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this TwoFactorEnrollment, unknown fields included."""
        field_dict: dict[str, Any] = {
            "otpauth_uri": self.otpauth_uri,
            "secret": self.secret,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a TwoFactorEnrollment from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            otpauth_uri=src["otpauth_uri"],
            secret=src["secret"],
            additional_properties=additional_properties,
        )
