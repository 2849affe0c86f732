"""Reading and writing dataset archives (zip), shared by every format."""

from __future__ import annotations

import io
import posixpath
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

import ijson

from annota_server.datasets import jsonread
from annota_server.datasets.base import DatasetError
from annota_server.datasets.jsonstream import dump
from annota_server.settings import Settings
from annota_server.storage import Storage

MAX_JSON_BYTES = 512 * 1024 * 1024
"""The largest annotations file an import reads."""

# Below this size a member's compression ratio is not checked: small files of repeated bytes
# (a flat BMP, a padded JSON) compress well and cost nothing.
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """How far an uploaded archive may expand (the settings ``import_max_*``)."""

    max_expanded_bytes: int = 4 * 1024**3
    """The total uncompressed size of an archive's members."""
    max_ratio: int = 100
    """Uncompressed bytes per compressed byte of a member, and per uploaded byte of the archive."""
    max_json_memory: int = 256 * 1024 * 1024
    """What a JSON document may take in memory once parsed (an estimate, see jsonread)."""
    max_json_depth: int = 64
    """How deeply a JSON document may nest arrays and objects."""

    @classmethod
    def of(cls, settings: Settings) -> ImportLimits:
        """The limits that ``settings`` ask for."""
        return cls(
            settings.import_max_expanded_bytes,
            settings.import_max_ratio,
            settings.import_max_json_memory,
        )

    def check(self, infos: Iterable[zipfile.ZipInfo], archive_size: int) -> None:
        """Refuse an archive that would expand beyond the limits, naming the member and limit.

        The sizes are the ones the zip declares; reading a member never yields more than its
        declared size (zipfile stops there), so checking them bounds what is extracted.
        """
        total = 0
        for info in infos:
            if info.file_size > max(RATIO_FLOOR, self.max_ratio * info.compress_size):
                raise DatasetError(
                    f"{info.filename} expands {info.compress_size} bytes to {info.file_size}: "
                    f"more than the limit of {self.max_ratio} times "
                    "(ANNOTA_IMPORT_MAX_RATIO)."
                )
            total += info.file_size
        if total > self.max_expanded_bytes:
            raise DatasetError(
                f"The archive expands to {total} bytes, more than the limit of "
                f"{self.max_expanded_bytes} (ANNOTA_IMPORT_MAX_EXPANDED_BYTES)."
            )
        if total > max(RATIO_FLOOR, self.max_ratio * archive_size):
            raise DatasetError(
                f"The archive of {archive_size} bytes expands to {total}: more than the limit "
                f"of {self.max_ratio} times (ANNOTA_IMPORT_MAX_RATIO)."
            )


class Archive:
    """An uploaded dataset: a zip, or a bare JSON file (then it has no image files)."""

    def __init__(self, stream: BinaryIO, limits: ImportLimits | None = None) -> None:
        self._zip: zipfile.ZipFile | None = None
        self._stream = stream
        self._bare: Any = None
        self._bare_read = False
        self.limits = limits or ImportLimits()
        if zipfile.is_zipfile(stream):
            stream.seek(0)
            try:
                self._zip = zipfile.ZipFile(stream)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise DatasetError(f"The file is not a readable zip archive: {exc}") from None
            self.names = {
                _normalise(info.filename): info
                for info in self._zip.infolist()
                if not info.is_dir()
            }
            archive_size = stream.seek(0, io.SEEK_END)
            self.limits.check(self.names.values(), archive_size)
        else:
            stream.seek(0)
            if stream.read(4) == b"PK\x03\x04":  # a zip's signature, but no readable directory
                raise DatasetError("The file is not a readable zip archive (it is truncated?).")
            self.names = {}

    @property
    def bare_json(self) -> Any:
        """The document of a bare JSON upload (None for a zip), parsed on first use."""
        if self._zip is not None:
            return None
        if not self._bare_read:
            self._bare = _load_json(self.open_bare(), "the file", self.limits)
            self._bare_read = True
        return self._bare

    def open_bare(self) -> IO[bytes]:
        """The bare upload (not a zip) from its start, for formats that are not JSON (XML)."""
        if self._zip is not None:
            raise DatasetError("The upload is a zip archive, not a single file.")
        if self._stream.seek(0, io.SEEK_END) > MAX_JSON_BYTES:
            raise DatasetError(f"The file is larger than {MAX_JSON_BYTES} bytes.")
        self._stream.seek(0)
        return self._stream

    @property
    def is_zip(self) -> bool:
        """Whether the upload is a zip archive."""
        return self._zip is not None

    def json(self, name: str) -> Any:
        """Parse the JSON member ``name``."""
        info = self.names.get(name)
        if info is None or self._zip is None:
            raise DatasetError(f"The archive has no {name}.")
        if info.file_size > MAX_JSON_BYTES:
            raise DatasetError(f"{name} is larger than {MAX_JSON_BYTES} bytes.")
        with self._open(info) as stream:
            return _load_json(stream, name, self.limits)

    def members(
        self, name: str | None, kept: Collection[str] = ()
    ) -> Iterator[tuple[str, int | None, Any]]:
        """Stream the top-level members of the JSON member ``name`` (None: a bare upload).

        As :func:`jsonread.members` yields them, each item built on its own within the JSON
        limits (the items of the arrays in ``kept`` charged together); errors as
        :meth:`json` raises them, when they are read.
        """
        limits = self.limits
        with self._json_stream(name) as stream:
            yield from jsonread.members(
                stream, max_depth=limits.max_json_depth, max_memory=limits.max_json_memory,
                kept=kept,
            )  # fmt: skip

    def walk(
        self,
        name: str | None,
        opened: Callable[[jsonread.Path], bool],
        kept: Callable[[jsonread.Path], bool],
    ) -> Iterator[tuple[jsonread.Path, Any]]:
        """Stream the JSON member ``name`` (None: a bare upload) as :func:`jsonread.walk` does.

        The containers ``opened`` accepts are walked into, the items of the lists ``kept``
        accepts charged together; errors as :meth:`json` raises them, when they are read.
        """
        limits = self.limits
        with self._json_stream(name) as stream:
            yield from jsonread.walk(
                stream, max_depth=limits.max_json_depth, max_memory=limits.max_json_memory,
                opened=opened, kept=kept,
            )  # fmt: skip

    @contextmanager
    def _json_stream(self, name: str | None) -> Iterator[IO[bytes]]:
        """The JSON member ``name`` (None: the bare upload) open, its errors as DatasetError."""
        what = "the file" if name is None else name
        if name is None:
            stream = self.open_bare()
        else:
            info = self.names.get(name)
            if info is None or self._zip is None:
                raise DatasetError(f"The archive has no {name}.")
            if info.file_size > MAX_JSON_BYTES:
                raise DatasetError(f"{name} is larger than {MAX_JSON_BYTES} bytes.")
            stream = self._open(info)
        try:
            with _json_errors(what):
                yield stream
        finally:
            if name is not None:
                stream.close()

    def has(self, name: str) -> bool:
        """Whether the archive holds a file called ``name``."""
        return name in self.names

    def locate(self, candidates: Iterable[str], what: str) -> str | None:
        """The one member among ``candidates`` (paths, normalised here) that the archive holds.

        None when it holds none of them; a :class:`DatasetError` naming ``what`` and every
        match when it holds more than one, since picking one would be a guess.
        """
        found = list(dict.fromkeys(c for c in map(_normalise, candidates) if c in self.names))
        if len(found) > 1:
            raise DatasetError(
                f"{what} matches {len(found)} files in the archive ({', '.join(found)}); "
                "keep one of them."
            )
        return found[0] if found else None

    def open(self, name: str) -> IO[bytes]:
        """Open the member ``name`` for reading."""
        return self._open(self.names[name])

    def _open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        assert self._zip is not None
        try:
            return self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise DatasetError(f"{info.filename} cannot be read from the archive: {exc}") from None

    def close(self) -> None:
        """Close the zip."""
        if self._zip is not None:
            self._zip.close()


def _normalise(name: str) -> str:
    return posixpath.normpath(name.replace("\\", "/")).lstrip("/")


def _load_json(stream: IO[bytes], what: str, limits: ImportLimits) -> Any:
    with _json_errors(what):
        return jsonread.load(
            stream, max_depth=limits.max_json_depth, max_memory=limits.max_json_memory
        )


@contextmanager
def _json_errors(what: str) -> Iterator[None]:
    """Turn what reading JSON ``what`` raises into a :class:`DatasetError` naming it."""
    try:
        yield
    except jsonread.JsonLimitError as exc:
        setting = "" if "nested" in str(exc) else " (ANNOTA_IMPORT_MAX_JSON_MEMORY)"
        raise DatasetError(f"{what} {exc}{setting}.") from None
    except (UnicodeDecodeError, ijson.JSONError) as exc:
        raise DatasetError(f"{what} is not valid JSON: {exc}") from None
    except (zipfile.BadZipFile, OSError) as exc:  # a corrupt member surfaces while reading
        raise DatasetError(f"{what} cannot be read: {exc}") from None


@contextmanager
def open_upload(
    storage: Storage, key: str | None, limits: ImportLimits | None = None
) -> Iterator[Archive]:
    """Open an import's uploaded file from the storage."""
    if key is None or not storage.exists(key):
        raise DatasetError("The uploaded file is gone.")
    with storage.open(key) as stream:
        archive = Archive(stream, limits)
        try:
            yield archive
        finally:
            archive.close()


def safe_file_name(name: str, fallback: str) -> str:
    """A file name usable inside an archive: no folders, no dot-only names."""
    flat = name.replace("/", "_").replace("\\", "_").strip()
    return flat if flat.strip(".") else fallback


def _numbered(name: str, number: int) -> str:
    """``cat.jpg`` -> ``cat_<number>.jpg``: the suffix split as pathlib splits it."""
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return f"{name[:dot]}_{number}{name[dot:]}"
    return f"{name}_{number}"


class ArchiveNames:
    """The file names of the assets in one archive, unique regardless of case.

    A name already given out gets ``_<n>`` before its extension (``cat.jpg``, ``cat_2.jpg``,
    ``cat_3.jpg``, ...), in the order the assets are exported. :meth:`assign` hands them out
    (it needs every name given out so far); once :meth:`seal` ends that, only the ``n`` of the
    renamed assets is kept, which is what later passes over the assets need (:meth:`of`).
    """

    def __init__(self) -> None:
        self._used: set[str] | None = set()
        self._numbers: dict[int, int] = {}

    def assign(self, asset_id: int, name: str) -> str:
        """Name the next asset in export order; return its file name."""
        used = self._used
        if used is None:
            raise RuntimeError("the names are sealed")
        wanted = safe_file_name(name, f"asset_{asset_id}")
        candidate, number = wanted, 1
        while candidate.lower() in used:
            number += 1
            candidate = _numbered(wanted, number)
        used.add(candidate.lower())
        if number > 1:
            self._numbers[asset_id] = number
        return candidate

    def seal(self) -> None:
        """End the assignment: the set of every name given out is dropped."""
        self._used = None

    def of(self, asset_id: int, name: str) -> str:
        """The file name :meth:`assign` gave the asset."""
        wanted = safe_file_name(name, f"asset_{asset_id}")
        number = self._numbers.get(asset_id)
        return wanted if number is None else _numbered(wanted, number)


class ZipOutput:
    """A zip written to a temporary file (never held in memory), then handed to the storage."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._zip = zipfile.ZipFile(self.file, "w", compression=zipfile.ZIP_DEFLATED)

    def add_json(self, name: str, document: Any) -> None:
        """Write a JSON member as it is produced: generators in it stream (see jsonstream)."""
        # A ZipInfo of our own carries a fixed timestamp (1980-01-01): the same data gives the
        # same bytes whenever it is exported.
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        member = self._zip.open(info, "w", force_zip64=True)
        with io.TextIOWrapper(member, encoding="utf-8", newline="") as text:
            dump(document, text.write)

    def add_stream(self, name: str, chunks: Iterable[bytes]) -> None:
        """Write a member from chunks, uncompressed (images are compressed already)."""
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_STORED
        with self._zip.open(info, "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)

    def finish(self) -> BinaryIO:
        """Close the archive and return its file, positioned at the start."""
        self._zip.close()
        self.file.seek(0)
        return self.file

    def close(self) -> None:
        """Drop the temporary file."""
        self._zip.close()
        self.file.close()
