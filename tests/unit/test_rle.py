"""annota.rle against pycocotools: the same masks encode to the same strings and decode to the
same arrays, both ways; area and bbox from the runs agree; bad RLEs are refused by name."""

from __future__ import annotations

import numpy as np
import pytest
from pycocotools import mask as coco_mask

from annota import rle


def _masks(seed: int) -> list[np.ndarray]:
    """Random masks with holes, several parts and runs touching the border; empty and full."""
    rng = np.random.default_rng(seed)
    found: list[np.ndarray] = []
    for _ in range(60):
        height, width = (int(v) for v in rng.integers(1, 70, size=2))
        pixels = np.zeros((height, width), dtype=bool)
        for _ in range(int(rng.integers(1, 5))):  # several parts, some past the border
            y0, x0 = int(rng.integers(-5, height)), int(rng.integers(-5, width))
            y1, x1 = y0 + int(rng.integers(1, height + 5)), x0 + int(rng.integers(1, width + 5))
            pixels[max(y0, 0) : y1, max(x0, 0) : x1] = True
            hy, hx = (y0 + y1) // 2, (x0 + x1) // 2  # a hole in the middle
            pixels[max(hy - 1, 0) : hy + 1, max(hx - 1, 0) : hx + 1] = False
        found.append(pixels)
        found.append(rng.random((height, width)) < rng.random())  # noise: many short runs
    found += [np.zeros((7, 5), dtype=bool), np.ones((7, 5), dtype=bool)]
    found += [np.ones((1, 1), dtype=bool), np.zeros((1, 1), dtype=bool)]
    found.append(np.ones((300, 400), dtype=bool))  # long counts: several 5-bit groups
    return found


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pycocotools on numpy 2
def test_annota_and_pycocotools_agree_both_ways(seed: int) -> None:
    for pixels in _masks(seed):
        theirs = coco_mask.encode(np.asfortranarray(pixels.astype(np.uint8)))
        ours = rle.from_array(pixels)
        assert ours["counts"] == theirs["counts"].decode("ascii")
        assert ours["size"] == list(theirs["size"])
        # Their encoding decoded by us, ours decoded by them: the same pixels.
        assert np.array_equal(rle.to_array({**theirs, "counts": theirs["counts"].decode()}), pixels)
        decoded = coco_mask.decode({"size": ours["size"], "counts": ours["counts"].encode()})
        assert np.array_equal(decoded.astype(bool), pixels)
        # The pure-Python path (no numpy) gives the same.
        height, width = pixels.shape
        assert rle.encode_rows(pixels.astype(np.uint8).tobytes(), height, width) == ours
        columns = (pixels.astype(np.uint8) * 7).tobytes(order="F")  # any nonzero byte is in
        assert rle.encode_columns(columns, height, width) == ours
        assert bytes(rle.to_bytes(ours)) == pixels.astype(np.uint8).tobytes()
        assert rle.area(ours) == int(coco_mask.area(theirs)) == int(pixels.sum())
        if pixels.any():
            x, y, w, h = coco_mask.toBbox(theirs).tolist()
            assert rle.bbox(ours) == [x, y, x + w, y + h]
        else:
            assert rle.bbox(ours) == [0, 0, 0, 0]


def test_uncompressed_counts_become_the_canonical_compressed_string() -> None:
    pixels = np.zeros((4, 3), dtype=bool)
    pixels[1:3, 1] = True
    expected = coco_mask.encode(np.asfortranarray(pixels.astype(np.uint8)))["counts"].decode()
    assert rle.canonical({"size": [4, 3], "counts": [5, 2, 5]})["counts"] == expected
    # Empty runs after the first join their neighbours: one form for one mask.
    assert rle.canonical({"size": [4, 3], "counts": [5, 1, 0, 1, 5, 0]})["counts"] == expected
    assert rle.canonical({"size": [4, 3], "counts": expected}) == {
        "size": [4, 3],
        "counts": expected,
    }


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"size": [2, 2], "counts": [3]}, "counts"),
        ({"size": [2, 2], "counts": [2, -1, 3]}, "counts"),
        ({"size": [2, 2], "counts": "5 "}, "counts"),
        ({"size": [2, 2], "counts": "P"}, "counts"),  # more groups promised, none given
        ({"size": [2, 2], "counts": "11N"}, "counts"),  # a negative count after the delta
        ({"size": [2], "counts": [2]}, "size"),
        ({"size": [0, 2], "counts": []}, "size"),
        ({"size": [True, 2], "counts": [2]}, "size"),
        ({"size": [100_000, 100_000], "counts": [10**10]}, "size"),
        ({"size": [2, 2], "counts": None}, "counts"),
        ([], "mask"),
    ],
)
def test_bad_rles_name_the_field(value: object, field: str) -> None:
    with pytest.raises(rle.RLEError) as refused:
        rle.canonical(value)
    assert refused.value.field == field


def test_a_hostile_string_is_refused_before_its_counts_grow_past_the_pixels() -> None:
    with pytest.raises(rle.RLEError, match="more than 4 pixels"):
        rle.decompress("1" * 1_000_000, total=4)


def test_the_servers_mask_extent_equals_annota_rle() -> None:
    """The server reads a stored mask's box and area with pycocotools: the SDK's figures."""
    from annota_server.shapes import mask_extent, stored_mask

    for pixels in _masks(3):
        ours = rle.from_array(pixels)
        assert mask_extent(ours) == {"bbox": rle.bbox(ours), "area": rle.area(ours)}
        height, width = pixels.shape
        assert stored_mask(ours, width, height)["bbox"] == rle.bbox(ours)
