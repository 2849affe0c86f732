"""gzip for answers that shrink: JSON, problems, scripts, styles, the spec; never small ones.

Starlette's ``GZipMiddleware`` does the work when the client sends ``Accept-Encoding: gzip``.
Answers under :data:`MINIMUM_SIZE` go as they are (a single object or a problem costs more CPU
to compress than it saves on the wire), and so do bodies that are compressed already or not
worth it: images, archives, asset contents and tar streams (``application/octet-stream``,
``application/x-tar``), and byte ranges (206).

ETags are left as they are: annota's ETags name a version of a resource (``"<id>-<version>"``)
and are sent back in ``If-Match`` whatever encoding carried them, so a gzip answer keeps the
identity answer's tag (RFC 9110 allows a strong tag across content codings only when the
server treats them as the same representation, which it does for every conditional request it
serves; ranges are answered only uncompressed).
"""

from __future__ import annotations

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp

MINIMUM_SIZE = 4096
"""Bytes below which an answer is sent uncompressed."""
LEVEL = 6
"""zlib's default level: most of level 9's saving for a fraction of its CPU."""
NOT_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "image/*",
    "application/octet-stream",
    "application/x-tar",
)


def compressed(app: ASGIApp) -> ASGIApp:
    """``app`` with its larger text answers gzip-encoded for clients that accept it."""
    return GZipMiddleware(
        app, minimum_size=MINIMUM_SIZE, compresslevel=LEVEL, exclude_content_types=NOT_COMPRESSED
    )
