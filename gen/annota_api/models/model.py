from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["Model"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "workspace",
        "name",
        "description",
        "created_by",
        "created_at",
        "version_count",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "created_by",
    }
)


def _decode_created_by(src: Mapping[str, Any]) -> BasicUser | None:
    _created_by = src["created_by"]
    created_by: BasicUser | None
    if _created_by is None:
        created_by = None
    else:
        created_by_type_1 = BasicUser.from_dict(_created_by)

        created_by = created_by_type_1
    return created_by


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Model(LazyModel):
    """A registered model of a workspace; its trained states are its versions.

    Attributes:
        id (int): The model's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`.
        workspace (int): The id of the workspace it belongs to.
        name (str): The model's name, unique in its workspace.
        description (str): What it is for.
        created_by (BasicUser | None): Who registered it; null when that user is gone.
        created_at (datetime.datetime): When it was registered.
        version_count (int): How many versions it has.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    workspace: int
    name: str
    description: str
    created_by: BasicUser | None
    created_at: datetime.datetime
    version_count: int
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "created_by": _decode_created_by,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Model, unknown fields included."""
        created_by: dict[str, Any] | None
        if isinstance(self.created_by, BasicUser):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "workspace": self.workspace,
            "name": self.name,
            "description": self.description,
            "created_by": created_by,
            "created_at": created_at,
            "version_count": self.version_count,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Model from its JSON form; unknown keys go to additional_properties.

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
        self.workspace = src["workspace"]
        self.name = src["name"]
        self.description = src["description"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        self.version_count = src["version_count"]
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
