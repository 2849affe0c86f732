from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from io import BytesIO
from typing import Any, ClassVar, Self

from typing_extensions import Required, TypedDict

from .. import types
from ..types import File, FileTypes

__all__ = ["AssetUploadRequest", "AssetUploadRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "files",
    }
)


@_dataclass(slots=True, kw_only=True)
class AssetUploadRequest:
    """Files to upload into a task, as multipart parts named `files`.

    Attributes:
        files (list[File]): The files; each part's file name (a plain file name: no `/`, `\\`,
            control characters or dots-only name) becomes the asset's name.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    files: list[File]
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = ("files",)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this AssetUploadRequest, unknown fields included."""
        files: list[FileTypes]
        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_tuple()

            files.append(files_item)

        field_dict: dict[str, Any] = {
            "files": files,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        """Return the multipart/form-data parts of this AssetUploadRequest."""
        files: types.RequestFiles = []
        for files_item_element in self.files:
            files.append(("files", files_item_element.to_tuple()))

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
        """Build a AssetUploadRequest from its JSON form; unknown keys go to additional_properties."""
        files = [File(payload=BytesIO(item)) for item in src["files"]]

        additional_properties: dict[str, Any]
        if len(src) > 1:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            files=files,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
AssetUploadRequestDict = TypedDict(
    "AssetUploadRequestDict",
    {
        "files": Required[list[File]],
    },
    total=False,
)
"""AssetUploadRequest as a plain dict (its JSON form), for type-checked dict arguments."""
