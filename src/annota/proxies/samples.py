"""Training samples of a version, and the compact index that makes a cached pass cheap.

A first pass of ``version.samples(cache_dir)`` reads the manifest (cached under its
``manifest_sha256``), turns it into rows, makes sure each image is in the cache and then
writes the rows to ``<manifest_sha256>.samples`` beside the manifest. A later pass reads that
one file in one go: no JSON, no model ``from_dict``; each sample's typed objects are filled
straight from its row, and one ``os.stat`` per image checks the cached file.

Index file: a header (``_MAGIC``, the manifest's SHA-256, a CRC-32 of the rest, the rows'
length), the rows (``marshal``: tuples, lists, dicts, numbers and strings, written and read in
C) and each row's file check (two lists of numbers). marshal is only ever given bytes this
module wrote: a wrong CRC or header makes the pass rebuild the index from the manifest.

How a cached image that changed is noticed: a row records the ``st_ino`` and ``st_ctime_ns``
of its file once the file's SHA-256 was checked (on download, or by hashing a file the index
has not seen: one another process fetched, or any file when the index was lost). A pass
compares them and ``st_size`` with the file's ``os.stat``, its one system call per sample: a
missing file is downloaded again; one replaced, truncated, rewritten or touched in any way
(every write, rename, ``utime`` or ``chmod`` moves its ctime) is hashed, and downloaded again
when its SHA-256 is not its name. A file whose ctime was too recent to tell a later change in
the same clock tick apart is hashed on the next pass too (``_ctime_to_record``). A change that
leaves the inode's metadata alone (a disk's bit rot) is not seen: that would take hashing every
file on every pass, which costs more than reading it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import time
import zlib
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from annota_api.models import VersionAsset, VersionShape
from annota_api.models.shape_kind import ShapeKind

from annota.progress import ProgressReporter
from annota.transfer import atomic_file

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["Sample", "SampleShape"]


class SampleShape(VersionShape):
    """A shape of a training sample: a :class:`VersionShape` with its ``class_index``."""

    __slots__ = ("class_index",)
    class_index: int
    """The label's class index, 0 to n-1: its place in :meth:`Version.classes`, the YOLO
    export's class id."""


class Sample(NamedTuple):
    """One training sample of a version: the cached image, its shapes and its metadata."""

    path: Path
    """The image in the local cache: the asset's original bytes, named by their SHA-256
    (never changes once there). They may carry an EXIF orientation: open it with
    :meth:`open_image` to get the upright picture the shapes are drawn on."""
    shapes: list[SampleShape]
    """Its shapes in drawing order (``label`` is a label id of the manifest, ``class_index``
    its class index). ``asset.shapes`` is the same list."""
    asset: VersionAsset
    """The frozen asset: name, size, sha256, width, height (upright), task, subset, position."""

    def open_image(self) -> Image:
        """The image decoded and upright (EXIF orientation applied; needs Pillow).

        Its size is ``asset.width`` x ``asset.height`` and the shapes' coordinates are in
        its frame, whatever orientation the stored file has.
        """
        from annota.auto_annotation import open_upright

        return open_upright(self.path)


# The columns of an asset's row, in order: the model's fields that are copied, then `extra`
# (the keys the model does not know, or None) and its shape rows.
# tests/unit/test_sample_index.py checks that they cover every field of the generated models.
ASSET_COLUMNS = (
    "id",
    "task",
    "subset",
    "name",
    "media_type",
    "size",
    "sha256",
    "width",
    "height",
    "position",
)
# A shape's row: (kept mapping, *SHAPE_COLUMNS, class_index).
SHAPE_COLUMNS = ("label", "kind", "points", "occluded", "z_order", "source")
# In the kept mapping, decoded on first read (types.LazyModel) as from_dict leaves them.
SHAPE_LAZY_KEYS = frozenset({"attributes", "mask"})

_MAGIC = b"annota-samples\x002"  # name and format; a new format changes the last byte
_SIZES = struct.Struct(">64sIQ")  # manifest SHA-256, CRC-32 of the rest, length of the rows
_UNKNOWN = 0  # st_ino / st_ctime_ns of a file never checked (no inode is 0)
_RACY = -1  # st_ctime_ns of a file that changed too recently to trust its ctime
# More than the step of the clock file times come from: a coarse clock (a jiffy, 1-10 ms) where
# times have sub-second digits, whole seconds (FAT: 2 s) where they have none.
_TICK_NS = 100_000_000
_WHOLE_SECOND_TICK_NS = 3_000_000_000
_Download = Callable[[VersionAsset, Path], object]
_NO_KEYS: Mapping[str, Any] = MappingProxyType({})
_ASSET_KEYS = frozenset(ASSET_COLUMNS) | {"shapes"}
_SHAPE_KEYS = frozenset(SHAPE_COLUMNS)


class SampleIndex:
    """The rows of a manifest's samples and, per row, the last checked state of its image.

    ``content`` is the rows as marshal wrote them: the file stores these bytes as they are,
    so what a caller does to the objects of a pass (they share lists with ``rows``) never
    reaches the index. ``inodes`` and ``ctimes`` are the ``st_ino`` and ``st_ctime_ns`` of
    each row's file when its SHA-256 was last checked (``_UNKNOWN`` before; ``_RACY``).
    """

    __slots__ = ("content", "ctimes", "inodes", "rows")

    def __init__(self, content: bytes, rows: list[tuple[Any, ...]], checked: Any) -> None:
        self.content = content
        self.rows = rows
        self.inodes: list[int]
        self.ctimes: list[int]
        self.inodes, self.ctimes = checked

    @classmethod
    def of_manifest(cls, document: Mapping[str, Any]) -> SampleIndex:
        """The rows of a manifest's JSON: one per asset, its shape rows inside, unchecked."""
        class_of = {label["id"]: index for index, label in enumerate(document["labels"])}
        # Shapes whose lazily decoded part is empty (no attributes, no mask: most) share one
        # mapping, written once; decoding it builds new objects each time.
        empty: dict[str, dict[str, Any]] = {}
        rows = []
        for item in document["assets"]:
            shapes = []
            for shape in item["shapes"]:
                kept = {key: value for key, value in shape.items() if key not in _SHAPE_KEYS}
                if "attributes" not in kept:
                    raise KeyError("attributes")  # required, as VersionShape.from_dict has it
                if not any(kept.values()):
                    kept = empty.setdefault(repr(kept), kept)
                values = tuple(shape[column] for column in SHAPE_COLUMNS)
                shapes.append((kept, *values, class_of[shape["label"]]))
            extra = {key: value for key, value in item.items() if key not in _ASSET_KEYS}
            columns = tuple(item[column] for column in ASSET_COLUMNS)
            rows.append((*columns, extra or None, tuple(shapes)))
        content = marshal.dumps(rows, 4)
        # The rows a pass hands out come from the bytes too, not from the caller's document.
        unchecked = ([_UNKNOWN] * len(rows), [_UNKNOWN] * len(rows))
        return cls(content, marshal.loads(content), unchecked)

    @classmethod
    def read(cls, path: Path, manifest_sha256: str) -> SampleIndex | None:
        """The index stored at ``path``, or None when it is missing or not a good one of it."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        start = len(_MAGIC) + _SIZES.size
        if data[: len(_MAGIC)] != _MAGIC or len(data) < start:
            return None
        sha256, crc, length = _SIZES.unpack_from(data, len(_MAGIC))
        rest = memoryview(data)[start:]
        if sha256 != manifest_sha256.encode() or crc != zlib.crc32(rest) or length > len(rest):
            return None
        try:
            content = bytes(rest[:length])
            return cls(content, marshal.loads(content), marshal.loads(rest[length:]))
        except (EOFError, ValueError, TypeError):  # cannot happen with a good CRC, but cheap
            return None

    def write(self, path: Path, manifest_sha256: str) -> None:
        """Store the index at ``path``, atomically (a reader sees the old one or the new one)."""
        rest = self.content + marshal.dumps((self.inodes, self.ctimes), 4)
        header = _SIZES.pack(manifest_sha256.encode(), zlib.crc32(rest), len(self.content))
        with atomic_file(path) as out:
            out.write(_MAGIC + header + rest)


def index_path(root: Path, manifest_sha256: str) -> Path:
    """Where the index of a manifest lives: beside the cached manifest."""
    return root / manifest_sha256[:2] / f"{manifest_sha256}.samples"


def _digest_of(path: str) -> str:
    with open(path, "rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def iterate(
    index: SampleIndex,
    root: Path,
    subset: str | None,
    download: _Download,
    reporter: ProgressReporter,
) -> Generator[Sample, None, bool]:
    """Yield the samples of ``index`` (those of ``subset``), each image checked in the cache.

    ``download(asset, path)`` puts the image at ``path`` (SHA-256 checked). A row whose file
    was fetched or checked again gets its new ``st_ino``/``st_ctime_ns`` in ``index``; the
    generator's return value says whether any did (the index is then worth writing again).
    """
    new = object.__new__
    kinds = ShapeKind._by_value
    sep = os.sep
    prefix = "" if str(root) == "." else f"{root}{sep}"
    stat = os.stat
    advance = reporter.advance
    inodes, ctimes = index.inodes, index.ctimes
    changed = False
    started = time.time_ns()  # before any stat of this pass
    for number, (
        id_,
        task,
        subset_,
        name,
        media_type,
        size,
        sha256,
        width,
        height,
        position,
        extra,
        shape_rows,
    ) in enumerate(index.rows):
        if subset is not None and subset_ != subset:
            continue
        # The typed objects are filled from the row as from_dict fills them from JSON: the
        # plain fields set, the lazily decoded ones (a shape's attributes and mask) left to
        # decode from the kept mapping on first read.
        asset: VersionAsset = new(VersionAsset)
        asset._src = _NO_KEYS  # type: ignore[misc]  # every lazily decoded slot is filled
        asset.id, asset.task, asset.subset, asset.name = id_, task, subset_, name
        asset.media_type, asset.size, asset.sha256 = media_type, size, sha256
        asset.width, asset.height, asset.position = width, height, position
        asset.additional_properties = extra or {}
        shapes: list[SampleShape] = []
        for kept, label, kind, points, occluded, z_order, source, class_index in shape_rows:
            shape: SampleShape = new(SampleShape)
            shape._src = kept
            shape.label, shape.points, shape.class_index = label, points, class_index
            shape.kind = kinds.get(kind) or ShapeKind(kind)
            shape.occluded, shape.z_order, shape.source = occluded, z_order, source
            shapes.append(shape)
        asset.shapes = shapes  # type: ignore[assignment]  # a list of VersionShape subclasses
        location = f"{prefix}{sha256[:2]}{sep}{sha256}"
        try:
            found = stat(location)
        except FileNotFoundError:
            found = None
        if (
            found is None
            or found.st_ctime_ns != ctimes[number]
            or found.st_ino != inodes[number]
            or found.st_size != size
        ):
            found = _refreshed(location, asset, found, download)
            inodes[number] = found.st_ino
            ctimes[number] = _ctime_to_record(found, started)
            changed = True
        yield Sample(Path(location), shapes, asset)
        advance(1)
    return changed


def _refreshed(
    location: str, asset: VersionAsset, found: os.stat_result | None, download: _Download
) -> os.stat_result:
    """The stat of ``location`` once it holds the asset's bytes, checked or fetched again.

    A file is trusted by its stat only after its SHA-256 was checked: when the index has not
    seen it yet (another process downloaded it, or the index was lost) or it changed, it is
    hashed here, and downloaded again when the hash is not its name.
    """
    if found is not None and found.st_size == asset.size and _digest_of(location) == asset.sha256:
        return found
    download(asset, Path(location))
    return os.stat(location)


def _ctime_to_record(found: os.stat_result, started: int) -> int:
    """``st_ctime_ns`` to store for a file checked now, or ``_RACY`` when it is too recent.

    File times come from a coarse clock (a few ms; seconds on some file systems): a change made
    in the same tick as the one recorded would leave the ctime as it was. A file whose ctime
    is older than the pass by more than any tick gets a later ctime from any change after this
    pass looked at it; a more recent one is hashed again on the next pass (as git treats a
    "racily clean" file).
    """
    ctime = found.st_ctime_ns
    tick = _TICK_NS if ctime % 1_000_000_000 else _WHOLE_SECOND_TICK_NS
    return ctime if ctime < started - tick else _RACY
