from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict

from ..models.membership_role import MembershipRole
from ..types import UNSET, Unset

__all__ = ["PatchedMembershipRequest", "PatchedMembershipRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "role",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedMembershipRequest:
    """A new role for a member.

    Attributes:
        role (MembershipRole | Unset): A member's role: owners manage members, maintainers manage
            content, members write, viewers read.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    role: MembershipRole | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("role",)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedMembershipRequest, unknown fields included."""
        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = str(self.role)

        field_dict: dict[str, Any] = {}
        if not isinstance(role, Unset):
            field_dict["role"] = role
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedMembershipRequest from its JSON form; unknown keys go to additional_properties."""
        _role = src.get("role", UNSET)
        role: MembershipRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = MembershipRole._by_value.get(_role) or MembershipRole(_role)

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            role=role,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedMembershipRequestDict = TypedDict(
    "PatchedMembershipRequestDict",
    {
        "role": Literal["owner", "maintainer", "member", "viewer"],
    },
    total=False,
)
"""PatchedMembershipRequest as a plain dict (its JSON form), for type-checked dict arguments."""
