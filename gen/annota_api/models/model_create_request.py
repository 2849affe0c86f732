from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from ..types import UNSET, Unset

__all__ = ["ModelCreateRequest", "ModelCreateRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "description",
    }
)


@_dataclass(slots=True, kw_only=True)
class ModelCreateRequest:
    """A model to register.

    Attributes:
        name (str): The model's name, unique in its workspace.
        description (str | Unset): What it is for. Default: ''.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    description: str | Unset = ""
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "name",
        "description",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelCreateRequest, unknown fields included."""
        field_dict: dict[str, Any] = {
            "name": self.name,
        }
        if not isinstance(self.description, Unset):
            field_dict["description"] = self.description
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelCreateRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            name=src["name"],
            description=src.get("description", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
ModelCreateRequestDict = TypedDict(
    "ModelCreateRequestDict",
    {
        "name": Required[str],
        "description": str,
    },
    total=False,
)
"""ModelCreateRequest as a plain dict (its JSON form), for type-checked dict arguments."""
