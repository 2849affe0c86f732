from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["Event"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "kind",
        "created_at",
        "workspace",
        "project",
        "object_type",
        "object",
        "changes",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "object",
    }
)


def _decode_object_(src: Mapping[str, Any]) -> EventObject:
    object_ = EventObject.from_dict(src["object"])
    return object_


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 8:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Event(LazyModel):
    """One change, as the feed answers it and a webhook is sent it.

    Attributes:
        id (int | None): The event's id (null for a ping); the same in every delivery of it.
        kind (str): What happened (`task.updated`, ..., or `ping`).
        created_at (datetime.datetime):
        workspace (int): The workspace it happened in.
        project (int | None): The project it happened in.
        object_type (str): What `object` is: `project`, `task`, `job`, `asset`, `annotations` (a
            job's), `issue`, `version`, `operation`, `webhook` (a ping).
        object_ (EventObject): The object as it was after the change (before, for a deletion), with
            its `id`.
        changes (list[str]): The fields an update changed.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int | None
    kind: str
    created_at: datetime.datetime
    workspace: int
    project: int | None
    object_type: str
    object_: EventObject
    changes: list[str]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "object_": _decode_object_,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Event, unknown fields included."""
        id: int | None
        id = self.id

        created_at = self.created_at.isoformat()

        project: int | None
        project = self.project

        object_ = self.object_.to_dict()
        changes: list[str]
        changes = self.changes

        field_dict: dict[str, Any] = {
            "id": id,
            "kind": self.kind,
            "created_at": created_at,
            "workspace": self.workspace,
            "project": project,
            "object_type": self.object_type,
            "object": object_,
            "changes": changes,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Event from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.kind = src["kind"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        self.workspace = src["workspace"]
        self.project = src["project"]
        self.object_type = src["object_type"]
        self.changes = src["changes"]
        return self


# Imported last: models may refer to each other.
from ..models.event_object import EventObject
