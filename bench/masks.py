"""Masks: annota.rle (pure Python, numpy when handed an array) against pycocotools (C).

Masks of one image size with a few elliptic parts, holes and a ragged edge (realistic runs: a
few per column per part). Per operation, CPU time in this process for the whole set, median of
rounds taken in turn (the order rotating):

- **encode**: a numpy bool array to compressed counts (``pycocotools.mask.encode`` on a
  Fortran-ordered uint8 copy; ``rle.from_array``; ``rle.encode_rows`` on the row bytes, the
  path without numpy);
- **decode**: compressed counts to pixels (``mask.decode``; ``rle.to_array``; ``rle.to_bytes``);
- **server check**: what a write costs the server per mask, from the runs alone
  (``rle.canonical`` + ``rle.bbox`` + ``rle.area``) against pycocotools' ``area`` + ``toBbox``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS: set[str] = set()
GOAL_CHECK = 100.0  # the server's check of a mask at most 100x pycocotools' area + bbox


def _masks(count: int, height: int, width: int) -> list[Any]:
    import numpy as np

    rng = np.random.default_rng(24)
    ys, xs = np.mgrid[0:height, 0:width]
    found = []
    for _ in range(count):
        pixels = np.zeros((height, width), dtype=bool)
        for _ in range(int(rng.integers(1, 4))):
            cy, cx = rng.integers(0, height), rng.integers(0, width)
            ry, rx = rng.integers(height // 20, height // 4), rng.integers(width // 20, width // 4)
            inside = ((ys - cy) / ry) ** 2 + ((xs - cx) / rx) ** 2 <= 1
            pixels |= inside
            pixels &= ((ys - cy) / (ry / 3)) ** 2 + ((xs - cx) / (rx / 3)) ** 2 > 1  # a hole
        edge = rng.random((height, width)) < 0.02
        found.append(pixels ^ (edge & pixels))
    return found


def _cpu(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def run(ctx: Context) -> Section:
    import numpy as np
    from pycocotools import mask as coco

    from annota import rle

    log = logger("masks")
    quick = ctx.scale.name == "quick"
    count, height, width = (10, 300, 400) if quick else (40, 1200, 1600)
    rounds = 3 if quick else 5
    masks = _masks(count, height, width)
    fortran = [np.asfortranarray(m.astype(np.uint8)) for m in masks]
    rows = [m.astype(np.uint8).tobytes() for m in masks]
    ours = [rle.from_array(m) for m in masks]
    theirs = [coco.encode(f) for f in fortran]
    assert [o["counts"] for o in ours] == [t["counts"].decode() for t in theirs]

    variants: dict[str, Callable[[], Any]] = {
        "encode: pycocotools": lambda: [coco.encode(f) for f in fortran],
        "encode: annota, numpy": lambda: [rle.from_array(m) for m in masks],
        "encode: annota, pure Python": lambda: [rle.encode_rows(r, height, width) for r in rows],
        "decode: pycocotools": lambda: [coco.decode(t) for t in theirs],
        "decode: annota, numpy": lambda: [rle.to_array(o) for o in ours],
        "decode: annota, pure Python": lambda: [rle.to_bytes(o) for o in ours],
        "check: pycocotools area + bbox": lambda: [(coco.area(t), coco.toBbox(t)) for t in theirs],
        "check: annota canonical + bbox + area (server)": lambda: [
            (rle.canonical(o), rle.bbox(o), rle.area(o)) for o in ours
        ],
    }
    timed = interleaved({k: (lambda f=f: _cpu(f)) for k, f in variants.items()}, rounds, log=log)
    cpu = {name: median(values) for name, values in timed.items()}

    def base(name: str) -> float:
        return cpu[
            f"{name.split(':')[0]}: pycocotools"
            + (" area + bbox" if name.startswith("check") else "")
        ]

    section = Section("Masks: annota.rle against pycocotools")
    runs = sum(len(rle.decompress(o["counts"])) for o in ours) / count
    section.para(
        f"{count} masks of {width}x{height} pixels (about {runs:,.0f} runs each); CPU time for "
        f"the whole set, median of {rounds} rounds taken in turn; the ratio is against "
        "pycocotools' C for the same operation. Both encode to the same strings (checked)."
    )
    section.table(
        ["operation", "CPU ms per mask", "ratio to pycocotools"],
        [
            [name, num(value / count * 1000, 2), f"{value / base(name):.1f}x"]
            for name, value in cpu.items()
        ],
    )
    check = cpu["check: annota canonical + bbox + area (server)"] / base("check:")
    section.targets.append(
        Target(
            "server's mask check (from the runs) vs pycocotools area + bbox",
            f"{check:.1f}x",
            f"<= {GOAL_CHECK:.0f}x",
            check <= GOAL_CHECK,
        )
    )
    return section
