from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset, parse_datetime

__all__ = ["Asset"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "task",
        "job",
        "project",
        "name",
        "media_type",
        "size",
        "sha256",
        "width",
        "height",
        "position",
        "created_at",
        "storage",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Asset(LazyModel):
    """A file of a task (an image, for now), with what the server measured of it.

    Attributes:
        id (int): The asset's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        task (int): The id of the task it belongs to.
        job (int): The id of the job whose range covers it.
        project (int): The id of the task's project.
        name (str): The file name it was uploaded with.
        media_type (str): The media type, for example `image/png`.
        size (int): Its size in bytes.
        sha256 (str): The SHA-256 of its content, in hex; for an object of a bucket storage
            (`storage`), the SHA-256 of its reference (storage, key and ETag), since its bytes are not
            read.
        width (int | None): Width in pixels (images), upright: EXIF orientation applied, so a photo
            stored 380x512 with orientation 6 is 512 wide. Shapes are drawn in this frame. Null
            otherwise.
        height (int | None): Height in pixels (images), upright; null otherwise.
        position (int): Its place in the task, from 0.
        created_at (datetime.datetime): When it was uploaded.
        storage (int | None | Unset): The bucket storage whose object it references (its content
            stays there); null for an uploaded or imported file.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    task: int
    job: int
    project: int
    name: str
    media_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    position: int
    created_at: datetime.datetime
    storage: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Asset, unknown fields included."""
        width: int | None
        width = self.width

        height: int | None
        height = self.height

        created_at = self.created_at.isoformat()

        storage: int | None | Unset
        if isinstance(self.storage, Unset):
            storage = UNSET
        else:
            storage = self.storage

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "task": self.task,
            "job": self.job,
            "project": self.project,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "width": width,
            "height": height,
            "position": self.position,
            "created_at": created_at,
        }
        if not isinstance(storage, Unset):
            field_dict["storage"] = storage
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Asset from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        self.task = src["task"]
        self.job = src["job"]
        self.project = src["project"]
        self.name = src["name"]
        self.media_type = src["media_type"]
        self.size = src["size"]
        self.sha256 = src["sha256"]
        self.width = src["width"]
        self.height = src["height"]
        self.position = src["position"]
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        self.storage = src.get("storage", UNSET)
        return self
