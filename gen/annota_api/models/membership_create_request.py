from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.membership_role import MembershipRole

__all__ = ["MembershipCreateRequest", "MembershipCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "workspace",
        "user",
        "role",
    }
)


@_dataclass(slots=True, kw_only=True)
class MembershipCreateRequest:
    """A user to add to a workspace.

    Attributes:
        workspace (int): The workspace's id.
        user (int): The user's id.
        role (MembershipRole): A member's role: owners manage members, maintainers manage content,
            members write, viewers read.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    workspace: int
    user: int
    role: MembershipRole
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "workspace",
        "user",
        "role",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this MembershipCreateRequest, unknown fields included."""
        role = str(self.role)

        field_dict: dict[str, Any] = {
            "workspace": self.workspace,
            "user": self.user,
            "role": role,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a MembershipCreateRequest from its JSON form; unknown keys go to additional_properties."""
        role = MembershipRole._by_value.get(src["role"]) or MembershipRole(src["role"])

        additional_properties: dict[str, Any]
        if len(src) > 3:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            workspace=src["workspace"],
            user=src["user"],
            role=role,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
MembershipCreateRequestDict = TypedDict(
    "MembershipCreateRequestDict",
    {
        "workspace": Required[int],
        "user": Required[int],
        "role": Required[Literal["owner", "maintainer", "member", "viewer"]],
    },
    total=False,
)
"""MembershipCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
