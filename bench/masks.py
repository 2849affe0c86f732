"""Masks: annota.rle (pure Python, numpy when handed an array) against pycocotools (C).

Masks of one image size with a few elliptic parts, holes and a ragged edge (realistic runs: a
few per column per part). Per operation, CPU time in this process for the whole set, median of
rounds taken in turn (the order rotating):

- **encode**: a numpy bool array to compressed counts (``pycocotools.mask.encode`` on a
  Fortran-ordered uint8 copy; ``rle.from_array``; ``rle.encode_rows`` on the row bytes, the
  path without numpy);
- **decode**: compressed counts to pixels (``mask.decode``; ``rle.to_array``; ``rle.to_bytes``);
- **server check**: what a write costs the server per mask, from the runs alone
  (``shapes.stored_mask``: ``rle.canonical``, then the box and area read by pycocotools' C)
  against pycocotools' ``area`` + ``toBbox``.

Then a COCO import of 1,000 RLE masks (10 on each of 100 images of 640x480, compressed counts,
annotations only): the COCO format's ``parse`` of the zip plus the check of every mask against
its image that the import makes before writing (``shapes.stored_mask``), against the floor of
``json.load`` of the same member from the same zip. The database writes around it are measured
by ``bulk_writes``.
"""

from __future__ import annotations

import gc
import io
import json
import time
import zipfile
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS: set[str] = set()
GOAL_CHECK = 100.0  # the server's check of a mask at most 100x pycocotools' area + bbox
IMPORT_MASKS, IMPORT_IMAGES, IMPORT_SIZE = 1000, 100, (480, 640)  # (height, width)


def _masks(count: int, height: int, width: int, noise: bool = True) -> list[Any]:
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
        edge = rng.random((height, width)) < (0.02 if noise else 0.0)
        found.append(pixels ^ (edge & pixels))
    return found


def _coco_zip(masks: list[dict[str, Any]]) -> bytes:
    """A COCO archive of :data:`IMPORT_MASKS` RLE annotations over :data:`IMPORT_IMAGES` images."""
    from annota import rle

    height, width = IMPORT_SIZE
    per_image = IMPORT_MASKS // IMPORT_IMAGES
    annotations = []
    for number in range(IMPORT_MASKS):
        mask = masks[number % len(masks)]
        x0, y0, x1, y1 = rle.bbox(mask)
        annotations.append(
            {
                "id": number + 1,
                "image_id": number // per_image + 1,
                "category_id": number % 3 + 1,
                "iscrowd": number % 2,
                "bbox": [x0, y0, x1 - x0, y1 - y0],
                "area": rle.area(mask),
                "segmentation": {"size": mask["size"], "counts": mask["counts"]},
            }
        )
    document = {
        "images": [
            {"id": i + 1, "file_name": f"{i:04d}.jpg", "width": width, "height": height}
            for i in range(IMPORT_IMAGES)
        ],
        "categories": [{"id": i + 1, "name": name} for i, name in enumerate(("a", "b", "c"))],
        "annotations": annotations,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("annotations/instances_default.json", json.dumps(document))
    return buffer.getvalue()


def _coco_import(archive: bytes) -> int:
    """What the import does with the file before the database: parse, then fit every mask."""
    from annota_server.datasets.archive import Archive
    from annota_server.datasets.formats import FORMATS
    from annota_server.shapes import stored_mask

    height, width = IMPORT_SIZE
    opened = Archive(io.BytesIO(archive))
    try:
        dataset = FORMATS["coco"].parse(opened)
    finally:
        opened.close()
    fitted = 0
    try:
        for _image, shapes in dataset.shapes():  # streamed back from the spool, as imports do
            for shape in shapes:
                if shape.mask is not None:
                    shape.mask = stored_mask(shape.mask, width, height)
                    fitted += 1
    finally:
        dataset.close()
    return fitted


def _json_floor(archive: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        json.loads(opened.read("annotations/instances_default.json"))


def _cpu(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def run(ctx: Context) -> Section:
    import numpy as np
    from pycocotools import mask as coco

    from annota import rle
    from annota_server.shapes import stored_mask

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
            stored_mask(o, width, height) for o in ours
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
    _import_part(section, rounds, log)
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


def _import_part(section: Section, rounds: int, log: Any) -> None:
    from annota import rle

    height, width = IMPORT_SIZE
    # Instances as annotators draw them: parts with holes, smooth edges (no pixel noise).
    shapes = [rle.from_array(m) for m in _masks(50, height, width, noise=False)]
    archive = _coco_zip(shapes)
    if _coco_import(archive) != IMPORT_MASKS:
        raise RuntimeError("the COCO import did not bring every mask back")
    timed = interleaved(
        {
            "import": lambda: _cpu(lambda: _coco_import(archive)),
            "json.load": lambda: _cpu(lambda: _json_floor(archive)),
        },
        rounds,
        log=log,
    )
    ratios = [a / b for a, b in zip(timed["import"], timed["json.load"], strict=True)]
    section.para(
        f"A COCO import of {IMPORT_MASKS:,} RLE masks ({IMPORT_MASKS // IMPORT_IMAGES} on each "
        f"of {IMPORT_IMAGES} images of {width}x{height}; {len(archive) / 1024:,.0f} KiB zipped): "
        "the format's parse of the zip and the check of every mask against its image, before "
        "the database; the floor is `json.load` of the same member. CPU time, median of "
        f"{rounds} rounds taken in turn; the ratio is per round, then the median."
    )
    section.table(
        ["step", "CPU ms", "ratio to json.load"],
        [
            ["COCO import: parse + mask checks", num(median(timed["import"]) * 1000, 1),
             f"{median(ratios):.1f}x"],
            ["json.load of the same file", num(median(timed["json.load"]) * 1000, 1), "1.0x"],
        ],
    )  # fmt: skip
