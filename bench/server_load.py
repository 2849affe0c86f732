"""Server throughput and latency on SQLite and on PostgreSQL, under a separate load process.

For each database the harness starts a fresh annota-server (one worker process) and creates the
same projects through the SDK. A load process (raw urllib3, one keep-alive connection per
thread, a few threads) then alternates scenarios in rounds, each round bounded in time and in
count, only against 127.0.0.1:

- ``GET /api/server/about``: no authentication, no database; the framework floor (baseline);
- ``GET /api/projects/{id}``: one project, with labels and statistics;
- ``GET /api/projects?page_size=100``: a 100-item page.

Requests/s is per round (the median is shown, and its ratio to the floor of the same round);
p50/p99 latency pools every request of every round of that scenario.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from bench.harness import (
    Context,
    Postgres,
    Section,
    Server,
    create_projects,
    logger,
    median,
    num,
    run_json,
    worker_command,
)

NEEDS: set[str] = set()
MAX_REQUESTS_PER_ROUND = 50_000


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def worker(args: dict[str, Any]) -> dict[str, Any]:
    """The load process: every scenario in every round, ``connections`` threads each."""
    import urllib3

    host, port = "127.0.0.1", int(args["port"])
    scenarios: dict[str, dict[str, Any]] = args["scenarios"]
    connections, seconds = int(args["connections"]), float(args["seconds"])
    timeout = urllib3.Timeout(connect=10, read=30)
    pools = [
        urllib3.HTTPConnectionPool(host, port, maxsize=1, timeout=timeout)
        for _ in range(connections)
    ]

    def load(path: str, headers: dict[str, str], duration: float) -> dict[str, Any]:
        latencies: list[list[float]] = [[] for _ in pools]
        errors = [0] * len(pools)
        stop_at = time.perf_counter() + duration
        budget = MAX_REQUESTS_PER_ROUND // len(pools)

        def client(index: int) -> None:
            pool, mine = pools[index], latencies[index]
            while len(mine) < budget:
                start = time.perf_counter()
                if start >= stop_at:
                    return
                answer = pool.request("GET", path, headers=headers)
                if answer.status != 200:
                    errors[index] += 1
                mine.append(time.perf_counter() - start)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(len(pools))]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        merged = [value for part in latencies for value in part]
        return {
            "count": len(merged),
            "errors": sum(errors),
            "seconds": elapsed,
            "latencies": merged,
        }

    names = list(scenarios)
    for name in names:  # warm-up
        load(scenarios[name]["path"], scenarios[name]["headers"], min(0.5, seconds))
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for index in range(int(args["rounds"])):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            rounds[name].append(load(scenarios[name]["path"], scenarios[name]["headers"], seconds))
    return {"rounds": rounds}


def _measure(ctx: Context, server: Server, log: Any) -> dict[str, Any]:
    import annota

    scale = ctx.scale
    with annota.make_client(server.url, credentials=server.credentials) as client:
        ids = create_projects(client, scale.load_projects, prefix="load")
        token = client.api.token
        auth = {"Authorization": f"Bearer {token}"}
        scenarios = {
            "about": {"path": "/api/server/about", "headers": {}},
            "retrieve": {"path": f"/api/projects/{ids[len(ids) // 2]}", "headers": auth},
            "list100": {"path": "/api/projects?page=1&page_size=100", "headers": auth},
        }
        args = {
            "port": server.port,
            "scenarios": scenarios,
            "connections": scale.load_connections,
            "seconds": scale.load_seconds / scale.load_rounds,
            "rounds": scale.load_rounds,
        }
        log(
            f"{server.label}: load process, {scale.load_rounds} rounds x {len(scenarios)} scenarios"
        )
        result: dict[str, Any] = run_json(worker_command("server_load", args), timeout=300)
    return result


def _rows(label: str, result: dict[str, Any]) -> list[tuple[str, ...]]:
    rounds = result["rounds"]
    base = rounds["about"]
    names = {
        "about": "`GET /api/server/about` (floor)",
        "retrieve": "`GET /api/projects/{id}`",
        "list100": "`GET /api/projects?page_size=100`",
    }
    rows = []
    for key, title in names.items():
        per_round = [r["count"] / r["seconds"] for r in rounds[key]]
        rel = median(
            (r["count"] / r["seconds"]) / (b["count"] / b["seconds"])
            for r, b in zip(rounds[key], base, strict=True)
        )
        latencies = [value for r in rounds[key] for value in r["latencies"]]
        errors = sum(r["errors"] for r in rounds[key])
        rows.append(
            (
                label,
                title,
                num(median(per_round)),
                f"{rel:.3f}",
                num(_percentile(latencies, 0.5) * 1e3, 1),
                num(_percentile(latencies, 0.99) * 1e3, 1),
                f"{len(latencies):,}" + (f" ({errors} errors)" if errors else ""),
            )
        )
    return rows


def run(ctx: Context) -> Section:
    scale = ctx.scale
    log = logger("server_load")
    section = Section("Server: requests/s and latency, SQLite and PostgreSQL")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []

    with Server(label="SQLite") as server:
        rows += _rows("SQLite", _measure(ctx, server, log))

    postgres = Postgres()
    pg_version = postgres.version()
    section.versions["server db (PostgreSQL)"] = pg_version
    if postgres.bin is None:
        notes.append("PostgreSQL is not installed here (apt-get install postgresql): not measured.")
    else:
        try:
            with postgres, Server(database_url=postgres.url, label="PostgreSQL") as server:
                rows += _rows("PostgreSQL", _measure(ctx, server, log))
        except Exception as exc:  # report rather than lose the SQLite figures
            notes.append(f"PostgreSQL could not be measured: {str(exc)[:1000]}")

    section.para(
        f"annota-server with one worker process, {scale.load_projects} projects created through "
        f"the SDK (4-6 labels each). Load: a separate process with {scale.load_connections} "
        "keep-alive connections (raw urllib3, one thread each) on 127.0.0.1; "
        f"{scale.load_rounds} interleaved rounds of {scale.load_seconds / scale.load_rounds:.2f} s "
        f"per scenario ({scale.load_seconds:.0f} s per scenario in all, at most "
        f"{MAX_REQUESTS_PER_ROUND:,} requests per round) after a warm-up. The load process "
        "shares the 2 cores with the server, as a client on the same machine would."
    )
    section.table(
        ["db", "request", "req/s", "x floor (req/s)", "p50 ms", "p99 ms", "requests"], rows
    )
    if notes:
        section.para(*notes)
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
