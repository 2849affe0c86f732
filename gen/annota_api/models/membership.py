from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.membership_role import MembershipRole
from ..types import parse_datetime

__all__ = ["Membership"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "workspace",
        "user",
        "role",
        "joined_at",
    }
)


@_dataclass(slots=True, kw_only=True)
class Membership:
    """A user's membership of a workspace.

    Attributes:
        id (int): The membership's id.
        workspace (WorkspaceSummary): A workspace, briefly.
        user (BasicUser): A user, briefly.
        role (MembershipRole): A member's role: owners manage members, maintainers manage content,
            members write, viewers read.
        joined_at (datetime.datetime): When the user joined.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    workspace: WorkspaceSummary
    user: BasicUser
    role: MembershipRole
    joined_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Membership, unknown fields included."""
        workspace = self.workspace.to_dict()
        user = self.user.to_dict()
        role = str(self.role)

        joined_at = self.joined_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "workspace": workspace,
            "user": user,
            "role": role,
            "joined_at": joined_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Membership from its JSON form; unknown keys go to additional_properties."""
        workspace = WorkspaceSummary.from_dict(src["workspace"])

        user = BasicUser.from_dict(src["user"])

        role = MembershipRole.from_value(src["role"])

        joined_at = parse_datetime(src["joined_at"])

        additional_properties: dict[str, Any]
        if len(src) > 5:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            id=src["id"],
            workspace=workspace,
            user=user,
            role=role,
            joined_at=joined_at,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.workspace_summary import WorkspaceSummary
