from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

__all__ = ["DatasetFormat"]


class DatasetFormat(StrEnum):
    """A dataset format: `coco` (COCO instances JSON, one file per task subset, under
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

    A value this client does not know (sent by a newer server) is kept as a member-like value
    instead of failing the whole response.
    """

    ANNOTA = "annota"
    COCO = "coco"
    CVAT = "cvat"
    LABELSTUDIO = "labelstudio"
    VOC = "voc"
    YOLO = "yolo"

    # Not a member (annotated, no value): value -> member, filled below. Models decode with
    # `_by_value.get(v) or Cls(v)`, a dict lookup without a Python call.
    _by_value: ClassVar[dict[str, DatasetFormat]]

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> DatasetFormat:
        """Return the member for `value`: a dict lookup, much faster than calling the class."""
        return cls._by_value.get(value) or cls(value)

    @classmethod
    def _missing_(cls, value: object) -> DatasetFormat | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member


DatasetFormat._by_value = {member.value: member for member in DatasetFormat}
