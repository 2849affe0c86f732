"""Pascal VOC: ``Annotations/<stem>.xml`` per image, ``ImageSets/Main/``, ``JPEGImages/``.

Export: one XML per image (``filename``, ``size`` and an ``object`` per bbox with ``name``,
``pose``, ``truncated``, ``difficult``, ``occluded`` and ``bndbox``); the attributes ``pose``,
``truncated`` and ``difficult`` fill those fields, any other goes under ``attributes`` as
``name``/``value`` pairs. VOC holds boxes only:
tags, polygons, polylines and points are skipped and counted. ``ImageSets/Main/<subset>.txt``
lists each subset's stems (``default`` for tasks without a subset); ``labelmap.txt`` holds the
labels as ``name:r,g,b:parts:actions`` with their colours after ``background`` (see
:func:`labelmap`), so labels without a box survive a round trip.

Coordinates follow the VOC devkit: ``bndbox`` holds 1-based pixel numbers of the first and
last pixel inside the box, so ``xmin`` is annota's ``x_min + 1`` and ``xmax`` its ``x_max``
(see :func:`to_voc`); sub-pixel values are kept, to two decimals.

Import: the same layout, coordinates turned back (:func:`from_voc`); ``labelmap.txt`` in the
VOC form or bare names, ``background`` left out. An image is its ``JPEGImages/<filename>``
when the archive has it, else it is matched by name to the project's assets. Images not listed
in any image set go to ``default``, which becomes a task without a subset.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput, safe_file_name
from annota_server.datasets.base import DatasetError, Skipped
from annota_server.datasets.model import (
    Dataset,
    ImageSpec,
    LabelSpec,
    ShapeSpec,
    TaskSpec,
    check_points,
)
from annota_server.datasets.per_image import (
    ImageEntry,
    UniqueStems,
    add_text,
    images_with_shapes,
    read_text,
    stem_of,
)
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.db.models import Label

DEFAULT_SUBSET = "default"
KEEPS = frozenset({"bbox"})
"""The shape kinds an export holds (the others are skipped and counted; the docs list these)."""
LAYOUT = "`Annotations/<image>.xml`, `ImageSets/Main/<subset>.txt`, `JPEGImages/`, `labelmap.txt`"
"""The archive's files, as the docs' format table shows them."""
LABELMAP = "labelmap.txt"
BACKGROUND = "background"
VOC_FIELDS = ("pose", "truncated", "difficult")
FIELD_DEFAULTS = {"pose": "Unspecified", "truncated": "0", "difficult": "0"}


def image_member(subset: str, name: str) -> str:
    """Where an image goes in the archive (one folder for every subset)."""
    return f"JPEGImages/{name}"


BOX_TAGS = ("xmin", "ymin", "xmax", "ymax")


def to_voc(points: list[float]) -> list[float]:
    """The box edges annota stores -> VOC's 1-based numbers of the first and last pixels.

    annota's ``[x_min, y_min, x_max, y_max]`` are edges: a box over pixels 0..9 (0-based) is
    ``[0, ..., 10, ...]``. The VOC devkit numbers pixels from 1 and names the first and last
    one inside: ``xmin`` 1, ``xmax`` 10. So only the minimum moves, by one; supervision and the
    devkit read it so, datumaro with ``coordinate_mode="voc-one-based"``.
    """
    x_min, y_min, x_max, y_max = points
    return [x_min + 1, y_min + 1, x_max, y_max]


def from_voc(values: list[float]) -> list[float]:
    """The inverse of :func:`to_voc`."""
    xmin, ymin, xmax, ymax = values
    return [xmin - 1, ymin - 1, xmax, ymax]


# -- export --------------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(parent: Element, tag: str, value: str) -> Element:
    element = SubElement(parent, tag)
    element.text = value
    return element


def _object(parent: Element, shape: ShapeRow, label: str) -> None:
    item = SubElement(parent, "object")
    _text(item, "name", label)
    given = {a["name"]: a["value"] for a in shape.attributes}
    for name in VOC_FIELDS:
        _text(item, name, given.pop(name, FIELD_DEFAULTS[name]))
    _text(item, "occluded", "1" if shape.occluded else "0")
    box = SubElement(item, "bndbox")
    for tag, coordinate in zip(BOX_TAGS, to_voc([float(p) for p in shape.points]), strict=True):
        _text(box, tag, _number(coordinate))
    if given:
        attributes = SubElement(item, "attributes")
        for name, value in given.items():
            attribute = SubElement(attributes, "attribute")
            _text(attribute, "name", name)
            _text(attribute, "value", value)


def _document(entry: ImageEntry, shapes: list[ShapeRow], labels: dict[int, str]) -> bytes:
    root = Element("annotation")
    _text(root, "folder", "JPEGImages")
    _text(root, "filename", entry.file_name)
    size = SubElement(root, "size")
    _text(size, "width", str(entry.width or 0))
    _text(size, "height", str(entry.height or 0))
    _text(size, "depth", "3")
    _text(root, "segmented", "0")
    for shape in shapes:
        _object(root, shape, labels[shape.label_id])
    return bytes(tostring(root, encoding="utf-8", xml_declaration=True))


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    """Write the XML files, the image sets and the label map; return what was skipped."""
    assert names is not None
    labels = {label.id: label.name for label in reader.labels}
    skipped = Skipped(labels)
    stems = UniqueStems("Pascal VOC")
    sets: dict[str, list[str]] = {}
    for task in reader.tasks:
        listing = sets.setdefault(safe_file_name(task.subset or DEFAULT_SUBSET, DEFAULT_SUBSET), [])
        for entry, shapes in images_with_shapes(reader, task, names, advance):
            stems.check("Annotations", entry)
            boxes = []
            for shape in shapes:
                if shape.kind in KEEPS:
                    boxes.append(shape)
                else:
                    skipped.add(shape.kind, shape.label_id)
            out.add_stream(f"Annotations/{entry.stem}.xml", [_document(entry, boxes, labels)])
            listing.append(entry.stem)
    for subset, listing in sets.items():
        add_text(out, f"ImageSets/Main/{subset}.txt", "".join(f"{stem}\n" for stem in listing))
    add_text(out, LABELMAP, labelmap(reader.labels))
    return skipped


def _rgb(color: str | None) -> str:
    """``#ff8000`` -> ``255,128,0`` (black when a colour is missing or not ``#rrggbb``)."""
    digits = (color or "").removeprefix("#")
    try:
        values = [int(digits[i : i + 2], 16) for i in (0, 2, 4)] if len(digits) == 6 else []
    except ValueError:
        values = []
    return ",".join(map(str, values or [0, 0, 0]))


def labelmap(labels: Iterable[Label]) -> str:
    """``labelmap.txt`` in the VOC form datumaro and CVAT read: ``name:r,g,b:parts:actions``.

    ``background`` comes first (datumaro counts it as label 0); it is never one of annota's
    labels on import. A colon in a name cannot be written in this form, so it fails the export.
    """
    lines = ["# label:color_rgb:parts:actions", f"{BACKGROUND}:0,0,0::"]
    for label in labels:
        if ":" in label.name:
            raise DatasetError(
                f"The label {label.name!r} has a colon, which Pascal VOC's {LABELMAP} cannot "
                "hold; rename it to export in this format."
            )
        if label.name != BACKGROUND:
            lines.append(f"{label.name}:{_rgb(label.color)}::")
    return "".join(f"{line}\n" for line in lines)


# -- import --------------------------------------------------------------------------------------


def _child_text(element: Element, tag: str, where: str) -> str:
    child = element.find(tag)
    if child is None or child.text is None or not child.text.strip():
        raise DatasetError(f"{where}: missing <{tag}>")
    return child.text.strip()


def _coordinate(box: Element, tag: str, where: str) -> float:
    text = _child_text(box, tag, where)
    try:
        value = float(text)
    except ValueError:
        raise DatasetError(f"{where}.{tag}: {text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise DatasetError(f"{where}.{tag}: must be a finite number")
    return value


def _shape(item: Element, where: str) -> ShapeSpec:
    label = _child_text(item, "name", where)
    if len(label) > 128:
        raise DatasetError(f"{where}.name: at most 128 characters")
    box = item.find("bndbox")
    if box is None:
        raise DatasetError(f"{where}: missing <bndbox>")
    points = from_voc([_coordinate(box, tag, f"{where}.bndbox") for tag in BOX_TAGS])
    attributes = []
    for name in VOC_FIELDS:
        found = item.find(name)
        text = (found.text or "").strip() if found is not None else ""
        if text and text != FIELD_DEFAULTS[name]:
            attributes.append({"name": name, "value": text})
    for index, attribute in enumerate(item.findall("attributes/attribute")):
        spot = f"{where}.attributes.{index}"
        name = _child_text(attribute, "name", spot)
        value_element = attribute.find("value")
        value = (value_element.text or "") if value_element is not None else ""
        if len(name) > 128 or len(value) > 4096:
            raise DatasetError(f"{spot}: names have at most 128 characters, values 4096")
        attributes.append({"name": name, "value": value})
    occluded = (item.findtext("occluded") or "0").strip() in ("1", "true")
    return ShapeSpec(
        label, "bbox", check_points("bbox", points, f"{where}.bndbox"), attributes, occluded
    )


def _annotation(archive: Archive, member: str) -> ImageSpec:
    try:
        root = SafeTree.fromstring(read_text(archive, member).encode("utf-8"))
    except (SafeTree.ParseError, DefusedXmlException) as exc:
        raise DatasetError(f"{member} is not valid XML: {exc}") from None
    if root.tag != "annotation":
        raise DatasetError(f"{member}: the root element is <{root.tag}>, not <annotation>")
    file_name = _child_text(root, "filename", member)
    if "/" in file_name or "\\" in file_name:
        raise DatasetError(f"{member}.filename: a file name, without folders")
    image_file = f"JPEGImages/{file_name}"
    image = ImageSpec(file_name, image_file if archive.has(image_file) else None)
    for index, item in enumerate(root.findall("object")):
        image.shapes.append(_shape(item, f"{member}.object.{index}"))
    return image


def parse(archive: Archive) -> Dataset:
    """Read and check a Pascal VOC dataset; nothing is written."""
    if not archive.is_zip:
        raise DatasetError("A Pascal VOC dataset is a zip archive.")
    xml_files = sorted(
        name
        for name in archive.names
        if name.startswith("Annotations/") and name.endswith(".xml") and name.count("/") == 1
    )
    if not xml_files:
        raise DatasetError("The archive has no Annotations/<image>.xml file.")
    images = {
        stem_of(name.removeprefix("Annotations/")): _annotation(archive, name) for name in xml_files
    }
    labels = _read_labelmap(archive) if archive.has(LABELMAP) else {}
    for image in images.values():
        for shape in image.shapes:
            labels.setdefault(shape.label, None)
    label_names = list(labels)
    tasks: list[TaskSpec] = []
    placed: set[str] = set()
    set_files = sorted(
        name
        for name in archive.names
        if name.startswith("ImageSets/Main/") and name.endswith(".txt") and name.count("/") == 2
    )
    for set_file in set_files:
        subset = stem_of(set_file.removeprefix("ImageSets/Main/"))
        if "_" in subset and subset.split("_", 1)[0] in label_names:
            continue  # a per-class list (``cat_train.txt``), not an image set
        task = TaskSpec(name=subset, subset="" if subset == DEFAULT_SUBSET else subset)
        for line in read_text(archive, set_file).splitlines():
            stem = line.split()[0] if line.split() else ""
            if not stem:
                continue
            if stem not in images:
                raise DatasetError(f"{set_file}: {stem!r} has no Annotations/{stem}.xml")
            if stem in placed:
                raise DatasetError(f"{set_file}: {stem!r} is in more than one image set")
            placed.add(stem)
            task.images.append(images[stem])
        tasks.append(task)
    rest = [image for stem, image in images.items() if stem not in placed]
    if rest:
        default = next((t for t in tasks if t.name == DEFAULT_SUBSET), None)
        if default is None:
            default = TaskSpec(name=DEFAULT_SUBSET, subset="")
            tasks.append(default)
        default.images.extend(rest)
    return Dataset(labels=[LabelSpec(name, color) for name, color in labels.items()], tasks=tasks)


def _read_labelmap(archive: Archive) -> dict[str, str | None]:
    """The labels of ``labelmap.txt`` with their colours (``#rrggbb``), in its order.

    Lines are ``name:r,g,b:parts:actions`` (VOC, datumaro, CVAT) or bare names; ``background``
    is VOC's class 0, the pixels of no object, not a label.
    """
    found: dict[str, str | None] = {}
    for number, line in enumerate(read_text(archive, LABELMAP).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, rest = line.partition(":")
        name = name.strip()
        if not name or name == BACKGROUND:
            continue
        if len(name) > 128:
            raise DatasetError(f"{LABELMAP}:{number}: a label name has at most 128 characters")
        rgb = rest.split(":", 1)[0].strip()
        found.setdefault(name, _hex(rgb, f"{LABELMAP}:{number}") if rgb else None)
    return found


def _hex(rgb: str, where: str) -> str:
    """``255,128,0`` -> ``#ff8000``."""
    parts = rgb.split(",")
    try:
        values = [int(part) for part in parts]
    except ValueError:
        values = []
    if len(values) != 3 or not all(0 <= value <= 255 for value in values):
        raise DatasetError(f"{where}: the colour {rgb[:40]!r} is not r,g,b (0 to 255 each)")
    return "#" + "".join(f"{value:02x}" for value in values)
