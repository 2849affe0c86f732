from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["GroundTruthJob"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "task",
        "project",
        "assignee",
        "assets",
        "shape_count",
        "created_at",
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
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class GroundTruthJob(LazyModel):
    """A sample of a task's assets annotated apart by a trusted person.

    Attributes:
        id (int): The ground-truth job's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`.
        task (int): The id of its task.
        project (int): The id of its project.
        assignee (BasicUser | None): The trusted person who annotates it; null when none.
        assets (list[int]): The sampled assets' ids, by position.
        shape_count (int): How many shapes it has.
        created_at (datetime.datetime): When it was created.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    task: int
    project: int
    assignee: BasicUser | None
    assets: list[int]
    shape_count: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "assignee": _decode_assignee,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this GroundTruthJob, unknown fields included."""
        assignee: dict[str, Any] | None
        if isinstance(self.assignee, BasicUser):
            assignee = self.assignee.to_dict()
        else:
            assignee = self.assignee

        assets: list[int]
        assets = self.assets

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "task": self.task,
            "project": self.project,
            "assignee": assignee,
            "assets": assets,
            "shape_count": self.shape_count,
            "created_at": created_at,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a GroundTruthJob from its JSON form; unknown keys go to additional_properties.

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
        self.task = src["task"]
        self.project = src["project"]
        self.assets = src["assets"]
        self.shape_count = src["shape_count"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
