from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["VersionAsset"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "task",
        "subset",
        "name",
        "media_type",
        "size",
        "sha256",
        "width",
        "height",
        "position",
        "shapes",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "shapes",
    }
)


def _decode_shapes(src: Mapping[str, Any]) -> list[VersionShape]:
    shapes = [VersionShape.from_dict(item) for item in src["shapes"]]
    return shapes


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 11:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class VersionAsset(LazyModel):
    """An asset as a version froze it, with its shapes.

    Attributes:
        id (int): The asset's id in the project.
        task (int): The id of its task (see the manifest's tasks).
        subset (str): Its task's subset.
        name (str): Its file name.
        media_type (str): Its media type.
        size (int): Its size in bytes.
        sha256 (str): The SHA-256 of its content (downloads by
            `/api/versions/{id}/content/{sha256}`).
        width (int | None): Its upright width in pixels (EXIF orientation applied), when known.
        height (int | None): Its upright height in pixels, when known.
        position (int): Its position in its task.
        shapes (list[VersionShape]): Its shapes in drawing order.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    task: int
    subset: str
    name: str
    media_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    position: int
    shapes: list[VersionShape]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "shapes": _decode_shapes,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this VersionAsset, unknown fields included."""
        width: int | None
        width = self.width

        height: int | None
        height = self.height

        shapes: list[dict[str, Any]]
        shapes = []
        for shapes_item_data in self.shapes:
            shapes_item = shapes_item_data.to_dict()
            shapes.append(shapes_item)

        field_dict: dict[str, Any] = {
            "id": self.id,
            "task": self.task,
            "subset": self.subset,
            "name": self.name,
            "media_type": self.media_type,
            "size": self.size,
            "sha256": self.sha256,
            "width": width,
            "height": height,
            "position": self.position,
            "shapes": shapes,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a VersionAsset from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.task = src["task"]
        self.subset = src["subset"]
        self.name = src["name"]
        self.media_type = src["media_type"]
        self.size = src["size"]
        self.sha256 = src["sha256"]
        self.width = src["width"]
        self.height = src["height"]
        self.position = src["position"]
        return self


# Imported last: models may refer to each other.
from ..models.version_shape import VersionShape
