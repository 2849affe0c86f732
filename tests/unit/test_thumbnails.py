"""Rendering thumbnails: every image mode uploads accept ends as JPEG or PNG, or is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from annota_server import thumbnails
from annota_server.context import etag_listed
from annota_server.thumbnails import NotRenderable


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
        ('"thumb-1-64-ab"', True),
        ('W/"thumb-1-64-ab"', True),
        ('"x", "thumb-1-64-ab"', True),
        ("*", True),
        ('"thumb-1-65-ab"', False),
    ],
)
def test_if_none_match(header: str | None, matched: bool) -> None:
    assert etag_listed(header, thumbnails.etag("ab", 64)) is matched
