"""Concurrent writers on one task never see an error for being concurrent.

16 threads upload assets to one task, patch its job's annotations and patch the task itself,
all at once. Every request must succeed (no 5xx: PostgreSQL once answered deadlocks as 503),
and everything every request wrote must be there afterwards. The request count is bounded and
nothing is timed: the threads only race.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from support import Http, Response, create_project, create_task

from .operations_support import multipart, png

THREADS = 16
ROUNDS = 6  # requests per thread


def _upload(http: Http, task_id: int, name: str, side: int = 4) -> Response:
    body, content_type = multipart([("files", (name, png(side, side), "image/png"))])
    return http.post(f"/api/tasks/{task_id}/assets", body=body, content_type=content_type)


def test_uploads_annotation_and_task_patches_on_one_task_all_succeed(admin_http: Http) -> None:
    project = create_project(admin_http, labels=["car"])
    label = project["labels"][0]["id"]
    task = create_task(admin_http, project["id"], segment_size=1000)
    assert _upload(admin_http, task["id"], "a.png", side=32).status == 201
    asset = admin_http.list_all("/api/assets", {"task": task["id"]})[0]
    job = asset["job"]
    statuses: Counter[int] = Counter()
    bad: list[str] = []
    lock = threading.Lock()
    expected_shapes: list[str] = []
    expected_assets: list[str] = []
    names: list[str] = []

    def work(worker: int) -> None:
        http = admin_http.clone()
        for round_ in range(ROUNDS):
            kind = (worker + round_) % 3
            tag = f"w{worker}-r{round_}"
            if kind == 0:
                response = _upload(http, task["id"], f"{tag}.png")
                wanted = expected_assets
            elif kind == 1:
                shape = {
                    "asset": asset["id"],
                    "label": label,
                    "kind": "bbox",
                    "points": [worker, round_, worker + 1, round_ + 1],
                }
                response = http.patch(f"/api/jobs/{job}/annotations", json={"create": [shape]})
                wanted = expected_shapes
            else:
                response = http.patch(f"/api/tasks/{task['id']}", json={"name": tag})
                wanted = names
            status = response.status
            with lock:
                statuses[status] += 1
                if status >= 300:
                    bad.append(f"{tag}: {response.text[:200]}")
                else:
                    wanted.append(tag)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(work, range(THREADS)))

    assert not bad, f"statuses {dict(statuses)}; failed: {bad}"
    assert sum(statuses.values()) == THREADS * ROUNDS
    after = admin_http.get(f"/api/tasks/{task['id']}").expect(200).json()
    assert after["asset_count"] == 1 + len(expected_assets)
    assert after["name"] in names
    assets: list[Any] = admin_http.list_all("/api/assets", {"task": task["id"]})
    uploaded = sorted(["a.png", *(f"{t}.png" for t in expected_assets)])
    assert sorted(a["name"] for a in assets) == uploaded
    shapes = admin_http.get(f"/api/jobs/{job}/annotations").expect(200).json()["shapes"]
    found = sorted(f"w{s['points'][0]:g}-r{s['points'][1]:g}" for s in shapes)
    assert found == sorted(expected_shapes)
