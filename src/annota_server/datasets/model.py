"""A dataset as the formats parse it: plain values, checked, before anything is written."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annota import rle
from annota_server.datasets.base import DatasetError

SHAPE_KINDS = ("tag", "bbox", "polygon", "polyline", "points", "mask")
LABEL_KINDS = ("any", *SHAPE_KINDS)
# The fewest x, y pairs each kind needs (a bbox has exactly two: its corners).
MIN_PAIRS = {"tag": 0, "bbox": 2, "polygon": 3, "polyline": 2, "points": 1, "mask": 0}
# The limits of ShapeCreateRequest in openapi.yaml.
MAX_POINTS = 20_000
MAX_ATTRIBUTES = 256
Z_ORDER_RANGE = range(-1_000_000, 1_000_001)


@dataclass
class LabelSpec:
    """A label the dataset uses; matched by name, created when missing."""

    name: str
    color: str | None = None
    kind: str = "any"
    attributes: tuple[dict[str, Any], ...] = ()
    """The attributes it declares, stored form (``annota_server.attributes``); none: any."""


@dataclass
class ShapeSpec:
    """A shape on an image, its label given by name."""

    label: str
    kind: str
    points: list[float]
    attributes: list[dict[str, str]] = field(default_factory=list)
    occluded: bool = False
    z_order: int = 0
    source: str = "imported"
    """``imported`` (people's work from a file) or ``model`` (a prediction the file carries)."""
    score: float | None = None
    model_name: str | None = None
    mask: dict[str, Any] | None = None
    """A mask's canonical RLE ``{size, counts}`` (:func:`check_mask`); its bbox and area are
    added, and its size checked against the image, once the image is measured."""
    origin: str = ""
    """Where the shape is in the dataset (``annotations.3 (annotation 41)``), for messages."""


def check_score(score: Any, where: str) -> float | None:
    """A prediction's score: None, or a number from 0 to 1, else raise naming ``where``."""
    if score is None:
        return None
    if type(score) not in _NUMBER_TYPES or not 0 <= score <= 1:
        raise DatasetError(f"{where}: a score is a number from 0 to 1")
    return float(score)


def check_model_name(name: Any, where: str) -> str | None:
    """A prediction's model name: None (or empty), or 1 to 128 characters."""
    if name is None or name == "":
        return None
    if not isinstance(name, str) or len(name) > 128 or "\x00" in name:
        raise DatasetError(f"{where}: a model name has 1 to 128 characters")
    return name


@dataclass
class ImageSpec:
    """An image: its file in the archive (``member``), or None to match an existing asset."""

    name: str
    member: str | None
    shapes: list[ShapeSpec] = field(default_factory=list)


@dataclass
class TaskSpec:
    """A task (annota format) or a subset (COCO); its images keep their order."""

    name: str
    subset: str
    segment_size: int = 50
    images: list[ImageSpec] = field(default_factory=list)


ShapeStream = Callable[[], Iterator[tuple[ImageSpec, list[ShapeSpec]]]]
"""Where a streaming format's shapes come from: ``(image, its shapes)``, read as they go."""


@dataclass
class Dataset:
    """Everything an import brings.

    Every format streams: it leaves ``ImageSpec.shapes`` empty and gives ``stream``, which
    reads the shapes back from disk as the import consumes them (see ``spool``); ``close``
    drops what the stream reads from. Shapes put on their images still work (small tests).
    """

    labels: list[LabelSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    stream: ShapeStream | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def shapes(self) -> Iterator[tuple[ImageSpec, list[ShapeSpec]]]:
        """Every image's shapes, as ``(image, shapes)`` (an image may come more than once)."""
        if self.stream is not None:
            yield from self.stream()
            return
        for task in self.tasks:
            for image in task.images:
                if image.shapes:
                    yield image, image.shapes

    def close(self) -> None:
        """Drop the stream's files (a dataset in memory has none)."""
        for close in self.closers:
            close()


_NUMBER_TYPES = frozenset({int, float})


def numbers_only(values: list[Any]) -> bool:
    """Whether every item is an int or a float (not a bool): what JSON numbers parse to.

    Compares exact types in C (``map``), the cheapest check per item: imports run it on
    every coordinate.
    """
    return set(map(type, values)) <= _NUMBER_TYPES


def check_points(kind: str, points: Any, where: str) -> list[float]:
    """Return ``points`` as floats when they fit ``kind``, else raise naming ``where``."""
    if kind not in SHAPE_KINDS:
        raise DatasetError(f"{where}: unknown shape kind {kind!r}")
    if not isinstance(points, list) or not numbers_only(points):
        raise DatasetError(f"{where}: points must be a list of numbers")
    if len(points) > MAX_POINTS:
        raise DatasetError(f"{where}: at most {MAX_POINTS} numbers")
    try:
        values = list(map(float, points))
    except OverflowError:  # an integer beyond a float's range
        raise DatasetError(f"{where}: points must be finite numbers") from None
    if not all(map(math.isfinite, values)):
        raise DatasetError(f"{where}: points must be finite numbers")
    pairs = MIN_PAIRS[kind]
    if kind in ("tag", "mask") and values:
        raise DatasetError(f"{where}: a {kind} has no points")
    if kind == "bbox":
        if len(values) != 4:
            raise DatasetError(f"{where}: a bbox has exactly 4 numbers, not {len(values)}")
        if values[0] > values[2] or values[1] > values[3]:
            raise DatasetError(f"{where}: a bbox is [x_min, y_min, x_max, y_max]")
    elif len(values) % 2 or len(values) < 2 * pairs:
        raise DatasetError(f"{where}: a {kind} needs at least {pairs} x, y pairs")
    return values


def check_mask(value: Any, where: str) -> dict[str, Any]:
    """A COCO RLE in its canonical form (compressed counts), else raise naming ``where``.

    Only its runs are read, never its pixels; its size is checked against the image later.
    """
    try:
        return rle.canonical(value)
    except rle.RLEError as error:
        raise DatasetError(f"{where}.{error.field}: {error.message}") from None


def check_attributes(attributes: Any, where: str) -> list[dict[str, str]]:
    """Return attributes as ``[{name, value}]`` strings, else raise naming ``where``."""
    if not isinstance(attributes, list):
        raise DatasetError(f"{where}: attributes must be a list")
    if len(attributes) > MAX_ATTRIBUTES:
        raise DatasetError(f"{where}: at most {MAX_ATTRIBUTES} attributes")
    checked: list[dict[str, str]] = []
    for item in attributes:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and 0 < len(item["name"]) <= 128
            and isinstance(item.get("value"), str)
            and len(item["value"]) <= 4096
        ):
            raise DatasetError(f"{where}: each attribute is {{name, value}} with text values")
        checked.append({"name": item["name"], "value": item["value"]})
    return checked


def require(document: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """``document[key]`` when it exists and has the type ``kind``, else a DatasetError."""
    if not isinstance(document, dict):
        raise DatasetError(f"{where}: expected an object")
    if key not in document:
        raise DatasetError(f"{where}: missing key {key!r}")
    value = document[key]
    wrong_bool = isinstance(value, bool) and bool not in (
        kind if isinstance(kind, tuple) else (kind,)
    )
    if not isinstance(value, kind) or wrong_bool:
        raise DatasetError(f"{where}.{key}: has the wrong type")
    return value
