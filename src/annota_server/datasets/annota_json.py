"""annota's own format: ``annotations.json``, which keeps every label, task and shape.

::

    {"format": "annota", "version": 1,
     "labels": [{"name", "color", "kind", "attributes"?}],
     "tasks": [{"name", "subset", "segment_size",
                "assets": [{"name", "media_type", "size", "sha256", "width", "height",
                            "position", "file"}],
                "shapes": [{"asset", "label", "kind", "points", "mask"?, "attributes",
                            "occluded", "z_order", "source", "score"?, "model_name"?}]}]}

``file`` is the image's path in the archive (``images/<name>``), or null when the export left
the images out. A shape names its asset by ``position`` within its task and its label by name.
``score`` and ``model_name`` are written for model predictions only (exports with
``include_predictions``). ``mask`` is a mask shape's COCO RLE ``{size, counts}`` (compressed
counts; a list is read too). On import, an asset whose file is missing is matched by name to
the project's assets. A label's ``attributes`` are the attributes it declares (as the API's
AttributeSpec), written only when it declares some; shapes' values stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from annota import attributes
from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput
from annota_server.datasets.base import DatasetError
from annota_server.datasets.model import (
    LABEL_KINDS,
    Z_ORDER_RANGE,
    Dataset,
    ImageSpec,
    LabelSpec,
    ShapeSpec,
    TaskSpec,
    check_attributes,
    check_mask,
    check_points,
    require,
)
from annota_server.datasets.snapshot import ProjectReader
from annota_server.db.models import Task

MEMBER = "annotations.json"
LAYOUT = "`annotations.json` (labels, attributes, tasks, every shape), `images/`"
"""The archive's files, as the docs' format table shows them."""
VERSION = 1
COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
) -> str:
    """Write ``annotations.json`` (``file`` from ``names``, null without); return the message."""
    label_names = {label.id: label.name for label in reader.labels}

    def assets(task: Task) -> Iterator[dict[str, Any]]:
        for asset in reader.assets(task):
            advance()
            yield {
                "name": asset.name,
                "media_type": asset.media_type,
                "size": asset.size,
                "sha256": asset.sha256,
                "width": asset.width,
                "height": asset.height,
                "position": asset.position,
                "file": None if names is None else f"images/{names.of(asset.id, asset.name)}",
            }

    def shapes(task: Task) -> Iterator[dict[str, Any]]:
        for shape in reader.shapes(task):
            advance()
            yield {
                "asset": shape.position,
                "label": label_names[shape.label_id],
                "kind": shape.kind,
                "points": shape.points,
                # A mask's RLE; its bbox and area are computed again on import.
                **(
                    {"mask": {"size": shape.mask["size"], "counts": shape.mask["counts"]}}
                    if shape.mask is not None
                    else {}
                ),
                "attributes": shape.attributes,
                "occluded": shape.occluded,
                "z_order": shape.z_order,
                "source": shape.source,
                # What scored a prediction; people's shapes carry neither key.
                **(
                    {"score": shape.score, "model_name": shape.model_name}
                    if shape.source == "model"
                    else {}
                ),
            }

    # Tasks, their assets and their shapes stream (see jsonstream); the keys keep their order.
    tasks = (
        {
            "name": task.name,
            "subset": task.subset,
            "segment_size": task.segment_size,
            "assets": assets(task),
            "shapes": shapes(task),
        }
        for task in reader.tasks
    )
    document = {
        "format": "annota",
        "version": VERSION,
        "project": {"name": reader.project.name, "type": reader.project.type},
        "labels": [
            {"name": label.name, "color": label.color, "kind": label.kind}
            | ({"attributes": label.attributes} if label.attributes else {})
            for label in reader.labels
        ],
        "tasks": tasks,
    }
    out.add_json(MEMBER, document)
    return ""


def _labels(document: dict[str, Any]) -> list[LabelSpec]:
    labels: list[LabelSpec] = []
    seen: set[str] = set()
    for index, item in enumerate(require(document, "labels", list, "annotations.json")):
        where = f"labels.{index}"
        name = require(item, "name", str, where)
        if not 0 < len(name) <= 128 or name in seen:
            raise DatasetError(f"{where}.name: must be 1 to 128 characters and unique")
        seen.add(name)
        color = item.get("color")
        if color is not None and not (isinstance(color, str) and COLOR.fullmatch(color)):
            raise DatasetError(f"{where}.color: must be #rrggbb")
        kind = item.get("kind", "any")
        if kind not in LABEL_KINDS:
            raise DatasetError(f"{where}.kind: unknown label kind {kind!r}")
        declared, problem = attributes.read_specs(item.get("attributes", []))
        if problem:
            raise DatasetError(f"{where}.attributes.{problem}")
        labels.append(LabelSpec(name, color, kind, tuple(declared)))
    return labels


def _task(item: Any, where: str, archive: Archive, labels: dict[str, LabelSpec]) -> TaskSpec:
    segment_size = item.get("segment_size", 50) if isinstance(item, dict) else None
    if not isinstance(segment_size, int) or isinstance(segment_size, bool):
        raise DatasetError(f"{where}.segment_size: must be an integer")
    task = TaskSpec(
        name=require(item, "name", str, where),
        subset=item.get("subset") or "",
        segment_size=segment_size,
    )
    if not isinstance(task.subset, str):
        raise DatasetError(f"{where}.subset: must be text")
    by_position: dict[int, ImageSpec] = {}
    for index, asset in enumerate(require(item, "assets", list, where)):
        spot = f"{where}.assets.{index}"
        name = require(asset, "name", str, spot)
        position = require(asset, "position", int, spot)
        if position in by_position:
            raise DatasetError(f"{spot}.position: position {position} is used twice")
        file = asset.get("file")
        if file is not None and not isinstance(file, str):
            raise DatasetError(f"{spot}.file: must be a path in the archive or null")
        member = file if file is not None and archive.has(file) else None
        by_position[position] = ImageSpec(name, member)
    for index, shape in enumerate(require(item, "shapes", list, where)):
        spot = f"{where}.shapes.{index}"
        position = require(shape, "asset", int, spot)
        if position not in by_position:
            raise DatasetError(f"{spot}.asset: no asset of the task has the position {position}")
        label = require(shape, "label", str, spot)
        if label not in labels:
            if not 0 < len(label) <= 128:
                raise DatasetError(f"{spot}.label: must have 1 to 128 characters")
            labels[label] = LabelSpec(label)
        kind = require(shape, "kind", str, spot)
        occluded = shape.get("occluded", False)
        z_order = shape.get("z_order", 0)
        if not isinstance(occluded, bool):
            raise DatasetError(f"{spot}.occluded: must be true or false")
        if (
            not isinstance(z_order, int)
            or isinstance(z_order, bool)
            or z_order not in Z_ORDER_RANGE
        ):
            raise DatasetError(f"{spot}.z_order: must be an integer from -1000000 to 1000000")
        mask = shape.get("mask")
        if (kind == "mask") != (mask is not None):
            raise DatasetError(f"{spot}.mask: a mask shape has a mask, other kinds none")
        by_position[position].shapes.append(
            ShapeSpec(
                label=label,
                kind=kind,
                points=check_points(kind, shape.get("points", []), spot),
                attributes=check_attributes(shape.get("attributes", []), spot),
                occluded=occluded,
                z_order=z_order,
                mask=None if mask is None else check_mask(mask, f"{spot}.mask"),
                origin=spot,
            )
        )
    task.images = [by_position[position] for position in sorted(by_position)]
    return task


def parse(archive: Archive) -> Dataset:
    """Read and check an annota dataset; nothing is written."""
    document = archive.json(MEMBER) if archive.is_zip else archive.bare_json
    if not isinstance(document, dict) or document.get("format") != "annota":
        raise DatasetError('annotations.json is not an annota dataset ("format": "annota").')
    if document.get("version") != VERSION:
        raise DatasetError(
            f"annotations.json has version {document.get('version')!r}; "
            f"this server reads version {VERSION}."
        )
    labels = {label.name: label for label in _labels(document)}
    tasks = [
        _task(item, f"tasks.{index}", archive, labels)
        for index, item in enumerate(require(document, "tasks", list, "annotations.json"))
    ]
    return Dataset(labels=list(labels.values()), tasks=tasks)
