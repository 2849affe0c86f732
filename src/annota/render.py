"""Draw shapes onto their image with Pillow, to check labels and predictions at a glance.

Each shape takes its label's colour and is captioned with the label's name; predictions
(source ``model``) are dashed and captioned with their score too. A mask is filled
semi-transparent in its label's colour (a prediction's with its box dashed around it).
``asset.render(path)`` and ``annota render TASK -o DIR`` use this; Pillow comes from the
``images`` extra.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota_api.models import Annotations, Shape
from annota_api.types import Unset

from annota import rle
from annota.auto_annotation import open_upright, require_pillow

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw

__all__ = ["draw_shapes", "keep", "render_bytes", "shapes_by_asset"]

LINE = 2
"""Outline width in pixels."""
DASH, GAP = 6, 4
"""A prediction's outline: dashes and gaps, in pixels."""
FALLBACK_COLOR = "#ff00ff"
MASK_OPACITY = 0.45
"""How opaque a mask's fill is, from 0 to 1."""


def _rgb(color: str | None) -> tuple[int, int, int]:
    text = (color or FALLBACK_COLOR).lstrip("#")
    try:
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except ValueError:
        return _rgb(FALLBACK_COLOR)


def _score(shape: Shape) -> float | None:
    score = shape.score
    return None if isinstance(score, Unset) or score is None else float(score)


def keep(
    shapes: Iterable[Shape], *, min_score: float | None = None, sources: Iterable[str] | None = None
) -> list[Shape]:
    """The shapes that pass the filters, as the server's ``min_score`` and ``source`` do."""
    wanted = None if sources is None else {str(s) for s in sources}
    kept: list[Shape] = []
    for shape in shapes:
        if wanted is not None and str(shape.source) not in wanted:
            continue
        score = _score(shape)
        if min_score is not None and score is not None and score < min_score:
            continue
        kept.append(shape)
    return kept


def _dashed(draw: ImageDraw, points: Sequence[tuple[float, float]], fill: Any) -> None:
    # The dash pattern runs on along the whole outline, across its corners.
    phase = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        along = 0.0
        while along < length:
            period = phase % (DASH + GAP)
            step = min((DASH - period) if period < DASH else (DASH + GAP - period), length - along)
            if period < DASH:
                a, b = along / length, (along + step) / length
                draw.line(
                    [
                        (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                        (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    ],
                    fill=fill,
                    width=LINE,
                )
            along += step
            phase += step


def _outline(draw: ImageDraw, points: list[tuple[float, float]], fill: Any, dashed: bool) -> None:
    if dashed:
        _dashed(draw, points, fill)
    else:
        draw.line(points, fill=fill, width=LINE)


def draw_shapes(image: Image, shapes: Iterable[Shape], labels: Mapping[int, Any]) -> Image:
    """Draw ``shapes`` onto (a copy of) ``image``; ``labels`` maps label ids to labels."""
    require_pillow()
    from PIL import ImageDraw

    canvas: Image = image.convert("RGB") if image.mode != "RGB" else image.copy()
    draw = ImageDraw.Draw(canvas)
    font = None
    tags: list[tuple[str, Any]] = []
    ordered = sorted(shapes, key=lambda s: (s.z_order, s.id))
    for shape in ordered:
        label = labels.get(shape.label)
        name = label.name if label is not None else f"label {shape.label}"
        fill = _rgb(label.color if label is not None else None)
        dashed = str(shape.source) == "model"
        score = _score(shape)
        caption = name if score is None else f"{name} {score:.2f}"
        coords = list(shape.points)
        pairs = list(zip(coords[0::2], coords[1::2], strict=False))
        kind = str(shape.kind)
        if kind == "tag":
            tags.append((caption, fill))
            continue
        if kind == "mask":
            pairs = _fill_mask(canvas, draw, shape, fill, dashed)
            if not pairs:
                continue
        elif kind == "bbox":
            x0, y0, x1, y1 = coords
            _outline(draw, [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], fill, dashed)
        elif kind == "polygon":
            _outline(draw, [*pairs, pairs[0]], fill, dashed)
        elif kind == "polyline":
            _outline(draw, pairs, fill, dashed)
        else:  # points
            for x, y in pairs:
                draw.ellipse([x - 2, y - 2, x + 2, y + 2], outline=fill, width=1)
        # The caption sits above the shape's top-left point (inside the image).
        left = min(x for x, _ in pairs)
        top = min(y for _, y in pairs)
        draw.text((left + LINE, max(0, top - 11)), caption, fill=fill, font=font)
    for index, (caption, fill) in enumerate(tags):
        draw.text((2, 2 + 11 * index), caption, fill=fill, font=font)
    return canvas


def _fill_mask(
    canvas: Image, draw: ImageDraw, shape: Shape, fill: Any, dashed: bool
) -> list[tuple[float, float]]:
    """Fill a mask semi-transparent; return its box's corners (none when it cannot be drawn)."""
    from PIL import Image as PILImage

    mask = shape.mask
    if mask is None or isinstance(mask, Unset) or list(mask.size) != [canvas.height, canvas.width]:
        return []  # not this picture's size (it cannot be placed)
    coverage = rle.to_image({"size": mask.size, "counts": mask.counts})
    alpha = coverage.point(lambda v: round(v * MASK_OPACITY))
    canvas.paste(PILImage.new("RGB", canvas.size, fill), (0, 0), alpha)
    x0, y0, x1, y1 = mask.bbox
    if dashed:
        _dashed(draw, [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], fill)
    return [(x0, y0), (x1, y1)]


# What the server stores, by the suffixes Pillow saves them under.
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"})


def picture_name(name: str) -> str:
    """``name`` as the file name of a rendering, with ``.png`` added unless it names a format.

    Asset names need not end in a suffix that says the format; Pillow saves by suffix.
    """
    suffix = Path(name).suffix.lower()
    if require_pillow().registered_extensions().get(suffix) in IMAGE_FORMATS:
        return name
    return f"{name}.png"


def render_bytes(
    content: bytes,
    shapes: Iterable[Shape],
    labels: Mapping[int, Any],
    path: str | os.PathLike[str],
) -> Path:
    """Decode ``content``, draw ``shapes`` and save the picture at ``path`` (format by suffix).

    The picture is upright (EXIF orientation applied, see
    :func:`~annota.auto_annotation.open_upright`): the frame the shapes are in.
    """
    target = Path(path)
    drawn = draw_shapes(open_upright(content), shapes, labels)
    target.parent.mkdir(parents=True, exist_ok=True)
    drawn.save(target)
    return target


def shapes_by_asset(annotations: Annotations) -> dict[int, list[Shape]]:
    """A task's shapes grouped by asset id."""
    grouped: dict[int, list[Shape]] = {}
    for shape in annotations.shapes:
        grouped.setdefault(shape.asset, []).append(shape)
    return grouped
