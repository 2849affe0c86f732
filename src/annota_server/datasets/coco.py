"""COCO instances: one ``annotations/instances_<subset>.json`` per task subset.

Export: ``categories`` are the project's labels in label-id order with ids 1..N; image ids are
asset ids; a bbox becomes ``bbox: [x, y, w, h]`` with an empty ``segmentation``; a polygon
becomes ``segmentation: [[x1, y1, ...]]`` with the bbox of its extent and its shoelace area; a
mask becomes ``segmentation: {size, counts}``, its counts the compressed string, with the bbox
and area of its pixels. Attributes go under ``attributes`` as ``{name: value}``, with
``occluded`` among them; the values of attributes their label declares are typed (a
checkbox's ``true``, a number's ``2.5``), the others text. Tags, polylines and points have no
COCO form: they are skipped and counted in the message. Tasks without a subset go to ``default``.

Import: ``annotations/instances_<subset>.json`` files (annota's and datumaro's layout), or
Roboflow's ``<subset>/_annotations.coco.json`` (one per subset folder), or one bare instances
JSON, read as subset ``default``. Each image is found by its ``file_name`` under ``images/``,
``images/<subset>/`` (datumaro), the archive's root, or beside its JSON (Roboflow); a name found
in more than one of these places fails the import listing them; an image found nowhere is
matched by name to the project's assets. Roboflow's umbrella category (the ``supercategory``
of the others, used by no annotation) is not a label.

A segmentation with polygons becomes one polygon shape per polygon, an empty or absent one the
bbox, an RLE (counts compressed or a list, ``iscrowd`` 0 or 1) a mask shape, whose size must
be its image's. Subset ``default`` becomes a task without a subset; image file names with
folders become asset names with ``_`` for ``/``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from annota.attributes import value_text
from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput, safe_file_name
from annota_server.datasets.base import DatasetError, Skipped
from annota_server.datasets.jsonread import ARRAY
from annota_server.datasets.model import (
    Dataset,
    ImageSpec,
    LabelSpec,
    ShapeSpec,
    TaskSpec,
    check_mask,
    check_points,
    numbers_only,
    require,
)
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.datasets.spool import Spool
from annota_server.db.models import Task

DEFAULT_SUBSET = "default"
KEEPS = frozenset({"bbox", "polygon", "mask"})
"""The shape kinds an export holds (points, polylines and tags are skipped and counted)."""
LAYOUT = "an instances JSON per subset (`annotations/instances_<subset>.json`), `images/`"
"""The archive's files, as the docs' format table shows them."""
MEMBER = re.compile(r"annotations/instances_(.+)\.json")
ROBOFLOW = re.compile(r"(?:([^/]+)/)?_annotations\.coco\.json")
"""Roboflow's COCO export: one ``_annotations.coco.json`` in each subset folder."""


# -- export --------------------------------------------------------------------------------------


def _polygon_area(points: list[float]) -> float:
    xs, ys = points[0::2], points[1::2]
    twice = sum(xs[i] * ys[i - 1] - xs[i - 1] * ys[i] for i in range(len(xs)))
    return abs(twice) / 2


def _attributes(reader: ProjectReader, shape: ShapeRow) -> dict[str, Any]:
    found = reader.typed_attributes(shape)  # checkboxes and numbers as JSON's own types
    found["occluded"] = shape.occluded
    return found


def _annotation(shape: ShapeRow) -> dict[str, Any] | None:
    points = [float(p) for p in shape.points]
    if shape.kind == "bbox":
        x_min, y_min, x_max, y_max = points
        width, height = x_max - x_min, y_max - y_min
        return {
            "bbox": [x_min, y_min, width, height],
            "area": width * height,
            "segmentation": [],
        }
    if shape.kind == "polygon":
        xs, ys = points[0::2], points[1::2]
        return {
            "bbox": [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)],
            "area": _polygon_area(points),
            "segmentation": [points],
        }
    if shape.kind == "mask" and shape.mask is not None:
        x_min, y_min, x_max, y_max = shape.mask["bbox"]
        return {
            "bbox": [x_min, y_min, x_max - x_min, y_max - y_min],
            "area": shape.mask["area"],
            "segmentation": {"size": shape.mask["size"], "counts": shape.mask["counts"]},
        }
    return None


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames,
    advance: Callable[[], None],
) -> Skipped:
    """Write the instances files; return what COCO could not hold."""
    categories = [
        {"id": index + 1, "name": label.name, "supercategory": ""}
        for index, label in enumerate(reader.labels)
    ]
    category_of = {label.id: index + 1 for index, label in enumerate(reader.labels)}
    subsets: dict[str, list[Task]] = {}
    for task in reader.tasks:
        subsets.setdefault(task.subset or DEFAULT_SUBSET, []).append(task)
    skipped = Skipped({label.id: label.name for label in reader.labels})

    def images(tasks: list[Task]) -> Iterator[dict[str, Any]]:
        for task in tasks:
            for asset in reader.assets(task):
                advance()
                yield {
                    "id": asset.id,
                    "file_name": names.of(asset.id, asset.name),
                    "width": asset.width or 0,
                    "height": asset.height or 0,
                }

    def annotations(tasks: list[Task]) -> Iterator[dict[str, Any]]:
        count = 0
        for task in tasks:
            for shape in reader.shapes(task):
                advance()
                converted = _annotation(shape) if shape.kind in KEEPS else None
                if converted is None:
                    skipped.add(shape.kind, shape.label_id)
                    continue
                count += 1
                yield {
                    "id": count,
                    "image_id": shape.asset_id,
                    "category_id": category_of[shape.label_id],
                    "iscrowd": 0,
                    "attributes": _attributes(reader, shape),
                    **converted,
                    # COCO results carry a detection's confidence as "score".
                    **({"score": shape.score} if shape.source == "model" else {}),
                }

    for subset, tasks in subsets.items():
        # The same keys in the same order as ever; the two lists stream (see jsonstream).
        document = {
            "info": {"description": reader.project.name},
            "licenses": [],
            "images": images(tasks),
            "annotations": annotations(tasks),
            "categories": categories,
        }
        name = safe_file_name(subset, DEFAULT_SUBSET)
        out.add_json(f"annotations/instances_{name}.json", document)
    return skipped


# -- import --------------------------------------------------------------------------------------


def _shapes(annotation: Any, label: str, where: str) -> list[ShapeSpec]:
    bbox = require(annotation, "bbox", list, where)
    try:  # float() of an integer beyond a float's range overflows
        finite = len(bbox) == 4 and numbers_only(bbox) and all(map(math.isfinite, bbox))
    except OverflowError:
        finite = False
    if not finite:
        raise DatasetError(f"{where}.bbox: must be 4 finite numbers [x, y, width, height]")
    x, y, width, height = map(float, bbox)
    if width < 0 or height < 0:
        raise DatasetError(f"{where}.bbox: width and height cannot be negative")
    raw_attributes = annotation.get("attributes", {})
    if not isinstance(raw_attributes, dict):
        raise DatasetError(f"{where}.attributes: must be an object")
    attributes = dict(raw_attributes)
    occluded = attributes.pop("occluded", False)
    if not isinstance(occluded, bool):
        raise DatasetError(f"{where}.attributes.occluded: must be true or false")
    listed = [{"name": str(k), "value": value_text(v)} for k, v in attributes.items()]
    if any(not 0 < len(item["name"]) <= 128 for item in listed):
        raise DatasetError(f"{where}.attributes: names have 1 to 128 characters")
    segmentation = annotation.get("segmentation")
    if isinstance(segmentation, dict):
        # An RLE (a crowd region, or any instance kept as pixels): one mask shape.
        origin = f"{where} (annotation {annotation.get('id')!r})"
        mask = check_mask(segmentation, f"{origin}.segmentation")
        return [ShapeSpec(label, "mask", [], listed, occluded, mask=mask, origin=origin)]
    if segmentation is not None and not isinstance(segmentation, list):
        raise DatasetError(f"{where}.segmentation: must be a list of polygons")
    polygons = segmentation or None
    if polygons is None:
        points = [x, y, x + width, y + height]
        return [ShapeSpec(label, "bbox", points, listed, occluded)]
    return [
        ShapeSpec(
            label,
            "polygon",
            check_points("polygon", polygon, f"{where}.segmentation.{index}"),
            listed,
            occluded,
        )
        for index, polygon in enumerate(polygons)
    ]


def _image_member(
    archive: Archive, file_name: str, subset: str, folder: str, where: str
) -> str | None:
    """The archive's file of a COCO image, wherever the tools that write COCO put it."""
    candidates = [f"images/{file_name}", f"images/{subset}/{file_name}", file_name]
    if folder:
        candidates.append(f"{folder}/{file_name}")  # Roboflow: beside the JSON
    return archive.locate(candidates, f"{where}: the image {file_name!r}")


class _Instances:
    """One instances file, read in one streamed pass: its arrays may come in any order.

    Categories and images are kept (a few values each); each annotation is checked as it is
    read and spooled to disk with its image and category ids, which are looked up when the
    import reads the shapes back (:meth:`shapes`), once every id of the file is known.
    """

    def __init__(self, archive: Archive, member: str | None, subset: str, folder: str) -> None:
        where = "the file" if member is None else member
        self.where, self.subset = where, subset
        self.category_names: dict[int, str] = {}
        self.categories: list[dict[str, Any]] = []
        self.images: dict[int, ImageSpec] = {}
        self.used: set[int] = set()
        self.spool = Spool()
        seen: dict[str, Any] = {}
        items = archive.members(member, kept=("categories", "images"))
        for key, index, item in items:
            if index is None:
                if key == "" and not isinstance(item, dict):
                    raise DatasetError(f"{where}: expected an object")
                seen[key] = item
            elif index == ARRAY:
                seen[key] = []
            elif key == "annotations":
                self._annotation(item, f"{where}.annotations.{index}")
            elif key == "categories":
                self._category(item, f"{where}.categories.{index}")
            elif key == "images":
                self._image(item, f"{where}.images.{index}", archive, folder)
        for key in ("categories", "images", "annotations"):
            require(seen, key, list, where)

    def _category(self, item: Any, spot: str) -> None:
        category_id = require(item, "id", int, spot)
        name = require(item, "name", str, spot)
        if not 0 < len(name) <= 128:
            raise DatasetError(f"{spot}.name: must have 1 to 128 characters")
        if category_id in self.category_names:
            raise DatasetError(f"{spot}.id: category id {category_id} is used twice")
        self.category_names[category_id] = name
        self.categories.append({"name": name, "supercategory": item.get("supercategory")})

    def _image(self, item: Any, spot: str, archive: Archive, folder: str) -> None:
        image_id = require(item, "id", int, spot)
        file_name = require(item, "file_name", str, spot)
        if not file_name:
            raise DatasetError(f"{spot}.file_name: cannot be empty")
        if image_id in self.images:
            raise DatasetError(f"{spot}.id: image id {image_id} is used twice")
        member = _image_member(archive, file_name, self.subset, folder, f"{spot}.file_name")
        self.images[image_id] = ImageSpec(file_name, member)

    def _annotation(self, item: Any, spot: str) -> None:
        image_id = require(item, "image_id", int, spot)
        category_id = require(item, "category_id", int, spot)
        self.used.add(category_id)
        self.spool.add((spot, image_id, category_id, _shapes(item, "", spot)))

    def shapes(self) -> Iterator[tuple[ImageSpec, list[ShapeSpec]]]:
        """The annotations' shapes with their image and label, in the file's order."""
        for spot, image_id, category_id, shapes in self.spool:
            image = self.images.get(image_id)
            if image is None:
                raise DatasetError(f"{spot}.image_id: no image has the id {image_id}")
            label = self.category_names.get(category_id)
            if label is None:
                raise DatasetError(f"{spot}.category_id: no category has the id {category_id}")
            for shape in shapes:
                shape.label = label
            yield image, shapes

    def task(self) -> TaskSpec:
        """The subset's task, its images in the file's order."""
        subset = self.subset
        return TaskSpec(
            name=subset,
            subset="" if subset == DEFAULT_SUBSET else subset,
            images=list(self.images.values()),
        )

    def label_names(self) -> list[str]:
        """The categories that are labels: all but an unused umbrella category of the others.

        Roboflow's COCO export adds a category named after the dataset that every other
        category has as its ``supercategory`` and no annotation uses; it is a grouping, not a
        label.
        """
        used = {self.category_names[c] for c in self.used if c in self.category_names}
        umbrellas = {
            item["supercategory"]
            for item in self.categories
            if item["supercategory"] != item["name"]
        }
        return [
            name for name in self.category_names.values() if name in used or name not in umbrellas
        ]


def _members(archive: Archive) -> list[tuple[str, str, str]]:
    """The instances files of an archive as ``(subset, member, folder of its images)``."""
    found = []
    for name in archive.names:
        if (match := MEMBER.fullmatch(name)) is not None:
            found.append((match.group(1), name, ""))
        elif (match := ROBOFLOW.fullmatch(name)) is not None:
            folder = match.group(1) or ""
            found.append((folder or DEFAULT_SUBSET, name, folder))
    if not found:
        raise DatasetError(
            "The archive has no annotations/instances_<subset>.json file "
            "(nor Roboflow's <subset>/_annotations.coco.json)."
        )
    subsets = sorted(found)
    for (subset, first, _), (other, second, _) in zip(subsets, subsets[1:], strict=False):
        if subset == other:
            raise DatasetError(f"{first} and {second} both hold the subset {subset!r}.")
    return subsets


def parse(archive: Archive) -> Dataset:
    """Read and check a COCO dataset, its annotations spooled to disk; nothing is written."""
    bare: list[tuple[str, str | None, str]] = [(DEFAULT_SUBSET, None, "")]
    documents = list(_members(archive)) if archive.is_zip else bare
    dataset = Dataset()
    files: list[_Instances] = []
    known: set[str] = set()
    try:
        for subset, name, folder in documents:
            instances = _Instances(archive, name, subset, folder)
            files.append(instances)
            dataset.closers.append(instances.spool.close)
            for label in instances.label_names():
                if label not in known:
                    known.add(label)
                    dataset.labels.append(LabelSpec(label))
            dataset.tasks.append(instances.task())
    except BaseException:
        dataset.close()
        raise

    def stream() -> Iterator[tuple[ImageSpec, list[ShapeSpec]]]:
        for instances in files:
            yield from instances.shapes()

    dataset.stream = stream
    return dataset
