"""Bulk upload: many small files into one task, annota's SDK against raw urllib3 posts.

``N`` PNG files of about 20 KB each (random pixels, so they do not compress) are uploaded into
a fresh task per round, interleaved (order rotating), to the shared SQLite server:

- raw urllib3: the same files in multipart posts of ``UPLOAD_BATCH_FILES`` files to the same
  endpoint, one after the other on one keep-alive connection, each file read into memory (the
  usual way), the floor any client of this API pays;
- raw urllib3, parallel: the same posts from as many threads as the SDK's default ``workers``;
- annota: ``task.upload_assets(paths, workers=4, resume=True)`` (batched, requests in
  flight, resumable idempotency keys), and with ``workers=1`` (the default).

Each round's task is deleted untimed afterwards, so storage does not grow with the rounds.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median

NEEDS = {"server"}
SPEED_TARGET = 1.5  # annota's time for the whole upload, at most this many times raw urllib3's
SIDE = 81  # an 81x81 RGB PNG of random pixels, stored: about 20 KB


def _files(work: Path, count: int) -> list[Path]:
    from PIL import Image

    paths = []
    for index in range(count):
        path = work / f"img-{index:06d}.png"
        Image.frombytes("RGB", (SIDE, SIDE), os.urandom(SIDE * SIDE * 3)).save(
            path, compress_level=0
        )
        paths.append(path)
    return paths


def run(ctx: Context) -> Section:
    import urllib3

    from annota.proxies.tasks import UPLOAD_BATCH_FILES, UPLOAD_WORKERS

    log = logger("bulk_upload")
    client = ctx.client
    base = ctx.server.url
    headers = {"Authorization": f"Bearer {ctx.token}"}
    quick = ctx.scale.name == "quick"
    count = 1000 if quick else 10_000
    rounds = 3
    work = Path(tempfile.mkdtemp(prefix="annota-bench-bulk-"))
    paths = _files(work, count)
    size = sum(path.stat().st_size for path in paths)
    log(f"{count} files, {size / 2**20:.1f} MiB")
    project = client.projects.create({"name": "bulk upload", "type": "detection"})
    batches = [paths[i : i + UPLOAD_BATCH_FILES] for i in range(0, count, UPLOAD_BATCH_FILES)]
    pool = urllib3.PoolManager(maxsize=UPLOAD_WORKERS)

    def new_task() -> Any:
        return client.tasks.create({"project": project.id, "name": "bulk"})

    def post(task_id: int, batch: list[Path]) -> None:
        fields = [("files", (p.name, p.read_bytes(), "image/png")) for p in batch]
        answer = pool.request(
            "POST",
            f"{base}/api/tasks/{task_id}/assets",
            fields=fields,
            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert answer.status == 201, answer.data[:300]

    def timed_upload(upload: Callable[[Any], None]) -> float:
        task = new_task()
        start = time.perf_counter()
        upload(task)
        took = time.perf_counter() - start
        fresh = client.tasks.retrieve(task.id)
        assert fresh.asset_count == count, fresh.asset_count
        fresh.remove()
        return took

    def raw(task: Any) -> None:
        for batch in batches:
            post(task.id, batch)

    def raw_parallel(task: Any) -> None:
        with ThreadPoolExecutor(UPLOAD_WORKERS) as threads:
            list(threads.map(lambda batch: post(task.id, batch), batches))

    timed = interleaved(
        {
            "raw": lambda: timed_upload(raw),
            "raw parallel": lambda: timed_upload(raw_parallel),
            "annota": lambda: timed_upload(
                lambda task: task.upload_assets(paths, workers=UPLOAD_WORKERS, resume=True)
            ),
            "annota workers=1": lambda: timed_upload(
                lambda task: task.upload_assets(paths, workers=1)
            ),
        },
        rounds,
        log=log,
    )
    project.remove()
    for path in paths:
        path.unlink()

    floor = median(timed["raw"])
    rows = []
    for name in ("raw", "raw parallel", "annota", "annota workers=1"):
        took = median(timed[name])
        rows.append(
            [
                name,
                f"{took:.2f} s",
                f"{count / took:.0f} files/s ({size / took / 2**20:.1f} MiB/s)",
                f"{took / floor:.2f}x",
            ]
        )
    section = Section(f"Bulk upload: {count:,} small files into one task")
    section.para(
        f"{count:,} PNG files of about {size / count / 1024:.0f} KB, {rounds} interleaved rounds, "
        f"medians, a fresh task per round. Floor: raw urllib3 multipart posts of "
        f"{UPLOAD_BATCH_FILES} files each to the same endpoint, one after the other; 'parallel' "
        f"posts from {UPLOAD_WORKERS} threads. annota: `task.upload_assets(paths, "
        f"workers={UPLOAD_WORKERS}, resume=True)`, and with `workers=1` (the default)."
    )
    section.table(["client", "time", "rate", "x raw urllib3"], rows)
    ours = median(timed["annota"]) / floor
    section.targets.append(
        Target(
            f"upload of {count:,} small files, x raw urllib3 multipart posts",
            f"{ours:.2f}x",
            f"<= {SPEED_TARGET}x",
            ours <= SPEED_TARGET,
        )
    )
    return section
