"""Pascal VOC: ``Annotations/<stem>.xml`` per image, ``ImageSets/Main/``, ``JPEGImages/``.

Export: one XML per image (``filename``, ``size`` and an ``object`` per bbox with ``name``,
``pose``, ``truncated``, ``difficult``, ``occluded`` and ``bndbox``); the attributes ``pose``,
``truncated`` and ``difficult`` fill those fields, any other goes under ``attributes`` as
``name``/``value`` pairs. VOC holds boxes and masks: tags, polygons, polylines and points are
skipped and counted. ``ImageSets/Main/<subset>.txt`` lists each subset's stems (``default`` for
tasks without a subset); ``labelmap.txt`` holds the labels as ``name:r,g,b:parts:actions`` with
their colours after ``background`` (see :func:`labelmap`), so labels without a box survive a
round trip.

Masks go to two indexed (palette) PNGs per image, as the VOC devkit has them:
``SegmentationObject/<stem>.png`` numbers the image's masks 1, 2, ... (in z-order, the VOC
colour map as palette) and ``SegmentationClass/<stem>.png`` holds each mask's label as its
position in ``labelmap.txt`` (the labels' colours as palette); 0 is background, and 255
(VOC's boundary/void) is never written. ``ImageSets/Segmentation/<subset>.txt`` lists the
images with masks, and their XML says ``segmented`` 1. A pixel has one object: a mask painted
over part of another (or the 255th mask of an image and beyond) is counted as lost. A mask's
attributes and flags have no place in the PNGs.

Coordinates follow the VOC devkit: ``bndbox`` holds 1-based pixel numbers of the first and
last pixel inside the box, so ``xmin`` is annota's ``x_min + 1`` and ``xmax`` its ``x_max``
(see :func:`to_voc`); sub-pixel values are kept, to two decimals.

Import: the same layout, coordinates turned back (:func:`from_voc`); ``labelmap.txt`` in the
VOC form or bare names, ``background`` left out. An image is its ``JPEGImages/<filename>``
when the archive has it, else it is matched by name to the project's assets. Images not listed
in any image set (``Main`` or ``Segmentation``) go to ``default``, which becomes a task without
a subset. Each object of ``SegmentationObject/<stem>.png`` becomes a mask shape, labelled by
the class most of its pixels have in ``SegmentationClass/<stem>.png`` (else by the XML's
object of the same number, as the devkit pairs them); an image with class PNGs only gets one
mask per class. PNGs are read by palette index (``P`` or ``L``), or by colour (``RGB``, as
datumaro writes them: the VOC colour map for objects, the label map's colours for classes, the
VOC colour map where it gives none). Without ``labelmap.txt``, classes are VOC's 20. An image
with PNGs but no XML is found by its stem in ``JPEGImages/``. One image's pixels at a time.
"""

from __future__ import annotations

import io
import math
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from PIL import Image, ImageChops, UnidentifiedImageError

from annota import rle
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
from annota_server.datasets.spool import ImageShapes
from annota_server.db.models import Label

DEFAULT_SUBSET = "default"
KEEPS = frozenset({"bbox", "mask"})
"""The shape kinds an export holds (the others are skipped and counted; the docs list these)."""
LAYOUT = (
    "`Annotations/<image>.xml`, `ImageSets/Main/<subset>.txt`, `JPEGImages/`, `labelmap.txt`; "
    "masks in `SegmentationObject/<image>.png`, `SegmentationClass/<image>.png`, "
    "`ImageSets/Segmentation/<subset>.txt`"
)
"""The archive's files, as the docs' format table shows them."""
LABELMAP = "labelmap.txt"
BACKGROUND = "background"
VOC_FIELDS = ("pose", "truncated", "difficult")
FIELD_DEFAULTS = {"pose": "Unspecified", "truncated": "0", "difficult": "0"}


def image_member(subset: str, name: str) -> str:
    """Where an image goes in the archive (one folder for every subset)."""
    return f"JPEGImages/{name}"


BOX_TAGS = ("xmin", "ymin", "xmax", "ymax")
OBJECTS = "SegmentationObject"
CLASSES = "SegmentationClass"
VOID = 255
"""VOC's index for object boundaries and pixels nobody labelled: never an object or a class."""
VOC_CLASSES = (
    "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
    "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
    "train", "tvmonitor",
)  # fmt: skip
"""The classes 1..20 of a VOC dataset without ``labelmap.txt`` (0 is background)."""


def colormap(index: int) -> tuple[int, int, int]:
    """The VOC devkit's colour for palette index ``index`` (its bits spread over r, g, b)."""
    red = green = blue = 0
    for bit in range(8):
        red |= ((index >> (3 * bit)) & 1) << (7 - bit)
        green |= ((index >> (3 * bit + 1)) & 1) << (7 - bit)
        blue |= ((index >> (3 * bit + 2)) & 1) << (7 - bit)
    return red, green, blue


VOC_PALETTE = [colormap(index) for index in range(256)]


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


def _document(
    entry: ImageEntry, shapes: list[ShapeRow], labels: dict[int, str], segmented: bool
) -> bytes:
    root = Element("annotation")
    _text(root, "folder", "JPEGImages")
    _text(root, "filename", entry.file_name)
    size = SubElement(root, "size")
    _text(size, "width", str(entry.width or 0))
    _text(size, "height", str(entry.height or 0))
    _text(size, "depth", "3")
    _text(root, "segmented", "1" if segmented else "0")
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
    segmented: dict[str, list[str]] = {}
    classes, class_palette = _classes(reader.labels)
    for task in reader.tasks:
        subset = safe_file_name(task.subset or DEFAULT_SUBSET, DEFAULT_SUBSET)
        listing = sets.setdefault(subset, [])
        for entry, shapes in images_with_shapes(reader, task, names, advance):
            stems.check("Annotations", entry)
            boxes, masks = [], []
            for shape in shapes:
                if shape.kind == "bbox":
                    boxes.append(shape)
                elif shape.kind == "mask" and shape.mask is not None:
                    masks.append(shape)
                else:
                    skipped.add(shape.kind, shape.label_id)
            document = _document(entry, boxes, labels, segmented=bool(masks))
            out.add_stream(f"Annotations/{entry.stem}.xml", [document])
            listing.append(entry.stem)
            if masks:
                for shape in masks:
                    if classes.get(shape.label_id, VOID) >= VOID:
                        raise DatasetError(
                            f"The label {labels[shape.label_id]!r} has masks but no class "
                            f"from 1 to {VOID - 1} in {LABELMAP} (a VOC class PNG holds no "
                            f"more, and {BACKGROUND!r} is no class); rename or merge labels."
                        )
                _write_masks(out, entry.stem, masks, classes, class_palette, skipped)
                segmented.setdefault(subset, []).append(entry.stem)
    for subset, listing in sets.items():
        add_text(out, f"ImageSets/Main/{subset}.txt", "".join(f"{stem}\n" for stem in listing))
    for subset, listing in segmented.items():
        text = "".join(f"{stem}\n" for stem in listing)
        add_text(out, f"ImageSets/Segmentation/{subset}.txt", text)
    add_text(out, LABELMAP, labelmap(reader.labels))
    return skipped


def _palette(colours: Iterable[tuple[int, int, int]]) -> list[int]:
    flat = [value for colour in colours for value in colour]
    return flat + [0] * (768 - len(flat))


def _png(indexes: Image.Image, palette: list[int]) -> bytes:
    indexes.putpalette(palette)  # mode L becomes P: the indexes stay, the palette colours them
    buffer = io.BytesIO()
    indexes.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _mask_image(mask: Mapping[str, Any]) -> Image.Image:
    """A mask's pixels as an ``L`` image, 255 inside (a paste mask), decoded from its runs."""
    height, width = (int(v) for v in mask["size"])
    data = bytes(rle.to_bytes(mask)).translate(bytes([0]) + bytes([255]) * 255)
    return Image.frombytes("L", (width, height), data)


def _write_masks(
    out: ZipOutput,
    stem: str,
    masks: list[ShapeRow],
    classes: dict[int, int],
    class_palette: list[int],
    skipped: Skipped,
) -> None:
    """The image's object and class PNGs, painted one decoded mask at a time in z-order."""
    height, width = (int(v) for v in masks[0].mask["size"])  # type: ignore[index]
    objects = Image.new("L", (width, height), 0)
    labelled = Image.new("L", (width, height), 0)
    number = 0
    for shape in sorted(masks, key=lambda s: s.z_order):  # stable: the reader's order otherwise
        assert shape.mask is not None
        if number == VOID - 1:
            skipped.add(shape.kind, shape.label_id)  # no index left for it
            continue
        number += 1
        pixels = _mask_image(shape.mask)
        covered = pixels.histogram()[255]
        if objects.histogram(mask=pixels)[0] != covered:
            skipped.add(shape.kind, shape.label_id)  # paints over part of an earlier mask
        objects.paste(number, mask=pixels)
        labelled.paste(classes[shape.label_id], mask=pixels)
    out.add_stream(f"{OBJECTS}/{stem}.png", [_png(objects, _palette(VOC_PALETTE))])
    out.add_stream(f"{CLASSES}/{stem}.png", [_png(labelled, class_palette)])


def _classes(labels: list[Label]) -> tuple[dict[int, int], list[int]]:
    """Each label's class index (its line in ``labelmap.txt``, background 0) and the palette.

    The palette colours a class as ``labelmap.txt`` does, so that readers going by colour
    (datumaro) find the same class; a class PNG has room for 254 classes.
    """
    listed = [label for label in labels if label.name != BACKGROUND]
    classes = {label.id: index for index, label in enumerate(listed, start=1)}
    colours = [(0, 0, 0)] + [_colour(label.color) for label in listed]
    return classes, _palette(colours[:VOID])


def _colour(color: str | None) -> tuple[int, int, int]:
    """``#ff8000`` -> ``(255, 128, 0)`` (black when a colour is missing or not ``#rrggbb``)."""
    digits = (color or "").removeprefix("#")
    try:
        values = [int(digits[i : i + 2], 16) for i in (0, 2, 4)] if len(digits) == 6 else []
    except ValueError:
        values = []
    red, green, blue = values or [0, 0, 0]
    return red, green, blue


def _rgb(color: str | None) -> str:
    """``#ff8000`` -> ``255,128,0`` (black when a colour is missing or not ``#rrggbb``)."""
    return ",".join(map(str, _colour(color)))


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


def _annotation(archive: Archive, member: str) -> tuple[ImageSpec, list[ShapeSpec]]:
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
    shapes = [
        _shape(item, f"{member}.object.{index}")
        for index, item in enumerate(root.findall("object"))
    ]
    return image, shapes


def _stems(archive: Archive, folder: str, extension: str) -> dict[str, str]:
    """``{stem: member}`` of the files directly in ``folder`` with ``extension``."""
    found: dict[str, str] = {}
    for name in sorted(archive.names):
        if name.startswith(f"{folder}/") and name.count("/") == 1:
            base = name.removeprefix(f"{folder}/")
            if extension and not base.lower().endswith(extension):
                continue
            found.setdefault(stem_of(base), name)
    return found


def parse(archive: Archive) -> Dataset:
    """Read and check a Pascal VOC dataset, its shapes spooled; nothing is written."""
    spooled = ImageShapes()
    try:
        dataset = _parse(archive, spooled)
    except BaseException:
        spooled.spool.close()
        raise
    spooled.attach(dataset)
    return dataset


def _parse(archive: Archive, spooled: ImageShapes) -> Dataset:
    if not archive.is_zip:
        raise DatasetError("A Pascal VOC dataset is a zip archive.")
    xml_files = _stems(archive, "Annotations", ".xml")
    object_pngs = _stems(archive, OBJECTS, ".png")
    class_pngs = _stems(archive, CLASSES, ".png")
    if not xml_files and not object_pngs and not class_pngs:
        raise DatasetError(
            f"The archive has no Annotations/<image>.xml file (nor {OBJECTS}/ or {CLASSES}/ PNGs)."
        )
    listed = _read_labelmap(archive) if archive.has(LABELMAP) else None
    labels = (
        {name: color for name, color in listed if name != BACKGROUND} if listed is not None else {}
    )
    masks = set(object_pngs) | set(class_pngs)
    jpegs = _stems(archive, "JPEGImages", "") if masks else {}
    classes = _class_table(listed) if masks else _Classes([], {})
    # Image by image, its shapes spooled before the next file is read: memory holds one
    # image's shapes (and every image's few fields), whatever the number of files.
    images: dict[str, ImageSpec] = {}
    for stem in [*xml_files, *sorted(masks - set(xml_files))]:
        if stem in xml_files:
            image, shapes = _annotation(archive, xml_files[stem])
        else:
            if stem not in jpegs:
                member = object_pngs.get(stem) or class_pngs[stem]
                raise DatasetError(
                    f"{member}: no Annotations/{stem}.xml nor JPEGImages/{stem}.* to name its image"
                )
            member = jpegs[stem]
            image, shapes = ImageSpec(member.removeprefix("JPEGImages/"), member), []
        images[stem] = image
        if stem in masks:
            boxes = [shape for shape in shapes if shape.kind == "bbox"]
            shapes.extend(
                _segmentation(archive, object_pngs.get(stem), class_pngs.get(stem), classes, boxes)
            )
        for shape in shapes:
            labels.setdefault(shape.label, None)
        spooled.add(image, shapes)
    label_names = list(labels)
    tasks: dict[str, TaskSpec] = {}
    placed: dict[str, str] = {}  # stem -> its subset
    set_files = sorted(
        name
        for name in archive.names
        if name.startswith(("ImageSets/Main/", "ImageSets/Segmentation/"))
        and name.endswith(".txt")
        and name.count("/") == 2
    )
    for set_file in set_files:
        subset = stem_of(set_file.rsplit("/", 1)[1])
        if "_" in subset and subset.split("_", 1)[0] in label_names:
            continue  # a per-class list (``cat_train.txt``), not an image set
        task = tasks.get(subset)
        if task is None:
            task = tasks[subset] = TaskSpec(
                name=subset, subset="" if subset == DEFAULT_SUBSET else subset
            )
        for line in read_text(archive, set_file).splitlines():
            stem = line.split()[0] if line.split() else ""
            if not stem:
                continue
            if stem not in images:
                raise DatasetError(f"{set_file}: {stem!r} has no Annotations/{stem}.xml")
            if placed.setdefault(stem, subset) != subset:
                raise DatasetError(f"{set_file}: {stem!r} is in more than one image set")
            if images[stem] not in task.images:
                task.images.append(images[stem])
    rest = [image for stem, image in images.items() if stem not in placed]
    if rest:
        default = tasks.get(DEFAULT_SUBSET)
        if default is None:
            default = tasks[DEFAULT_SUBSET] = TaskSpec(name=DEFAULT_SUBSET, subset="")
        default.images.extend(rest)
    return Dataset(
        labels=[LabelSpec(name, color) for name, color in labels.items()],
        tasks=list(tasks.values()),
    )


class _Classes:
    """The classes of the class PNGs: names by index and, for PNGs in colour, index by colour."""

    def __init__(self, names: list[str], colours: dict[tuple[int, int, int], int]) -> None:
        self.names = names
        self.by_colour = colours


def _class_table(listed: list[tuple[str, str | None]] | None) -> _Classes:
    """``labelmap.txt``'s lines are the classes 0, 1, ... (VOC's 20 without one).

    A line without a colour has the VOC colour map's, as datumaro and CVAT read it.
    """
    if listed is None:
        listed = [(BACKGROUND, None), *((name, None) for name in VOC_CLASSES)]
    names = [name for name, _ in listed]
    colours: dict[tuple[int, int, int], int] = {}
    for index, (_, color) in enumerate(listed[:VOID]):
        colours.setdefault(_colour(color) if color else colormap(index), index)
    return _Classes(names, colours)


_VOC_INDEX = {colour: index for index, colour in enumerate(VOC_PALETTE)}


def _indexes(
    archive: Archive, member: str, by_colour: Mapping[tuple[int, int, int], int]
) -> Image.Image:
    """A VOC PNG as an ``L`` image of its indexes: the palette's (``P``/``L``), else by colour."""
    try:
        with archive.open(member) as stream, Image.open(stream) as image:
            width, height = image.size
            if width * height > rle.MAX_PIXELS:
                raise DatasetError(f"{member}: {width} x {height} pixels is more than masks allow")
            image.load()
            if image.mode == "P":
                return Image.frombytes("L", image.size, image.tobytes())
            if image.mode == "L":
                return image.copy()
            if image.mode not in ("RGB", "RGBA"):
                raise DatasetError(
                    f"{member}: a VOC mask is an indexed or RGB PNG, not {image.mode}"
                )
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise DatasetError(f"{member} is not a PNG that can be read.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DatasetError(f"{member} cannot be read from the archive: {exc}") from None
    colours = rgb.getcolors(maxcolors=VOID + 1)
    if colours is None:
        raise DatasetError(f"{member}: more than {VOID + 1} colours, not a VOC mask")
    indexes = Image.new("L", rgb.size, 0)
    bands = rgb.split()
    for _, found in colours:
        colour = cast(tuple[int, int, int], found)  # an RGB image's colours are (r, g, b)
        index = by_colour.get(colour)
        if index is None:
            raise DatasetError(f"{member}: the colour {colour} is no index of its colour map")
        if index:
            planes = [
                band.point([255 if v == c else 0 for v in range(256)])
                for band, c in zip(bands, colour, strict=True)
            ]
            where = ImageChops.multiply(ImageChops.multiply(planes[0], planes[1]), planes[2])
            indexes.paste(index, mask=where)
    return indexes


def _plane(indexes: Image.Image, index: int) -> Image.Image:
    """The pixels of one index, 255 there and 0 elsewhere."""
    return indexes.point([255 if v == index else 0 for v in range(256)])


def _rle(plane: Image.Image) -> dict[str, Any]:
    """The RLE of a 0/255 plane: transposed in C, its rows are the mask's columns."""
    width, height = plane.size
    columns = plane.transpose(Image.Transpose.TRANSPOSE).tobytes()
    return rle.canonical(rle.encode_columns(columns, height, width))


def _segmentation(
    archive: Archive,
    object_png: str | None,
    class_png: str | None,
    classes: _Classes,
    boxes: list[ShapeSpec],
) -> list[ShapeSpec]:
    """The mask shapes of one image's PNGs: one per object, else one per class.

    ``boxes`` are the image's bboxes from its XML: they name the objects of an object PNG.
    """
    labelled = _indexes(archive, class_png, classes.by_colour) if class_png else None
    found: list[ShapeSpec] = []

    def class_name(index: int, where: str) -> str:
        if index >= len(classes.names) or index == VOID:
            raise DatasetError(f"{where}: class {index} is not in {LABELMAP}")
        return classes.names[index]

    if object_png is None:
        assert labelled is not None
        assert class_png is not None
        counts = labelled.histogram()
        for index in range(1, VOID):
            if counts[index]:
                where = f"{class_png} class {index}"
                name = class_name(index, where)
                found.append(
                    ShapeSpec(name, "mask", [], mask=_rle(_plane(labelled, index)), origin=where)
                )
        return found
    objects = _indexes(archive, object_png, _VOC_INDEX)
    if labelled is not None and labelled.size != objects.size:
        raise DatasetError(f"{class_png} and {object_png} differ in size")
    counts = objects.histogram()
    for index in range(1, VOID):
        if not counts[index]:
            continue
        where = f"{object_png} object {index}"
        plane = _plane(objects, index)
        if labelled is not None:
            under = labelled.histogram(mask=plane)
            best = max(range(1, VOID), key=lambda i: under[i])
            if not under[best]:
                raise DatasetError(f"{where}: its pixels have no class in {class_png}")
            name = class_name(best, where)
        elif index <= len(boxes):
            name = boxes[index - 1].label  # the devkit numbers objects as the XML lists them
        else:
            raise DatasetError(f"{where}: no {CLASSES}/ PNG nor XML object gives its label")
        found.append(ShapeSpec(name, "mask", [], mask=_rle(plane), origin=where))
    return found


def _read_labelmap(archive: Archive) -> list[tuple[str, str | None]]:
    """The lines of ``labelmap.txt`` as ``(name, #rrggbb or None)``, ``background`` included.

    Lines are ``name:r,g,b:parts:actions`` (VOC, datumaro, CVAT) or bare names; ``background``
    is VOC's class 0, the pixels of no object, not a label. The lines are the class indexes.
    """
    found: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for number, line in enumerate(read_text(archive, LABELMAP).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, rest = line.partition(":")
        name = name.strip()
        if not name:
            continue
        if len(name) > 128:
            raise DatasetError(f"{LABELMAP}:{number}: a label name has at most 128 characters")
        rgb = rest.split(":", 1)[0].strip()
        if name not in seen:
            seen.add(name)
            found.append((name, _hex(rgb, f"{LABELMAP}:{number}") if rgb else None))
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
