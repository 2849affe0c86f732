"""Images in exports for other tools: upright pixels, so that every reader sees one frame.

annota records an asset's width and height upright (EXIF orientation applied) and shapes are
drawn on the upright picture. Readers of COCO, Pascal VOC and YOLO disagree about EXIF
(Pillow and pycocotools ignore it, OpenCV and browsers apply it), so a file stored sideways
with an orientation tag would put the boxes right for some and wrong for others. An export
for another tool therefore writes such an image re-encoded upright, in its own format, with
the orientation tag removed; an image without one (orientation 1, the common case) is
written byte for byte. annota's own format keeps every file as stored (annota applies the
tag itself), so its ``sha256`` still names the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from PIL import Image

from annota_server import uploads

HEAD_BYTES = 256 * 1024
"""How much of a file is read to find its orientation (a JPEG's EXIF sits in its first 64 KiB)."""

JPEG_QUALITY = 95
"""Re-encoding quality for turned JPEG and WebP images: near the original."""


def _orientation(head: bytes) -> int:
    # Most files carry no orientation at all: a PNG without an eXIf chunk, a JPEG without
    # EXIF or XMP (where Pillow finds one) is not turned, which a byte search tells without
    # parsing the header (exports do this for every image).
    if head.startswith(b"\x89PNG") and b"eXIf" not in head:
        return 1
    if head.startswith(b"\xff\xd8") and b"Exif" not in head and b"tiff:Orientation" not in head:
        return 1
    try:
        with Image.open(io.BytesIO(head)) as image:
            return uploads.orientation_of(image)
    except Exception:  # a header beyond the first bytes (some TIFFs): taken as not turned
        return 1


def upright_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The file in ``chunks``, re-encoded upright when its EXIF orientation turns it.

    Only the first :data:`HEAD_BYTES` are held before deciding; a file that is not turned
    streams through unchanged.
    """
    source = iter(chunks)
    head: list[bytes] = []
    held = 0
    for chunk in source:
        head.append(chunk)
        held += len(chunk)
        if held >= HEAD_BYTES:
            break
    start = b"".join(head)
    orientation = _orientation(start)
    if orientation == 1:
        yield start
        yield from source
        return
    yield _turned(start + b"".join(source), orientation)


def _turned(data: bytes, orientation: int) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format or "PNG"
        exif = image.getexif()
        icc = image.info.get("icc_profile")
        image.load()
        picture = uploads.upright(image, orientation)
    del exif[uploads.ORIENTATION_TAG]
    options: dict[str, object] = {"exif": exif.tobytes()}
    if icc:
        options["icc_profile"] = icc
    if fmt in ("JPEG", "WEBP"):
        options["quality"] = JPEG_QUALITY
    out = io.BytesIO()
    picture.save(out, format=fmt, **options)
    return out.getvalue()
