from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["PasswordChangeRequest", "PasswordChangeRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "old_password",
        "new_password",
        "keep_tokens",
    }
)


@_dataclass(slots=True, kw_only=True)
class PasswordChangeRequest:
    """A password change.

    Attributes:
        old_password (str): The current password.
        new_password (str): The new password, at least 8 characters.
        keep_tokens (bool | Unset): Keep the caller's personal access tokens; by default every one
            is revoked. Default: False.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    old_password: str
    new_password: str
    keep_tokens: bool | Unset = False
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "old_password",
        "new_password",
        "keep_tokens",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PasswordChangeRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "old_password": self.old_password,
            "new_password": self.new_password,
        }
        if not isinstance(self.keep_tokens, Unset):
            field_dict["keep_tokens"] = self.keep_tokens
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PasswordChangeRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 2 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            old_password=src["old_password"],
            new_password=src["new_password"],
            keep_tokens=src.get("keep_tokens", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PasswordChangeRequestDict = TypedDict(
    "PasswordChangeRequestDict",
    {
        "old_password": Required[str],
        "new_password": Required[str],
        "keep_tokens": bool,
    },
    total=False,
)
"""PasswordChangeRequest as a plain dict (its JSON form), for type-checked dict arguments."""
