from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..types import LazyModel

__all__ = ["ModelArtifact"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "name",
        "size",
        "sha256",
    }
)


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 3:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class ModelArtifact(LazyModel):
    """A model version's stored file (its weights, say).

    Attributes:
        name (str): The file's name as uploaded.
        size (int): Its size in bytes.
        sha256 (str): The SHA-256 of its bytes.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    name: str
    size: int
    sha256: str
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelArtifact, unknown fields included."""
        field_dict: dict[str, Any] = {
            "name": self.name,
            "size": self.size,
            "sha256": self.sha256,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelArtifact from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.name = src["name"]
        self.size = src["size"]
        self.sha256 = src["sha256"]
        return self
