"""Compression: what gzip costs the server per answer, against encoding the answer's JSON.

The server gzips answers over ``annota_server.compression.MINIMUM_SIZE`` (4 KiB) at
``compression.LEVEL`` (6) for clients that accept it. Each body is what the server sends:
a job's annotations of 2,000 shapes, a page of 100 projects, one job (under the threshold: sent
as it is) and the web app's largest static file. Per interleaved round: ``json.dumps`` of the
document (the work the server does anyway; the baseline), gzip at level 6 and at level 9, each
in CPU time; ratios per round, then the median. The static file has no JSON to compare with:
its gzip time is shown in milliseconds (paid once per client: the build's files are cached for
good).
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from typing import Any

from bench.deserialize import project_dict
from bench.harness import Context, Section, Target, interleaved, median, num

NEEDS: set[str] = set()
GOAL = 1.0  # gzip of a large answer costs at most what encoding its JSON costs


def _annotations(count: int) -> dict[str, Any]:
    shapes = [
        {
            "id": i + 1,
            "asset": 1 + i % 60,
            "job": 3,
            "label": 1 + i % 5,
            "kind": "bbox",
            "points": [i * 1.5, i * 2.25, i * 1.5 + 40.5, i * 2.25 + 30.25],
            "attributes": [],
            "occluded": False,
            "z_order": 0,
            "source": "manual",
            "score": None,
            "model_name": None,
            "created_at": f"2026-12-06T21:{i % 60:02d}:00.{i:06d}Z",
            "updated_at": f"2026-12-06T21:{i % 60:02d}:00.{i:06d}Z",
        }
        for i in range(count)
    ]
    updated_by = {"id": 1, "username": "admin"}
    return {"shapes": shapes, "revision": 4, "updated_by": updated_by, "updated_at": None}


def _job() -> dict[str, Any]:
    user = {"id": 7, "username": "annotator7"}
    return {
        "id": 12, "version": 3, "task": 4, "project": 2, "assignee": user, "reviewer": user,
        "stage": "annotation", "state": "in_progress", "start_position": 0,
        "stop_position": 50, "created_at": "2026-12-06T21:00:00Z",
        "updated_at": "2026-12-06T21:05:00Z",
    }  # fmt: skip


def _timed(call: Callable[[], Any]) -> Callable[[], float]:
    def once() -> float:
        start = time.process_time()
        call()
        return time.process_time() - start

    return once


def run(ctx: Context) -> Section:
    from annota_server import compression
    from annota_server.webapp import STATIC_DIR

    rounds = 15 if ctx.scale.name == "full" else 3
    documents = {
        "annotations, 2,000 shapes": _annotations(2000),
        "a page of 100 projects": {"count": 100, "results": [project_dict(i) for i in range(100)]},
        "one job": _job(),
    }
    rows = []
    ratios: dict[str, float] = {}
    for name, document in documents.items():
        body = json.dumps(document, separators=(",", ":")).encode()
        results = interleaved(
            {
                "json": _timed(lambda d=document: json.dumps(d, separators=(",", ":"))),  # type: ignore[misc]
                "gzip 6": _timed(lambda b=body: gzip.compress(b, compresslevel=compression.LEVEL)),  # type: ignore[misc]
                "gzip 9": _timed(lambda b=body: gzip.compress(b, compresslevel=9)),  # type: ignore[misc]
            },
            rounds,
        )
        base = results["json"]

        def over_json(variant: str, runs: dict[str, list[float]] = results) -> float:
            return median(r / b for r, b in zip(runs[variant], runs["json"], strict=True) if b)

        ratios[name] = over_json("gzip 6")
        compressed = len(gzip.compress(body, compresslevel=compression.LEVEL))
        sent = len(body) >= compression.MINIMUM_SIZE
        rows.append(
            (
                name,
                num(len(body)),
                num(compressed) if sent else f"{num(len(body))} (not compressed)",
                f"{100 * compressed / len(body):.0f}%" if sent else "-",
                f"{1e3 * median(base):.2f}",
                f"{over_json('gzip 6'):.2f}x",
                f"{over_json('gzip 9'):.2f}x",
            )
        )
    konva = (STATIC_DIR / "vendor" / "konva.min.js").read_bytes()
    konva_gzip = median(
        interleaved(
            {"gzip 6": _timed(lambda: gzip.compress(konva, compresslevel=compression.LEVEL))},
            rounds,
        )["gzip 6"]
    )
    compressed = len(gzip.compress(konva, compresslevel=compression.LEVEL))
    rows.append(
        (
            "konva.min.js (static)",
            num(len(konva)),
            num(compressed),
            f"{100 * compressed / len(konva):.0f}%",
            "-",
            f"{1e3 * konva_gzip:.2f} ms",
            "-",
        )
    )
    section = Section("Compression: gzip per answer")
    section.para(__doc__.split("\n\n", 1)[1].replace("\n", " ").strip())  # type: ignore[union-attr]
    section.table(
        [
            "answer",
            "bytes",
            "gzip bytes",
            "size after",
            "json.dumps ms",
            "gzip 6 / json.dumps",
            "gzip 9 / json.dumps",
        ],
        rows,
    )
    largest = ratios["annotations, 2,000 shapes"]
    section.targets.append(
        Target(
            "gzip (level 6) of a large answer costs at most its JSON encoding",
            f"{largest:.2f}x for the annotations of 2,000 shapes",
            f"≤ {GOAL:.0f}x",
            largest <= GOAL,
        )
    )
    return section
