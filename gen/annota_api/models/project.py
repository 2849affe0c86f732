from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.project_status import ProjectStatus
from ..models.project_type import ProjectType
from ..types import parse_datetime

__all__ = ["Project"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
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


@_dataclass(slots=True, kw_only=True)
class Project:
    """An annotation project.

    Attributes:
        id (int): The project's id.
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
        """Build a Project from its JSON form; unknown keys go to additional_properties."""
        type_ = ProjectType.from_value(src["type"])

        status = ProjectStatus.from_value(src["status"])

        labels = [Label.from_dict(item) for item in src["labels"]]

        owner = BasicUser.from_dict(src["owner"])

        workspace = WorkspaceSummary.from_dict(src["workspace"])

        created_at = parse_datetime(src["created_at"])

        updated_at = parse_datetime(src["updated_at"])

        statistics = ProjectStatistics.from_dict(src["statistics"])

        additional_properties: dict[str, Any]
        if len(src) > 11:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            id=src["id"],
            name=src["name"],
            description=src["description"],
            type_=type_,
            status=status,
            labels=labels,
            owner=owner,
            workspace=workspace,
            created_at=created_at,
            updated_at=updated_at,
            statistics=statistics,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.label import Label
from ..models.project_statistics import ProjectStatistics
from ..models.workspace_summary import WorkspaceSummary
