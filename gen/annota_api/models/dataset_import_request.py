from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from io import BytesIO
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from .. import types
from ..models.dataset_format import DatasetFormat
from ..types import File

__all__ = ["DatasetImportRequest", "DatasetImportRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "format",
        "file",
    }
)


@_dataclass(slots=True, kw_only=True)
class DatasetImportRequest:
    """A dataset archive to import (multipart).

    Attributes:
        format_ (DatasetFormat): A dataset format: `coco` (COCO instances JSON, one file per task
            subset, under
            `annotations/instances_<subset>.json`; images under `images/`), `annota` (annota's own
            JSON, `annotations.json`, which keeps every shape kind, attribute and task; images under
            `images/`), `yolo` (the ultralytics layout: `data.yaml`, `images/<subset>/`,
            `labels/<subset>/<image>.txt` with normalised coordinates; detection from bboxes,
            segmentation from polygons, or keypoints from points; importing needs the images) or
            `voc` (Pascal VOC: `Annotations/<image>.xml`, `ImageSets/Main/<subset>.txt`,
            `JPEGImages/`; bboxes). What a format cannot hold is left out of an export and counted
            in the operation's `skipped`.
            `cvat`: CVAT for images 1.1, `annotations.xml` (labels and attribute specs in
            `<meta><project>`, a `<task>` per task; box, polygon, polyline, points and tag with
            occluded, z_order and attributes; `source="auto"` for model predictions); images under
            `images/<subset>/`.
            `labelstudio`: Label Studio's JSON export of image tasks, `tasks.json` (rectanglelabels,
            polygonlabels, keypointlabels, choices; percentages of the original size; predictions
            with their `score`); images under `images/`.
        file (File): The archive: a zip as an export makes it (or a bare JSON file).
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    format_: DatasetFormat
    file: File
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "format",
        "file",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this DatasetImportRequest, unknown fields included."""
        format_ = str(self.format_)

        file = self.file.to_tuple()

        field_dict: dict[str, Any] = {
            "format": format_,
            "file": file,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        """Return the multipart/form-data parts of this DatasetImportRequest."""
        files: types.RequestFiles = []
        files.append(("format", (None, str(self.format_.value).encode(), "text/plain")))

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
        """Build a DatasetImportRequest from its JSON form; unknown keys go to additional_properties."""
        format_ = DatasetFormat._by_value.get(src["format"]) or DatasetFormat(src["format"])

        file = File(payload=BytesIO(src["file"]))

        additional_properties: dict[str, Any]
        if len(src) > 2:
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            format_=format_,
            file=file,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
DatasetImportRequestDict = TypedDict(
    "DatasetImportRequestDict",
    {
        "format": Required[Literal["coco", "annota", "yolo", "voc", "cvat", "labelstudio"]],
        "file": Required[File],
    },
    total=False,
)
"""DatasetImportRequest as a plain dict (its JSON form), for type-checked dict arguments."""
