"""Masks written out by hand for the tests: COCO's uncompressed RLE, independent of annota.rle."""

from __future__ import annotations

from typing import Any


def uncompressed_counts(pixels: Any) -> list[int]:
    """The run lengths of a 2-D boolean array in column-major order, starting with a 0-run."""
    flat = pixels.flatten(order="F").tolist()
    counts, current, run = [], False, 0
    for value in flat:
        if value != current:
            counts.append(run)
            current, run = value, 0
        run += 1
    counts.append(run)
    return counts
