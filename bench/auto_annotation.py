"""Auto-annotation: ``annotate_task`` over 500 images against running the function by hand.

One server (SQLite), one task of ``IMAGES`` JPEG images (640x480). The function is trivial (two
boxes from the image's size) so that the figure is the SDK's overhead, not a model's time.

- **annotate_task**: ``annota.auto_annotation.annotate_task(client, task_id, function)`` with
  the default batch size: it fetches the task, its project's labels and its assets, downloads
  the images from the server a batch per request (``GET /api/tasks/{id}/contents``), decodes
  them with Pillow, runs the function and uploads each batch's predictions (replacing the
  previous round's).
- **baseline**: the same function over the same images read from the local directory (Pillow
  open + load), the shapes built as dicts with label ids known beforehand, and ONE raw urllib3
  ``PATCH /api/tasks/{id}/annotations`` per batch of the same size with the same body
  (``create`` + ``replace_predictions``), one after the other.

Rounds interleave the two; the ratio is per round, then the median. When the goal is missed,
one ``annotate_task`` is profiled (cProfile, CPU time) and its top functions listed.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.harness import (
    Context,
    Section,
    Server,
    Target,
    interleaved,
    logger,
    median,
    profile_top,
)

NEEDS: set[str] = set()
IMAGES = {"full": 500, "quick": 100}
ROUNDS = {"full": 11, "quick": 3}
GOAL = 1.25
MODEL = "bench-trivial"


class Trivial:
    """A detection function that only looks at the image's size: two boxes per image."""

    def __init__(self) -> None:
        from annota import auto_annotation as aa

        self.aa = aa
        self.spec = aa.FunctionSpec(
            name=MODEL, labels=[aa.label("car", "bbox"), aa.label("person", "bbox")]
        )

    def detect(self, image: Any, asset: Any) -> Iterable[Any]:
        width, height = image.size
        return [
            self.aa.bbox("car", 0, 0, width / 2, height / 2, score=0.9),
            self.aa.bbox("person", width / 4, height / 4, width, height, score=0.6),
        ]


def make_images(directory: Path, count: int) -> list[Path]:
    """``count`` JPEG images of 640x480 with a few coloured rectangles."""
    from bench.bulk_writes import _jpeg

    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    paths = []
    for index in range(count):
        path = directory / f"frame_{index:05d}.jpg"
        path.write_bytes(_jpeg(rng, index))
        paths.append(path)
    return paths


def frames_task(client: Any, name: str, paths: list[Path], log: Any) -> tuple[Any, Any]:
    """A project ``name`` (labels car, a bbox, and person) with a task of ``paths``."""
    project = client.projects.create(
        {
            "name": name,
            "type": "detection",
            "labels": [{"name": "car", "kind": "bbox"}, {"name": "person"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "frames"})
    size = sum(path.stat().st_size for path in paths)
    log(f"uploading {len(paths)} images ({size / 2**20:.1f} MiB)")
    task.upload_assets(paths)
    return project, task


def run(ctx: Context) -> Section:
    log = logger("auto_annotation")
    name = ctx.scale.name
    count = IMAGES[name]
    section = Section("Auto-annotation: annotate_task vs the function plus raw uploads")
    work = Path(tempfile.mkdtemp(prefix="annota-bench-autoann-"))
    try:
        import urllib3
        from PIL import Image

        import annota
        from annota import auto_annotation as aa

        paths = make_images(work / "images", count)
        size = sum(path.stat().st_size for path in paths)
        with Server(label="sqlite") as server:
            client = annota.make_client(server.url, credentials=server.credentials)
            project, task = frames_task(client, "auto-annotation", paths, log)
            assets = list(task.get_assets())
            by_name = {asset.name: int(asset.id) for asset in assets}
            local = [(by_name[path.name], path) for path in paths]
            label_ids = {label.name: int(label.id) for label in project.labels}
            function = Trivial()
            batch_size = aa.BATCH_ASSETS
            pool = urllib3.PoolManager()
            url = f"{server.url}/api/tasks/{task.id}/annotations"
            headers = {
                "Authorization": f"Bearer {client.api.token}",
                "Content-Type": "application/json",
            }

            def candidate() -> float:
                start = time.perf_counter()
                result = aa.annotate_task(client, task.id, function)
                seconds = time.perf_counter() - start
                if (result.assets, result.created) != (count, 2 * count):
                    raise RuntimeError(f"annotate_task did {result}")
                return seconds

            def baseline() -> float:
                start = time.perf_counter()
                created = 0
                for first in range(0, len(local), batch_size):
                    batch = local[first : first + batch_size]
                    shapes: list[dict[str, Any]] = []
                    for asset_id, path in batch:
                        with Image.open(path) as image:
                            image.load()
                            found = list(function.detect(image, None))
                        shapes.extend(
                            {
                                "asset": asset_id,
                                "label": label_ids[item.label],
                                "kind": item.kind,
                                "points": list(item.points),
                                "source": "model",
                                "score": item.score,
                                "model_name": MODEL,
                            }
                            for item in found
                        )
                    body = {
                        "create": shapes,
                        "replace_predictions": {
                            "model_name": MODEL,
                            "assets": [asset_id for asset_id, _ in batch],
                        },
                    }
                    answer = pool.request(
                        "PATCH", url, body=json.dumps(body).encode(), headers=headers
                    )
                    if answer.status != 200:
                        raise RuntimeError(f"PATCH answered {answer.status}: {answer.data[:300]!r}")
                    created += len(json.loads(answer.data)["created"])
                seconds = time.perf_counter() - start
                if created != 2 * count:
                    raise RuntimeError(f"the baseline created {created} shapes")
                return seconds

            candidate()  # warm-up: imports, the server's statement caches, the page cache
            baseline()
            log(f"{ROUNDS[name]} interleaved rounds")
            results = interleaved(
                {"annotate_task": candidate, "baseline": baseline}, ROUNDS[name], log=log
            )
            stored = task.get_annotations(sources=["model"]).shapes
            if len(stored) != 2 * count:
                raise RuntimeError(f"the task holds {len(stored)} predictions, not {2 * count}")
            ratios = [
                c / b for c, b in zip(results["annotate_task"], results["baseline"], strict=True)
            ]
            measured = median(ratios)
            met = measured <= GOAL
            top = profile_top(lambda: aa.annotate_task(client, task.id, function), 14)
            client.close()
            pool.clear()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    section.para(
        f"One task of {count} JPEG images (640x480, {size / 2**20:.1f} MiB in all) on "
        "annota-server (SQLite). The function is trivial (two boxes from the image's size), so "
        "the figure is the SDK's overhead. *annotate_task* is "
        "`auto_annotation.annotate_task(client, task_id, function)`: the task, its labels and "
        "its assets fetched, the images downloaded from the server a batch per request "
        "(`GET /api/tasks/{id}/contents`, a tar stream) and decoded with Pillow, predictions "
        f"uploaded per batch of {batch_size} assets (replacing the last round's). "
        "The *baseline* runs the same function over the same files read from a local "
        "directory (Pillow open + load), with label and asset ids known beforehand, and sends "
        "ONE raw urllib3 `PATCH /api/tasks/{id}/annotations` per batch of the same size with "
        f"the same body, one after another. {ROUNDS[name]} interleaved rounds after a warm-up; "
        "ratio per round, then the median."
    )
    section.table(
        ["variant", "median", "per image", "all rounds (s)"],
        [
            (
                variant,
                f"{median(values):.2f} s",
                f"{median(values) / count * 1e3:.2f} ms",
                ", ".join(f"{v:.2f}" for v in values),
            )
            for variant, values in results.items()
        ],
    )
    section.para(f"Ratio per round: {', '.join(f'{r:.2f}x' for r in ratios)}.")
    section.targets.append(
        Target(
            f"auto-annotation of {count} images, trivial function",
            f"{measured:.2f}x local files + one raw PATCH per batch",
            f"≤ {GOAL:g}x",
            met,
        )
    )
    section.para(
        "Where one `annotate_task` spends its CPU time (cProfile, this process; the server "
        "runs in its own), functions with the most own time:"
    )
    section.table(["function", "own", "cumulative"], top)
    return section
