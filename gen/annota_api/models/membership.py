from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.membership_role import MembershipRole
from ..types import LazyModel, parse_datetime

__all__ = ["Membership"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "workspace",
        "user",
        "role",
        "joined_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "workspace",
        "user",
    }
)


def _decode_workspace(src: Mapping[str, Any]) -> WorkspaceSummary:
    workspace = WorkspaceSummary.from_dict(src["workspace"])
    return workspace


def _decode_user(src: Mapping[str, Any]) -> BasicUser:
    user = BasicUser.from_dict(src["user"])
    return user


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 6:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Membership(LazyModel):
    """A user's membership of a workspace.

    Attributes:
        id (int): The membership's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        workspace (WorkspaceSummary): A workspace, briefly.
        user (BasicUser): A user, briefly.
        role (MembershipRole): A member's role: owners manage members, maintainers manage content,
            members write, viewers read.
        joined_at (datetime.datetime): When the user joined.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    workspace: WorkspaceSummary
    user: BasicUser
    role: MembershipRole
    joined_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "workspace": _decode_workspace,
        "user": _decode_user,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Membership, unknown fields included."""
        workspace = self.workspace.to_dict()
        user = self.user.to_dict()
        role = str(self.role)

        joined_at = self.joined_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
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
        """Build a Membership from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        role = MembershipRole._by_value.get(src["role"]) or MembershipRole(src["role"])
        self.role = role
        joined_at = parse_datetime(src["joined_at"])
        self.joined_at = joined_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.workspace_summary import WorkspaceSummary
