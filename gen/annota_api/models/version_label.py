from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import UNSET, LazyModel, Unset

__all__ = ["VersionLabel"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "name",
        "color",
        "kind",
        "attributes",
    }
)


def _decode_attributes(src: Mapping[str, Any]) -> list[AttributeSpec] | Unset:
    _attributes = src.get("attributes", UNSET)
    attributes: list[AttributeSpec] | Unset
    if isinstance(_attributes, Unset):
        attributes = UNSET
    else:
        attributes = [AttributeSpec.from_dict(item) for item in _attributes]
    return attributes


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class VersionLabel(LazyModel):
    """A label as a version froze it.

    Attributes:
        id (int): The label's id in the project.
        name (str): Its name.
        color (str): Its colour, `#rrggbb`.
        kind (str): The shape kind it is for, or `any`.
        attributes (list[AttributeSpec] | Unset): The attributes it declared (see AttributeSpec);
            left out when none.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    name: str
    color: str
    kind: str
    attributes: list[AttributeSpec] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "attributes": _decode_attributes,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this VersionLabel, unknown fields included."""
        attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        field_dict: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "color": self.color,
            "kind": self.kind,
        }
        if not isinstance(attributes, Unset):
            field_dict["attributes"] = attributes
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a VersionLabel from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.name = src["name"]
        self.color = src["color"]
        self.kind = src["kind"]
        return self


# Imported last: models may refer to each other.
from ..models.attribute_spec import AttributeSpec
