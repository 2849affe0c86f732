"""A train2017-sized COCO dataset: import, export and version, peak server RSS against the size.

A synthetic COCO zip the shape of COCO train2017 (118,287 images, 860,001 boxes, 80
categories, the standard key order with ``categories`` last) scaled by a fraction: tiny PNGs
(8x8, each its own content) and about 7.3 boxes per image. Against annota-server on SQLite
with its default settings, through the SDK, for each fraction:

- **import** (``start_import`` + ``wait``): the operation's own time
  (``finished_at - started_at``) against the floor ``json.load`` of the instances JSON plus
  extracting every image with ``zipfile``;
- **export** (COCO with images): the operation's time against ``json.dump`` of the same
  document plus writing the same images into a zip;
- **version**: the operation's time.

Peak RSS is the server process's ``VmHWM`` over each operation, reset before it through
``/proc/<pid>/clear_refs`` (Linux); the first row is what the idle server holds. The sizes
are a parameter (``ANNOTA_BENCH_LARGE_FRACTIONS``, default ``0.02,0.1``; ``1`` is the full
size): what matters is that RSS stays flat as the size grows.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Server, Target, logger, num

NEEDS: set[str] = set()
IMAGES, BOXES, CATEGORIES = 118_287, 860_001, 80
FRACTIONS = {"full": "0.02,0.1", "quick": "0.01"}
RSS_GOAL = 600 * 2**20
RATIO_GOAL = 3.0


def _png(index: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    colour = (index % 256, (index // 256) % 256, (index // 65536) % 256)
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return out.getvalue()


def make_archive(path: Path, images: int, boxes: int) -> None:
    """The COCO zip: ``images`` PNGs and ``boxes`` boxes in COCO's key order."""
    rng = random.Random(2017)
    document = {
        "info": {"description": "bench"},
        "licenses": [],
        "images": [
            {"id": k + 1, "file_name": f"{k:012d}.png", "width": 8, "height": 8}
            for k in range(images)
        ],
        "annotations": [
            {"id": n + 1, "image_id": n % images + 1, "category_id": n % CATEGORIES + 1,
             "iscrowd": 0, "bbox": [round(rng.uniform(0, 4), 2), round(rng.uniform(0, 4), 2),
                                    2.0, 3.0], "area": 6.0, "segmentation": []}
            for n in range(boxes)
        ],
        "categories": [
            {"id": k + 1, "name": f"class {k}", "supercategory": "thing"}
            for k in range(CATEGORIES)
        ],
    }  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        text = json.dumps(document)
        archive.writestr("annotations/instances_train.json", text, zipfile.ZIP_DEFLATED)
        del document, text
        for k in range(images):
            archive.writestr(f"images/{k:012d}.png", _png(k))


def import_floor(path: Path, into: Path) -> tuple[float, Any]:
    """``json.load`` of the instances JSON plus extracting every image; and the document."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    start = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        with archive.open("annotations/instances_train.json") as stream:
            document = json.load(stream)
        for name in archive.namelist():
            if name.startswith("images/"):
                archive.extract(name, into)
    return time.perf_counter() - start, document


def export_floor(document: Any, images: Path, out: Path) -> float:
    """``json.dump`` of the document into a zip member plus writing the images beside it."""
    start = time.perf_counter()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo("annotations/instances_train.json")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            text = io.TextIOWrapper(member, encoding="utf-8", newline="")
            json.dump(document, text)
            text.flush()
            text.detach()
        for path in sorted((images / "images").iterdir()):
            archive.write(path, f"images/{path.name}", zipfile.ZIP_STORED)
    seconds = time.perf_counter() - start
    out.unlink()
    return seconds


def _reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def _rss(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith(field)))


def _seconds(operation: Any) -> float:
    model = operation.model
    if model.status != "finished":
        raise RuntimeError(f"{model.kind} ended {model.status}: {model.message}")
    return float((model.finished_at - model.started_at).total_seconds())


def measure(fraction: float, work: Path, log: Any) -> dict[str, Any]:
    """One size: the floors, then import, export and version on a fresh server."""
    import annota

    images, boxes = max(1, round(IMAGES * fraction)), max(1, round(BOXES * fraction))
    archive = work / "coco.zip"
    log(f"{fraction}: writing {images} images, {boxes} boxes")
    make_archive(archive, images, boxes)
    extracted = work / "extract"
    load_floor, document = import_floor(archive, extracted)
    dump_floor = export_floor(document, extracted, work / "floor.zip")
    del document
    shutil.rmtree(extracted, ignore_errors=True)
    result: dict[str, Any] = {
        "fraction": fraction, "images": images, "boxes": boxes,
        "archive": archive.stat().st_size, "load_floor": load_floor, "dump_floor": dump_floor,
    }  # fmt: skip
    with Server(label="SQLite") as server:
        assert server.process is not None
        pid = server.process.pid
        client = annota.make_client(server.url, credentials=server.credentials)
        project = client.projects.create({"name": "train2017", "type": "detection"})
        result["idle_rss"] = _rss(pid, "VmRSS:") * 1024
        steps: list[tuple[str, Any]] = [
            ("import", lambda: project.start_import("coco", archive)),
            ("export", lambda: project.start_export("coco", include_images=True)),
            ("version", lambda: project.start_version("v1")),
        ]
        for name, start in steps:
            log(f"{fraction}: {name}")
            _reset_peak(pid)
            operation = start().wait(timeout=4 * 3600, poll_interval=0.5)
            result[name] = _seconds(operation)
            result[f"{name}_rss"] = _rss(pid, "VmHWM:") * 1024
            if name == "export":
                result["export_size"] = operation.model.result_size or 0
        client.close()
    archive.unlink()
    return result


def run(ctx: Context) -> Section:
    log = logger("large_dataset")
    fractions = os.environ.get("ANNOTA_BENCH_LARGE_FRACTIONS") or FRACTIONS[ctx.scale.name]
    section = Section("Large datasets: a train2017-sized COCO import, export and version")
    work = Path(tempfile.mkdtemp(prefix="annota-bench-large-"))
    try:
        results = []
        for fraction in fractions.split(","):
            results.append(measure(float(fraction), work, log))
            log(f"measured: {json.dumps(results[-1])}")  # kept in the log if a later size fails
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mib = 2**20
    section.para(
        "A synthetic COCO zip shaped like train2017 (118,287 images, 860,001 boxes, 80 "
        "categories, `categories` last) at a fraction of its size: 8x8 PNGs, each its own "
        "content. annota-server on SQLite with its default settings, through the SDK; times "
        "are the operations' own (`finished_at - started_at`), one run each. Floors, in this "
        "process: `json.load` of the instances JSON + extracting every image with `zipfile` "
        "(import); `json.dump` of the same document into a zip member + writing the images "
        "into the zip (export). Peak RSS: the server's `VmHWM` over each operation (reset "
        "before it); idle: its RSS before the import."
    )
    rows = []
    for r in results:
        rows.append(
            (
                f"{r['fraction']:g}", num(r["images"]), num(r["boxes"]),
                f"{r['archive'] / mib:.0f} MiB", f"{r['idle_rss'] / mib:.0f} MiB",
                f"{r['import']:.1f} s", f"{r['import'] / r['load_floor']:.1f}x",
                f"{r['import_rss'] / mib:.0f} MiB",
                f"{r['export']:.1f} s", f"{r['export'] / r['dump_floor']:.1f}x",
                f"{r['export_rss'] / mib:.0f} MiB",
                f"{r['version']:.1f} s", f"{r['version_rss'] / mib:.0f} MiB",
            )
        )  # fmt: skip
        for name, ratio_floor in (("import", "load_floor"), ("export", "dump_floor")):
            section.targets.append(
                Target(
                    f"COCO {name} of {num(r['images'])} images + {num(r['boxes'])} boxes, peak RSS",
                    f"{r[name + '_rss'] / mib:.0f} MiB",
                    f"< {RSS_GOAL // mib} MiB",
                    r[name + "_rss"] < RSS_GOAL,
                )
            )
            ratio = r[name] / r[ratio_floor]
            section.targets.append(
                Target(
                    f"COCO {name} of {num(r['images'])} images + {num(r['boxes'])} boxes, time",
                    f"{ratio:.1f}x floor",
                    f"≤ {RATIO_GOAL:g}x",
                    ratio <= RATIO_GOAL,
                )
            )
    section.table(
        ["fraction", "images", "boxes", "zip", "idle RSS", "import", "x floor", "peak RSS",
         "export", "x floor", "peak RSS", "version", "peak RSS"],
        rows,
    )  # fmt: skip
    return section
