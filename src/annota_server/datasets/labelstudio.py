"""Label Studio: its JSON export of image tasks, ``tasks.json``, images under ``images/``.

Export: a list of tasks, one per asset: ``id`` (the asset's id), ``data`` (``image``: the
image's path in the archive, ``images/<name>``; ``subset`` when its task has one),
``annotations`` (one, people's shapes) and ``predictions`` (one per model, from exports with
``include_predictions``: ``model_version`` is the model's name, ``score`` the mean of its
shapes' scores, each result its own ``score``). Results use the controls of this labeling
config, all ``toName="image"``::

    <View><Image name="image" value="$image"/>
      <RectangleLabels name="label" toName="image">...</RectangleLabels>
      <PolygonLabels name="polygon" toName="image">...</PolygonLabels>
      <KeyPointLabels name="keypoint" toName="image">...</KeyPointLabels>
      <Choices name="choice" toName="image">...</Choices></View>

A bbox is a ``rectanglelabels`` result, a polygon a ``polygonlabels`` one, a points shape one
``keypointlabels`` result per point and a tag a ``choices`` one; coordinates are percentages
of ``original_width`` and ``original_height``. Attributes (and ``occluded``, as ``true``) are
per-region ``choices`` results that share their region's ``id``, ``from_name`` the attribute's
name (a tag's follow its own ``choices`` result). Label Studio has no polylines (skipped and
counted) and no drawing order.

Import: the export above, Label Studio's own export (tasks with ids) or its import JSON
(tasks without ids, as its converters write them), bare or as the only JSON at the top of a
zip. Results of every annotation that was not cancelled become people's shapes, those of
``predictions`` model predictions (``score`` from the result, else the prediction's;
``model_version`` as the model's name). A keypoint is a one-point points shape (hidden ones
are left out); a rotated rectangle becomes the polygon of its corners; a ``choices`` result
with a region's id (or an earlier ``choices`` result's) is an attribute of it, else a tag per
choice. Any other result type (``brushlabels``, ``textarea``, ``relation``...) fails the
import naming its task and result. An image is the archive's file at the path ``data.image``
names (a URL or ``/data/local-files/?d=`` reduced to its path), else ``images/<file name>``,
else the project's asset of that file name. Tasks go by ``data.subset`` (``default`` when
absent).
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput
from annota_server.datasets.base import DatasetError, Skipped
from annota_server.datasets.jsonread import CLOSED, LIST, OBJECT, Path
from annota_server.datasets.model import (
    Dataset,
    ImageSpec,
    LabelSpec,
    ShapeSpec,
    TaskSpec,
    check_model_name,
    check_points,
    check_score,
    numbers_only,
)
from annota_server.datasets.per_image import image_size, images_with_shapes
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.datasets.spool import ImageShapes

MEMBER = "tasks.json"
DEFAULT_SUBSET = "default"
CONTROLS = {
    "bbox": ("label", "rectanglelabels"),
    "polygon": ("polygon", "polygonlabels"),
    "points": ("keypoint", "keypointlabels"),
    "tag": ("choice", "choices"),
}
KEYPOINT_WIDTH = 1.0
"""The size Label Studio draws a keypoint with (a percentage of the image's width)."""


# -- export --------------------------------------------------------------------------------------


KEEPS = frozenset({"tag", "bbox", "polygon", "points"})
"""The shape kinds an export holds (the others are skipped and counted; the docs list these)."""
LAYOUT = "`tasks.json` (Label Studio's export of image tasks), `images/`"
"""The archive's files, as the docs' format table shows them."""


def _percent(value: float, size: int) -> float:
    return float(value) * 100.0 / size


def _results(shape: ShapeRow, ident: str, label: str, width: int, height: int) -> list[Any]:
    """The shape's results (its region or keypoints, then its attributes), none for a polyline."""
    if shape.kind not in CONTROLS:
        return []
    from_name, kind = CONTROLS[shape.kind]
    common = {"from_name": from_name, "to_name": "image", "type": kind}
    sized = {"original_width": width, "original_height": height, "image_rotation": 0}
    points = shape.points
    regions: list[dict[str, Any]] = []
    if shape.kind == "bbox":
        x0, y0, x1, y1 = points
        value = {
            "x": _percent(x0, width),
            "y": _percent(y0, height),
            "width": _percent(x1 - x0, width),
            "height": _percent(y1 - y0, height),
            "rotation": 0,
            kind: [label],
        }
        regions.append({"id": ident, **common, **sized, "value": value})
    elif shape.kind == "polygon":
        pairs = [
            [_percent(points[i], width), _percent(points[i + 1], height)]
            for i in range(0, len(points), 2)
        ]
        value = {"points": pairs, "closed": True, kind: [label]}
        regions.append({"id": ident, **common, **sized, "value": value})
    elif shape.kind == "points":
        for index in range(0, len(points), 2):
            value = {
                "x": _percent(points[index], width),
                "y": _percent(points[index + 1], height),
                "width": KEYPOINT_WIDTH,
                kind: [label],
            }
            suffix = f"_{index // 2}" if len(points) > 2 else ""
            regions.append({"id": f"{ident}{suffix}", **common, **sized, "value": value})
    else:
        regions.append({"id": ident, **common, "value": {"choices": [label]}})
    attributes = [(item["name"], item["value"]) for item in shape.attributes]
    if shape.occluded:
        attributes.append(("occluded", "true"))
    extra = [
        {
            "id": region["id"],
            "from_name": name,
            "to_name": "image",
            "type": "choices",
            "value": {"choices": [value]},
        }
        for region in regions
        for name, value in attributes
    ]
    if shape.source == "model" and shape.score is not None:
        for region in regions:
            region["score"] = shape.score
    return regions + extra


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    """Write ``tasks.json``; return what Label Studio could not hold (polylines)."""
    assert names is not None
    labels = {label.id: label.name for label in reader.labels}
    skipped = Skipped(labels)

    def tasks() -> Iterator[dict[str, Any]]:
        annotation_id = prediction_id = 0
        for task in reader.tasks:
            for entry, shapes in images_with_shapes(reader, task, names, advance):
                people: list[Any] = []
                models: dict[str, tuple[list[Any], list[float]]] = {}
                for number, shape in enumerate(shapes):
                    if shape.kind not in CONTROLS:
                        skipped.add(shape.kind, shape.label_id)
                        continue
                    if shape.kind != "tag" and (not entry.width or not entry.height):
                        raise DatasetError(
                            f"The size of {entry.file_name!r} is unknown: Label Studio's "
                            "percentages need it."
                        )
                    results = _results(
                        shape,
                        f"{entry.asset_id}-{number}",
                        labels[shape.label_id],
                        entry.width or 0,
                        entry.height or 0,
                    )
                    if shape.source == "model":
                        found, scores = models.setdefault(shape.model_name or "", ([], []))
                        found.extend(results)
                        if shape.score is not None:
                            scores.append(shape.score)
                    else:
                        people.extend(results)
                data: dict[str, Any] = {"image": f"images/{entry.file_name}"}
                if task.subset:
                    data["subset"] = task.subset
                annotation_id += 1
                document: dict[str, Any] = {
                    "id": entry.asset_id,
                    "data": data,
                    "annotations": [
                        {
                            "id": annotation_id,
                            "result": people,
                            "was_cancelled": False,
                            "ground_truth": False,
                        }
                    ],
                    "predictions": [],
                }
                for model, (results, scores) in sorted(models.items()):
                    prediction_id += 1
                    document["predictions"].append(
                        {
                            "id": prediction_id,
                            "model_version": model,
                            "score": sum(scores) / len(scores) if scores else None,
                            "result": results,
                        }
                    )
                yield document

    out.add_json(MEMBER, tasks())
    return skipped


# -- import --------------------------------------------------------------------------------------


def _member_path(reference: str, where: str) -> str:
    """The file path a task's image reference names: URLs, local-file and upload prefixes off."""
    try:
        parts = urlsplit(reference)
    except ValueError:  # an unreadable URL ("http://[")
        raise DatasetError(
            f"{where}: data.image {reference[:80]!r} is not a readable URL"
        ) from None
    path = unquote(parts.path)
    if "d" in (query := parse_qs(parts.query)):  # /data/local-files/?d=folder/cat.jpg
        path = query["d"][0]
    return posixpath.normpath(path).lstrip("/")


class _Reader:
    """Turns Label Studio tasks into images with shapes, checking each result."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.dataset = Dataset()
        self.labels: dict[str, LabelSpec] = {}
        self.tasks: dict[str, TaskSpec] = {}
        self.shapes = ImageShapes()
        self.shapes.attach(self.dataset)

    def task(self, item: Any, index: int) -> None:
        if not isinstance(item, dict):
            raise DatasetError(f"tasks.{index}: expected an object")
        where = f"task {item['id']!r}" if "id" in item else f"tasks.{index}"
        data = item.get("data")
        if not isinstance(data, dict):
            raise DatasetError(f"{where}: data must be an object")
        reference = data.get("image")
        if reference is None:
            texts = [value for value in data.values() if isinstance(value, str)]
            reference = texts[0] if len(texts) == 1 else None
        if not isinstance(reference, str) or not reference:
            raise DatasetError(f"{where}: data.image must name the image")
        path = _member_path(reference, where)
        name = posixpath.basename(path)
        if not name or name in (".", ".."):
            raise DatasetError(f"{where}: data.image {reference[:80]!r} names no file")
        member = next(
            (c for c in (path, f"images/{name}", name) if self.archive.has(c)),
            None,
        )
        image = ImageSpec(name, member)
        subset = data.get("subset") or DEFAULT_SUBSET
        if not isinstance(subset, str):
            raise DatasetError(f"{where}: data.subset must be text")
        sized: list[int] = []  # the image's size from the archive, read once when needed

        def size() -> tuple[int, int]:
            if not sized:
                if member is None:
                    raise DatasetError(
                        f"{where}: a result has no original_width/original_height and the "
                        "archive has no image to measure"
                    )
                sized.extend(image_size(self.archive, member))
            return sized[0], sized[1]

        shapes: list[ShapeSpec] = []
        for key, source in (("annotations", "imported"), ("completions", "imported")):
            for spot, results, _ in self._groups(item, key, where):
                shapes.extend(self._results(results, spot, source, None, None, size))
        for spot, results, prediction in self._groups(item, "predictions", where):
            score = check_score(prediction.get("score"), f"{spot}.score")
            model = check_model_name(prediction.get("model_version"), f"{spot}.model_version")
            shapes.extend(self._results(results, spot, "model", score, model, size))
        self.shapes.add(image, shapes)
        task = self.tasks.get(subset)
        if task is None:
            task = self.tasks[subset] = TaskSpec(
                name=subset[:256], subset="" if subset == DEFAULT_SUBSET else subset
            )
            self.dataset.tasks.append(task)
        task.images.append(image)

    @staticmethod
    def _groups(item: dict[str, Any], key: str, where: str) -> Iterator[tuple[str, list[Any], Any]]:
        groups = item.get(key) or []
        if not isinstance(groups, list):
            raise DatasetError(f"{where}.{key}: must be a list")
        for index, group in enumerate(groups):
            spot = f"{where}, {key}.{index}"
            if not isinstance(group, dict):
                raise DatasetError(f"{spot}: expected an object")
            if group.get("was_cancelled") or group.get("skipped"):
                continue
            results = group.get("result") or []
            if not isinstance(results, list):
                raise DatasetError(f"{spot}.result: must be a list")
            yield spot, results, group

    def _label(self, name: Any, where: str) -> str:
        if not isinstance(name, str) or not 0 < len(name) <= 128:
            raise DatasetError(f"{where}: a label has 1 to 128 characters")
        if name not in self.labels:
            self.labels[name] = LabelSpec(name)
            self.dataset.labels.append(self.labels[name])
        return name

    def _results(
        self,
        results: list[Any],
        where: str,
        source: str,
        score: float | None,
        model: str | None,
        size: Callable[[], tuple[int, int]],
    ) -> list[ShapeSpec]:
        shapes: list[ShapeSpec] = []
        regions: dict[str, list[ShapeSpec]] = {}
        choices: list[tuple[str, dict[str, Any], str, Any]] = []
        for index, result in enumerate(results):
            if not isinstance(result, dict):
                raise DatasetError(f"{where}, result {index}: expected an object")
            kind = result.get("type")
            ident = result.get("id")
            spot = f"{where}, result {ident if ident is not None else index!r} ({kind})"
            value = result.get("value")
            if kind not in ("rectanglelabels", "polygonlabels", "keypointlabels", "choices"):
                raise DatasetError(
                    f"{spot}: annota cannot hold Label Studio's {kind!r} results "
                    "(it imports rectanglelabels, polygonlabels, keypointlabels and choices)"
                )
            if not isinstance(value, dict):
                raise DatasetError(f"{spot}: value must be an object")
            if kind == "choices":
                key = str(ident) if ident is not None else ""
                choices.append((spot, value, key, result.get("from_name")))
                continue
            names = value.get(kind)
            if not isinstance(names, list) or not names:
                raise DatasetError(f"{spot}: value.{kind} must list the label")
            if kind == "keypointlabels" and value.get("hidden"):
                continue
            width, height = self._size(result, size, spot)
            kind_name, points = self._geometry(kind, value, width, height, spot)
            item_score = result.get("score", score) if source == "model" else None
            made = [
                ShapeSpec(
                    self._label(name, spot),
                    kind_name,
                    check_points(kind_name, points, spot),
                    source=source,
                    score=check_score(item_score, f"{spot}.score"),
                    model_name=model,
                )
                for name in names
            ]
            shapes.extend(made)
            if ident is not None:
                regions.setdefault(str(ident), []).extend(made)
        for spot, value, ident, attribute in choices:
            picked = value.get("choices")
            if not isinstance(picked, list) or not all(isinstance(c, str) for c in picked):
                raise DatasetError(f"{spot}: value.choices must be a list of text")
            region = regions.get(ident)
            if region is None:  # an image-level choice: a tag per chosen class
                tags = [
                    ShapeSpec(
                        self._label(choice, spot),
                        "tag",
                        [],
                        source=source,
                        score=check_score(score, f"{spot}.score") if source == "model" else None,
                        model_name=model,
                    )
                    for choice in picked
                ]
                shapes.extend(tags)
                if ident:  # the choices that follow with its id are the tags' attributes
                    regions[ident] = tags
                continue
            if not isinstance(attribute, str) or not 0 < len(attribute) <= 128:
                raise DatasetError(
                    f"{spot}: from_name, the attribute's name, has 1 to 128 characters"
                )
            for shape in region:
                if attribute == "occluded" and picked == ["true"]:
                    shape.occluded = True
                    continue
                if len(picked) > 1 or len(",".join(picked)) > 4096:
                    raise DatasetError(f"{spot}: an attribute holds one value of 4096 characters")
                shape.attributes.append({"name": attribute, "value": picked[0] if picked else ""})
        return shapes

    @staticmethod
    def _size(
        result: dict[str, Any], size: Callable[[], tuple[int, int]], where: str
    ) -> tuple[int, int]:
        width, height = result.get("original_width"), result.get("original_height")
        if width is None and height is None:
            return size()
        if not (
            isinstance(width, int)
            and isinstance(height, int)
            and 0 < width < 2**31
            and 0 < height < 2**31
        ) or isinstance(width, bool):
            raise DatasetError(f"{where}: original_width and original_height must be positive")
        return width, height

    @staticmethod
    def _geometry(
        kind: str, value: dict[str, Any], width: int, height: int, where: str
    ) -> tuple[str, list[float]]:
        def numbers(keys: tuple[str, ...]) -> list[float]:
            found: list[Any] = [value.get(key, 0 if key == "rotation" else None) for key in keys]
            return _finite(found, f"{where}: value.{', '.join(keys)}")

        if kind == "rectanglelabels":
            x, y, w, h, rotation = numbers(("x", "y", "width", "height", "rotation"))
            x0, y0 = x * width / 100, y * height / 100
            x1, y1 = x0 + w * width / 100, y0 + h * height / 100
            if not rotation % 360:
                return "bbox", [x0, y0, x1, y1]
            # Label Studio turns a rectangle about its top-left corner, clockwise.
            cos, sin = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))
            corners = ((0.0, 0.0), (x1 - x0, 0.0), (x1 - x0, y1 - y0), (0.0, y1 - y0))
            return "polygon", [
                v
                for dx, dy in corners
                for v in (x0 + dx * cos - dy * sin, y0 + dx * sin + dy * cos)
            ]
        if kind == "keypointlabels":
            x, y = numbers(("x", "y"))
            return "points", [x * width / 100, y * height / 100]
        pairs = value.get("points")
        if not isinstance(pairs, list) or not all(
            isinstance(pair, list) and len(pair) == 2 for pair in pairs
        ):
            raise DatasetError(f"{where}: value.points must be a list of [x, y] pairs")
        flat = _finite(
            [coordinate for pair in pairs for coordinate in pair], f"{where}: value.points"
        )
        return "polygon", [
            coordinate * (width if index % 2 == 0 else height) / 100
            for index, coordinate in enumerate(flat)
        ]


def _finite(values: list[Any], where: str) -> list[float]:
    """``values`` as floats when they are all finite numbers, else raise naming ``where``."""
    try:
        floats = list(map(float, values)) if numbers_only(values) else None
    except OverflowError:  # an integer beyond a float's range
        floats = None
    if floats is None or not all(map(math.isfinite, floats)):
        raise DatasetError(f"{where} must be finite numbers")
    return floats


def _document(archive: Archive) -> str | None:
    """The JSON member that holds the tasks (None: the bare upload)."""
    if not archive.is_zip:
        return None
    if archive.has(MEMBER):
        return MEMBER
    found = sorted(name for name in archive.names if "/" not in name and name.endswith(".json"))
    if len(found) != 1:
        listed = ", ".join(found) or "none"
        raise DatasetError(
            f"A Label Studio archive has {MEMBER} or one JSON file at its top (found: {listed})."
        )
    return found[0]


def _top(path: Path) -> bool:
    return not path


def parse(archive: Archive) -> Dataset:
    """Read and check a Label Studio JSON export (or import JSON); nothing is written.

    The list of tasks streams: each task is read, checked and its shapes spooled to disk
    before the next one is read.
    """
    reader = _Reader(archive)
    one: dict[str, Any] | None = None  # a document of one task (an object, not a list)
    try:
        for path, value in archive.walk(_document(archive), _top, lambda path: False):
            if not path:
                if value is OBJECT:
                    one = {}
                elif value is CLOSED and one is not None:
                    reader.task(one, 0)
                elif value is not LIST and value is not CLOSED:
                    raise DatasetError("A Label Studio dataset is a list of tasks.")
            elif one is not None:
                one[str(path[0])] = value
            else:
                reader.task(value, int(path[0]))
    except BaseException:
        reader.dataset.close()
        raise
    return reader.dataset
