from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset, parse_datetime

__all__ = ["DatasetVersion"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "project",
        "name",
        "description",
        "created_at",
        "asset_count",
        "shape_count",
        "manifest_sha256",
        "created_by",
    }
)


def _decode_created_by(src: Mapping[str, Any]) -> BasicUser | None | Unset:
    _created_by = src.get("created_by", UNSET)
    created_by: BasicUser | None | Unset
    if _created_by is None:
        created_by = None
    elif isinstance(_created_by, Unset):
        created_by = UNSET
    else:
        created_by_type_1 = BasicUser.from_dict(_created_by)

        created_by = created_by_type_1
    return created_by


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class DatasetVersion(LazyModel):
    """A frozen dataset version of a project.

    Attributes:
        id (int): The version's id.
        project (int): The id of the project it was frozen from.
        name (str): The version's name.
        description (str): What it is for.
        created_at (datetime.datetime): When it was frozen.
        asset_count (int): How many assets it holds.
        shape_count (int): How many shapes it holds.
        manifest_sha256 (str): The SHA-256 of its manifest: names exactly which data it holds.
        created_by (BasicUser | None | Unset): Who created it; null when that user is gone.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    project: int
    name: str
    description: str
    created_at: datetime.datetime
    asset_count: int
    shape_count: int
    manifest_sha256: str
    created_by: BasicUser | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "created_by": _decode_created_by,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this DatasetVersion, unknown fields included."""
        created_at = self.created_at.isoformat()

        created_by: dict[str, Any] | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        elif isinstance(self.created_by, BasicUser):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        field_dict: dict[str, Any] = {
            "id": self.id,
            "project": self.project,
            "name": self.name,
            "description": self.description,
            "created_at": created_at,
            "asset_count": self.asset_count,
            "shape_count": self.shape_count,
            "manifest_sha256": self.manifest_sha256,
        }
        if not isinstance(created_by, Unset):
            field_dict["created_by"] = created_by
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a DatasetVersion from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.project = src["project"]
        self.name = src["name"]
        self.description = src["description"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        self.asset_count = src["asset_count"]
        self.shape_count = src["shape_count"]
        self.manifest_sha256 = src["manifest_sha256"]
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
