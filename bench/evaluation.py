"""Evaluation: the server's COCO-exact metrics (per asset; pycocotools' C for pixels) vs COCOeval.

5,000 images (500 with ``--quick``) of 640x480 with a few ground-truth objects of five labels
each and predictions near most of them (and some stray ones). Both sides get the same data;
COCOeval's time is ``evaluate()`` + ``accumulate()`` (its figures only, not the printing), the
server's is :class:`annota_server.detection_metrics.Evaluator` fed one image at a time, as the
worker operation does (the per-asset counts and the confusion matrix included, which COCOeval
does not compute). CPU time in this process, median of rounds taken in turn. Both give the
same AP (checked).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import io
import random
import time
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS: set[str] = set()
GOAL = 3.0  # the server's evaluation at most 3x COCOeval's time, boxes and polygons alike
LABELS = [(1, "person"), (2, "car"), (3, "dog"), (4, "cat"), (5, "bike")]
WIDTH, HEIGHT = 640, 480


def _box(rng: random.Random) -> list[float]:
    x, y = rng.uniform(0, WIDTH - 40), rng.uniform(0, HEIGHT - 40)
    return [x, y, rng.uniform(20, WIDTH - x), rng.uniform(20, HEIGHT - y)]  # x, y, w, h


def _polygon(box: list[float], rng: random.Random) -> list[float]:
    x, y, w, h = box
    points = []
    for corner in range(8):
        fx, fy = [(0, 0), (0.5, 0), (1, 0), (1, 0.5), (1, 1), (0.5, 1), (0, 1), (0, 0.5)][corner]
        points += [x + w * fx + rng.uniform(-3, 3), y + h * fy + rng.uniform(-3, 3)]
    return [min(max(v, 0.0), float(WIDTH if i % 2 == 0 else HEIGHT)) for i, v in enumerate(points)]


def _data(images: int, kind: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rng = random.Random(29)
    ground, results, next_id = [], [], 1
    for image in range(1, images + 1):
        for _ in range(rng.randint(2, 8)):
            label = rng.choice(LABELS)[0]
            box = _box(rng)
            item: dict[str, Any] = {"bbox": box, "area": box[2] * box[3]}
            if kind == "segm":
                item = {"segmentation": [_polygon(box, rng)], "area": box[2] * box[3]}
            ground.append({"id": next_id, "image_id": image, "category_id": label, "iscrowd": 0})
            ground[-1] |= item
            next_id += 1
            if rng.random() < 0.85:
                moved = [v + rng.gauss(0, 6) for v in box]
                moved[2], moved[3] = max(moved[2], 5), max(moved[3], 5)
                guess = label if rng.random() < 0.9 else rng.choice(LABELS)[0]
                results.append(_result(image, guess, moved, kind, rng))
        for _ in range(rng.randint(0, 3)):
            results.append(_result(image, rng.choice(LABELS)[0], _box(rng), kind, rng))
    images_list = [{"id": i, "width": WIDTH, "height": HEIGHT} for i in range(1, images + 1)]
    truth = {
        "images": images_list,
        "annotations": ground,
        "categories": [{"id": i, "name": n} for i, n in LABELS],
    }
    return truth, results


def _result(
    image: int, label: int, box: list[float], kind: str, rng: random.Random
) -> dict[str, Any]:
    found: dict[str, Any] = {"image_id": image, "category_id": label, "score": rng.random()}
    if kind == "segm":
        found["polygon"] = _polygon(box, rng)
    else:
        found["bbox"] = box
    return found


def _cocoeval(truth: dict[str, Any], results: list[dict[str, Any]], kind: str) -> float:
    from pycocotools import mask as coco_mask
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    prepared = []
    for item in results:
        item = dict(item)
        if "polygon" in item:  # loadRes takes RLEs: the same pixels as the polygon's
            encoded = coco_mask.frPyObjects([item.pop("polygon")], HEIGHT, WIDTH)[0]
            item["segmentation"] = encoded
        prepared.append(item)
    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = copy.deepcopy(truth)  # COCOeval turns polygons into RLEs in place
        coco.createIndex()
        evaluation = COCOeval(coco, coco.loadRes(prepared), kind)
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return float(evaluation.stats[0])


def _ours(truth: dict[str, Any], results: list[dict[str, Any]], kind: str) -> float:
    from annota_server.detection_metrics import Box, Evaluator, Prediction, Region, Truth

    def geometry(item: dict[str, Any]) -> Box | Region:
        if kind == "bbox":
            x, y, w, h = item["bbox"]
            return Box(x, y, w, h)
        polygon = item["polygon"] if "polygon" in item else item["segmentation"][0]
        return Region.from_polygon(polygon, HEIGHT, WIDTH)

    truths: dict[int, list[Any]] = {}
    for index, item in enumerate(truth["annotations"]):
        truths.setdefault(item["image_id"], []).append(
            Truth(index, item["category_id"], geometry(item))
        )
    found: dict[int, list[Any]] = {}
    for index, item in enumerate(results):
        found.setdefault(item["image_id"], []).append(
            Prediction(index, item["category_id"], item["score"], geometry(item))
        )
    evaluator = Evaluator(LABELS, 0.5)
    for image in truth["images"]:  # as the worker streams them: one asset at a time
        evaluator.add(truths.get(image["id"], []), found.get(image["id"], []))
    ap = evaluator.results()["ap"]
    return -1.0 if ap is None else float(ap)


def _cpu(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def run(ctx: Context) -> Section:
    log = logger("evaluation")
    quick = ctx.scale.name == "quick"
    images = 500 if quick else 5000
    rounds = 3
    section = Section("Evaluation: COCO metrics on the worker vs pycocotools' COCOeval")
    rows = []
    for kind in ("bbox", "segm"):
        truth, results = _data(images, kind)
        theirs, ours = _cocoeval(truth, results, kind), _ours(truth, results, kind)
        assert abs(theirs - ours) < 1e-6, (kind, theirs, ours)
        timed = interleaved(
            {
                "COCOeval": lambda t=truth, r=results, k=kind: _cpu(lambda: _cocoeval(t, r, k)),
                "annota": lambda t=truth, r=results, k=kind: _cpu(lambda: _ours(t, r, k)),
            },
            rounds,
            log=log,
        )
        cpu = {name: median(values) for name, values in timed.items()}
        share = cpu["annota"] / cpu["COCOeval"]
        rows.append(
            [
                "boxes" if kind == "bbox" else "polygons (as pixels)",
                f"{len(truth['annotations']):,} / {len(results):,}",
                num(cpu["COCOeval"], 2),
                num(cpu["annota"], 2),
                f"{share:.2f}x",
                f"{ours:.4f}",
            ]
        )
        section.targets.append(
            Target(
                f"evaluation of {images:,} images ({kind}), x COCOeval's time",
                f"{share:.2f}x",
                f"<= {GOAL:.0f}x",
                share <= GOAL,
            )
        )
    section.para(
        f"{images:,} images of {WIDTH}x{HEIGHT}, five labels; CPU seconds in this process, "
        f"median of {rounds} rounds taken in turn. COCOeval: evaluate + accumulate + "
        "summarize over COCO objects built from the same data (polygon predictions handed in "
        "as its own RLEs); annota: the worker's Evaluator fed one image at a time, with the "
        "per-asset counts and the confusion matrix COCOeval does not make. AP equal to 1e-6."
    )
    section.table(
        ["shapes", "ground truth / predictions", "COCOeval s", "annota s", "ratio", "AP"], rows
    )
    return section
