"""The write-path cost of the event outbox: a task PATCH with and without it.

Every change writes its events in its own transaction (``annota_server/events.py``), so a
PATCH of a task also inserts one ``events`` row (on PostgreSQL after taking the advisory lock
that keeps ids in commit order). The baseline is the same server code with the outbox hook
not installed (``events.install`` replaced by a no-op while its app is built), on the same
SQLite file, in the same process: the two apps differ in nothing else. Requests go through
the whole ASGI app (authentication, idempotency bookkeeping, the handler, the commit) with
starlette's in-process client, so no socket time dilutes the difference.

Webhooks add nothing to this path: fan-out and delivery happen in the worker.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import (
    ADMIN,
    PYTHON,
    Context,
    Section,
    Target,
    child_env,
    interleaved,
    logger,
    median,
    num,
)

NEEDS: set[str] = set()
TARGET = 1.3  # a PATCH with its event costs at most 30 % more than one without


def _app(settings: Any, *, outbox: bool) -> Any:
    from annota_server import events
    from annota_server.app import create_app

    install = events.install
    if not outbox:
        events.install = lambda _sessions: None
    try:
        return create_app(settings)
    finally:
        events.install = install


def run(ctx: Context) -> Section:
    import warnings

    from annota_server.settings import Settings

    warnings.simplefilter("ignore", DeprecationWarning)  # starlette's TestClient on httpx
    from starlette.testclient import TestClient

    log = logger("outbox")
    quick = ctx.scale.name == "quick"
    per_round, rounds = (50, 3) if quick else (200, 9)
    data_dir = Path(tempfile.mkdtemp(prefix="annota-bench-outbox-"))
    password = "bench-outbox-password"
    subprocess.run(
        [PYTHON, "-m", "annota_server", "createadmin", "--username", ADMIN, "--password-stdin",
         "--data-dir", str(data_dir)],
        input=password + "\n", text=True, check=True, capture_output=True, env=child_env(),
    )  # fmt: skip
    settings = Settings(data_dir=data_dir, operation_workers=0)
    clients = {
        "with the outbox": TestClient(_app(settings, outbox=True)),
        "without (baseline)": TestClient(_app(settings, outbox=False)),
    }
    for client in clients.values():
        client.__enter__()
        login = {"username": ADMIN, "password": password}
        token = client.post("/api/auth/login", json=login).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
    first = clients["with the outbox"]
    project = first.post("/api/projects", json={"name": "outbox", "type": "detection"}).json()
    task = first.post("/api/tasks", json={"project": project["id"], "name": "t0"}).json()
    counter = iter(range(10**9))

    def patches(client: Any) -> Callable[[], float]:
        def once() -> float:
            # CPU time of this process (the app runs in its threads): the machine's other
            # load does not count, and SQLite in WAL mode does not wait on the disk per commit.
            start = time.process_time()
            for _ in range(per_round):
                name = f"t{next(counter)}"
                response = client.patch(f"/api/tasks/{task['id']}", json={"name": name})
                assert response.status_code == 200, response.text
            return (time.process_time() - start) / per_round

        return once

    for client in clients.values():
        patches(client)()  # warm-up
    log(f"{rounds} interleaved rounds of {per_round} PATCHes each")
    timings = interleaved({name: patches(c) for name, c in clients.items()}, rounds, log=log)
    seconds = {name: median(values) for name, values in timings.items()}
    written = first.get("/api/events", params={"limit": 1000}).json()["results"]
    for client in clients.values():
        client.__exit__(None, None, None)

    ratio = seconds["with the outbox"] / seconds["without (baseline)"]
    section = Section("Event outbox: the write-path cost on a task PATCH")
    section.para(
        f"`PATCH /api/tasks/{{id}}` (a new name each time) through the whole app in-process, "
        f"on SQLite; {rounds} interleaved rounds of {per_round} requests, median CPU time "
        "per request (of this process, client and app together). The baseline is the same "
        "app built without the outbox hook.",
        f"The outbox wrote {len([e for e in written if e['kind'] == 'task.updated'])} or more "
        "`task.updated` events (a page of 1000 at most); the baseline none.",
    )
    section.table(
        ["variant", "CPU ms per PATCH", "x baseline"],
        [
            (name, num(value * 1000, 2), f"{value / seconds['without (baseline)']:.3f}")
            for name, value in seconds.items()
        ],
    )
    section.targets.append(
        Target("outbox cost on a task PATCH", f"{ratio:.3f}x", f"<= {TARGET}x", ratio <= TARGET)
    )
    return section
