"""A phone photo built at test time: stored sideways (380x512) with EXIF orientation 6.

Upright (as a person sees it) the picture is 512x380, grey, with a red box at :data:`RED`
and a green one at :data:`GREEN` (upright pixels, exclusive max): what the colour detector
finds and where a person draws. The stored pixels are that picture turned a quarter
counter-clockwise; orientation 6 tells readers to turn them back clockwise.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from support import colour_detector

STORED = (380, 512)
"""Width and height of the pixels as stored in the file."""
UPRIGHT = (512, 380)
"""Width and height as a person sees the picture."""
RED = (300, 40, 420, 120)
"""The red box (label ``apple`` for the colour detector), upright."""
GREEN = (40, 250, 140, 330)
"""The green box (label ``leaf``), upright."""
ORIENTATION = 0x0112


def upright_picture() -> Image.Image:
    """The picture as a person sees it."""
    image = Image.new("RGB", UPRIGHT, colour_detector.BACKGROUND)
    pen = ImageDraw.Draw(image)
    for box, name in ((RED, "apple"), (GREEN, "leaf")):
        pen.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=colour_detector.COLOURS[name])
    return image


def sideways_jpeg() -> bytes:
    """The JPEG file: pixels stored 380x512, EXIF orientation 6 (turn clockwise to view)."""
    stored = upright_picture().transpose(Image.Transpose.ROTATE_90)  # counter-clockwise
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    stored.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the file is what it says
        assert check.size == STORED
        assert ImageOps.exif_transpose(check).size == UPRIGHT
    return data


def write_sideways(folder: Path, name: str = "phone.jpg") -> Path:
    """The photo saved as ``folder/name``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(sideways_jpeg())
    return path


def colour_at(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    """The colour in the middle of ``box`` of an (upright) image."""
    pixel = image.convert("RGB").getpixel(((box[0] + box[2]) // 2, (box[1] + box[3]) // 2))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def is_red(colour: tuple[int, int, int]) -> bool:
    """Red, give or take JPEG's rounding."""
    r, g, b = colour
    return r > 200 and g < 60 and b < 60


def is_green(colour: tuple[int, int, int]) -> bool:
    """Green, give or take JPEG's rounding."""
    r, g, b = colour
    return g > 200 and r < 60 and b < 60


def close(
    found: tuple[float, ...] | list[float], wanted: tuple[int, ...], slack: float = 2
) -> bool:
    """Whether two boxes agree within ``slack`` pixels (JPEG blurs edges)."""
    return len(found) == len(wanted) and all(
        abs(a - b) <= slack for a, b in zip(found, wanted, strict=True)
    )
