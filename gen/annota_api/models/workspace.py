from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.membership_role import MembershipRole
from ..types import LazyModel, parse_datetime

__all__ = ["Workspace"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
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

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "owner",
    }
)


def _decode_owner(src: Mapping[str, Any]) -> BasicUser:
    owner = BasicUser.from_dict(src["owner"])
    return owner


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 10:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Workspace(LazyModel):
    """A workspace.

    Attributes:
        id (int): The workspace's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
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
    version: int
    slug: str
    name: str
    description: str
    is_personal: bool
    owner: BasicUser
    role: MembershipRole | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "owner": _decode_owner,
        "additional_properties": _decode_additional_properties,
    }

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
            "version": self.version,
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
        """Build a Workspace from its JSON form; unknown keys go to additional_properties.

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
        self.slug = src["slug"]
        self.name = src["name"]
        self.description = src["description"]
        self.is_personal = src["is_personal"]
        _role = src["role"]
        role: MembershipRole | None
        if _role is None:
            role = None
        else:
            role_type_1 = MembershipRole._by_value.get(_role) or MembershipRole(_role)

            role = role_type_1
        self.role = role
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
