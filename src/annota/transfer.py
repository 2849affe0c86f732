"""Moving bytes: files read for an upload, responses written to disk.

Downloads stream to a temporary file next to the destination and are renamed into place
only when complete (and, when the expected SHA-256 is known, verified), so a failed or
interrupted download never leaves a truncated file under the final name. A server that keeps
its files in an object store may answer a download with a redirect to a presigned URL:
:func:`following_storage_redirects` fetches it without the annota credentials.
"""

from __future__ import annotations

import hashlib
import io
import os
import queue
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO, cast

from annota.errors import APIConnectionError, ApiError, IntegrityError
from annota.progress import ProgressReporter

if TYPE_CHECKING:
    from annota_api.client import Client as ApiClient
    from annota_api.client import HttpResponse

__all__ = [
    "ProgressReader",
    "destination",
    "download_to",
    "following_storage_redirects",
    "local_file_name",
]

_REDIRECTS = frozenset({302, 303, 307, 308})

_CHUNK = 256 * 1024
_QUEUED = 4  # chunks in flight between the network and the disk: 1 MiB at most


class ProgressReader(io.RawIOBase):
    """A read-only file that reports each read to a progress reporter.

    Seeking is passed through, so the transport can measure the remaining size up front.
    """

    def __init__(self, raw: IO[bytes], reporter: ProgressReporter) -> None:
        super().__init__()
        self._raw = raw
        self._reporter = reporter
        self.name = getattr(raw, "name", "")

    @classmethod
    def wrap(cls, raw: IO[bytes], reporter: ProgressReporter) -> BinaryIO:
        """Wrap ``raw`` as a binary file (the type uploads take)."""
        return cast(BinaryIO, cls(raw, reporter))

    def readable(self) -> bool:
        """Always true."""
        return True

    def seekable(self) -> bool:
        """Whether the underlying file can seek."""
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move within the underlying file."""
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        """The position in the underlying file."""
        return self._raw.tell()

    def read(self, size: int = -1) -> bytes:
        """Read from the underlying file and report how much."""
        data = self._raw.read(size)
        if data:
            self._reporter.advance(len(data))
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Read into ``buffer`` and report how much."""
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close the underlying file too."""
        self._raw.close()
        super().close()


# A file name has at most 255 bytes; the download's partial file adds ``.`` and about 20 more.
_MAX_NAME_BYTES = 200
# Characters Windows refuses in file names (POSIX refuses only the separator and NUL).
_RESERVED = frozenset('<>:"|?*' if os.name == "nt" else "")


def local_file_name(name: str, fallback: str) -> str:
    """A server-given ``name`` made a file name that saves inside a directory on this system.

    Only the last path component is kept (either separator), control characters become ``_``,
    and a name too long for a file system is cut before its extension. A name left empty, of
    dots only (``.``, ``..``) or that this system cannot encode becomes ``fallback``.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(
        "_" if unicodedata.category(char) == "Cc" or char in _RESERVED else char for char in base
    )
    try:
        size = len(os.fsencode(base))
    except UnicodeError:
        return fallback
    if size > _MAX_NAME_BYTES:
        stem, dot, suffix = base.rpartition(".")
        suffix = f".{suffix}" if dot and stem and len(suffix) <= 16 else ""
        stem = base[: len(base) - len(suffix)]
        while len(os.fsencode(stem + suffix)) > _MAX_NAME_BYTES:
            stem = stem[:-1]
        base = stem + suffix
    return base if base.strip(". ") else fallback


def destination(
    path: str | os.PathLike[str], default_name: str, *, fallback: str = "download"
) -> Path:
    """``path`` itself, or ``default_name`` inside it when ``path`` is a directory.

    A path that ends with a separator (``"out/"``) names a directory even before it exists
    (it is created), as in ``cp`` or ``curl --output-dir``. The server chose ``default_name``,
    so it is made safe first (:func:`local_file_name`; ``fallback`` where nothing of it is).
    """
    text = os.fspath(path)
    target = Path(text)
    if text.endswith((os.sep, "/")) and not target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        # A server-given name must not climb out of the directory, nor name it.
        target = target / local_file_name(default_name, fallback)
    return target


def following_storage_redirects(
    api: ApiClient, open_response: Callable[[int], HttpResponse]
) -> Callable[[int], HttpResponse]:
    """Wrap ``open_response`` so that a redirect to the file storage is followed.

    The storage URL is presigned: it is the permission. The token and ``X-Workspace`` belong
    to the annota server only, so the storage request goes out without them (and without any
    other hook), on the same connection pool and TLS settings. ``Range`` is sent again there.
    Every call asks the server first, so a resumed download gets a fresh, unexpired URL.
    """
    storage = api.with_options(token=None, workspace=None, on_request=None, base_url="")

    def open_from(offset: int) -> HttpResponse:
        try:
            return open_response(offset)
        except ApiError as error:
            location = error.headers.get("Location") or error.headers.get("location")
            if error.status not in _REDIRECTS or not location:
                raise
        headers = {"Range": f"bytes={offset}-"} if offset else None
        return storage.request("GET", location, headers=headers, stream=True)

    return open_from


class _Hasher:
    """Hashes chunks on a thread of its own, overlapping the network reads and disk writes.

    hashlib releases the GIL, so on a fast link the check costs almost nothing on top of
    the download. The queue bounds what is in flight (``_QUEUED`` chunks), so memory does
    not grow with the file.
    """

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(_QUEUED)
        self._thread = threading.Thread(target=self._run, name="annota-sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)
            self._queue.task_done()
        self._queue.task_done()

    def update(self, chunk: bytes) -> None:
        """Queue a chunk (waits while the queue is full)."""
        self._queue.put(chunk)

    def reset(self) -> None:
        """Start over (the server sent the whole file again)."""
        self._queue.join()
        self._digest = hashlib.sha256()

    def hexdigest(self) -> str:
        """The digest of everything queued; the thread ends."""
        self.close()
        return self._digest.hexdigest()

    def close(self) -> None:
        """End the thread once the queue is drained (idempotent)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


def _total_size(response: HttpResponse, start: int) -> int | None:
    """The whole file's size: from Content-Range for a partial answer, else Content-Length."""
    if response.status_code == 206:
        _, _, size = response.headers.get("Content-Range", "").rpartition("/")
        return int(size) if size.isdigit() else None
    length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() else None


class _NoHasher:
    """Stands in for :class:`_Hasher` when the download is not verified."""

    def update(self, chunk: bytes) -> None:
        """Ignore the chunk."""

    def reset(self) -> None:
        """Nothing to start over."""

    def hexdigest(self) -> str:
        """No digest was computed."""
        return ""

    def close(self) -> None:
        """No thread to end."""


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file written beside ``path`` that replaces it only when the block ends normally.

    Readers of ``path`` never see it partial; an error in the block removes the partial file
    and leaves ``path`` as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def download_to(
    open_response: Callable[[int], HttpResponse],
    path: Path,
    reporter: ProgressReporter,
    *,
    description: str,
    expected_sha256: str | None = None,
    attempts: int = 1,
) -> Path:
    """Stream a response body to ``path`` atomically; returns ``path``.

    ``open_response(offset)`` sends the request, asking for the bytes from ``offset`` on
    when it is not 0. A connection lost mid-way is resumed from where it broke, up to
    ``attempts`` requests in all; a server that answers the whole file again (200, not
    206) is read from the start. The SHA-256 is computed only when ``expected_sha256`` is
    given.

    Raises:
        IntegrityError: the body is shorter than announced, or its SHA-256 differs from
            ``expected_sha256``; nothing is left at ``path``.
        APIConnectionError: the connection broke ``attempts`` times.

    """
    received = 0
    total: int | None = None
    started = False
    with atomic_file(path) as out:
        digest: _Hasher | _NoHasher = _Hasher() if expected_sha256 is not None else _NoHasher()
        try:
            for attempt in range(1, attempts + 1):
                try:
                    with open_response(received) as response:
                        if received and response.status_code != 206:
                            out.seek(0)
                            out.truncate()
                            digest.reset()
                            reporter.advance(-received)
                            received = 0
                        if not started:
                            total = _total_size(response, received)
                            reporter.start(total, description=description, unit="B")
                            started = True
                        for chunk in response.iter_content(_CHUNK):
                            out.write(chunk)
                            digest.update(chunk)
                            received += len(chunk)
                            reporter.advance(len(chunk))
                    break
                except APIConnectionError:
                    if attempt == attempts or total is None or received >= total:
                        raise
        finally:
            digest.close()
            if started:
                reporter.finish()
        if total is not None and received != total:
            raise IntegrityError(f"{path.name}: received {received} of {total} bytes")
        if expected_sha256 is not None and digest.hexdigest() != expected_sha256:
            raise IntegrityError(f"{path.name}: the SHA-256 of the download does not match")
    return path
