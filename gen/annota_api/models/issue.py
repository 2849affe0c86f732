from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["Issue"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "job",
        "task",
        "project",
        "asset",
        "shape",
        "region",
        "message",
        "author",
        "resolved",
        "resolved_by",
        "resolved_at",
        "comment_count",
        "created_at",
        "updated_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "region",
        "author",
        "resolved_by",
    }
)


def _decode_region(src: Mapping[str, Any]) -> IssueRegion | None:
    _region = src["region"]
    region: IssueRegion | None
    if _region is None:
        region = None
    else:
        region_type_1 = IssueRegion.from_dict(_region)

        region = region_type_1
    return region


def _decode_author(src: Mapping[str, Any]) -> BasicUser | None:
    _author = src["author"]
    author: BasicUser | None
    if _author is None:
        author = None
    else:
        author_type_1 = BasicUser.from_dict(_author)

        author = author_type_1
    return author


def _decode_resolved_by(src: Mapping[str, Any]) -> BasicUser | None:
    _resolved_by = src["resolved_by"]
    resolved_by: BasicUser | None
    if _resolved_by is None:
        resolved_by = None
    else:
        resolved_by_type_1 = BasicUser.from_dict(_resolved_by)

        resolved_by = resolved_by_type_1
    return resolved_by


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 16:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Issue(LazyModel):
    """A reviewer's remark pinned to a region or a shape of a job's asset.

    Attributes:
        id (int): The issue's id.
        version (int): The version every change bumps (resolving, reopening, a new comment); the
            ETag is `"<id>-<version>"`.
        job (int): The id of its job.
        task (int): The id of the job's task.
        project (int): The id of the task's project.
        asset (int): The id of the asset it is pinned to.
        shape (int | None): The id of the shape it is pinned to; null when none (or the shape was
            deleted).
        region (IssueRegion | None): Where it is pinned on the asset; null only for an issue on a
            tag.
        message (str): The message it was raised with.
        author (BasicUser | None): Who raised it; null when their account was deleted.
        resolved (bool): Whether it is resolved.
        resolved_by (BasicUser | None): Who resolved it last; null while open.
        resolved_at (datetime.datetime | None): When it was resolved; null while open.
        comment_count (int): How many comments answer it.
        created_at (datetime.datetime): When it was raised.
        updated_at (datetime.datetime): When it last changed (a comment, resolving, reopening).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    job: int
    task: int
    project: int
    asset: int
    shape: int | None
    region: IssueRegion | None
    message: str
    author: BasicUser | None
    resolved: bool
    resolved_by: BasicUser | None
    resolved_at: datetime.datetime | None
    comment_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "region": _decode_region,
        "author": _decode_author,
        "resolved_by": _decode_resolved_by,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Issue, unknown fields included."""
        shape: int | None
        shape = self.shape

        region: dict[str, Any] | None
        if isinstance(self.region, IssueRegion):
            region = self.region.to_dict()
        else:
            region = self.region

        author: dict[str, Any] | None
        if isinstance(self.author, BasicUser):
            author = self.author.to_dict()
        else:
            author = self.author

        resolved_by: dict[str, Any] | None
        if isinstance(self.resolved_by, BasicUser):
            resolved_by = self.resolved_by.to_dict()
        else:
            resolved_by = self.resolved_by

        resolved_at: None | str
        if isinstance(self.resolved_at, datetime.datetime):
            resolved_at = self.resolved_at.isoformat()

        else:
            resolved_at = self.resolved_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "job": self.job,
            "task": self.task,
            "project": self.project,
            "asset": self.asset,
            "shape": shape,
            "region": region,
            "message": self.message,
            "author": author,
            "resolved": self.resolved,
            "resolved_by": resolved_by,
            "resolved_at": resolved_at,
            "comment_count": self.comment_count,
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
        """Build a Issue from its JSON form; unknown keys go to additional_properties.

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
        self.job = src["job"]
        self.task = src["task"]
        self.project = src["project"]
        self.asset = src["asset"]
        self.shape = src["shape"]
        self.message = src["message"]
        self.resolved = src["resolved"]
        _resolved_at = src["resolved_at"]
        resolved_at: datetime.datetime | None
        if _resolved_at is None:
            resolved_at = None
        else:
            resolved_at_type_0 = parse_datetime(_resolved_at)

            resolved_at = resolved_at_type_0
        self.resolved_at = resolved_at
        self.comment_count = src["comment_count"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.issue_region import IssueRegion
