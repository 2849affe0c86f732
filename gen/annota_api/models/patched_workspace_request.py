from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Self

from typing_extensions import TypedDict

from ..types import UNSET, Unset

__all__ = ["PatchedWorkspaceRequest", "PatchedWorkspaceRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "slug",
        "name",
        "description",
    }
)


@_dataclass(slots=True, kw_only=True)
class PatchedWorkspaceRequest:
    """Changes to a workspace.

    Attributes:
        slug (str | Unset): The unique slug.
        name (str | Unset): The display name.
        description (str | Unset): What the workspace is for.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    slug: str | Unset = UNSET
    name: str | Unset = UNSET
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "slug",
        "name",
        "description",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this PatchedWorkspaceRequest, unknown fields included."""
        field_dict: dict[str, Any] = {}
        if not isinstance(self.slug, Unset):
            field_dict["slug"] = self.slug
        if not isinstance(self.name, Unset):
            field_dict["name"] = self.name
        if not isinstance(self.description, Unset):
            field_dict["description"] = self.description
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a PatchedWorkspaceRequest from its JSON form; unknown keys go to additional_properties."""
        additional_properties: dict[str, Any]
        if len(src) > 0 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            slug=src.get("slug", UNSET),
            name=src.get("name", UNSET),
            description=src.get("description", UNSET),
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
PatchedWorkspaceRequestDict = TypedDict(
    "PatchedWorkspaceRequestDict",
    {
        "slug": str,
        "name": str,
        "description": str,
    },
    total=False,
)
"""PatchedWorkspaceRequest as a plain dict (its JSON form), for type-checked dict arguments."""
