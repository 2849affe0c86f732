"""A real, deterministic detection function for the auto-annotation tests and the benchmark.

The module itself is a detection function (``spec`` and ``detect``): it finds the bounding box
of the pure-red pixels of an image (label ``apple``) and of the pure-green ones (label
``leaf``), scored by how much of the box the colour fills. ``images`` writes test images with
known boxes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from annota import auto_annotation as aa

spec = aa.FunctionSpec(
    name="colour-detector",
    labels=[aa.label("apple", "bbox"), aa.label("leaf", "bbox")],
)
COLOURS = {"apple": (255, 0, 0), "leaf": (0, 255, 0)}
BACKGROUND = (40, 40, 40)


def _box(
    image: Any, colour: tuple[int, int, int]
) -> tuple[tuple[int, int, int, int], float] | None:
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    xs: list[int] = []
    ys: list[int] = []
    for y in range(height):
        for x in range(width):
            r, g, b = pixels[x, y]
            if (r > 200) == (colour[0] == 255) and (g > 200) == (colour[1] == 255) and b < 60:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    box = (min(xs), min(ys), max(xs) + 1, max(ys) + 1)
    area = (box[2] - box[0]) * (box[3] - box[1])
    return box, round(len(xs) / area, 4)


def detect(image: Any, asset: Any) -> Iterable[aa.Prediction]:
    """One box per colour present; the score is the share of the box the colour fills."""
    found = []
    for name, colour in COLOURS.items():
        hit = _box(image, colour)
        if hit is not None:
            (x0, y0, x1, y1), score = hit
            found.append(aa.bbox(name, x0, y0, x1, y1, score=score))
    return found


class FailingOn:
    """The same detector, raising on its ``nth`` image (1-based): a run interrupted mid-way."""

    spec = spec

    def __init__(self, nth: int) -> None:
        self.nth = nth
        self.seen = 0

    def detect(self, image: Any, asset: Any) -> Iterable[aa.Prediction]:
        """Detect, or fail on the nth call."""
        self.seen += 1
        if self.seen == self.nth:
            raise RuntimeError(f"model crashed on image {self.nth}")
        return detect(image, asset)


def draw(
    path: Path,
    apple: tuple[int, int, int, int] | None,
    leaf: tuple[int, int, int, int] | None = None,
    size: tuple[int, int] = (64, 48),
) -> Path:
    """An image with a red box ``apple`` and a green box ``leaf`` (corners, exclusive max)."""
    image = Image.new("RGB", size, BACKGROUND)
    pen = ImageDraw.Draw(image)
    for box, colour in ((apple, COLOURS["apple"]), (leaf, COLOURS["leaf"])):
        if box is not None:
            pen.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=colour)
    image.save(path)
    return path


def images(folder: Path, count: int) -> list[tuple[Path, tuple[int, int, int, int]]]:
    """``count`` PNGs, each with a red box at its own place; every third has a leaf too."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        x, y = 2 + (index * 5) % 30, 2 + (index * 3) % 20
        apple = (x, y, x + 12, y + 10)
        leaf = (40, 30, 50, 40) if index % 3 == 0 else None
        made.append((draw(folder / f"img{index:03}.png", apple, leaf), apple))
    return made
