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
from annota_server.datasets.jsonread import CLOSED, LIST, OBJECT, Path
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
from annota_server.datasets.spool import Spool
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


def _label(item: Any, where: str) -> LabelSpec:
    name = require(item, "name", str, where)
    if not 0 < len(name) <= 128:
        raise DatasetError(f"{where}.name: must be 1 to 128 characters and unique")
    color = item.get("color")
    if color is not None and not (isinstance(color, str) and COLOR.fullmatch(color)):
        raise DatasetError(f"{where}.color: must be #rrggbb")
    kind = item.get("kind", "any")
    if kind not in LABEL_KINDS:
        raise DatasetError(f"{where}.kind: unknown label kind {kind!r}")
    declared, problem = attributes.read_specs(item.get("attributes", []))
    if problem:
        raise DatasetError(f"{where}.attributes.{problem}")
    return LabelSpec(name, color, kind, tuple(declared))


def _shape(shape: Any, spot: str) -> tuple[int, ShapeSpec]:
    """A task's shape, checked, with the position of its asset."""
    position = require(shape, "asset", int, spot)
    label = require(shape, "label", str, spot)
    if not 0 < len(label) <= 128:
        raise DatasetError(f"{spot}.label: must have 1 to 128 characters")
    kind = require(shape, "kind", str, spot)
    occluded = shape.get("occluded", False)
    z_order = shape.get("z_order", 0)
    if not isinstance(occluded, bool):
        raise DatasetError(f"{spot}.occluded: must be true or false")
    if not isinstance(z_order, int) or isinstance(z_order, bool) or z_order not in Z_ORDER_RANGE:
        raise DatasetError(f"{spot}.z_order: must be an integer from -1000000 to 1000000")
    mask = shape.get("mask")
    if (kind == "mask") != (mask is not None):
        raise DatasetError(f"{spot}.mask: a mask shape has a mask, other kinds none")
    return position, ShapeSpec(
        label=label,
        kind=kind,
        points=check_points(kind, shape.get("points", []), spot),
        attributes=check_attributes(shape.get("attributes", []), spot),
        occluded=occluded,
        z_order=z_order,
        mask=None if mask is None else check_mask(mask, f"{spot}.mask"),
        origin=spot,
    )


def _opened(path: Path) -> bool:
    """The containers the import walks into: the top, tasks, each task, its two lists."""
    depth = len(path)
    return (
        depth == 0
        or path in (("labels",), ("tasks",))
        or (depth == 2 and path[0] == "tasks")
        or (depth == 3 and path[0] == "tasks" and path[2] in ("assets", "shapes"))
    )


def _kept(path: Path) -> bool:
    """The lists whose items stay in memory (labels, assets); shapes go to disk."""
    return path == ("labels",) or (len(path) == 3 and path[2] == "assets")


class _Reader:
    """One streamed pass over ``annotations.json``: its members may come in any order.

    Labels and assets are kept (a few fields each); each shape is checked as it is read and
    spooled to disk with its asset's position, which is looked up when the import reads the
    shapes back (:meth:`shapes`), once every asset of its task is known.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.top: dict[str, Any] = {}
        self.labels: dict[str, LabelSpec] = {}
        self.used: dict[str, None] = {}  # labels the shapes name, in order
        self.tasks: list[TaskSpec] = []
        self.positions: list[dict[int, ImageSpec]] = []
        self.spool = Spool()
        self.seen: set[str] = set()  # the lists a task had (by "task index.key")

    def read(self, items: Iterator[tuple[Path, Any]]) -> None:
        """Consume the walk of the document."""
        for path, value in items:
            depth = len(path)
            if depth == 0:
                if value is not OBJECT and value is not CLOSED:
                    raise DatasetError(
                        'annotations.json is not an annota dataset ("format": "annota").'
                    )
            elif depth == 1:
                self._top(str(path[0]), value)
            elif path[0] == "labels" and depth == 2:
                label = _label(value, f"labels.{path[1]}")
                if label.name in self.labels:
                    raise DatasetError(
                        f"labels.{path[1]}.name: must be 1 to 128 characters and unique"
                    )
                self.labels[label.name] = label
            elif path[0] == "tasks":
                self._task_part(path, value)

    def _top(self, key: str, value: Any) -> None:
        if key == "tasks" and value is not CLOSED and value is not LIST:
            raise DatasetError("annotations.json.tasks: has the wrong type")
        if key == "labels" and value is not CLOSED and value is not LIST:
            raise DatasetError("annotations.json.labels: has the wrong type")
        if value is not CLOSED:
            self.top[key] = value

    def _task_part(self, path: Path, value: Any) -> None:
        index = int(path[1])
        where = f"tasks.{index}"
        if len(path) == 2:
            if value is OBJECT:
                self.tasks.append(TaskSpec(name="", subset=""))
                self.positions.append({})
            elif value is CLOSED:
                self._end_task(index, where)
            elif value is not LIST:
                raise DatasetError(f"{where}: expected an object")
            return
        key = path[2]
        task = self.tasks[index]
        if len(path) == 3:
            if key in ("assets", "shapes"):
                if value is LIST:
                    self.seen.add(f"{index}.{key}")
                elif value is not CLOSED:
                    raise DatasetError(f"{where}.{key}: has the wrong type")
            elif key == "name":
                if not isinstance(value, str):
                    raise DatasetError(f"{where}.name: has the wrong type")
                task.name = value
                self.seen.add(f"{index}.name")
            elif key == "subset":
                if value is not None and not isinstance(value, str):
                    raise DatasetError(f"{where}.subset: must be text")
                task.subset = value or ""
            elif key == "segment_size":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise DatasetError(f"{where}.segment_size: must be an integer")
                task.segment_size = value
            return
        spot = f"{where}.{key}.{path[3]}"
        if key == "assets":
            self._asset(value, spot, self.positions[index])
        else:
            position, shape = _shape(value, spot)
            self.used.setdefault(shape.label)
            self.spool.add((index, position, spot, shape))

    def _asset(self, asset: Any, spot: str, by_position: dict[int, ImageSpec]) -> None:
        name = require(asset, "name", str, spot)
        position = require(asset, "position", int, spot)
        if position in by_position:
            raise DatasetError(f"{spot}.position: position {position} is used twice")
        file = asset.get("file")
        if file is not None and not isinstance(file, str):
            raise DatasetError(f"{spot}.file: must be a path in the archive or null")
        member = file if file is not None and self.archive.has(file) else None
        by_position[position] = ImageSpec(name, member)

    def _end_task(self, index: int, where: str) -> None:
        task = self.tasks[index]
        for key in ("name", "assets", "shapes"):
            if f"{index}.{key}" not in self.seen:
                raise DatasetError(f"{where}: missing key {key!r}")
        by_position = self.positions[index]
        task.images = [by_position[position] for position in sorted(by_position)]

    def shapes(self) -> Iterator[tuple[ImageSpec, list[ShapeSpec]]]:
        """The shapes with their asset, in the file's order."""
        for index, position, spot, shape in self.spool:
            image = self.positions[index].get(position)
            if image is None:
                raise DatasetError(
                    f"{spot}.asset: no asset of the task has the position {position}"
                )
            yield image, [shape]


def parse(archive: Archive) -> Dataset:
    """Read and check an annota dataset, its shapes spooled to disk; nothing is written."""
    reader = _Reader(archive)
    dataset = Dataset()
    dataset.closers.append(reader.spool.close)
    try:
        reader.read(archive.walk(MEMBER if archive.is_zip else None, _opened, _kept))
        top = reader.top
        if top.get("format") != "annota":
            raise DatasetError('annotations.json is not an annota dataset ("format": "annota").')
        if top.get("version") != VERSION:
            raise DatasetError(
                f"annotations.json has version {top.get('version')!r}; "
                f"this server reads version {VERSION}."
            )
        for key in ("labels", "tasks"):
            if key not in top:
                raise DatasetError(f"annotations.json: missing key {key!r}")
    except BaseException:
        dataset.close()
        raise
    labels = reader.labels
    for name in reader.used:
        if name not in labels:
            labels[name] = LabelSpec(name)
    dataset.labels = list(labels.values())
    dataset.tasks = reader.tasks
    dataset.stream = reader.shapes
    return dataset
