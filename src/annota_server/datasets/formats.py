"""The dataset formats, in one table: how each is written and parsed.

A new format is a module with ``write`` and ``parse`` plus one :class:`Format` row here; the
exporter, the importer and the API's format check all read this table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from annota_server.datasets import annota_json, coco, cvat, labelstudio, voc, yolo
from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput
from annota_server.datasets.base import Skipped
from annota_server.datasets.model import SHAPE_KINDS, Dataset
from annota_server.datasets.snapshot import ProjectReader

# The export's options (``run.options``) come last: a format reads the ones it has (YOLO's task).
Writer = Callable[
    [ProjectReader, ZipOutput, ArchiveNames | None, Callable[[], None], Mapping[str, Any]], Skipped
]


@dataclass(frozen=True)
class Format:
    """One dataset format, with what it holds: the docs' format table is made from these."""

    title: str  # as the operation's message names it
    write: Writer
    parse: Callable[[Archive], Dataset]
    layout: str
    """The archive's files (Markdown)."""
    tasks: Mapping[str, frozenset[str]]
    """The shape kinds an export holds, by task; one task ``""`` for a format without tasks.
    The writer keeps exactly these (the others are skipped and counted)."""
    needs_names: bool = True  # whether its files name the images even without them
    image_member: Callable[[str, str], str] = lambda subset, name: f"images/{name}"
    # Whether images go upright (other tools' readers disagree on EXIF; see datasets.upright).
    upright_images: bool = True


def _annota_write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    annota_json.write(reader, out, names, advance)
    return Skipped({})  # annota's own format keeps everything


def _coco_write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
    options: Mapping[str, Any],
) -> Skipped:
    assert names is not None
    return coco.write(reader, out, names, advance)


FORMATS: dict[str, Format] = {
    "coco": Format("COCO", _coco_write, coco.parse, coco.LAYOUT, {"": coco.KEEPS}),
    "annota": Format(
        "annota",
        _annota_write,
        annota_json.parse,
        annota_json.LAYOUT,
        {"": frozenset(SHAPE_KINDS)},
        needs_names=False,
        upright_images=False,
    ),
    "yolo": Format(
        "YOLO", yolo.write, yolo.parse, yolo.LAYOUT, yolo.KEEPS, image_member=yolo.image_member
    ),
    "voc": Format(
        "Pascal VOC",
        voc.write,
        voc.parse,
        voc.LAYOUT,
        {"": voc.KEEPS},
        image_member=voc.image_member,
    ),
    "cvat": Format(
        "CVAT",
        cvat.write,
        cvat.parse,
        cvat.LAYOUT,
        {"": cvat.KEEPS},
        image_member=cvat.image_member,
    ),
    "labelstudio": Format(
        "Label Studio",
        labelstudio.write,
        labelstudio.parse,
        labelstudio.LAYOUT,
        {"": labelstudio.KEEPS},
    ),
}
