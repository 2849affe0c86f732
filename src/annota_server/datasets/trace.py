"""Masks traced into polygons, for formats that hold polygons only (YOLO segmentation).

A mask's boundary runs along pixel edges: every edge between a pixel in the mask and one
outside (or the image's border) is a step of length 1, oriented so the mask is on its right
(clockwise around a part, with y pointing down). Following those steps from corner to corner
closes each boundary into a cycle; a cycle turning clockwise (positive shoelace area) is a
part's outline, one turning the other way a hole's. Corners where the direction does not
change are dropped, so a rectangle is four vertices. A part's outline holds every pixel of
it whose centre is inside; what a polygon cannot hold (holes, or several parts of one mask)
is reported by the caller.

Pixels are decoded one mask at a time (``rle.to_bytes``), the only place the server needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annota import rle

Vertex = tuple[int, int]


@dataclass(frozen=True)
class Traced:
    """A mask's parts and holes, outlines as flat ``x, y`` lists with vertices at pixel corners.

    Together, by the even-odd rule, they hold exactly the mask's pixels (their centres).
    """

    parts: list[list[float]]
    holes: list[list[float]]


def trace(mask: Mapping[str, Any]) -> Traced:
    """The outlines of a mask's parts (largest first) and of its holes."""
    height, width = (int(v) for v in mask["size"])
    x0, y0, x1, y1 = rle.bbox(mask)
    bits = rle.to_bytes(mask)

    def on(x: int, y: int) -> bool:
        return 0 <= x < width and 0 <= y < height and bits[y * width + x] != 0

    steps: dict[Vertex, list[Vertex]] = {}
    for y in range(y0, y1):
        row = y * width
        for x in range(x0, x1):
            if not bits[row + x]:
                continue
            # The mask on the right of each step: clockwise around a part (y points down).
            if not on(x, y - 1):
                steps.setdefault((x, y), []).append((x + 1, y))
            if not on(x + 1, y):
                steps.setdefault((x + 1, y), []).append((x + 1, y + 1))
            if not on(x, y + 1):
                steps.setdefault((x + 1, y + 1), []).append((x, y + 1))
            if not on(x - 1, y):
                steps.setdefault((x, y + 1), []).append((x, y))
    parts: list[tuple[int, list[float]]] = []
    holes: list[list[float]] = []
    while steps:
        start = next(iter(steps))
        cycle = [start]
        here = start
        while True:
            following = steps[here]
            there = following.pop()
            if not following:
                del steps[here]
            if there == start:
                break
            cycle.append(there)
            here = there
        corners = _corners(cycle)
        twice = sum(
            ax * by - bx * ay
            for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True)
        )
        flat = [float(v) for corner in corners for v in corner]
        if twice > 0:
            parts.append((twice, flat))
        else:
            holes.append(flat)
    parts.sort(key=lambda item: -item[0])
    return Traced([flat for _, flat in parts], holes)


def _corners(cycle: list[Vertex]) -> list[Vertex]:
    """The vertices of a cycle where its direction changes."""
    kept: list[Vertex] = []
    count = len(cycle)
    for index, (x, y) in enumerate(cycle):
        px, py = cycle[index - 1]
        nx, ny = cycle[(index + 1) % count]
        if (x - px, y - py) != (nx - x, ny - y):
            kept.append((x, y))
    return kept
