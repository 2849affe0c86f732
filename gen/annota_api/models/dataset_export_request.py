from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, ClassVar, Literal, Self

from typing_extensions import Required, TypedDict

from ..models.dataset_format import DatasetFormat
from ..models.yolo_task import YoloTask
from ..types import UNSET, Unset

__all__ = ["DatasetExportRequest", "DatasetExportRequestDict"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "format",
        "include_images",
        "include_predictions",
        "task",
    }
)


@_dataclass(slots=True, kw_only=True)
class DatasetExportRequest:
    """What to export.

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
        include_images (bool | Unset): Put the asset files into the archive too. Default: False.
        include_predictions (bool | Unset): Put model predictions (shapes with source `model`) in
            too; by default a dataset holds people's annotations only. COCO writes their `score`; CVAT
            (`source="auto"`) and Label Studio (`predictions`) keep them predictions, with their score.
            Default: False.
        task (YoloTask | Unset): The task of a `yolo` export (only with that format): `detect` keeps
            bboxes, `segment`
            bboxes (as four-corner polygons) and polygons, `pose` points (a line per points shape,
            with its bounding box). Left out, it is chosen by the shapes present: `pose` when
            there are points, else `segment` when there are polygons, else `detect`. Shapes the
            task cannot hold are left out and counted in the operation's `skipped`.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    format_: DatasetFormat
    include_images: bool | Unset = False
    include_predictions: bool | Unset = False
    task: YoloTask | Unset = UNSET
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    #: The keys of the JSON form, as the API description lists them (for messages).
    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "format",
        "include_images",
        "include_predictions",
        "task",
    )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this DatasetExportRequest, unknown fields included."""
        format_ = str(self.format_)

        task: str | Unset = UNSET
        if not isinstance(self.task, Unset):
            task = str(self.task)

        field_dict: dict[str, Any] = {
            "format": format_,
        }
        if not isinstance(self.include_images, Unset):
            field_dict["include_images"] = self.include_images
        if not isinstance(self.include_predictions, Unset):
            field_dict["include_predictions"] = self.include_predictions
        if not isinstance(task, Unset):
            field_dict["task"] = task
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a DatasetExportRequest from its JSON form; unknown keys go to additional_properties."""
        format_ = DatasetFormat._by_value.get(src["format"]) or DatasetFormat(src["format"])

        _task = src.get("task", UNSET)
        task: YoloTask | Unset
        if isinstance(_task, Unset):
            task = UNSET
        else:
            task = YoloTask._by_value.get(_task) or YoloTask(_task)

        additional_properties: dict[str, Any]
        if len(src) > 1 and not _KNOWN_KEYS.issuperset(src):
            additional_properties = {
                key: value for key, value in src.items() if key not in _KNOWN_KEYS
            }
        else:
            additional_properties = {}
        return cls(
            format_=format_,
            include_images=src.get("include_images", UNSET),
            include_predictions=src.get("include_predictions", UNSET),
            task=task,
            additional_properties=additional_properties,
        )


# The functional form evaluates its types now, so that `Required` is seen at run time too
# (`__required_keys__`); it comes after the imports it refers to.
DatasetExportRequestDict = TypedDict(
    "DatasetExportRequestDict",
    {
        "format": Required[Literal["coco", "annota", "yolo", "voc", "cvat", "labelstudio"]],
        "include_images": bool,
        "include_predictions": bool,
        "task": Literal["detect", "segment", "pose"],
    },
    total=False,
)
"""DatasetExportRequest as a plain dict (its JSON form), for type-checked dict arguments."""
