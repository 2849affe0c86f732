"""YOLO, in the layout ultralytics reads: ``data.yaml``, ``images/<subset>/``, ``labels/<subset>/``.

Export: one ``labels/<subset>/<stem>.txt`` per image, a line per shape, coordinates divided by
the image's width and height and clamped to 0..1, class ids the project's labels in label-id
order (``names`` in ``data.yaml``). A dataset has one task: the export's ``task`` option
(``detect``, ``segment``, ``pose``) or, left out, the one chosen by the shapes present:
``pose`` when there are points (a line is the box around them, then ``x y 2`` per keypoint,
missing ones as ``0 0 0``; ``kpt_shape`` is ``[K, 3]`` with K the most points of any shape),
else ``segment`` when there are polygons or masks (bboxes become four-corner polygons, a mask
the outline of its largest part traced along its pixels' edges; a mask that loses holes or
other parts that way is counted as skipped, though its outline is written), else ``detect``
(``class cx cy w h``). Shapes the chosen task cannot hold are skipped and counted. Tasks
without a subset go to ``train``; ``<subset>.txt`` lists each subset's images, and ``val``
points at ``train`` when there is no ``val`` subset (ultralytics needs both).

``data.yaml`` has no ``path``, so ultralytics finds the folders beside it from any working
directory.

Import: the same layout, Roboflow's (``<subset>/images/``, ``<subset>/labels/``; its
``data.yaml``'s ``train: ../train/images`` is not needed), or Darknet "YOLO 1.1" as CVAT and
datumaro write it (``obj.data`` naming ``obj.names`` and a list file per subset, such as
``train.txt`` listing ``data/obj_train_data/x.jpg``, each label file beside its image; a listed
image missing from the archive fails the import naming the line). A label file is found by
ultralytics' rule (the last ``images`` folder becomes ``labels``, the extension ``.txt``).
Normalised coordinates need each image's size, so the images must be in the archive. With
``kpt_shape`` a line becomes a points shape (its visible keypoints); otherwise five numbers are
a bbox and more an (x, y)-pair polygon.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Collection, Mapping
from typing import Any

import yaml

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
    UniqueStems,
    add_text,
    image_size,
    images_with_shapes,
    read_text,
    stem_of,
)
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.datasets.spool import ImageShapes
from annota_server.datasets.trace import trace

DEFAULT_SUBSET = "train"
DATA_YAML = "data.yaml"
KEEPS = {
    "detect": frozenset({"bbox"}),
    "segment": frozenset({"bbox", "polygon", "mask"}),
    "pose": frozenset({"points"}),
}
"""The shape kinds each task holds (the others are skipped and counted; the docs list these)."""
LAYOUT = "`data.yaml`, `images/<subset>/`, `labels/<subset>/<image>.txt` (the ultralytics layout)"
"""The archive's files, as the docs' format table shows them."""


def subset_folder(subset: str) -> str:
    """The folder name of a task subset (``train`` for a task without one)."""
    return safe_file_name(subset or DEFAULT_SUBSET, DEFAULT_SUBSET)


def image_member(subset: str, name: str) -> str:
    """Where an image goes in the archive."""
    return f"images/{subset_folder(subset)}/{name}"


# -- export --------------------------------------------------------------------------------------


def _unit(value: float, size: int) -> str:
    return f"{min(1.0, max(0.0, value / size)):.6f}"


def _box(xs: list[float], ys: list[float], width: int, height: int) -> list[str]:
    # Clamp the corners first, so a box partly outside the image keeps only its inside part.
    x0, x1 = (min(max(v, 0.0), width) for v in (min(xs), max(xs)))
    y0, y1 = (min(max(v, 0.0), height) for v in (min(ys), max(ys)))
    return [
        _unit((x0 + x1) / 2, width),
        _unit((y0 + y1) / 2, height),
        _unit(x1 - x0, width),
        _unit(y1 - y0, height),
    ]


def _line(
    shape: ShapeRow,
    task: str,
    class_id: int,
    width: int,
    height: int,
    keypoints: int,
    outline: list[float] | None = None,
) -> str:
    points = [float(p) for p in (shape.points if outline is None else outline)]
    xs, ys = points[0::2], points[1::2]
    if task == "detect":
        values = _box(xs, ys, width, height)
    elif task == "segment":
        if shape.kind == "bbox":  # the same area as a polygon: corners clockwise
            x0, y0, x1, y1 = points
            xs, ys = [x0, x1, x1, x0], [y0, y0, y1, y1]
        values = [
            coordinate
            for x, y in zip(xs, ys, strict=True)
            for coordinate in (_unit(x, width), _unit(y, height))
        ]
    else:
        values = _box(xs, ys, width, height)
        for x, y in zip(xs, ys, strict=True):
            values += [_unit(x, width), _unit(y, height), "2"]
        values += ["0", "0", "0"] * (keypoints - len(xs))
    return " ".join([str(class_id), *values])


def default_task(kinds: Collection[str]) -> str:
    """The task of an export that names none: pose with points, segment with polygons or masks."""
    segment = "polygon" in kinds or "mask" in kinds
    return "pose" if "points" in kinds else "segment" if segment else "detect"


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    """Write the label files, ``data.yaml`` and the subset lists; return what was skipped.

    ``options["task"]`` (detect, segment or pose) is the export's task; without it,
    :func:`default_task` chooses by the shapes present.
    """
    assert names is not None
    label_names = {label.id: label.name for label in reader.labels}
    class_of = {label.id: index for index, label in enumerate(reader.labels)}
    task = options.get("task") or default_task(reader.shape_kinds())
    keypoints = reader.most_points("points") // 2 if task == "pose" else 0
    keeps = KEEPS[task]
    skipped = Skipped(label_names)
    stems = UniqueStems("YOLO")
    listed: dict[str, list[str]] = {}
    for task_row in reader.tasks:
        folder = subset_folder(task_row.subset)
        listing = listed.setdefault(folder, [])
        for entry, shapes in images_with_shapes(reader, task_row, names, advance):
            stems.check(folder, entry)
            listing.append(f"./images/{folder}/{entry.file_name}")
            lines = []
            for shape in shapes:
                if shape.kind not in keeps:
                    skipped.add(shape.kind, shape.label_id)
                    continue
                if not entry.width or not entry.height:
                    raise DatasetError(
                        f"The size of {entry.file_name!r} is unknown: YOLO coordinates need it."
                    )
                outline = None
                if shape.kind == "mask" and shape.mask is not None:
                    # Pixels, one mask at a time: its largest part's outline is the polygon.
                    traced = trace(shape.mask)
                    if len(traced.parts) != 1 or traced.holes:
                        skipped.add(shape.kind, shape.label_id)  # holes or pieces lost
                    if not traced.parts:
                        continue
                    outline = traced.parts[0]
                lines.append(
                    _line(
                        shape,
                        task,
                        class_of[shape.label_id],
                        entry.width,
                        entry.height,
                        keypoints,
                        outline,
                    )
                )
            add_text(out, f"labels/{folder}/{entry.stem}.txt", "".join(f"{x}\n" for x in lines))
    # No ``path``: ultralytics then resolves the folders against the yaml's own folder, from any
    # working directory (``path: .`` would mean the working directory).
    document: dict[str, Any] = {"task": task}
    for folder, listing in listed.items():
        document[folder] = f"images/{folder}"
        add_text(out, f"{folder}.txt", "".join(f"{x}\n" for x in listing))
    if listed and "val" not in document:
        document["val"] = document.get("train", next(iter(document[f] for f in listed)))
    document["names"] = {index: label.name for index, label in enumerate(reader.labels)}
    if task == "pose":
        document["kpt_shape"] = [keypoints, 3]
    add_text(out, DATA_YAML, yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return skipped


# -- import --------------------------------------------------------------------------------------


def _names(document: dict[str, Any], where: str = DATA_YAML) -> list[str]:
    raw = document.get("names")
    if isinstance(raw, list):
        found = list(enumerate(raw))
    elif isinstance(raw, dict) and all(isinstance(k, int) for k in raw):
        found = sorted(raw.items())
        if [k for k, _ in found] != list(range(len(found))):
            raise DatasetError(f"{where}: names must be numbered 0, 1, 2, ...")
    else:
        raise DatasetError(f"{where}: names must be a list or a {{id: name}} mapping")
    names = []
    for index, name in found:
        if not isinstance(name, str) or not 0 < len(name) <= 128:
            raise DatasetError(f"{where}: names.{index} must be 1 to 128 characters")
        names.append(name)
    if len(set(names)) != len(names):
        raise DatasetError(f"{where}: names must differ")
    return names


def _keypoint_shape(document: dict[str, Any]) -> tuple[int, int] | None:
    raw = document.get("kpt_shape")
    if raw is None:
        return None
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(type(v) is int for v in raw)
        or raw[0] < 1
        or raw[1] not in (2, 3)
    ):
        raise DatasetError(f"{DATA_YAML}: kpt_shape must be [K, 2] or [K, 3]")
    return raw[0], raw[1]


def _numbers(text: str, where: str) -> list[float]:
    try:
        values = [float(v) for v in text.split()]
    except ValueError:
        raise DatasetError(f"{where}: a line holds numbers only") from None
    if not all(map(math.isfinite, values)):
        raise DatasetError(f"{where}: numbers must be finite")
    return values


def _shape(
    values: list[float], where: str, names: list[str], size: tuple[int, int], kpt: Any
) -> ShapeSpec | None:
    class_id = values[0]
    if not class_id.is_integer() or not 0 <= class_id < len(names):
        raise DatasetError(f"{where}: class {values[0]:g} is not one of the {len(names)} names")
    coordinates = values[1:]
    # A keypoint's third number is its visibility (0, 1, 2), not a coordinate.
    dims = kpt[1] if kpt is not None else 0
    checked = [
        v for i, v in enumerate(coordinates) if not (dims == 3 and i >= 4 and (i - 4) % 3 == 2)
    ]
    if any(not -1e-6 <= v <= 1 + 1e-6 for v in checked):
        raise DatasetError(f"{where}: coordinates must be normalised to 0..1")
    width, height = size
    label = names[int(class_id)]
    if kpt is not None:
        count, dims = kpt
        if len(coordinates) != 4 + count * dims:
            raise DatasetError(f"{where}: a pose line has 5 + {count * dims} numbers")
        points: list[float] = []
        for index in range(count):
            x, y, *visible = coordinates[4 + index * dims : 4 + (index + 1) * dims]
            if (visible and visible[0] == 0) or (not visible and x == 0 and y == 0):
                continue  # not labelled
            points += [x * width, y * height]
        if not points:
            return None
        return ShapeSpec(label, "points", check_points("points", points, where))
    if len(coordinates) == 4:
        cx, cy, w, h = coordinates
        box = [(cx - w / 2) * width, (cy - h / 2) * height]
        box += [(cx + w / 2) * width, (cy + h / 2) * height]
        return ShapeSpec(label, "bbox", check_points("bbox", box, where))
    if len(coordinates) >= 6 and len(coordinates) % 2 == 0:
        scaled = [v * (width if i % 2 == 0 else height) for i, v in enumerate(coordinates)]
        return ShapeSpec(label, "polygon", check_points("polygon", scaled, where))
    raise DatasetError(f"{where}: a line is 'class cx cy w h' or 'class x1 y1 x2 y2 x3 y3 ...'")


def _load_yaml(archive: Archive) -> dict[str, Any]:
    try:
        document = yaml.safe_load(read_text(archive, DATA_YAML, 1024 * 1024))
    except yaml.YAMLError as exc:
        raise DatasetError(f"{DATA_YAML} is not valid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise DatasetError(f"{DATA_YAML}: expected a mapping")
    return document


def _read_image(
    archive: Archive,
    name: str,
    member: str,
    label_file: str | None,
    names: list[str],
    kpt: tuple[int, int] | None,
    spooled: ImageShapes,
) -> ImageSpec:
    """An image of the archive; the shapes of its label file (if any) go to ``spooled``."""
    image = ImageSpec(name, member)
    if label_file is None:
        return image
    shapes: list[ShapeSpec] = []
    size = image_size(archive, member)
    text = read_text(archive, label_file)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{label_file}:{number}"
        shape = _shape(_numbers(line, where), where, names, size, kpt)
        if shape is not None:
            shapes.append(shape)
    spooled.add(image, shapes)
    return image


def _image_place(member: str) -> tuple[str, str] | None:
    """``(subset, file name)`` of an image in the ultralytics layout or Roboflow's, else None.

    ultralytics: ``images/<subset>/<file>``; Roboflow: ``<subset>/images/<file>``.
    """
    parts = member.split("/")
    if len(parts) != 3:
        return None
    if parts[0] == "images":
        return parts[1], parts[2]
    if parts[1] == "images":
        return parts[0], parts[2]
    return None


def label_member(image: str) -> str:
    """The label file of an image, by ultralytics' rule.

    The image's last ``images`` folder becomes ``labels`` and its extension ``.txt``.
    """
    head, _, tail = f"/{image}".rpartition("/images/")
    return f"{head}/labels/{stem_of(tail)}.txt".lstrip("/")


def _parse_ultralytics(archive: Archive, spooled: ImageShapes) -> Dataset:
    document = _load_yaml(archive)
    names = _names(document)
    kpt = _keypoint_shape(document)
    images: dict[str, list[tuple[str, str]]] = {}
    labels: set[str] = set()
    for member in sorted(archive.names):
        place = _image_place(member)
        parts = member.split("/")
        if place is not None:
            subset, file_name = place
            images.setdefault(subset, []).append((file_name, member))
        elif len(parts) == 3 and "labels" in parts[:2] and parts[2].endswith(".txt"):
            labels.add(member)
    if not images:
        raise DatasetError(
            "The archive has no images/<subset>/ (nor Roboflow's <subset>/images/) files: "
            "YOLO imports need them."
        )
    dataset = Dataset(labels=[LabelSpec(name) for name in names])
    used: set[str] = set()
    for subset, files in images.items():
        task = TaskSpec(name=subset, subset=subset)
        for file_name, member in files:
            label_file = label_member(member)
            found = label_file if label_file in labels else None
            if found is not None:
                used.add(found)
            task.images.append(_read_image(archive, file_name, member, found, names, kpt, spooled))
        dataset.tasks.append(task)
    orphans = sorted(labels - used)
    if orphans:
        raise DatasetError(f"{orphans[0]} has no image (and {len(orphans) - 1} more).")
    return dataset


# -- Darknet "YOLO 1.1" (CVAT's and datumaro's ``yolo``) ----------------------------------------

OBJ_DATA = "obj.data"
DARKNET_SETTINGS = frozenset({"classes", "names", "backup", "eval"})
"""Keys of obj.data that are not image lists."""


def _darknet_member(archive: Archive, path: str, what: str) -> str | None:
    """A path as Darknet writes it (``data/obj_train_data/x.jpg``): the archive is ``data/``."""
    path = path.strip()
    return archive.locate([path, path.removeprefix("data/")], what)


def _darknet_config(archive: Archive) -> dict[str, str]:
    config: dict[str, str] = {}
    for number, line in enumerate(read_text(archive, OBJ_DATA, 1024 * 1024).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise DatasetError(f"{OBJ_DATA}:{number}: a line is 'key = value'")
        config[key.strip()] = value.strip()
    return config


def _parse_darknet(archive: Archive, spooled: ImageShapes) -> Dataset:
    config = _darknet_config(archive)
    names_file = _darknet_member(archive, config.get("names", "obj.names"), f"{OBJ_DATA}: names")
    if names_file is None:
        raise DatasetError(f"{OBJ_DATA}: the names file {config.get('names')!r} is not in it.")
    names = [line.strip() for line in read_text(archive, names_file).splitlines() if line.strip()]
    if not names:
        raise DatasetError(f"{names_file} names no class.")
    _names({"names": names}, names_file)  # the same checks as data.yaml's names
    if config.get("classes", str(len(names))) != str(len(names)):
        raise DatasetError(
            f"{OBJ_DATA}: classes = {config['classes']}, but {names_file} has {len(names)}."
        )
    dataset = Dataset(labels=[LabelSpec(name) for name in names])
    for subset, listed in config.items():
        if subset in DARKNET_SETTINGS:
            continue
        list_file = _darknet_member(archive, listed, f"{OBJ_DATA}: {subset}")
        if list_file is None:
            raise DatasetError(f"{OBJ_DATA}: {subset} = {listed}, which is not in the archive.")
        task = TaskSpec(name=subset, subset=subset)
        for number, line in enumerate(read_text(archive, list_file).splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{list_file}:{number}"
            member = _darknet_member(archive, line, f"{where}: the image {line.strip()!r}")
            if member is None:
                raise DatasetError(f"{where}: the image {line.strip()!r} is not in the archive.")
            folder, _, file_name = member.rpartition("/")
            label_file = posixpath.join(folder, f"{stem_of(file_name)}.txt")  # beside the image
            found = label_file if archive.has(label_file) else None
            task.images.append(_read_image(archive, file_name, member, found, names, None, spooled))
        dataset.tasks.append(task)
    if not dataset.tasks:
        raise DatasetError(f"{OBJ_DATA} lists no subset (such as 'train = data/train.txt').")
    return dataset


def parse(archive: Archive) -> Dataset:
    """Read and check a YOLO dataset (ultralytics, Roboflow or Darknet); nothing is written."""
    if archive.is_zip and (archive.has(DATA_YAML) or archive.has(OBJ_DATA)):
        read = _parse_ultralytics if archive.has(DATA_YAML) else _parse_darknet
        spooled = ImageShapes()
        try:
            dataset = read(archive, spooled)
        except BaseException:
            spooled.spool.close()
            raise
        spooled.attach(dataset)
        return dataset
    raise DatasetError(
        f"A YOLO dataset is a zip archive with {DATA_YAML} (ultralytics, Roboflow) "
        f"or {OBJ_DATA} (Darknet YOLO 1.1) at its top."
    )
