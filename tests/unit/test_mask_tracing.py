"""Masks traced into polygons (YOLO segmentation): the outlines hold exactly the mask's pixels."""

from __future__ import annotations

import numpy as np
import pytest

from annota import rle
from annota_server.datasets.trace import trace


def _inside(px: float, py: float, outline: list[float]) -> bool:
    xs, ys = outline[0::2], outline[1::2]
    hit = False
    for i in range(len(xs)):
        j = i - 1
        if (ys[i] > py) != (ys[j] > py) and px < (xs[j] - xs[i]) * (py - ys[i]) / (
            ys[j] - ys[i]
        ) + xs[i]:
            hit = not hit
    return hit


def _filled(outlines: list[list[float]], height: int, width: int) -> np.ndarray:
    """Pixels whose centre is inside an odd number of outlines."""
    out = np.zeros((height, width), dtype=bool)
    for y in range(height):
        for x in range(width):
            out[y, x] = sum(_inside(x + 0.5, y + 0.5, o) for o in outlines) % 2 == 1
    return out


def test_a_rectangle_with_a_hole_and_a_second_part() -> None:
    pixels = np.zeros((10, 12), dtype=bool)
    pixels[2:6, 3:9] = True
    pixels[3, 5] = False  # a hole
    pixels[7:9, 0:2] = True  # a second part, on the border
    traced = trace(rle.from_array(pixels))
    assert traced.parts == [[3, 2, 9, 2, 9, 6, 3, 6], [0, 7, 2, 7, 2, 9, 0, 9]]
    assert traced.holes == [[6, 3, 5, 3, 5, 4, 6, 4]]  # anticlockwise
    rectangle = np.zeros((10, 12), dtype=bool)
    rectangle[2:6, 3:9] = True  # the outline alone covers the hole too
    assert np.array_equal(_filled(traced.parts[:1], 10, 12), rectangle)


@pytest.mark.parametrize("seed", range(5))
def test_random_masks_are_held_exactly_by_parts_and_holes(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(10):
        height, width = (int(v) for v in rng.integers(1, 20, size=2))
        pixels = rng.random((height, width)) < rng.random()
        traced = trace(rle.from_array(pixels))
        assert np.array_equal(_filled(traced.parts + traced.holes, height, width), pixels)


def test_empty_and_full_masks() -> None:
    assert trace(rle.from_array(np.zeros((3, 4), dtype=bool))).parts == []
    full = trace(rle.from_array(np.ones((3, 4), dtype=bool)))
    assert (full.parts, full.holes) == ([[0, 0, 4, 0, 4, 3, 0, 3]], [])
