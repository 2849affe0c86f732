"""YOLO, in the layout ultralytics reads: ``data.yaml``, ``images/<subset>/``, ``labels/<subset>/``.

Export: one ``labels/<subset>/<stem>.txt`` per image, a line per shape, coordinates divided by
the image's width and height and clamped to 0..1, class ids the project's labels in label-id
order (``names`` in ``data.yaml``). A dataset has one task, chosen by the shapes present:
``pose`` when there are points (a line is the box around them, then ``x y 2`` per keypoint,
missing ones as ``0 0 0``; ``kpt_shape`` is ``[K, 3]`` with K the most points of any shape),
else ``segment`` when there are polygons or masks (bboxes become four-corner polygons, a mask
the outline of its largest part traced along its pixels' edges; a mask that loses holes or
other parts that way is counted as skipped, though its outline is written), else ``detect``
(``class cx cy w h``). Shapes the chosen task cannot hold are skipped and counted. Tasks
without a subset go to ``train``; ``<subset>.txt`` lists each subset's images, and ``val``
points at ``train`` when there is no ``val`` subset (ultralytics needs both).

Import: the same layout. Normalised coordinates need each image's size, so the images must
be in the archive. With ``kpt_shape`` a line becomes a points shape (its visible keypoints);
otherwise five numbers are a bbox and more an (x, y)-pair polygon.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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
from annota_server.datasets.trace import trace

DEFAULT_SUBSET = "train"
DATA_YAML = "data.yaml"
KEEPS = {"detect": {"bbox"}, "segment": {"bbox", "polygon", "mask"}, "pose": {"points"}}


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


def write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
) -> Skipped:
    """Write the label files, ``data.yaml`` and the subset lists; return what was skipped."""
    assert names is not None
    label_names = {label.id: label.name for label in reader.labels}
    class_of = {label.id: index for index, label in enumerate(reader.labels)}
    kinds = reader.shape_kinds()
    segment = "polygon" in kinds or "mask" in kinds
    task = "pose" if "points" in kinds else "segment" if segment else "detect"
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
    document: dict[str, Any] = {"path": ".", "task": task}
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


def _names(document: dict[str, Any]) -> list[str]:
    raw = document.get("names")
    if isinstance(raw, list):
        found = list(enumerate(raw))
    elif isinstance(raw, dict) and all(isinstance(k, int) for k in raw):
        found = sorted(raw.items())
        if [k for k, _ in found] != list(range(len(found))):
            raise DatasetError(f"{DATA_YAML}: names must be numbered 0, 1, 2, ...")
    else:
        raise DatasetError(f"{DATA_YAML}: names must be a list or a {{id: name}} mapping")
    names = []
    for index, name in found:
        if not isinstance(name, str) or not 0 < len(name) <= 128:
            raise DatasetError(f"{DATA_YAML}: names.{index} must be 1 to 128 characters")
        names.append(name)
    if len(set(names)) != len(names):
        raise DatasetError(f"{DATA_YAML}: names must differ")
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
        raise DatasetError(f"{where}: class {values[0]:g} is not in {DATA_YAML}'s names")
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


def parse(archive: Archive) -> Dataset:
    """Read and check a YOLO dataset; nothing is written."""
    if not archive.is_zip or not archive.has(DATA_YAML):
        raise DatasetError(f"A YOLO dataset is a zip archive with {DATA_YAML} at its top.")
    try:
        document = yaml.safe_load(read_text(archive, DATA_YAML, 1024 * 1024))
    except yaml.YAMLError as exc:
        raise DatasetError(f"{DATA_YAML} is not valid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise DatasetError(f"{DATA_YAML}: expected a mapping")
    names = _names(document)
    kpt = _keypoint_shape(document)
    images: dict[str, list[str]] = {}
    labels: set[str] = set()
    for member in sorted(archive.names):
        parts = member.split("/")
        if len(parts) == 3 and parts[0] == "images":
            images.setdefault(parts[1], []).append(parts[2])
        elif len(parts) == 3 and parts[0] == "labels" and parts[2].endswith(".txt"):
            labels.add(member)
    if not images:
        raise DatasetError("The archive has no images/<subset>/ files: YOLO imports need them.")
    dataset = Dataset(labels=[LabelSpec(name) for name in names])
    used: set[str] = set()
    for subset, files in images.items():
        task = TaskSpec(name=subset, subset=subset)
        for file_name in files:
            member = f"images/{subset}/{file_name}"
            image = ImageSpec(file_name, member)
            label_file = f"labels/{subset}/{stem_of(file_name)}.txt"
            if label_file in labels:
                used.add(label_file)
                size = image_size(archive, member)
                text = read_text(archive, label_file)
                for number, line in enumerate(text.splitlines(), start=1):
                    if not line.strip():
                        continue
                    where = f"{label_file}:{number}"
                    shape = _shape(_numbers(line, where), where, names, size, kpt)
                    if shape is not None:
                        image.shapes.append(shape)
            task.images.append(image)
        dataset.tasks.append(task)
    orphans = sorted(labels - used)
    if orphans:
        raise DatasetError(f"{orphans[0]} has no image in images/ (and {len(orphans) - 1} more).")
    return dataset
