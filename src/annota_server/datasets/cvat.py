"""CVAT for images 1.1: ``annotations.xml``, images under ``images/<subset>/``.

Export: one ``annotations.xml`` as CVAT writes a project: ``<meta><project>`` holds the
labels (``name``, ``color``, ``type``: ``rectangle`` for bbox labels, else the kind) with the
attributes their shapes use (those the label declares, else guessed: ``checkbox`` when every
value is ``true``/``false``, ``select`` with the values seen when there are at most 64 of
them, else ``text``) and ``<tasks>``, one
``<task>`` per task (``id``, ``name``, ``size``, ``subset``; ``default`` for a task without
one). Then an ``<image id name subset task_id width height>`` per asset, ids 0..N-1 in export
order, holding ``<box xtl ytl xbr ybr>``, ``<polygon points>``, ``<polyline points>``,
``<points points>`` (``x,y;x,y``), ``<mask rle left top width height>`` and ``<tag>``, each
with ``label``, ``source``,
``occluded``, ``z_order`` and an ``<attribute name>`` child per attribute. ``source`` is
``manual`` for people's shapes, ``file`` for imported ones and ``auto`` for model predictions
(which also carry ``score`` and ``model`` when they have them). A mask's ``rle`` is CVAT's own:
the lengths of the alternating runs (background first) of the pixels of its box (``left``,
``top``, ``width``, ``height`` in whole pixels), row by row; an empty mask is a 1x1 box of
background. Every shape kind has a CVAT form; a kind it has not (a future one) is skipped and
counted.

Import: ``annotations.xml`` (CVAT), or every ``<subset>.xml`` at the top of the archive (as
datumaro writes them), or a bare XML file. Each ``<task>`` of the meta becomes a task (its
``<subset>``, or the file's stem for datumaro's per-subset files; ``default`` means none) and
each image goes to the task its ``task_id`` names, else to its file's only task, else to a
task per ``subset``. The labels of the meta are created with their colours and kinds (annota
keeps no attribute specs: the values stay on the shapes). ``source="auto"`` becomes a model
prediction (source ``model``), any other source a person's imported shape. A rotated box
becomes the polygon of its corners; a ``<mask>`` a mask shape (its box must lie inside the
image's ``width`` and ``height``, its runs fill the box exactly). ``<ellipse>``, ``<cuboid>``,
``<skeleton>`` and ``<track>`` (CVAT for video) fail the import naming the image, as malformed
XML and entity declarations do (the XML is parsed with defusedxml).
"""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from annota import rle
from annota_server.datasets.archive import (
    MAX_JSON_BYTES,
    Archive,
    ArchiveNames,
    ZipOutput,
    safe_file_name,
)
from annota_server.datasets.base import DatasetError, Skipped
from annota_server.datasets.model import (
    MAX_ATTRIBUTES,
    Z_ORDER_RANGE,
    Dataset,
    ImageSpec,
    LabelSpec,
    ShapeSpec,
    TaskSpec,
    check_mask,
    check_model_name,
    check_points,
    check_score,
)
from annota_server.datasets.per_image import images_with_shapes
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.datasets.spool import ImageShapes

MEMBER = "annotations.xml"
DEFAULT_SUBSET = "default"
SELECT_VALUES = 64
"""The most values an attribute spec lists (``select``); beyond, it is ``text``."""
ELEMENTS = {"bbox": "box", "polygon": "polygon", "polyline": "polyline", "points": "points"}
KINDS = {element: kind for kind, element in ELEMENTS.items()} | {"mask": "mask"}
LABEL_TYPES = {"bbox": "rectangle"}
LABEL_KINDS = {
    "rectangle": "bbox",
    "polygon": "polygon",
    "polyline": "polyline",
    "points": "points",
    "tag": "tag",
    "mask": "mask",
}
SOURCES = {"manual": "manual", "imported": "file", "model": "auto"}
UNSUPPORTED = ("ellipse", "cuboid", "skeleton")
MASK_BOX = ("left", "top", "width", "height")
COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# What each parsed element costs in memory (a ShapeSpec or ImageSpec and its values), roughly.
ELEMENT_COST = 400


KEEPS = frozenset({"tag", "mask", *ELEMENTS})
"""The shape kinds an export holds (the others are skipped and counted; the docs list these)."""
LAYOUT = "`annotations.xml` (CVAT for images 1.1), `images/<subset>/`"
"""The archive's files, as the docs' format table shows them."""


def image_member(subset: str, name: str) -> str:
    """Where an image goes in the archive: ``images/<subset>/`` as CVAT's project exports."""
    return f"images/{safe_file_name(subset or DEFAULT_SUBSET, DEFAULT_SUBSET)}/{name}"


# -- export --------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """The shortest text that reads back as the same float (``12`` for 12.0)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _declared_xml(spec: Mapping[str, Any]) -> str:
    """A declared attribute as CVAT's spec (a number's values are ``min;max;step``)."""
    values = spec["options"]
    if spec["type"] == "number":  # CVAT needs both bounds: an open one is int32's
        low, high = spec["min"], spec["max"]
        values = [
            _number(-(2**31) if low is None else low),
            _number(2**31 - 1 if high is None else high),
            "1",
        ]
        joined = ";".join(values)
    else:
        joined = "\n".join(values)
    default = spec["default"] if spec["default"] is not None else (values or [""])[0]
    return (
        f"<attribute><name>{escape(spec['name'])}</name><mutable>False</mutable>"
        f"<input_type>{spec['type']}</input_type>"
        f"<default_value>{escape(default)}</default_value>"
        f"<values>{escape(joined)}</values></attribute>"
    )


class _AttributeSpecs:
    """The attribute names and values each label's shapes use, for the meta's specs."""

    def __init__(self) -> None:
        self._values: dict[int, dict[str, set[str]]] = {}

    def add(self, shape: ShapeRow) -> None:
        if not shape.attributes:
            return
        mine = self._values.setdefault(shape.label_id, {})
        for item in shape.attributes:
            values = mine.setdefault(item["name"], set())
            if len(values) <= SELECT_VALUES:  # one past the limit says "text"
                values.add(item["value"])

    def xml(self, label_id: int, declared: list[dict[str, Any]] | None) -> str:
        if declared:  # the label's own declarations, as CVAT's specs
            return "".join(_declared_xml(spec) for spec in declared)
        parts = []
        for name, values in sorted(self._values.get(label_id, {}).items()):
            if values and values <= {"true", "false"}:
                kind, listed, default = "checkbox", ["false"], "false"
            elif len(values) <= SELECT_VALUES:
                kind, listed = "select", sorted(values)
                default = listed[0]
            else:
                kind, listed, default = "text", [], ""
            parts.append(
                f"<attribute><name>{escape(name)}</name><mutable>False</mutable>"
                f"<input_type>{kind}</input_type>"
                f"<default_value>{escape(default)}</default_value>"
                f"<values>{escape(chr(10).join(listed))}</values></attribute>"
            )
        return "".join(parts)


def to_cvat_mask(mask: Mapping[str, Any]) -> tuple[list[int], list[int]]:
    """A COCO RLE -> CVAT's runs over the mask's box, row by row, and ``[left, top, w, h]``.

    Decoded one mask at a time (the rows of its box are cut from its pixels).
    """
    height, width = (int(v) for v in mask["size"])
    x0, y0, x1, y1 = rle.bbox(mask)
    if x1 <= x0:  # empty: CVAT has no empty mask, so a single pixel of background
        return [1], [0, 0, 1, 1]
    pixels = rle.to_bytes(mask)
    box = b"".join(pixels[y * width + x0 : y * width + x1] for y in range(y0, y1))
    return rle.runs(box), [x0, y0, x1 - x0, y1 - y0]


def from_cvat_mask(counts: list[int], box: list[int], width: int, height: int) -> dict[str, Any]:
    """CVAT's runs over a box (row by row) -> the image's COCO RLE (raises RLEError).

    Only the box's columns are laid out (column by column, as COCO counts); the columns
    before and after it are added to the first and last runs.
    """
    left, top, box_width, box_height = box
    if box_width < 1 or box_height < 1 or left < 0 or top < 0:
        raise rle.RLEError("box", "left and top must be 0 or more, width and height 1 or more")
    if left + box_width > width or top + box_height > height:
        raise rle.RLEError(
            "box", f"the box {box} does not fit the image's {width} x {height} pixels"
        )
    if sum(counts) != box_width * box_height:
        raise rle.RLEError(
            "rle", f"the runs add up to {sum(counts)} pixels, not {box_width} x {box_height}"
        )
    rows = bytearray(box_width * box_height)
    start = 0
    for index, count in enumerate(counts):
        if index % 2:
            rows[start : start + count] = b"\x01" * count
        start += count
    columns = bytearray(height * box_width)
    for x in range(box_width):
        columns[x * height + top : x * height + top + box_height] = rows[x::box_width]
    runs = rle.runs(columns)
    runs[0] += left * height
    tail = (width - left - box_width) * height
    if len(runs) % 2:
        runs[-1] += tail  # the last run is background
    else:
        runs.append(tail)
    return rle.canonical({"size": [height, width], "counts": runs})


def _shape_xml(shape: ShapeRow, label: str) -> str | None:
    if shape.kind == "tag":
        element = "tag"
        geometry = ""
    elif shape.kind == "mask" and shape.mask is not None:
        element = "mask"
        counts, box = to_cvat_mask(shape.mask)
        geometry = f' rle="{", ".join(map(str, counts))}"' + "".join(
            f' {name}="{value}"'
            for name, value in zip(("left", "top", "width", "height"), box, strict=True)
        )
    elif shape.kind in ELEMENTS:
        element = ELEMENTS[shape.kind]
        points = shape.points
        if shape.kind == "bbox":
            geometry = "".join(
                f" {name}={quoteattr(_number(value))}"
                for name, value in zip(("xtl", "ytl", "xbr", "ybr"), points, strict=True)
            )
        else:
            pairs = ";".join(
                f"{_number(points[i])},{_number(points[i + 1])}" for i in range(0, len(points), 2)
            )
            geometry = f" points={quoteattr(pairs)}"
    else:
        return None
    source = SOURCES.get(shape.source, "manual")
    extra = ""
    if shape.source == "model":
        if shape.score is not None:
            extra += f" score={quoteattr(_number(shape.score))}"
        if shape.model_name:
            extra += f" model={quoteattr(shape.model_name)}"
    head = (
        f'    <{element} label={quoteattr(label)} source="{source}"{extra} '
        f'occluded="{int(shape.occluded)}"{geometry} z_order="{shape.z_order}">'
    )
    attributes = "".join(
        f"\n      <attribute name={quoteattr(item['name'])}>{escape(item['value'])}</attribute>"
        for item in shape.attributes
    )
    closing = f"\n    </{element}>" if attributes else f"</{element}>"
    return f"{head}{attributes}{closing}\n"


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    """Write ``annotations.xml``; return what CVAT could not hold (kinds it has no form for).

    The images part goes to a temporary file first: the meta before it lists the attributes
    that its shapes use, known only once they have all been read (one pass over the shapes).
    """
    assert names is not None
    labels = {label.id: label.name for label in reader.labels}
    skipped = Skipped(labels)
    specs = _AttributeSpecs()
    sizes: list[tuple[int, int]] = []  # (task id, asset count)
    with tempfile.TemporaryFile() as body:
        index = 0
        for task in reader.tasks:
            subset = escape(task.subset or DEFAULT_SUBSET)
            count = 0
            for entry, shapes in images_with_shapes(reader, task, names, advance):
                count += 1
                lines = [
                    f'  <image id="{index}" name={quoteattr(entry.file_name)} '
                    f'subset="{subset}" task_id="{task.id}" width="{entry.width or 0}" '
                    f'height="{entry.height or 0}">\n'
                ]
                index += 1
                for shape in shapes:
                    text = _shape_xml(shape, labels[shape.label_id])
                    if text is None:
                        skipped.add(shape.kind, shape.label_id)
                    else:
                        specs.add(shape)
                        lines.append(text)
                lines.append("  </image>\n")
                body.write("".join(lines).encode("utf-8"))
            sizes.append((task.id, count))
        body.seek(0)
        out.add_stream(MEMBER, _document(reader, specs, sizes, body))
    return skipped


def _document(
    reader: ProjectReader, specs: _AttributeSpecs, sizes: list[tuple[int, int]], body: IO[bytes]
) -> Iterator[bytes]:
    label_xml = "".join(
        f"\n        <label><name>{escape(label.name)}</name><color>{label.color}</color>"
        f"<type>{LABEL_TYPES.get(label.kind, label.kind)}</type>"
        f"<attributes>{specs.xml(label.id, label.attributes)}</attributes></label>"
        for label in reader.labels
    )
    count_of = dict(sizes)
    task_xml = "".join(
        f"\n        <task><id>{task.id}</id><name>{escape(task.name)}</name>"
        f"<size>{count_of.get(task.id, 0)}</size><mode>annotation</mode>"
        f"<subset>{escape(task.subset or DEFAULT_SUBSET)}</subset></task>"
        for task in reader.tasks
    )
    yield (
        '<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n'
        f"  <meta>\n    <project>\n      <id>{reader.project.id}</id>\n"
        f"      <name>{escape(reader.project.name)}</name>\n"
        f"      <labels>{label_xml}\n      </labels>\n"
        f"      <tasks>{task_xml}\n      </tasks>\n    </project>\n  </meta>\n"
    ).encode()
    while chunk := body.read(1024 * 1024):
        yield chunk
    yield b"</annotations>\n"


# -- import --------------------------------------------------------------------------------------


def _subset(text: str) -> str:
    return "" if text == DEFAULT_SUBSET else text


class _Parser:
    """Reads one CVAT XML document as a stream of elements, within the import's limits."""

    def __init__(self, archive: Archive, dataset: Dataset, labels: dict[str, LabelSpec]) -> None:
        self.archive = archive
        self.dataset = dataset
        self.labels = labels
        self.max_depth = archive.limits.max_json_depth
        self.max_memory = archive.limits.max_json_memory
        self.spent = 0
        self.image_spent = 0
        self.shapes = ImageShapes()
        self.shapes.attach(dataset)
        self.by_subset: dict[str, TaskSpec] = {}
        self.seen_names: set[tuple[int, str]] = set()

    def parse(self, stream: IO[bytes], where: str, stem: str) -> None:
        """Read the document ``where`` (``stem`` is its subset when its meta names none)."""
        tasks: dict[str, TaskSpec] = {}
        depth = 0
        root: Element | None = None
        try:
            for event, element in SafeTree.iterparse(stream, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth > self.max_depth:
                        raise DatasetError(
                            f"{where} is nested deeper than {self.max_depth} levels."
                        )
                    if root is None:
                        root = element
                        if element.tag != "annotations":
                            raise DatasetError(
                                f"{where}: the root element is <{element.tag}>, not <annotations>"
                            )
                    elif depth == 2 and element.tag == "track":
                        raise DatasetError(
                            f"{where}: <track> elements are CVAT for video; export the task "
                            "as CVAT for images"
                        )
                    continue
                depth -= 1
                if depth != 1:
                    continue
                # A child of <annotations> is complete: read it, then drop it.
                if element.tag == "meta":
                    tasks = self._meta(element, where, stem)
                elif element.tag == "image":
                    self._image(element, where, tasks)
                # Dropped from the tree too: memory holds the element being read, not the file.
                element.clear()
                if root is not None:
                    root.remove(element)
        except DefusedXmlException as exc:
            raise DatasetError(
                f"{where} declares XML entities or external references, which imports "
                f"refuse ({exc!r})"
            ) from None
        except (SafeTree.ParseError, UnicodeDecodeError, LookupError) as exc:
            # LookupError: the declaration names an encoding Python does not know.
            raise DatasetError(f"{where} is not valid XML: {exc}") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a corrupt member
            raise DatasetError(f"{where} cannot be read from the archive: {exc}") from None

    def _charge(self, element: Element, where: str, kept: bool = False) -> None:
        """Count what an element costs: images add up (they are kept), shapes only per image."""
        attrib = element.attrib
        cost = ELEMENT_COST + sum(map(len, attrib.values())) + len(element.text or "")
        if kept:
            self.spent += cost
            self.image_spent = 0
        else:
            self.image_spent += cost
        if self.spent + self.image_spent > self.max_memory:
            raise DatasetError(
                f"{where} needs more than {self.max_memory} bytes of memory once parsed "
                "(ANNOTA_IMPORT_MAX_JSON_MEMORY)."
            )

    def _meta(self, meta: Element, where: str, stem: str) -> dict[str, TaskSpec]:
        for index, label in enumerate(meta.iter("label")):
            spot = f"{where}.meta.labels.{index}"
            name = (label.findtext("name") or "").strip()
            if not 0 < len(name) <= 128:
                raise DatasetError(f"{spot}.name: must have 1 to 128 characters")
            color = (label.findtext("color") or "").strip()
            kind = LABEL_KINDS.get((label.findtext("type") or "").strip(), "any")
            if name not in self.labels:
                self.labels[name] = LabelSpec(name, color if COLOR.fullmatch(color) else None, kind)
                self.dataset.labels.append(self.labels[name])
        listed = [*meta.findall("task"), *meta.findall("project/tasks/task")]
        tasks: dict[str, TaskSpec] = {}
        for task in listed:
            subset = (task.findtext("subset") or "").strip() or (
                "" if stem == "annotations" else stem
            )
            name = (task.findtext("name") or "").strip() or subset or DEFAULT_SUBSET
            spec = TaskSpec(name=name[:256], subset=_subset(subset))
            self.dataset.tasks.append(spec)
            tasks[(task.findtext("id") or "").strip()] = spec
        return tasks

    def _task_of(self, image: Element, tasks: dict[str, TaskSpec], where: str) -> TaskSpec:
        task_id = image.get("task_id")
        if task_id is not None and task_id in tasks:
            return tasks[task_id]
        if len(tasks) == 1 and task_id is None:
            return next(iter(tasks.values()))
        subset = image.get("subset") or DEFAULT_SUBSET
        task = self.by_subset.get(subset)
        if task is None:
            task = self.by_subset[subset] = TaskSpec(name=subset[:256], subset=_subset(subset))
            self.dataset.tasks.append(task)
        return task

    def _image(self, element: Element, where: str, tasks: dict[str, TaskSpec]) -> None:
        self._charge(element, where, kept=True)
        name = element.get("name") or ""
        spot = f"{where}: image {name[:80]!r}"
        if not name:
            raise DatasetError(f"{where}: image {element.get('id')!r} has no name")
        task = self._task_of(element, tasks, where)
        if (id(task), name) in self.seen_names:
            raise DatasetError(f"{spot} is listed twice")
        self.seen_names.add((id(task), name))
        subset = element.get("subset") or task.subset or DEFAULT_SUBSET
        member = next(
            (
                candidate
                for candidate in (f"images/{subset}/{name}", f"images/{name}")
                if self.archive.has(candidate)
            ),
            None,
        )
        image = ImageSpec(name, member)
        shapes = []
        for child in element:
            self._charge(child, where)
            shapes.append(self._shape(child, spot, element))
        self.shapes.add(image, shapes)
        task.images.append(image)

    def _shape(self, element: Element, where: str, image: Element) -> ShapeSpec:
        tag = element.tag
        if tag in UNSUPPORTED:
            raise DatasetError(
                f"{where} has a <{tag}>, which annota cannot import (it has no {tag} shapes)"
            )
        if tag != "tag" and tag not in KINDS:
            raise DatasetError(f"{where} has an unknown element <{tag}>")
        label = element.get("label") or ""
        spot = f"{where}, <{tag} label={label[:80]!r}>"
        if not 0 < len(label) <= 128:
            raise DatasetError(f"{spot}: the label must have 1 to 128 characters")
        if label not in self.labels:
            self.labels[label] = LabelSpec(label)
            self.dataset.labels.append(self.labels[label])
        kind = "tag" if tag == "tag" else KINDS[tag]
        points: list[float] = []
        mask = None
        if kind == "mask":
            mask = _mask(element, image, spot)
        elif kind == "bbox":
            box = [_float(element, name, spot) for name in ("xtl", "ytl", "xbr", "ybr")]
            rotation = _float(element, "rotation", spot) if element.get("rotation") else 0.0
            if rotation % 360:
                kind, points = "polygon", _rotated(box, rotation)
            else:
                points = box
        elif kind != "tag":
            points = _pairs(element.get("points"), spot)
        attributes = []
        for child in element:
            if child.tag != "attribute":
                raise DatasetError(f"{spot}: unknown element <{child.tag}>")
            name, value = child.get("name") or "", child.text or ""
            if not 0 < len(name) <= 128 or len(value) > 4096:
                raise DatasetError(
                    f"{spot}: an attribute's name has 1 to 128 characters, its value at most 4096"
                )
            attributes.append({"name": name, "value": value})
        if len(attributes) > MAX_ATTRIBUTES:
            raise DatasetError(f"{spot}: at most {MAX_ATTRIBUTES} attributes")
        z_text = element.get("z_order") or "0"
        try:
            z_order = int(z_text)
        except ValueError:
            raise DatasetError(f"{spot}: z_order {z_text[:20]!r} is not an integer") from None
        if z_order not in Z_ORDER_RANGE:
            raise DatasetError(f"{spot}: z_order must be from -1000000 to 1000000")
        shape = ShapeSpec(
            label,
            kind,
            check_points(kind, points, spot),
            attributes,
            element.get("occluded") == "1",
            z_order,
            mask=mask,
            origin=spot,
        )
        if element.get("source") == "auto":
            shape.source = "model"
            score = _float(element, "score", spot) if element.get("score") else None
            shape.score = check_score(score, f"{spot}: score")
            shape.model_name = check_model_name(element.get("model"), f"{spot}: model")
        return shape


def _whole(element: Element, name: str, where: str) -> int:
    text = (element.get(name) or "").strip()
    if not text.isdigit():
        raise DatasetError(f"{where}: {name} {text[:40]!r} is not a whole number from 0")
    return int(text)


def _mask(element: Element, image: Element, where: str) -> dict[str, Any]:
    """A ``<mask>`` as the image's COCO RLE; its box must fit the ``<image>``'s size."""
    size = [_whole(image, name, f"{where}: the image's") for name in ("width", "height")]
    box = [_whole(element, name, where) for name in MASK_BOX]
    text = element.get("rle") or ""
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise DatasetError(f"{where}: rle must be whole numbers separated by commas") from None
    if any(count < 0 for count in counts):
        raise DatasetError(f"{where}: rle must be whole numbers separated by commas")
    if size[0] * size[1] > rle.MAX_PIXELS or box[2] * box[3] > rle.MAX_PIXELS:
        raise DatasetError(f"{where}: a mask has at most {rle.MAX_PIXELS} pixels")
    try:
        converted = from_cvat_mask(counts, box, *size)
    except rle.RLEError as error:
        raise DatasetError(f"{where}: {error.field}: {error.message}") from None
    return check_mask(converted, where)


def _float(element: Element, name: str, where: str) -> float:
    text = element.get(name)
    if text is None:
        raise DatasetError(f"{where}: missing {name}")
    try:
        value = float(text)
    except ValueError:
        raise DatasetError(f"{where}: {name} {text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise DatasetError(f"{where}: {name} must be a finite number")
    return value


def _pairs(text: str | None, where: str) -> list[float]:
    if not text:
        raise DatasetError(f"{where}: missing points")
    values: list[float] = []
    try:
        for pair in text.split(";"):
            x, y = pair.split(",")
            values += (float(x), float(y))
    except ValueError:
        raise DatasetError(f"{where}: points must be 'x,y;x,y;...' numbers") from None
    if not all(map(math.isfinite, values)):
        raise DatasetError(f"{where}: points must be finite numbers")
    return values


def _rotated(box: list[float], degrees: float) -> list[float]:
    """The corners of a box turned ``degrees`` clockwise about its centre (CVAT's rotation)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    return [
        value
        for x, y in corners
        for value in (
            cx + (x - cx) * cos - (y - cy) * sin,
            cy + (x - cx) * sin + (y - cy) * cos,
        )
    ]


def _documents(archive: Archive) -> list[str]:
    if archive.has(MEMBER):
        return [MEMBER]
    found = sorted(name for name in archive.names if "/" not in name and name.endswith(".xml"))
    if not found:
        raise DatasetError(f"The archive has no {MEMBER} (nor <subset>.xml files at its top).")
    return found


def parse(archive: Archive) -> Dataset:
    """Read and check a CVAT for images 1.1 dataset, its shapes spooled; nothing is written."""
    dataset = Dataset()
    try:
        _parse(archive, dataset)
    except BaseException:
        dataset.close()
        raise
    return dataset


def _parse(archive: Archive, dataset: Dataset) -> None:
    parser = _Parser(archive, dataset, {})
    if not archive.is_zip:
        parser.parse(archive.open_bare(), "the file", "annotations")
    else:
        for name in _documents(archive):
            if archive.names[name].file_size > MAX_JSON_BYTES:
                raise DatasetError(f"{name} is larger than {MAX_JSON_BYTES} bytes.")
            with archive.open(name) as stream:
                parser.parse(stream, name, name.removesuffix(".xml"))
    dataset.tasks = [task for task in dataset.tasks if task.images]
