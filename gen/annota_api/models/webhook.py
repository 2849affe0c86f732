from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel, parse_datetime

__all__ = ["Webhook"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "workspace",
        "project",
        "url",
        "description",
        "events",
        "is_active",
        "secret",
        "created_at",
        "updated_at",
        "version",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 11:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Webhook(LazyModel):
    """A URL the server sends events to.

    Attributes:
        id (int):
        workspace (int): The workspace whose events it is sent.
        project (int | None): Only this project's events (null: the whole workspace's).
        url (str): Where the events are posted.
        description (str):
        events (list[str]): The event kinds it is sent.
        is_active (bool): Whether anything is sent to it.
        secret (None | str): The signing secret: in the answer to the registration only, null
            everywhere else.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        version (int): Bumped by every change (the ETag).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    workspace: int
    project: int | None
    url: str
    description: str
    events: list[str]
    is_active: bool
    secret: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Webhook, unknown fields included."""
        project: int | None
        project = self.project

        events: list[str]
        events = self.events

        secret: None | str
        secret = self.secret

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {
            "id": self.id,
            "workspace": self.workspace,
            "project": project,
            "url": self.url,
            "description": self.description,
            "events": events,
            "is_active": self.is_active,
            "secret": secret,
            "created_at": created_at,
            "updated_at": updated_at,
            "version": self.version,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Webhook from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.workspace = src["workspace"]
        self.project = src["project"]
        self.url = src["url"]
        self.description = src["description"]
        self.events = src["events"]
        self.is_active = src["is_active"]
        self.secret = src["secret"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        updated_at = parse_datetime(src["updated_at"])
        self.updated_at = updated_at
        self.version = src["version"]
        return self
