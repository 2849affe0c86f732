"""Deep pages: page 1,000 of a 100,000-asset task against page 1 of the same list.

A task gets one asset through the SDK; the other 99,999 rows are copies of it inserted with
sqlite3 into the server's database file (100,000 uploads would not fit the time budget). Then,
in interleaved rounds over raw urllib3 (so that only the server's cost differs):

- page 1 of ``/api/assets?task=T&page_size=100``;
- page 1,000 reached by its cursor (what a ``next`` link names: a keyset read);
- page 1,000 by its number alone (an ``OFFSET`` of 99,900 rows), for comparison.

The figure is the median time of each page over the median time of page 1, from the same run.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS = {"server"}
ASSETS = 100_000
PAGE_SIZE = 100
DEEP = 1000
TARGET = 1.2


def _fill(db_path: Path, task_id: int, total: int) -> None:
    """Bring the task to ``total`` assets by copying its only asset row (same job, same file)."""
    columns = "task_id, job_id, project_id, workspace_id, media_type, size, sha256, width, "
    columns += "height, storage_key, created_at, version"
    con = sqlite3.connect(db_path, timeout=30)
    try:
        with con:
            template = con.execute(
                f"SELECT {columns} FROM assets WHERE task_id = ?", (task_id,)
            ).fetchone()
            rows = ((f"copy-{n:06d}.png", n, *template) for n in range(1, total))
            con.executemany(
                f"INSERT INTO assets (name, position, {columns}) "
                f"VALUES ({', '.join('?' * (2 + columns.count(',') + 1))})",
                rows,
            )
            con.execute("UPDATE tasks SET asset_count = ? WHERE id = ?", (total, task_id))
    finally:
        con.close()


def run(ctx: Context) -> Section:
    import json
    import tempfile

    import urllib3
    from PIL import Image

    from annota_server.listing import encode_cursor

    log = logger("deep_pages")
    client = ctx.client
    project = client.projects.create(
        {"name": "deep pages", "type": "detection", "labels": [{"name": "a"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "deep", "segment_size": ASSETS})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "first.png"
        Image.new("RGB", (8, 8), "white").save(path, format="PNG")
        task.upload_assets([path])
    start = time.perf_counter()
    _fill(ctx.server.sqlite_path, int(task.id), ASSETS)
    log(f"{ASSETS:,} asset rows in {time.perf_counter() - start:.1f}s")

    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=10, read=120))
    headers = {"Authorization": f"Bearer {ctx.token}"}
    base = f"{ctx.server.url}/api/assets?task={task.id}&page_size={PAGE_SIZE}"

    def get(url: str) -> Any:
        return json.loads(pool.request("GET", url, headers=headers).data)

    if get(base)["count"] != ASSETS:
        raise RuntimeError("the task does not hold the assets copied into it")
    # What the next link of page DEEP - 1 names: its last row (the sort is by id).
    last_before = get(f"{base}&page={DEEP - 1}")["results"][-1]["id"]
    by_cursor = f"page {DEEP:,} by its cursor (keyset)"
    by_number = f"page {DEEP:,} by number (offset)"
    urls = {
        "page 1": base,
        by_cursor: f"{base}&page={DEEP}&cursor={encode_cursor('id', last_before, last_before)}",
        by_number: f"{base}&page={DEEP}",
    }
    expected = [a["id"] for a in get(urls[by_number])["results"]]
    if not expected or [a["id"] for a in get(urls[by_cursor])["results"]] != expected:
        raise RuntimeError("the page reached by its cursor is not the numbered page")

    def timed(url: str) -> Any:
        def call() -> float:
            begin = time.perf_counter()
            answer = pool.request("GET", url, headers=headers)
            json.loads(answer.data)
            return time.perf_counter() - begin

        return call

    rounds = 15 if ctx.scale.name == "quick" else 41
    timings = interleaved({name: timed(url) for name, url in urls.items()}, rounds)
    seconds = {name: median(values) for name, values in timings.items()}
    first = seconds["page 1"]
    section = Section("Deep pages: page 1,000 of a 100,000-asset task")
    section.para(
        f"One task of {ASSETS:,} assets (one uploaded, the rest rows copied with sqlite3), "
        f"listed `{PAGE_SIZE}` a page by raw urllib3 GETs in {rounds} interleaved rounds; "
        "the median time of each page, and its ratio to page 1 in the same run. Every page "
        "also counts the task's assets (the `count` of the answer)."
    )
    section.table(
        ["page", "median ms", "x page 1"],
        [(name, num(value * 1000, 2), f"{value / first:.2f}") for name, value in seconds.items()],
    )
    keyset = seconds[by_cursor] / first
    section.targets.append(
        Target(
            f"page {DEEP:,} of a {ASSETS:,}-asset task ≤ {TARGET}x page 1",
            f"{keyset:.2f}x",
            f"≤ {TARGET}x",
            keyset <= TARGET,
        )
    )
    log(f"keyset page {DEEP}: {keyset:.2f}x page 1")
    return section
