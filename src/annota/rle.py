"""Masks as COCO run-length encodings (RLE), in pure Python.

A mask of ``height`` x ``width`` pixels is read column by column (x outer, y inner: COCO's
column-major order) and kept as the lengths of its alternating runs, background first (so the
first run is 0 long when the mask starts with a foreground pixel). COCO writes those counts
either as a list of integers or as a compressed string: each count (from the third on, as the
difference from the count two before it) in 5-bit groups, low group first, one character per
group (``48 + group``, bit 5 set while more groups follow, bit 4 of the last group its sign).

The server and the SDK share this module. Area and bounding box come from the runs without
decoding the pixels, so a mask of any size costs memory in proportion to its runs only.
numpy and Pillow are used when a caller hands their objects in (imported lazily).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: neither is a run-time dependency
    import numpy as np
    from PIL.Image import Image

__all__ = [
    "MAX_PIXELS",
    "RLEError",
    "area",
    "bbox",
    "canonical",
    "compress",
    "decompress",
    "encode_columns",
    "encode_rows",
    "from_array",
    "from_image",
    "runs",
    "to_array",
    "to_bytes",
    "to_image",
]

MAX_PIXELS = 20_000 * 20_000
"""The largest mask, in pixels (height x width), that a size may describe."""


class RLEError(ValueError):
    """An RLE that is not a valid mask; ``field`` names the part at fault (``size``/``counts``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def compress(counts: Sequence[int]) -> str:
    """The compressed-string form of ``counts`` (COCO's ``rleToString``)."""
    out: list[str] = []
    for index, count in enumerate(counts):
        value = count - counts[index - 2] if index > 2 else count
        more = True
        while more:
            group = value & 0x1F
            value >>= 5  # arithmetic: a negative difference ends at -1
            more = value != -1 if group & 0x10 else value != 0
            out.append(chr(48 + (group | 0x20 if more else group)))
    return "".join(out)


def decompress(text: str, total: int | None = None) -> list[int]:
    """The counts of a compressed string (COCO's ``rleFrString``).

    Raises :class:`RLEError` on a character outside the alphabet, a count cut short, a negative
    count, or (with ``total``) counts that run past ``total`` pixels, checked as it goes so
    that a hostile string cannot grow a list beyond what its pixels allow.
    """
    counts: list[int] = []
    value = shift = 0
    covered = 0
    for position, char in enumerate(text):
        code = ord(char) - 48
        if not 0 <= code < 64:
            raise RLEError("counts", f"character {position} ({char!r}) is not RLE")
        value |= (code & 0x1F) << shift
        shift += 5
        if code & 0x20:
            if shift > 64:
                raise RLEError("counts", f"the count ending at character {position} is too long")
            continue
        if code & 0x10:
            value |= -1 << shift
        if len(counts) > 2:
            value += counts[-2]
        if value < 0:
            raise RLEError("counts", f"count {len(counts)} is negative")
        covered += value
        if total is not None and covered > total:
            raise RLEError("counts", f"the counts add up to more than {total} pixels")
        counts.append(value)
        value = shift = 0
    if shift:
        raise RLEError("counts", "the last count is cut short")
    return counts


def _size(size: Any) -> tuple[int, int]:
    if (
        not isinstance(size, list | tuple)
        or len(size) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)
    ):
        raise RLEError("size", "must be [height, width], two integers")
    height, width = size
    if height < 1 or width < 1:
        raise RLEError("size", "height and width must be at least 1")
    if height * width > MAX_PIXELS:
        raise RLEError("size", f"a mask has at most {MAX_PIXELS} pixels, not {height * width}")
    return height, width


def _merged(counts: Iterable[int]) -> list[int]:
    # One canonical form: an empty run after the first joins its neighbours into one run.
    runs: list[int] = []
    pending = 0  # what an empty run carries over to the run after it
    for index, count in enumerate(counts):
        if index and count == 0:
            if runs:
                pending = runs.pop()
            continue
        runs.append(count + pending)
        pending = 0
    if pending:
        runs.append(pending)
    return runs or [0]


def canonical(rle: Any) -> dict[str, Any]:
    """``{"size": [h, w], "counts": "<compressed>"}``: one form for every valid RLE.

    Takes counts as a compressed string or a list of integers; raises :class:`RLEError`
    naming ``size`` or ``counts`` when the RLE is not a mask of its size.
    """
    if not isinstance(rle, Mapping):
        raise RLEError("mask", "must be an object {size, counts}")
    height, width = _size(rle.get("size"))
    total = height * width
    raw = rle.get("counts")
    if isinstance(raw, str):
        counts = decompress(raw, total)
    elif isinstance(raw, list | tuple):
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in raw):
            raise RLEError("counts", "must be a string or a list of integers from 0")
        counts = list(raw)
    else:
        raise RLEError("counts", "must be a compressed string or a list of integers")
    covered = sum(counts)
    if covered != total:
        raise RLEError("counts", f"add up to {covered} pixels, not {height} x {width} = {total}")
    return {"size": [height, width], "counts": compress(_merged(counts))}


def _counts(rle: Mapping[str, Any]) -> tuple[int, int, list[int]]:
    height, width = _size(rle.get("size"))
    raw = rle.get("counts")
    counts = decompress(raw, height * width) if isinstance(raw, str) else list(raw or [])
    return height, width, counts


def area(rle: Mapping[str, Any]) -> int:
    """How many pixels the mask covers (its foreground runs added up)."""
    return sum(_counts(rle)[2][1::2])


def bbox(rle: Mapping[str, Any]) -> list[int]:
    """``[x_min, y_min, x_max, y_max]`` around the mask, in pixel edges; all 0 when empty.

    From the runs alone: a run within one column spans its rows; a run across columns spans
    every row.
    """
    height, _, counts = _counts(rle)
    x_min = y_min = 2**63
    x_max = y_max = -1
    start = 0
    for index, count in enumerate(counts):
        if index % 2 and count:
            end = start + count - 1
            first, last = divmod(start, height), divmod(end, height)
            x_min, x_max = min(x_min, first[0]), max(x_max, last[0])
            if first[0] == last[0]:
                y_min, y_max = min(y_min, first[1]), max(y_max, last[1])
            else:
                y_min, y_max = 0, height - 1
        start += count
    if x_max < 0:
        return [0, 0, 0, 0]
    return [x_min, y_min, x_max + 1, y_max + 1]


def encode_rows(data: bytes | bytearray, height: int, width: int) -> dict[str, Any]:
    """The RLE of a mask given as ``height * width`` bytes, row by row (nonzero: in the mask)."""
    if len(data) != height * width:
        raise RLEError("size", f"{len(data)} bytes do not make {height} x {width} pixels")
    # Column x is every width-th byte from x: slicing in C gathers the columns in COCO's order.
    return encode_columns(b"".join(data[x::width] for x in range(width)), height, width)


_ONES = bytes([0]) + bytes([1]) * 255  # nonzero -> 1, for bytes.translate


def encode_columns(data: bytes | bytearray, height: int, width: int) -> dict[str, Any]:
    """The RLE of a mask given as ``height * width`` bytes column by column (COCO's order).

    Nonzero bytes are in the mask (see :func:`runs`).
    """
    if len(data) != height * width:
        raise RLEError("size", f"{len(data)} bytes do not make {height} x {width} pixels")
    return {"size": [height, width], "counts": compress(runs(data))}


def runs(data: bytes | bytearray) -> list[int]:
    """The lengths of the alternating runs of ``data``, background (zero bytes) first.

    The runs are found with ``bytes.find``, in C: the cost grows with the runs rather than
    the pixels, so a large image's mask is quick without numpy.
    """
    bits = bytes(data).translate(_ONES)
    total = len(bits)
    counts: list[int] = []
    start = 0
    looking = 1  # a background run first, ended by the first foreground byte
    while start < total:
        end = bits.find(looking, start)
        if end < 0:
            end = total
        counts.append(end - start)
        start, looking = end, 1 - looking
    return counts or [0]


def to_bytes(rle: Mapping[str, Any]) -> bytearray:
    """The mask as ``height * width`` bytes (1 in the mask, 0 outside), row by row."""
    height, width, counts = _counts(rle)
    columns = bytearray(height * width)  # column by column first, as the runs go
    start = 0
    for index, count in enumerate(counts):
        if index % 2:
            columns[start : start + count] = b"\x01" * count
        start += count
    rows = bytearray(height * width)
    for x in range(width):
        rows[x : height * width : width] = columns[x * height : (x + 1) * height]
    return rows


def from_array(array: np.ndarray[Any, Any]) -> dict[str, Any]:
    """The RLE of a 2-D numpy array (nonzero: in the mask)."""
    import numpy as np

    if array.ndim != 2:
        raise RLEError("mask", f"a mask array has 2 dimensions, not {array.ndim}")
    height, width = array.shape
    flat = np.asarray(array, dtype=bool).ravel(order="F")
    changes = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    edges = np.concatenate(([0], changes, [flat.size]))
    counts = np.diff(edges).tolist()
    if flat.size and flat[0]:
        counts.insert(0, 0)
    return {"size": [int(height), int(width)], "counts": compress(counts)}


def to_array(rle: Mapping[str, Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """The mask as a ``(height, width)`` numpy bool array."""
    import numpy as np

    height, width, counts = _counts(rle)
    values = np.zeros(len(counts), dtype=bool)
    values[1::2] = True
    flat = np.repeat(values, counts)
    return flat.reshape((width, height)).T.copy()


def from_image(image: Image) -> dict[str, Any]:
    """The RLE of a Pillow image (nonzero pixels of its greyscale: in the mask)."""
    grey = image.convert("L")
    return encode_rows(grey.tobytes(), grey.height, grey.width)


def to_image(rle: Mapping[str, Any]) -> Image:
    """The mask as a Pillow image of mode ``L``: 255 in the mask, 0 outside."""
    from PIL import Image as PILImage

    height, width, _ = _counts(rle)
    data = to_bytes(rle)
    return PILImage.frombytes("L", (width, height), bytes(data)).point(lambda v: v * 255)
