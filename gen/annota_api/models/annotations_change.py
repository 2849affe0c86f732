from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["AnnotationsChange"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "created",
        "updated",
        "deleted",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "created",
        "updated",
    }
)


def _decode_created(src: Mapping[str, Any]) -> list[Shape]:
    created = [Shape.from_dict(item) for item in src["created"]]
    return created


def _decode_updated(src: Mapping[str, Any]) -> list[Shape]:
    updated = [Shape.from_dict(item) for item in src["updated"]]
    return updated


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AnnotationsChange(LazyModel):
    """What a partial change did.

    Attributes:
        created (list[Shape]): The new shapes, in request order.
        updated (list[Shape]): The changed shapes, in request order.
        deleted (list[int]): The ids of the deleted shapes (those replaced by `replace_predictions`
            too).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    created: list[Shape]
    updated: list[Shape]
    deleted: list[int]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "created": _decode_created,
        "updated": _decode_updated,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AnnotationsChange, unknown fields included."""
        created: list[dict[str, Any]]
        created = []
        for created_item_data in self.created:
            created_item = created_item_data.to_dict()
            created.append(created_item)

        updated: list[dict[str, Any]]
        updated = []
        for updated_item_data in self.updated:
            updated_item = updated_item_data.to_dict()
            updated.append(updated_item)

        deleted: list[int]
        deleted = self.deleted

        field_dict: dict[str, Any] = {
            "created": created,
            "updated": updated,
            "deleted": deleted,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AnnotationsChange from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.deleted = src["deleted"]
        return self


# Imported last: models may refer to each other.
from ..models.shape import Shape
