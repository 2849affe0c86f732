"""The dataset formats, in one table: how each is written and parsed.

A new format is a module with ``write`` and ``parse`` plus one :class:`Format` row here; the
exporter, the importer and the API's format check all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annota_server.datasets import annota_json, coco, cvat, labelstudio, voc, yolo
from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput
from annota_server.datasets.base import Skipped
from annota_server.datasets.model import Dataset
from annota_server.datasets.snapshot import ProjectReader

Writer = Callable[[ProjectReader, ZipOutput, ArchiveNames | None, Callable[[], None]], Skipped]


@dataclass(frozen=True)
class Format:
    """One dataset format."""

    title: str  # as the operation's message names it
    write: Writer
    parse: Callable[[Archive], Dataset]
    needs_names: bool = True  # whether its files name the images even without them
    image_member: Callable[[str, str], str] = lambda subset, name: f"images/{name}"
    # Whether images go upright (other tools' readers disagree on EXIF; see datasets.upright).
    upright_images: bool = True


def _annota_write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
) -> Skipped:
    annota_json.write(reader, out, names, advance)
    return Skipped({})  # annota's own format keeps everything


def _coco_write(
    reader: ProjectReader,
    out: ZipOutput,
    names: ArchiveNames | None,
    advance: Callable[[], None],
) -> Skipped:
    assert names is not None
    return coco.write(reader, out, names, advance)


FORMATS: dict[str, Format] = {
    "coco": Format("COCO", _coco_write, coco.parse),
    "annota": Format(
        "annota", _annota_write, annota_json.parse, needs_names=False, upright_images=False
    ),
    "yolo": Format("YOLO", yolo.write, yolo.parse, image_member=yolo.image_member),
    "voc": Format("Pascal VOC", voc.write, voc.parse, image_member=voc.image_member),
    "cvat": Format("CVAT", cvat.write, cvat.parse, image_member=cvat.image_member),
    "labelstudio": Format("Label Studio", labelstudio.write, labelstudio.parse),
}
