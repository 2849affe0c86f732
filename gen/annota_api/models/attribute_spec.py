from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.attribute_type import AttributeType
from ..types import UNSET, LazyModel, Unset

__all__ = ["AttributeSpec"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "type",
        "options",
        "min",
        "max",
        "default",
        "required",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class AttributeSpec(LazyModel):
    """An attribute a label declares. Shapes of a label that declares attributes may carry only
    those, each value fitting its type (as text: `true`/`false`, a number such as `2.5`);
    the server stores numbers and checkboxes in one form (`2.5`, `3`, `true`) and fills in
    the default of an attribute a shape leaves out (a checkbox's is `false`). A label that
    declares none takes any name and value, as before typed attributes.

    Attributes:
        name (str): The attribute's name, unique in its label.
        type_ (AttributeType): How a label's attribute is filled in: `select` one of its `options`,
            `checkbox` `true`
            or `false`, `number` a finite number (within `min` and `max` when given), `text` any text.
        options (list[str] | Unset): A `select`'s choices (at least one, no repeats); empty for the
            other types.
        min_ (float | None | Unset): A `number`'s least value; null for no bound (and for the other
            types).
        max_ (float | None | Unset): A `number`'s greatest value; null for no bound (and for the
            other types).
        default (None | str | Unset): The value a shape that leaves the attribute out gets, as text;
            null for none.
        required (bool | Unset): Whether every shape must have a value (a non-empty one for `text`);
            false when absent.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    type_: AttributeType
    options: list[str] | Unset = UNSET
    min_: float | None | Unset = UNSET
    max_: float | None | Unset = UNSET
    default: None | str | Unset = UNSET
    required: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AttributeSpec, unknown fields included."""
        type_ = str(self.type_)

        options: list[str] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = self.options

        min_: float | None | Unset
        if isinstance(self.min_, Unset):
            min_ = UNSET
        else:
            min_ = self.min_

        max_: float | None | Unset
        if isinstance(self.max_, Unset):
            max_ = UNSET
        else:
            max_ = self.max_

        default: None | str | Unset
        if isinstance(self.default, Unset):
            default = UNSET
        else:
            default = self.default

        field_dict: dict[str, Any] = {
            "name": self.name,
            "type": type_,
        }
        if not isinstance(options, Unset):
            field_dict["options"] = options
        if not isinstance(min_, Unset):
            field_dict["min"] = min_
        if not isinstance(max_, Unset):
            field_dict["max"] = max_
        if not isinstance(default, Unset):
            field_dict["default"] = default
        if not isinstance(self.required, Unset):
            field_dict["required"] = self.required
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a AttributeSpec from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.name = src["name"]
        type_ = AttributeType._by_value.get(src["type"]) or AttributeType(src["type"])
        self.type_ = type_
        self.options = src.get("options", UNSET)
        self.min_ = src.get("min", UNSET)
        self.max_ = src.get("max", UNSET)
        self.default = src.get("default", UNSET)
        self.required = src.get("required", UNSET)
        return self
