"""Dataset formats: the time to write and to parse 10,000 boxes in each, against its floor.

What is measured is the format's own code, the part that differs between formats: its
``write`` into a zip (export) and its ``parse`` of that zip with the images in it (import),
from :data:`annota_server.datasets.formats.FORMATS`, in a fresh worker process. The database
reads and writes around them are the same for every format and are measured by
``export_memory`` and ``bulk_writes``. The project is in memory: 10,000 boxes, 20 on each of
500 images of 640x480 in two subsets (train, val), five labels, seeded.

The floor is what any code handling the same files must do, with the standard library:

- export: serialise the same content (``json.dumps`` of the same document, ElementTree's
  ``tostring`` of the same XML trees, the text as it stands) into a deflated zip;
- import: read every annotation member from the zip and parse it (``json.loads``,
  ElementTree's ``fromstring``, ``float()`` of every number of a text file); for YOLO, whose
  coordinates are fractions of the image, also each image's size from its header (Pillow).

Interleaved rounds, order rotating; the figure is the median over the rounds of format / floor.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any, cast
from xml.etree import ElementTree

from bench.harness import (
    Context,
    Section,
    interleaved,
    logger,
    median,
    num,
    run_json,
    worker_command,
)

NEEDS: set[str] = set()
SHAPES = {"full": 10_000, "quick": 2_000}
ROUNDS = {"full": 5, "quick": 2}
PER_IMAGE = 20
SIZE = (640, 480)
LABELS = ("car", "person", "bicycle", "dog", "traffic light")
FORMATS = ("coco", "voc", "yolo", "annota")
READS_IMAGE_SIZES = {"yolo"}


# -- an in-memory project, as the exports read one ---------------------------------------------
@dataclass
class _Row:
    """A row of any kind: the exports read attributes only."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


class MemoryReader:
    """What the exports read of a project (see ``datasets.snapshot.ProjectReader``), in memory."""

    def __init__(self, shapes: int) -> None:
        rng = random.Random(23)
        self.project = _Row({"name": "bench", "type": "detection"})
        self.labels = [
            _Row({"id": i + 1, "name": name, "color": f"#{i * 40:02x}8000", "kind": "any"})
            for i, name in enumerate(LABELS)
        ]
        images = shapes // PER_IMAGE
        self.tasks = [
            _Row({"id": i + 1, "name": subset, "subset": subset, "segment_size": 50})
            for i, subset in enumerate(("train", "val"))
        ]
        self._assets: dict[int, list[_Row]] = {task.id: [] for task in self.tasks}
        self._shapes: dict[int, list[_Row]] = {task.id: [] for task in self.tasks}
        width, height = SIZE
        for number in range(images):
            task = self.tasks[0 if number < images * 4 // 5 else 1]
            asset = _Row(
                {
                    "id": number + 1,
                    "name": f"frame_{number:05d}.png",
                    "media_type": "image/png",
                    "size": 1000,
                    "sha256": f"{number:064x}",
                    "width": width,
                    "height": height,
                    "position": len(self._assets[task.id]),
                    "storage_key": f"assets/{number}",
                }
            )
            self._assets[task.id].append(asset)
            for _ in range(PER_IMAGE):
                x0, y0 = rng.uniform(0, width - 40), rng.uniform(0, height - 40)
                box = [x0, y0, rng.uniform(x0 + 4, width), rng.uniform(y0 + 4, height)]
                self._shapes[task.id].append(
                    _Row(
                        {
                            "asset_id": asset.id,
                            "position": asset.position,
                            "label_id": rng.randrange(len(LABELS)) + 1,
                            "kind": "bbox",
                            "points": [round(v, 2) for v in box],
                            "attributes": [],
                            "occluded": False,
                            "z_order": 0,
                            "source": "manual",
                            "score": None,
                            "model_name": None,
                        }
                    )
                )
        self.asset_count = images
        self.shape_count = images * PER_IMAGE

    def assets(self, task: Any) -> Any:
        return iter(self._assets[task.id])

    def shapes(self, task: Any) -> Any:
        return iter(self._shapes[task.id])

    def shape_kinds(self) -> set[str]:
        return {"bbox"}

    def most_points(self, kind: str) -> int:
        return 4


# -- the worker ----------------------------------------------------------------------------------
def _export(name: str, reader: MemoryReader) -> bytes:
    from annota_server.datasets.archive import ArchiveNames, ZipOutput
    from annota_server.datasets.formats import FORMATS as TABLE
    from annota_server.datasets.snapshot import ProjectReader

    fmt = TABLE[name]
    names = ArchiveNames()
    for task in reader.tasks:
        for asset in reader.assets(task):
            names.assign(asset.id, asset.name)
    names.seal()
    out = ZipOutput()
    try:
        fmt.write(cast(ProjectReader, reader), out, names, lambda: None)
        return out.finish().read()
    finally:
        out.close()


def _with_images(name: str, archive: bytes, reader: MemoryReader, png: bytes) -> bytes:
    """The export with every image in it, where the format puts them (what an import gets)."""
    from annota_server.datasets.formats import FORMATS as TABLE

    buffer = io.BytesIO(archive)
    with zipfile.ZipFile(buffer, "a") as out:
        for task in reader.tasks:
            for asset in reader.assets(task):
                out.writestr(TABLE[name].image_member(task.subset, asset.name), png)
    return buffer.getvalue()


def _parse(name: str, archive: bytes) -> int:
    from annota_server.datasets.archive import Archive
    from annota_server.datasets.formats import FORMATS as TABLE

    opened = Archive(io.BytesIO(archive))
    try:
        return TABLE[name].parse(opened).shape_count
    finally:
        opened.close()


def _members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {info.filename: opened.read(info) for info in opened.infolist()}


def _content(members: dict[str, bytes]) -> dict[str, Any]:
    """The annotation members as objects the standard library serialises."""
    found: dict[str, Any] = {}
    for member, data in members.items():
        if member.endswith(".json"):
            found[member] = json.loads(data)
        elif member.endswith(".xml"):
            found[member] = ElementTree.fromstring(data)
        else:
            found[member] = data.decode("utf-8")
    return found


def _serialise_floor(content: dict[str, Any]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for member, value in content.items():
            if isinstance(value, str):
                data = value.encode("utf-8")
            elif isinstance(value, ElementTree.Element):
                data = ElementTree.tostring(value, encoding="utf-8", xml_declaration=True)
            else:
                data = json.dumps(value).encode("utf-8")
            out.writestr(member, data)


def _parse_floor(archive: bytes, sizes: bool) -> None:
    from PIL import Image

    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        for info in opened.infolist():
            if info.filename.endswith(".png"):
                if sizes:
                    with opened.open(info) as stream, Image.open(stream) as image:
                        _ = image.size
                continue
            data = opened.read(info)
            if info.filename.endswith(".json"):
                json.loads(data)
            elif info.filename.endswith(".xml"):
                ElementTree.fromstring(data)
            elif info.filename.endswith(".txt"):
                for line in data.decode("utf-8").splitlines():
                    for value in line.split():
                        with contextlib.suppress(ValueError):
                            float(value)


def _timed(call: Any) -> Any:
    def once() -> float:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    return once


def worker(args: dict[str, Any]) -> dict[str, Any]:
    from PIL import Image

    reader = MemoryReader(int(args["shapes"]))
    png_buffer = io.BytesIO()
    Image.new("L", SIZE, 90).save(png_buffer, format="PNG")
    png = png_buffer.getvalue()
    variants: dict[str, Any] = {}
    checks: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name in args["formats"]:
        exported = _export(name, reader)
        content = _content(_members(exported))
        full = _with_images(name, exported, reader, png)
        checks[name] = _parse(name, full)  # every box comes back (and a warm-up)
        sizes[name] = len(exported)
        variants[f"{name} write"] = _timed(lambda n=name: _export(n, reader))
        variants[f"{name} write floor"] = _timed(lambda c=content: _serialise_floor(c))
        variants[f"{name} parse"] = _timed(lambda n=name, f=full: _parse(n, f))
        sizes_too = name in READS_IMAGE_SIZES
        variants[f"{name} parse floor"] = _timed(lambda f=full, s=sizes_too: _parse_floor(f, s))
    results = interleaved(variants, int(args["rounds"]))
    return {"results": results, "checks": checks, "bytes": sizes}


def run(ctx: Context) -> Section:
    scale = ctx.scale.name
    shapes, rounds = SHAPES[scale], ROUNDS[scale]
    log = logger("dataset_formats")
    log(f"{shapes:,} boxes, {rounds} rounds")
    args = {"shapes": shapes, "rounds": rounds, "formats": list(FORMATS)}
    data = run_json(worker_command("dataset_formats", args), timeout=1800)
    results = data["results"]

    def ratio(name: str, step: str) -> float:
        pairs = zip(results[f"{name} {step}"], results[f"{name} {step} floor"], strict=True)
        return median(value / floor for value, floor in pairs)

    def ms(key: str) -> str:
        return num(median(results[key]) * 1000, 1)

    rows = []
    for name in FORMATS:
        if data["checks"][name] != shapes:
            raise RuntimeError(f"{name}: {data['checks'][name]} boxes came back, not {shapes}")
        rows.append(
            (
                f"`{name}`",
                num(data["bytes"][name] / 1024),
                ms(f"{name} write"),
                ms(f"{name} write floor"),
                f"{ratio(name, 'write'):.2f}x",
                ms(f"{name} parse"),
                ms(f"{name} parse floor"),
                f"{ratio(name, 'parse'):.2f}x",
            )
        )
    section = Section(f"Dataset formats: writing and parsing {shapes:,} boxes")
    section.para(
        f"{shapes:,} boxes, {PER_IMAGE} on each of {shapes // PER_IMAGE} images of "
        f"{SIZE[0]}x{SIZE[1]}, in {rounds} interleaved rounds in a fresh process. *write* is "
        "the format's export code into a zip, *parse* its import code reading that zip with "
        "the images in it; each *floor* is the standard library doing what any code must with "
        "the same files (see the module's docstring); the ratios are per round, then the "
        "median. Both leave out the database, which is the same for every format.",
    )
    section.table(
        [
            "format",
            "annotations (KiB, zipped)",
            "write (ms)",
            "floor (ms)",
            "write / floor",
            "parse (ms)",
            "floor (ms)",
            "parse / floor",
        ],
        rows,
    )
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
