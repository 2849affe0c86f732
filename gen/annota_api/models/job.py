from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.job_stage import JobStage
from ..models.job_state import JobState
from ..types import LazyModel, parse_datetime

__all__ = ["Job"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "task",
        "project",
        "assignee",
        "reviewer",
        "stage",
        "state",
        "start_position",
        "stop_position",
        "created_at",
        "updated_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "assignee",
        "reviewer",
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


def _decode_reviewer(src: Mapping[str, Any]) -> BasicUser | None:
    _reviewer = src["reviewer"]
    reviewer: BasicUser | None
    if _reviewer is None:
        reviewer = None
    else:
        reviewer_type_1 = BasicUser.from_dict(_reviewer)

        reviewer = reviewer_type_1
    return reviewer


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 12:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Job(LazyModel):
    """A unit of annotation work inside a task.

    Attributes:
        id (int): The job's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        task (int): The id of the task it belongs to.
        project (int): The id of the task's project.
        assignee (BasicUser | None): Who works on the job; null when nobody.
        reviewer (BasicUser | None): Who reviews the job (accepts it or sends it back); null when
            nobody is named (then the workspace's maintainers and owners review).
        stage (JobStage): Which step of the review a job is in.
        state (JobState): How far the job is within its stage.
        start_position (int): The position of the first asset it covers.
        stop_position (int): One past the position of its last asset (its assets are `start_position
            <= position < stop_position`).
        created_at (datetime.datetime): When it was created.
        updated_at (datetime.datetime): When it last changed.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    task: int
    project: int
    assignee: BasicUser | None
    reviewer: BasicUser | None
    stage: JobStage
    state: JobState
    start_position: int
    stop_position: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "assignee": _decode_assignee,
        "reviewer": _decode_reviewer,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Job, unknown fields included."""
        assignee: dict[str, Any] | None
        if isinstance(self.assignee, BasicUser):
            assignee = self.assignee.to_dict()
        else:
            assignee = self.assignee

        reviewer: dict[str, Any] | None
        if isinstance(self.reviewer, BasicUser):
            reviewer = self.reviewer.to_dict()
        else:
            reviewer = self.reviewer

        stage = str(self.stage)

        state = str(self.state)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "task": self.task,
            "project": self.project,
            "assignee": assignee,
            "reviewer": reviewer,
            "stage": stage,
            "state": state,
            "start_position": self.start_position,
            "stop_position": self.stop_position,
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
        """Build a Job from its JSON form; unknown keys go to additional_properties.

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
        stage = JobStage._by_value.get(src["stage"]) or JobStage(src["stage"])
        self.stage = stage
        state = JobState._by_value.get(src["state"]) or JobState(src["state"])
        self.state = state
        self.start_position = src["start_position"]
        self.stop_position = src["stop_position"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
