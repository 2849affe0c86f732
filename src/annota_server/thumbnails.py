"""Thumbnails of image assets: rendered once per content and size, then kept in the storage.

A thumbnail is addressed by the asset's SHA-256 and the size (:func:`storage_keys.thumbnail`),
so assets with the same content share it, and its ETag is known before anything is read:
a conditional request is answered without touching the storage.

Two first requests for the same thumbnail in one process render it once (a lock per key);
in different processes both render the same bytes and the storage's atomic write keeps one.
Renders are few at a time, since decoding a large image takes memory proportional to its
pixels.
"""

from __future__ import annotations

import io
import threading
import weakref
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image

from annota_server import storage_keys, uploads
from annota_server.storage import Storage

RENDERING = 2
"""The version of :func:`render`'s output: bump it when that changes, so ETags change too."""

DEFAULT_SIZE = 256
"""The longest side when the client names none (the contract bounds ``size`` itself)."""

CACHE_CONTROL = "private, max-age=86400"
"""A day in the browser's cache: an asset's content never changes, but access may end."""

JPEG_QUALITY = 85
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_CONCURRENT_RENDERS = threading.BoundedSemaphore(2)
_locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


class NotRenderable(Exception):
    """The content cannot be made a thumbnail; the message says why."""


class SourceMissing(Exception):
    """The asset's content is not in the storage."""


@dataclass(frozen=True)
class Thumbnail:
    """A rendered thumbnail."""

    data: bytes
    media_type: str


def etag(sha256: str, size: int) -> str:
    """The ETag of the thumbnail of content ``sha256`` at ``size``."""
    return f'"thumb-{RENDERING}-{size}-{sha256}"'


def media_type_of(data: bytes) -> str:
    """The media type of a rendered thumbnail (only PNG and JPEG are made)."""
    return "image/png" if data.startswith(PNG_SIGNATURE) else "image/jpeg"


def render(stream: BinaryIO, size: int) -> Thumbnail:
    """Scale the image in ``stream`` down so that its longest side is ``size`` (never up).

    The thumbnail is upright: EXIF orientation is applied (and not carried over), as the
    asset's recorded width and height are. PNG keeps transparency; everything else becomes
    JPEG.

    Raises:
        NotRenderable: the image has more pixels than the server decodes
            (``Image.MAX_IMAGE_PIXELS``, as uploads check) or does not decode.

    """
    limit = Image.MAX_IMAGE_PIXELS
    too_many = f"has more pixels than the server decodes ({limit})"
    try:
        with Image.open(stream) as image:
            width, height = image.size
            # Pillow only warns between one and two times its limit: refuse at once, as uploads do.
            if limit and width * height > limit:
                raise NotRenderable(too_many)
            image.draft(image.mode, (size, size))  # JPEG decodes at 1/2..1/8 scale directly
            transparent = image.has_transparency_data
            wanted = ("RGBA", "LA") if transparent else ("RGB", "L")
            picture = image if image.mode in wanted else image.convert(wanted[0])
            picture = uploads.upright(picture, uploads.orientation_of(image))
            picture.thumbnail((size, size), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if transparent:
                picture.save(out, format="PNG")
            else:
                picture.save(out, format="JPEG", quality=JPEG_QUALITY)
    except NotRenderable:
        raise
    except Image.DecompressionBombError as exc:
        raise NotRenderable(too_many) from exc
    except Exception as exc:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, ...)
        raise NotRenderable("is not an image the server can read") from exc
    data = out.getvalue()
    return Thumbnail(data, media_type_of(data))


def _lock(key: str) -> threading.Lock:
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.Lock()
        return lock


def get_or_make(storage: Storage, source_key: str, sha256: str, size: int) -> Thumbnail:
    """The kept thumbnail of the content at ``source_key``, rendered and stored if missing.

    Raises:
        NotRenderable: see :func:`render`.
        SourceMissing: the content is not in the storage.

    """
    key = storage_keys.thumbnail(sha256, size)
    with _lock(key):
        if storage.exists(key):
            data = b"".join(storage.read(key))
            return Thumbnail(data, media_type_of(data))
        if not storage.exists(source_key):
            raise SourceMissing(source_key)
        with _CONCURRENT_RENDERS, storage.open(source_key) as stream:
            made = render(stream, size)
        storage.write(key, io.BytesIO(made.data))
        return made
