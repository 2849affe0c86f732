from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset, parse_datetime

__all__ = ["Annotations"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "shapes",
        "next",
        "revision",
        "updated_by",
        "updated_at",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "shapes",
    }
)


def _decode_shapes(src: Mapping[str, Any]) -> list[Shape]:
    shapes = [Shape.from_dict(item) for item in src["shapes"]]
    return shapes


def _decode_updated_by(src: Mapping[str, Any]) -> BasicUser | None | Unset:
    _updated_by = src.get("updated_by", UNSET)
    updated_by: BasicUser | None | Unset
    if _updated_by is None:
        updated_by = None
    elif isinstance(_updated_by, Unset):
        updated_by = UNSET
    else:
        updated_by_type_1 = BasicUser.from_dict(_updated_by)

        updated_by = updated_by_type_1
    return updated_by


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class Annotations(LazyModel):
    """The annotations of a task or a job.

    Attributes:
        shapes (list[Shape]): The shapes, ordered by asset position, then id.
        next_ (None | str | Unset): With `assets_per_page`: the next page's URL, null on the last
            page. Absent when
            every shape came at once.
        revision (int | None | Unset): A job's annotation revision (0 before the first change),
            bumped by every write
            that touches the job's assets; null for a task's annotations.
        updated_by (BasicUser | None | Unset): Who last changed a job's annotations (null when
            never, by an import, or for a task).
        updated_at (datetime.datetime | None | Unset): When a job's annotations last changed (null
            when never, or for a task).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    shapes: list[Shape]
    next_: None | str | Unset = UNSET
    revision: int | None | Unset = UNSET
    updated_by: BasicUser | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "shapes": _decode_shapes,
        "updated_by": _decode_updated_by,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Annotations, unknown fields included."""
        shapes: list[dict[str, Any]]
        shapes = []
        for shapes_item_data in self.shapes:
            shapes_item = shapes_item_data.to_dict()
            shapes.append(shapes_item)

        next_: None | str | Unset
        if isinstance(self.next_, Unset):
            next_ = UNSET
        else:
            next_ = self.next_

        revision: int | None | Unset
        if isinstance(self.revision, Unset):
            revision = UNSET
        else:
            revision = self.revision

        updated_by: dict[str, Any] | None | Unset
        if isinstance(self.updated_by, Unset):
            updated_by = UNSET
        elif isinstance(self.updated_by, BasicUser):
            updated_by = self.updated_by.to_dict()
        else:
            updated_by = self.updated_by

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()

        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {
            "shapes": shapes,
        }
        if not isinstance(next_, Unset):
            field_dict["next"] = next_
        if not isinstance(revision, Unset):
            field_dict["revision"] = revision
        if not isinstance(updated_by, Unset):
            field_dict["updated_by"] = updated_by
        if not isinstance(updated_at, Unset):
            field_dict["updated_at"] = updated_at
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a Annotations from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.next_ = src.get("next", UNSET)
        self.revision = src.get("revision", UNSET)
        _updated_at = src.get("updated_at", UNSET)
        updated_at: datetime.datetime | None | Unset
        if _updated_at is None:
            updated_at = None
        elif isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at_type_0 = parse_datetime(_updated_at)

            updated_at = updated_at_type_0
        self.updated_at = updated_at
        return self


# Imported last: models may refer to each other.
from ..models.basic_user import BasicUser
from ..models.shape import Shape
