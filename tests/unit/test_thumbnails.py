"""Rendering thumbnails: every image mode uploads accept ends as JPEG or PNG, or is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from support import photos

from annota_server import thumbnails
from annota_server.context import etag_listed
from annota_server.thumbnails import NotRenderable
from annota_server.uploads import inspect_image


def encoded(image: Image.Image, fmt: str, **options: object) -> io.BytesIO:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    out.seek(0)
    return out


@pytest.mark.parametrize(
    ("mode", "fmt", "expected"),
    [
        ("RGB", "JPEG", ("JPEG", "RGB")),
        ("L", "JPEG", ("JPEG", "L")),
        ("CMYK", "JPEG", ("JPEG", "RGB")),
        ("1", "PNG", ("JPEG", "RGB")),
        ("I;16", "PNG", ("JPEG", "RGB")),
        ("P", "GIF", ("JPEG", "RGB")),
        ("RGBA", "PNG", ("PNG", "RGBA")),
        ("LA", "PNG", ("PNG", "LA")),
        ("RGB", "BMP", ("JPEG", "RGB")),
        ("RGB", "TIFF", ("JPEG", "RGB")),
        ("RGBA", "WEBP", ("PNG", "RGBA")),
    ],
)
def test_every_mode_renders(mode: str, fmt: str, expected: tuple[str, str]) -> None:
    made = thumbnails.render(encoded(Image.new(mode, (300, 150)), fmt), 100)
    with Image.open(io.BytesIO(made.data)) as thumb:
        assert (thumb.format, thumb.mode) == expected
        assert thumb.size == (100, 50)
    assert made.media_type == f"image/{expected[0].lower()}"


def test_a_palette_with_a_transparent_colour_stays_transparent() -> None:
    image = Image.new("P", (64, 64))
    made = thumbnails.render(encoded(image, "PNG", transparency=0), 32)
    with Image.open(io.BytesIO(made.data)) as thumb:
        assert (thumb.format, thumb.mode, thumb.size) == ("PNG", "RGBA", (32, 32))
        assert thumb.getpixel((0, 0))[3] == 0


def test_what_is_not_an_image_is_refused() -> None:
    with pytest.raises(NotRenderable, match="not an image"):
        thumbnails.render(io.BytesIO(b"\x89PNG\r\n\x1a\nnonsense"), 64)


def test_the_same_content_renders_the_same_bytes() -> None:
    image = Image.radial_gradient("L").convert("RGB").resize((400, 300))
    source = encoded(image, "PNG").getvalue()
    first = thumbnails.render(io.BytesIO(source), 128)
    assert thumbnails.render(io.BytesIO(source), 128) == first


@pytest.mark.parametrize(
    ("header", "matched"),
    [
        (None, False),
        ("", False),
        ('"thumb-2-64-ab"', True),
        ('W/"thumb-2-64-ab"', True),
        ('"x", "thumb-2-64-ab"', True),
        ("*", True),
        ('"thumb-2-65-ab"', False),
    ],
)
def test_if_none_match(header: str | None, matched: bool) -> None:
    assert etag_listed(header, thumbnails.etag("ab", 64)) is matched


def test_a_photo_stored_sideways_is_measured_and_thumbnailed_upright() -> None:
    data = photos.sideways_jpeg()
    info = inspect_image(io.BytesIO(data), "image/jpeg")
    assert not isinstance(info, str)
    assert (info.width, info.height) == photos.UPRIGHT
    made = thumbnails.render(io.BytesIO(data), 256)
    with Image.open(io.BytesIO(made.data)) as thumb:
        assert thumb.size == (256, 190)
        scale = 256 / photos.UPRIGHT[0]
        red = (
            round(photos.RED[0] * scale),
            round(photos.RED[1] * scale),
            round(photos.RED[2] * scale),
            round(photos.RED[3] * scale),
        )
        assert photos.is_red(photos.colour_at(thumb, red))
    assert thumbnails.etag("ab", 64) == '"thumb-2-64-ab"'  # the rendering changed: new ETags
