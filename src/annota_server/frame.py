"""Shapes inside their image: the one rule every write applies, and every export.

The rule, the same for every kind with coordinates (tags have none):

- every x is clamped to ``[0, width]`` and every y to ``[0, height]`` of the asset's upright
  frame, so a stored shape never reaches outside its image;
- a shape lying wholly outside the image by more than :data:`TOLERANCE` pixels (its bounding
  box does not meet the image grown by that margin) is refused;
- a shape that had an extent (a bbox's width and height, a polygon's area, a polyline's
  length) and loses it to clamping is refused: it lay outside, along an edge.

A shape within the tolerance outside (a point at x = width + 0.4 from rounding) is clamped,
not refused. An image of unknown size leaves shapes as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

TOLERANCE = 1.0
"""How far outside its image (in pixels) a shape may lie and still be clamped in."""

_GEOMETRY = frozenset({"bbox", "polygon", "polyline", "points"})


def fit(
    kind: str, points: Sequence[float], width: int | None, height: int | None
) -> list[float] | str:
    """``points`` clamped into a ``width`` x ``height`` image, or why the shape is refused.

    ``points`` must already fit ``kind`` (pairs of finite numbers). Kinds without x, y pairs
    (tags, and any other kind) come back unchanged.
    """
    values = [float(v) for v in points]
    if kind not in _GEOMETRY or not values or not width or not height:
        return values
    xs, ys = values[0::2], values[1::2]
    if (
        max(xs) < -TOLERANCE
        or min(xs) > width + TOLERANCE
        or max(ys) < -TOLERANCE
        or min(ys) > height + TOLERANCE
    ):
        return (
            f"lies wholly outside its {width}x{height} image "
            f"(by more than {TOLERANCE:g} px); coordinates are pixels of the upright image"
        )
    clamped = clamp(values, width, height)
    if _extent(kind, values) > 0 and _extent(kind, clamped) == 0:
        return f"lies outside its {width}x{height} image: clamped to its edge it has no extent"
    return clamped


def clamp(values: Sequence[float], width: int, height: int) -> list[float]:
    """Every x clamped to ``[0, width]`` and every y to ``[0, height]``."""
    return [
        min(max(float(value), 0.0), float(width if index % 2 == 0 else height))
        for index, value in enumerate(values)
    ]


def inside(
    kind: str, points: Sequence[float], width: int | None, height: int | None
) -> list[float]:
    """``points`` clamped into the image (what exports write); as they are if its size is unknown.

    Shapes stored before the rule (or on assets whose size changed) are clamped as they are
    written out, so no export has a coordinate outside its image.
    """
    if kind not in _GEOMETRY or not width or not height:
        return [float(v) for v in points]
    return clamp(points, width, height)


def _extent(kind: str, values: Sequence[float]) -> float:
    xs, ys = values[0::2], values[1::2]
    if kind == "bbox":
        return min(values[2] - values[0], values[3] - values[1])
    if kind == "polygon":
        pairs = list(zip(xs, ys, strict=True))
        turned = pairs[1:] + pairs[:1]
        return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pairs, turned, strict=True)))
    if kind == "polyline":
        return sum(
            abs(x1 - x0) + abs(y1 - y0)
            for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:], strict=False)
        )
    return 1.0  # points: each is somewhere, clamped or not
