"""CVAT's mask runs (row by row over the mask's box) against numpy, both ways."""

from __future__ import annotations

import numpy as np
import pytest

from annota import rle
from annota_server.datasets.cvat import from_cvat_mask, to_cvat_mask


def _cvat_runs(box_pixels: np.ndarray) -> list[int]:
    """CVAT's runs of a box's pixels, written here apart from annota: row by row, 0-run first."""
    counts, current, run = [], False, 0
    for value in box_pixels.ravel(order="C").tolist():
        if value != current:
            counts.append(run)
            current, run = value, 0
        run += 1
    counts.append(run)
    return counts


@pytest.mark.parametrize("seed", range(4))
def test_cvat_runs_and_coco_rle_agree_both_ways(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(40):
        height, width = (int(v) for v in rng.integers(1, 30, size=2))
        pixels = np.zeros((height, width), dtype=bool)
        y0, x0 = int(rng.integers(0, height)), int(rng.integers(0, width))
        y1, x1 = int(rng.integers(y0 + 1, height + 1)), int(rng.integers(x0 + 1, width + 1))
        pixels[y0:y1, x0:x1] = rng.random((y1 - y0, x1 - x0)) < 0.6
        counts, box = to_cvat_mask(rle.from_array(pixels))
        if pixels.any():
            rows, cols = np.nonzero(pixels)
            left, top = int(cols.min()), int(rows.min())
            right, bottom = int(cols.max()) + 1, int(rows.max()) + 1
            assert box == [left, top, right - left, bottom - top]
            assert counts == _cvat_runs(pixels[top:bottom, left:right])
        else:
            assert (counts, box) == ([1], [0, 0, 1, 1])
        back = from_cvat_mask(counts, box, width, height)
        assert back == rle.canonical(rle.from_array(pixels))


def test_a_box_outside_the_image_or_runs_that_do_not_fill_it_are_refused() -> None:
    with pytest.raises(rle.RLEError, match="does not fit"):
        from_cvat_mask([0, 4], [3, 0, 2, 2], 4, 4)
    with pytest.raises(rle.RLEError, match="add up to 3"):
        from_cvat_mask([1, 2], [0, 0, 2, 2], 4, 4)
    with pytest.raises(rle.RLEError, match="width and height 1 or more"):
        from_cvat_mask([], [0, 0, 0, 2], 4, 4)
