from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.membership_role import MembershipRole
from ..types import parse_datetime

__all__ = ["Workspace"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "slug",
        "name",
        "description",
        "is_personal",
        "owner",
        "role",
        "created_at",
        "updated_at",
    }
)


@_dataclass(slots=True, kw_only=True)
class Workspace:
    """A workspace.

    Attributes:
        id (int): The workspace's id.
        slug (str): The unique slug, used in `X-Workspace`.
        name (str): The display name.
        description (str): What the workspace is for.
        is_personal (bool): True for a user's personal workspace.
        owner (BasicUser): A user, briefly.
        role (MembershipRole | None): The caller's role here; null for a site administrator who is
            not a member.
        created_at (datetime.datetime): When it was created.
        updated_at (datetime.datetime): When it last changed.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    slug: str
    name: str
    description: str
    is_personal: bool
    owner: BasicUser
    role: MembershipRole | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Workspace, unknown fields included."""
        owner = self.owner.to_dict()
        role: None | str
        if isinstance(self.role, MembershipRole):
            role = str(self.role)

        else:
            role = self.role

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "is_personal": self.is_personal,
            "owner": owner,
            "role": role,
            "created_at": created_at,
            "updated_at": updated_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Workspace from its JSON form; unknown keys go to additional_properties."""
        owner = BasicUser.from_dict(src["owner"])

        _role = src["role"]
        role: MembershipRole | None
        if _role is None:
            role = None
        else:
            role_type_1 = MembershipRole.from_value(_role)

            role = role_type_1

        created_at = parse_datetime(src["created_at"])

        updated_at = parse_datetime(src["updated_at"])

        additional_properties: dict[str, Any]
        if len(src) > 9:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            id=src["id"],
            slug=src["slug"],
            name=src["name"],
            description=src["description"],
            is_personal=src["is_personal"],
            owner=owner,
            role=role,
            created_at=created_at,
            updated_at=updated_at,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
