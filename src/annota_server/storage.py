"""Where file content lives: one small interface and its implementation on a local directory.

:func:`~annota_server.storage_url.open_storage` picks the implementation the settings name.
Handlers and workers only see :class:`Storage`; :mod:`s3_storage` is the object-store
implementation. Keys are relative,
``/``-separated paths chosen by the server (never by a client), such as
``assets/12/3f9c....bin``; :mod:`storage_keys` lays them out.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK_SIZE = 1024 * 1024


class TooLarge(Exception):
    """A stream was longer than the limit it was written with; nothing was stored."""


@dataclass(frozen=True)
class Stored:
    """What writing a stream measured."""

    key: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Listed:
    """One stored object, as a listing sees it."""

    key: str
    size: int
    modified: datetime
    """When it was last written (UTC)."""


class Storage(Protocol):
    """Byte storage addressed by key."""

    def write(self, key: str, stream: BinaryIO, *, limit: int | None = None) -> Stored:
        """Copy ``stream`` to ``key`` in chunks; atomic: the key appears only when complete.

        Raises:
            TooLarge: the stream is longer than ``limit`` bytes (nothing is kept).

        """
        ...

    def adopt(self, key: str, path: Path) -> Stored:
        """Take over the local file ``path``, which the caller will not use again, as ``key``.

        Atomic like :meth:`write`: the key appears only when complete. A backend moves the
        file where it can (a rename on the same filesystem); others may upload it and delete
        it. Either way ``path`` is gone afterwards, also when this raises.
        """
        ...

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Yield the bytes ``start <= offset < stop`` of ``key`` in chunks."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Open ``key`` for reading (seekable), for formats such as zip that need it."""
        ...

    def size(self, key: str) -> int:
        """The size of ``key`` in bytes."""
        ...

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds content."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
        ...

    def delete_prefix(self, prefix: str) -> None:
        """Remove every key under ``prefix``."""
        ...

    def download_url(self, key: str, *, filename: str) -> str | None:
        """A short-lived URL that serves ``key`` without the server, or None if there is none."""
        ...

    def list_keys(self, prefix: str = "") -> Iterator[Listed]:
        """Every object under the folder ``prefix`` (everything for ""), lazily.

        The objects of one folder come together (the orphan sweep relies on it); local
        storage also lists its unfinished ``.partial`` files, as objects of their own.
        """
        ...


def check_key(key: str) -> None:
    """Refuse a key that is not a plain relative path (storage_keys makes only those)."""
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in {"", ".", ".."} for part in parts):
        raise ValueError(f"not a storage key: {key!r}")


class LocalStorage:
    """A directory on the server's disk (by default ``<data dir>/storage``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        # Resolved once: every storage call checks its key against it (a batch of many).
        self._resolved_root = self.root.resolve()

    def _path(self, key: str) -> Path:
        check_key(key)  # "" would be the root itself, its partial file outside it
        path = (self.root / key).resolve()
        if not path.is_relative_to(self._resolved_root):
            raise ValueError(f"storage key outside the storage: {key!r}")
        return path

    def write(self, key: str, stream: BinaryIO, *, limit: int | None = None) -> Stored:
        """Copy ``stream`` to ``key`` through a temporary file renamed at the end."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        digest = hashlib.sha256()
        size = 0
        try:
            with partial.open("wb") as out:
                while chunk := stream.read(CHUNK_SIZE):
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise TooLarge(f"more than {limit} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return Stored(key, size, digest.hexdigest())

    def adopt(self, key: str, path: Path) -> Stored:
        """Rename ``path`` to ``key``; across filesystems, copy it and delete ``path``."""
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            try:
                os.replace(path, target)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                with Path(path).open("rb") as stream:
                    return self.write(key, stream)
            # Measured after the move: the file is in the page cache, and nothing else has it.
            with target.open("rb") as stream:
                digest = hashlib.file_digest(stream, "sha256")
            return Stored(key, target.stat().st_size, digest.hexdigest())
        finally:
            Path(path).unlink(missing_ok=True)

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        """Yield the requested bytes of ``key``, a chunk at a time."""
        with self._path(key).open("rb") as stream:
            stream.seek(start)
            remaining = None if stop is None else max(0, stop - start)
            while remaining is None or remaining > 0:
                chunk = stream.read(CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining))
                if not chunk:
                    return
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk

    def open(self, key: str) -> BinaryIO:
        """Open ``key`` for reading."""
        return self._path(key).open("rb")

    def size(self, key: str) -> int:
        """The size of ``key`` in bytes."""
        return self._path(key).stat().st_size

    def exists(self, key: str) -> bool:
        """Whether ``key`` holds content."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove ``key`` (and nothing else); a missing key is not an error."""
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        """Remove every key under ``prefix`` (a folder), for example a deleted task's assets."""
        shutil.rmtree(self._path(prefix), ignore_errors=True)

    def download_url(self, key: str, *, filename: str) -> str | None:
        """None: only the server itself serves a local directory."""
        return None

    def list_keys(self, prefix: str = "") -> Iterator[Listed]:
        """Walk the folder ``prefix`` depth first, in name order."""
        top = self._path(prefix) if prefix else self.root
        root = self.root.resolve()
        for folder, folders, files in os.walk(top):
            folders.sort()
            for name in sorted(files):
                path = Path(folder, name)
                try:
                    stat = path.stat()
                except FileNotFoundError:  # deleted while we walked
                    continue
                yield Listed(
                    path.resolve().relative_to(root).as_posix(),
                    stat.st_size,
                    datetime.fromtimestamp(stat.st_mtime, UTC),
                )
