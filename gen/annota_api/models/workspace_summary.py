from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

__all__ = ["WorkspaceSummary"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "slug",
        "name",
    }
)


@_dataclass(slots=True, kw_only=True)
class WorkspaceSummary:
    """A workspace, briefly.

    Attributes:
        id (int): The workspace's id.
        slug (str): The workspace's unique slug.
        name (str): The workspace's name.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    slug: str
    name: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this WorkspaceSummary, unknown fields included."""
        field_dict: dict[str, Any] = {
            "id": self.id,
            "slug": self.slug,
            "name": self.name,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a WorkspaceSummary from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 3:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            id=src["id"],
            slug=src["slug"],
            name=src["name"],
            additional_properties=additional_properties,
        )
