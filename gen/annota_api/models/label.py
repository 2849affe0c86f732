from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.label_kind import LabelKind
from ..types import LazyModel

__all__ = ["Label"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "version",
        "project",
        "name",
        "color",
        "kind",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 6:
        return {}
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
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    version: int
    project: int
    name: str
    color: str
    kind: LabelKind
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this Label, unknown fields included."""
        kind = str(self.kind)

        field_dict: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "project": self.project,
            "name": self.name,
            "color": self.color,
            "kind": kind,
        }
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
