from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.project_status import ProjectStatus
from ..models.project_type import ProjectType
from ..types import LazyModel, parse_datetime

__all__ = ["Project"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "name",
        "description",
        "type",
        "status",
        "labels",
        "owner",
        "workspace",
        "created_at",
        "updated_at",
        "statistics",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "labels",
        "owner",
        "workspace",
        "statistics",
    }
)


def _decode_labels(src: Mapping[str, Any]) -> list[Label]:
    labels = [Label.from_dict(item) for item in src["labels"]]
    return labels


def _decode_owner(src: Mapping[str, Any]) -> BasicUser:
    owner = BasicUser.from_dict(src["owner"])
    return owner


def _decode_workspace(src: Mapping[str, Any]) -> WorkspaceSummary:
    workspace = WorkspaceSummary.from_dict(src["workspace"])
    return workspace


def _decode_statistics(src: Mapping[str, Any]) -> ProjectStatistics:
    statistics = ProjectStatistics.from_dict(src["statistics"])
    return statistics


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 12:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Project(LazyModel):
    """An annotation project.

    Attributes:
        id (int): The project's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        name (str): The project's name.
        description (str): What the project is about.
        type_ (ProjectType): What kind of annotation the project collects.
        status (ProjectStatus): Where the project stands.
        labels (list[Label]): The project's labels.
        owner (BasicUser): A user, briefly.
        workspace (WorkspaceSummary): A workspace, briefly.
        created_at (datetime.datetime): When it was created.
        updated_at (datetime.datetime): When it last changed.
        statistics (ProjectStatistics): Counts of what a project holds.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    name: str
    description: str
    type_: ProjectType
    status: ProjectStatus
    labels: list[Label]
    owner: BasicUser
    workspace: WorkspaceSummary
    created_at: datetime.datetime
    updated_at: datetime.datetime
    statistics: ProjectStatistics
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "labels": _decode_labels,
        "owner": _decode_owner,
        "workspace": _decode_workspace,
        "statistics": _decode_statistics,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Project, unknown fields included."""
        type_ = str(self.type_)

        status = str(self.status)

        labels: list[dict[str, Any]]
        labels = []
        for labels_item_data in self.labels:
            labels_item = labels_item_data.to_dict()
            labels.append(labels_item)

        owner = self.owner.to_dict()
        workspace = self.workspace.to_dict()
        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        statistics = self.statistics.to_dict()
        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "name": self.name,
            "description": self.description,
            "type": type_,
            "status": status,
            "labels": labels,
            "owner": owner,
            "workspace": workspace,
            "created_at": created_at,
            "updated_at": updated_at,
            "statistics": statistics,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Project from its JSON form; unknown keys go to additional_properties.

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
        self.name = src["name"]
        self.description = src["description"]
        type_ = ProjectType._by_value.get(src["type"]) or ProjectType(src["type"])
        self.type_ = type_
        status = ProjectStatus._by_value.get(src["status"]) or ProjectStatus(src["status"])
        self.status = status
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.label import Label
from ..models.project_statistics import ProjectStatistics
from ..models.workspace_summary import WorkspaceSummary
