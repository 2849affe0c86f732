from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from io import BytesIO
from typing import Any, Self

from .. import types
from ..types import File

__all__ = ["ModelArtifactUpload"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "file",
    }
)


@_dataclass(slots=True, kw_only=True)
class ModelArtifactUpload:
    """A model version's artifact to store (multipart).

    Attributes:
        file (File): The file (its weights, say).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    file: File
    additional_properties: dict[str, Any] = _field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this ModelArtifactUpload, unknown fields included."""
        file = self.file.to_tuple()

        field_dict: dict[str, Any] = {
            "file": file,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        """Return the multipart/form-data parts of this ModelArtifactUpload."""
        files: types.RequestFiles = []
        files.append(("file", self.file.to_tuple()))

        for key, value in self.additional_properties.items():
            if isinstance(value, File):
                files.append((key, value.to_tuple()))
            elif isinstance(value, bytes):
                files.append((key, (None, value, "application/octet-stream")))
            elif isinstance(value, dict | list):
                files.append((key, (None, json.dumps(value).encode(), "application/json")))
            else:
                files.append((key, (None, str(value).encode(), "text/plain")))
        return files

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a ModelArtifactUpload from its JSON form; unknown keys go to additional_properties."""
        file = File(payload=BytesIO(src["file"]))

        additional_properties: dict[str, Any]
        if len(src) > 1:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            file=file,
            additional_properties=additional_properties,
        )
