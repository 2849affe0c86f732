from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.label_kind import LabelKind
from ..types import UNSET, LazyModel, Unset

__all__ = ["Label"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "project",
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
class Label(LazyModel):
    """A label of a project.

    Attributes:
        id (int): The label's id.
        version (int): The version every change bumps; the ETag is `"<id>-<version>"`, so a listed
            object is sent back with `If-Match` like a read one.
        project (int): The id of the project it belongs to.
        name (str): The label's name, unique in its project.
        color (str): Display color, `#rrggbb`.
        kind (LabelKind): Which shapes may carry the label; `any` allows all.
        attributes (list[AttributeSpec] | Unset): The attributes its shapes take (see
            AttributeSpec); empty: any. Servers before typed attributes leave it out.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    project: int
    name: str
    color: str
    kind: LabelKind
    attributes: list[AttributeSpec] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "attributes": _decode_attributes,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Label, unknown fields included."""
        kind = str(self.kind)

        attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "project": self.project,
            "name": self.name,
            "color": self.color,
            "kind": kind,
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
        """Build a Label from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.version = src["version"]
        self.project = src["project"]
        self.name = src["name"]
        self.color = src["color"]
        kind = LabelKind._by_value.get(src["kind"]) or LabelKind(src["kind"])
        self.kind = kind
        return self


# Imported last: models may refer to each other.
from ..models.attribute_spec import AttributeSpec
