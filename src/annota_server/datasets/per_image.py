"""What the one-file-per-image formats (YOLO, Pascal VOC) share: images with their shapes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from annota_server import uploads
from annota_server.datasets.archive import Archive, ArchiveNames, ZipOutput
from annota_server.datasets.base import DatasetError
from annota_server.datasets.snapshot import ProjectReader, ShapeRow
from annota_server.db.models import Task


@dataclass(frozen=True, slots=True)
class ImageEntry:
    """An asset as a per-image format writes it."""

    asset_id: int
    file_name: str
    width: int | None
    height: int | None

    @property
    def stem(self) -> str:
        """The file name without its extension: the name of its annotation file."""
        return stem_of(self.file_name)


def stem_of(file_name: str) -> str:
    """``cat.jpg`` -> ``cat`` (a name without a dot stays as it is)."""
    dot = file_name.rfind(".")
    return file_name[:dot] if dot > 0 else file_name


def images_with_shapes(
    reader: ProjectReader, task: Task, names: ArchiveNames, advance: Callable[[], None]
) -> Iterator[tuple[ImageEntry, list[ShapeRow]]]:
    """Each asset of ``task`` in position order with its shapes; one image's shapes at a time.

    The task's assets are read first (a few fields each): shapes then stream in the same
    order, so only one cursor is open at a time.
    """
    entries = []
    for asset in reader.assets(task):
        advance()
        entries.append(
            ImageEntry(asset.id, names.of(asset.id, asset.name), asset.width, asset.height)
        )
    shapes = iter(reader.shapes(task))
    pending = next(shapes, None)
    for entry in entries:
        mine: list[ShapeRow] = []
        while pending is not None and pending.asset_id == entry.asset_id:
            advance()
            mine.append(pending)
            pending = next(shapes, None)
        yield entry, mine


class UniqueStems:
    """Refuses two images whose annotation files would have the same name."""

    def __init__(self, format_title: str) -> None:
        self._seen: dict[str, str] = {}
        self._title = format_title

    def check(self, folder: str, entry: ImageEntry) -> None:
        """Raise when another image in ``folder`` has the same stem (``cat.jpg``, ``cat.png``)."""
        key = f"{folder}/{entry.stem}".lower()
        other = self._seen.setdefault(key, entry.file_name)
        if other != entry.file_name:
            raise DatasetError(
                f"The images {other!r} and {entry.file_name!r} would share one {self._title} "
                "annotation file; rename one of them."
            )


def add_text(out: ZipOutput, name: str, text: str) -> None:
    """Write a small text member."""
    out.add_stream(name, [text.encode("utf-8")])


def read_text(archive: Archive, name: str, limit: int = 16 * 1024 * 1024) -> str:
    """A text member of the archive, refusing one larger than ``limit`` bytes or not UTF-8."""
    info = archive.names[name]
    if info.file_size > limit:
        raise DatasetError(f"{name} is larger than {limit} bytes.")
    with archive.open(name) as stream:
        data = stream.read(limit + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DatasetError(f"{name} is not UTF-8 text.") from None


def image_size(archive: Archive, member: str) -> tuple[int, int]:
    """The upright width and height of an image in the archive (only its header is read).

    Upright, as uploads record it (EXIF orientation applied): the frame the shapes are in.
    """
    try:
        with archive.open(member) as stream, Image.open(stream) as image:
            width, height = uploads.upright_size(image)
    except (UnidentifiedImageError, OSError, ValueError):
        raise DatasetError(f"{member} is not an image that can be read.") from None
    return int(width), int(height)
