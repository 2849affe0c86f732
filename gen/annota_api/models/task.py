from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.task_status import TaskStatus
from ..types import LazyModel, parse_datetime

__all__ = ["Task"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "project",
        "name",
        "status",
        "assignee",
        "subset",
        "segment_size",
        "asset_count",
        "created_at",
        "updated_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "assignee",
    }
)


def _decode_assignee(src: Mapping[str, Any]) -> BasicUser | None:
    _assignee = src["assignee"]
    assignee: BasicUser | None
    if _assignee is None:
        assignee = None
    else:
        assignee_type_1 = BasicUser.from_dict(_assignee)

        assignee = assignee_type_1
    return assignee


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 11:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Task(LazyModel):
    """A task in a project.

    Attributes:
        id (int): The task's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        project (int): The id of the project it belongs to.
        name (str): The task's name.
        status (TaskStatus): Where a task stands.
        assignee (BasicUser | None): Who works on the task; null when nobody.
        subset (str): The dataset subset, for example `train`; empty for none.
        segment_size (int): How many consecutive assets each of its jobs covers.
        asset_count (int): How many assets it holds.
        created_at (datetime.datetime): When it was created.
        updated_at (datetime.datetime): When it last changed.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    project: int
    name: str
    status: TaskStatus
    assignee: BasicUser | None
    subset: str
    segment_size: int
    asset_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "assignee": _decode_assignee,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Task, unknown fields included."""
        status = str(self.status)

        assignee: dict[str, Any] | None
        if isinstance(self.assignee, BasicUser):
            assignee = self.assignee.to_dict()
        else:
            assignee = self.assignee

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "project": self.project,
            "name": self.name,
            "status": status,
            "assignee": assignee,
            "subset": self.subset,
            "segment_size": self.segment_size,
            "asset_count": self.asset_count,
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
        """Build a Task from its JSON form; unknown keys go to additional_properties.

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
        self.project = src["project"]
        self.name = src["name"]
        status = TaskStatus._by_value.get(src["status"]) or TaskStatus(src["status"])
        self.status = status
        self.subset = src["subset"]
        self.segment_size = src["segment_size"]
        self.asset_count = src["asset_count"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
