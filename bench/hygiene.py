"""What holding under attack costs: the bounded JSON reader, and the body pace per request.

- **Reading an import's JSON**: ``jsonread.load`` (ijson, depth limit and memory budget)
  against ``json.load`` on the same COCO-like document of about 38 MB, CPU time in this
  process, median over rounds taken in turn; and the peak traced memory of each on that
  document and on the same document padded with 200 MB of whitespace.
- **The body pace**: CPU time per request through the front door for a JSON body of one chunk,
  with the pace guard (as shipped) and without it.
"""

from __future__ import annotations

import asyncio
import gc
import io
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Section, Target, logger, median, num

NEEDS: set[str] = set()
GOAL_JSON = 2.0  # the bounded reader at most twice json.load's CPU time
GOAL_PACE_US = 10.0  # CPU the pace guard may add to a body request (one costs ~1 ms in all)


def _document(annotations: int) -> bytes:
    rng = random.Random(7)
    images = annotations // 5
    document = {
        "images": [
            {"id": i, "file_name": f"img{i}.png", "width": 640, "height": 480}
            for i in range(images)
        ],
        "annotations": [
            {
                "id": i,
                "image_id": i % images,
                "category_id": 1,
                "bbox": [1.5, 2.5, 30.25, 40.0],
                "segmentation": [[rng.random() * 100 for _ in range(12)]],
                "attributes": {"occluded": False},
            }
            for i in range(annotations)
        ],
        "categories": [{"id": 1, "name": "cat"}],
    }
    return json.dumps(document).encode()


def _cpu(fn: Callable[[], Any]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def _peak(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _front_door_cpu(paced: bool, requests: int) -> float:
    """CPU seconds per request of FrontDoor around an app that reads a one-chunk body."""
    from annota_server.connections import ConnectionLimits
    from annota_server.middleware import FrontDoor

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b'{"name": "x"}', "more_body": False}

    async def send(message: Any) -> None:
        return None

    limits = ConnectionLimits() if paced else None
    door = FrontDoor(endpoint, max_body_bytes=1 << 20, limits=limits)
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/projects",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"13")],
    }

    async def many() -> None:
        for _ in range(requests):
            await door(dict(scope), receive, send)

    import logging

    logging.getLogger("annota_server").setLevel(logging.WARNING)
    return _cpu(lambda: asyncio.run(many())) / requests


def run(ctx: Context) -> Section:
    from annota_server.datasets import jsonread

    log = logger("hygiene")
    quick = ctx.scale.name == "quick"
    rounds = 3 if quick else 7
    text = _document(20_000 if quick else 100_000)
    padding = b" " * ((20 if quick else 200) * 1024 * 1024)

    def bounded(data: bytes) -> Callable[[], Any]:
        return lambda: jsonread.load(io.BytesIO(data), max_depth=64, max_memory=1 << 40)

    def plain(data: bytes) -> Callable[[], Any]:
        return lambda: json.load(io.BytesIO(data))

    times: dict[str, list[float]] = {"json.load": [], "jsonread.load": []}
    for index in range(rounds):
        order = [("json.load", plain(text)), ("jsonread.load", bounded(text))]
        for name, fn in order if index % 2 == 0 else order[::-1]:
            times[name].append(_cpu(fn))
    log(f"json timings {times}")
    json_cpu, bounded_cpu = median(times["json.load"]), median(times["jsonread.load"])
    padded = padding + text + padding
    peaks = {
        ("json.load", "document"): _peak(plain(text)),
        ("jsonread.load", "document"): _peak(bounded(text)),
        ("json.load", "padded"): _peak(plain(padded)),
        ("jsonread.load", "padded"): _peak(bounded(padded)),
    }
    del padded

    requests = 2000 if quick else 20_000
    pace: dict[str, list[float]] = {"without": [], "with": []}
    for index in range(rounds):
        for paced in (True, False) if index % 2 else (False, True):
            pace["with" if paced else "without"].append(_front_door_cpu(paced, requests))
    without, with_pace = median(pace["without"]), median(pace["with"])

    section = Section("Holding under attack: bounded JSON reading and the body pace")
    section.para(
        f"A COCO-like document of {len(text) / 1e6:.1f} MB; CPU time in this process, median of "
        f"{rounds} rounds taken in turn; peaks traced by tracemalloc. The padded document has "
        f"{2 * len(padding) / 1e6:.0f} MB of whitespace around it."
    )
    section.table(
        ["reader", "CPU s", "ratio", "peak MB (document)", "peak MB (padded)"],
        [
            [
                name,
                num(cpu, 3),
                f"{cpu / json_cpu:.2f}x",
                num(peaks[(name, "document")] / 1e6, 0),
                num(peaks[(name, "padded")] / 1e6, 0),
            ]
            for name, cpu in (("json.load", json_cpu), ("jsonread.load", bounded_cpu))
        ],
    )
    section.table(
        ["front door, one-chunk JSON body", "CPU µs per request", "ratio"],
        [
            ["without the pace guard", num(without * 1e6, 1), "1.00x"],
            ["with it (as shipped)", num(with_pace * 1e6, 1), f"{with_pace / without:.2f}x"],
        ],
    )
    section.targets += [
        Target(
            "bounded JSON reader CPU vs json.load",
            f"{bounded_cpu / json_cpu:.2f}x",
            f"<= {GOAL_JSON:.1f}x",
            bounded_cpu / json_cpu <= GOAL_JSON,
        ),
        Target(
            "body pace guard: CPU added per body request",
            f"{(with_pace - without) * 1e6:.1f} µs ({with_pace / without:.2f}x the bare door)",
            f"<= {GOAL_PACE_US:.0f} µs",
            (with_pace - without) * 1e6 <= GOAL_PACE_US,
        ),
    ]
    return section
