from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import TypedDict

from ..models.label_kind import LabelKind
from ..types import UNSET, Unset

__all__ = ["PatchedLabelRequest", "PatchedLabelRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "color",
        "kind",
        "attributes",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedLabelRequest:
    """Changes to a label.

    Attributes:
        name (str | Unset): The label's name, unique in its project.
        color (str | Unset): Display color, `#rrggbb`.
        kind (LabelKind | Unset): Which shapes may carry the label; `any` allows all.
        attributes (list[AttributeSpec] | Unset): The attributes its shapes take (replaces them all;
            shapes already saved are not checked again).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str | Unset = UNSET
    color: str | Unset = UNSET
    kind: LabelKind | Unset = UNSET
    attributes: list[AttributeSpec] | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "color",
        "kind",
        "attributes",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedLabelRequest, unknown fields included."""
        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = str(self.kind)

        attributes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = []
            for attributes_item_data in self.attributes:
                attributes_item = attributes_item_data.to_dict()
                attributes.append(attributes_item)

        field_dict: dict[str, Any] = {}
        if not isinstance(self.name, Unset):
            field_dict["name"] = self.name
        if not isinstance(self.color, Unset):
            field_dict["color"] = self.color
        if not isinstance(kind, Unset):
            field_dict["kind"] = kind
        if not isinstance(attributes, Unset):
            field_dict["attributes"] = attributes
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedLabelRequest from its JSON form; unknown keys go to additional_properties."""
        _kind = src.get("kind", UNSET)
        kind: LabelKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = LabelKind._by_value.get(_kind) or LabelKind(_kind)

        _attributes = src.get("attributes", UNSET)
        attributes: list[AttributeSpec] | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = [AttributeSpec.from_dict(item) for item in _attributes]

        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src.get("name", UNSET),
            color=src.get("color", UNSET),
            kind=kind,
            attributes=attributes,
            additional_properties=additional_properties,
        )


# Imported last: models may refer to each other.
from ..models.attribute_spec import AttributeSpec

# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedLabelRequestDict = TypedDict(
    "PatchedLabelRequestDict",
    {
        "name": str,
        "color": str,
        "kind": Literal["any", "tag", "bbox", "polygon", "polyline", "points", "mask"],
        "attributes": list[dict[str, Any]],
    },
    total=False,
)
"""PatchedLabelRequest as a plain dict (its JSON form), for type-checked dict arguments."""
