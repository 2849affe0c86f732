"""Server throughput and latency on SQLite and on PostgreSQL, under a separate load process.

For each database the harness starts a fresh annota-server (one worker process) and creates the
same projects through the SDK. A load process (raw urllib3, one keep-alive connection per
thread, a few threads) then alternates scenarios in rounds, each round bounded in time and in
count, only against 127.0.0.1:

- the ceilings (``bench/ceiling_app.py``): a bare starlette JSON endpoint, and a starlette
  endpoint that JSON-encodes the very page of projects annota-server answered;
- ``GET /api/server/about``: no authentication, no database;
- ``GET /api/projects/{id}``: one project, with labels and statistics (x the bare endpoint);
- ``GET /api/projects?page_size=100``: a 100-item page (x the same-page endpoint);
- on SQLite, the same on a second server of two processes.

Requests/s is per round (the median is shown, and its ratio to the ceiling of the same round);
p50/p99 latency pools every request of every round of that scenario.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import urllib3

from bench.harness import (
    PYTHON,
    ROOT,
    Context,
    Postgres,
    Section,
    Server,
    child_env,
    create_projects,
    free_port,
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
    scenarios: dict[str, dict[str, Any]] = args["scenarios"]
    connections, seconds = int(args["connections"]), float(args["seconds"])
    timeout = urllib3.Timeout(connect=10, read=30)
    # A scenario names its server's port, or they all share ``args["port"]``.
    for scenario in scenarios.values():
        scenario.setdefault("port", args.get("port"))
    ports = {int(s["port"]) for s in scenarios.values()}
    # One keep-alive connection per thread and server.
    pools_by_port = {
        port: [
            urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1, timeout=timeout)
            for _ in range(connections)
        ]
        for port in ports
    }

    def load(port: int, path: str, headers: dict[str, str], duration: float) -> dict[str, Any]:
        pools = pools_by_port[port]
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

    def run(name: str, duration: float) -> dict[str, Any]:
        scenario = scenarios[name]
        return load(int(scenario["port"]), scenario["path"], scenario["headers"], duration)

    for name in names:  # warm-up
        run(name, min(0.5, seconds))
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for index in range(int(args["rounds"])):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            rounds[name].append(run(name, seconds))
    return {"rounds": rounds}


class Ceiling:
    """``bench.ceiling_app`` in a subprocess: the bare and the same-page starlette endpoints."""

    def __init__(self, page: bytes) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="annota-bench-ceiling-"))
        self.page_file = self.dir / "page.json"
        self.page_file.write_bytes(page)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Ceiling:
        self.port = free_port()
        command = [PYTHON, "-m", "bench.ceiling_app", str(self.port), str(self.page_file)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if urllib3.request("GET", f"http://127.0.0.1:{self.port}/bare").status == 200:
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("the ceiling app did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
        shutil.rmtree(self.dir, ignore_errors=True)


def _prepare(server: Server, count: int, prefix: str) -> dict[str, Any]:
    """Projects created through the SDK; a session token, one project's id and the page's bytes."""
    import annota

    with annota.make_client(server.url, credentials=server.credentials) as client:
        ids = create_projects(client, count, prefix=prefix)
    # A session of its own: the SDK's ends when its client closes.
    username, password = server.credentials
    login = urllib3.request(
        "POST", f"{server.url}/api/auth/login", json={"username": username, "password": password}
    )
    auth = {"Authorization": f"Bearer {login.json()['token']}"}
    page = urllib3.request("GET", f"{server.url}/api/projects?page=1&page_size=100", headers=auth)
    if page.status != 200:
        raise RuntimeError(f"the page of projects answered {page.status}: {page.data[:300]!r}")
    return {"auth": auth, "id": ids[len(ids) // 2], "page": page.data}


def _scenarios(port: int, prepared: dict[str, Any], suffix: str = "") -> dict[str, Any]:
    auth = prepared["auth"]
    return {
        f"about{suffix}": {"port": port, "path": "/api/server/about", "headers": {}},
        f"retrieve{suffix}": {
            "port": port,
            "path": f"/api/projects/{prepared['id']}",
            "headers": auth,
        },
        f"list100{suffix}": {
            "port": port,
            "path": "/api/projects?page=1&page_size=100",
            "headers": auth,
        },
    }


def _measure(ctx: Context, database_url: str | None, label: str, log: Any) -> dict[str, Any]:
    """Every scenario of one database in interleaved rounds, ceilings included."""
    scale = ctx.scale
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(Server(database_url=database_url, label=label))
        prepared = _prepare(server, scale.load_projects, "load")
        ceiling = stack.enter_context(Ceiling(prepared["page"]))
        scenarios = {
            "bare": {"port": ceiling.port, "path": "/bare", "headers": {}},
            "page": {"port": ceiling.port, "path": "/page", "headers": {}},
            **_scenarios(server.port, prepared),
        }
        if database_url is None:
            # The same data on a server of two processes, measured in the same rounds.
            two = stack.enter_context(Server(workers=2, label=f"{label}, 2 processes"))
            scenarios.update(_scenarios(two.port, _prepare(two, scale.load_projects, "load"), "2"))
        args = {
            "scenarios": scenarios,
            "connections": scale.load_connections,
            "seconds": scale.load_seconds / scale.load_rounds,
            "rounds": scale.load_rounds,
        }
        log(f"{label}: load process, {scale.load_rounds} rounds x {len(scenarios)} scenarios")
        result: dict[str, Any] = run_json(worker_command("server_load", args), timeout=900)
    return result


def _rate(r: dict[str, Any]) -> float:
    return float(r["count"]) / float(r["seconds"])


def _relative(rounds: dict[str, Any], key: str, base: str) -> float:
    return median(_rate(r) / _rate(b) for r, b in zip(rounds[key], rounds[base], strict=True))


TITLES = {
    "bare": ("bare starlette JSON endpoint (ceiling)", "bare"),
    "page": ("starlette endpoint encoding the same page (ceiling)", "page"),
    "about": ("`GET /api/server/about` (no database)", "bare"),
    "retrieve": ("`GET /api/projects/{id}`", "bare"),
    "list100": ("`GET /api/projects?page_size=100`", "page"),
    "about2": ("`GET /api/server/about`, 2 processes", "bare"),
    "retrieve2": ("`GET /api/projects/{id}`, 2 processes", "bare"),
    "list1002": ("`GET /api/projects?page_size=100`, 2 processes", "page"),
}


def _rows(label: str, result: dict[str, Any]) -> list[tuple[str, ...]]:
    rounds = result["rounds"]
    rows = []
    for key, (title, base) in TITLES.items():
        if key not in rounds:
            continue
        latencies = [value for r in rounds[key] for value in r["latencies"]]
        errors = sum(r["errors"] for r in rounds[key])
        rows.append(
            (
                label,
                title,
                num(median(_rate(r) for r in rounds[key])),
                f"{_relative(rounds, key, base):.3f} x {base}",
                num(_percentile(latencies, 0.5) * 1e3, 1),
                num(_percentile(latencies, 0.99) * 1e3, 1),
                f"{len(latencies):,}" + (f" ({errors} errors)" if errors else ""),
            )
        )
    return rows


def run(ctx: Context) -> Section:
    scale = ctx.scale
    log = logger("server_load")
    section = Section("Server: requests/s against its framework's ceilings, SQLite and PostgreSQL")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    results: dict[str, dict[str, Any]] = {}

    results["SQLite"] = _measure(ctx, None, "SQLite", log)
    rows += _rows("SQLite", results["SQLite"])

    postgres = Postgres()
    section.versions["server db (PostgreSQL)"] = postgres.version()
    if postgres.bin is None:
        notes.append("PostgreSQL is not installed here (apt-get install postgresql): not measured.")
    else:
        try:
            with postgres:
                results["PostgreSQL"] = _measure(ctx, postgres.url, "PostgreSQL", log)
            rows += _rows("PostgreSQL", results["PostgreSQL"])
        except Exception as exc:  # report rather than lose the SQLite figures
            notes.append(f"PostgreSQL could not be measured: {str(exc)[:1000]}")

    section.para(
        f"annota-server with one process (and, on SQLite, a second server with two), "
        f"{scale.load_projects} projects created through the SDK (4-6 labels each). The "
        "ceilings are plain starlette endpoints on uvicorn (`bench/ceiling_app.py`): `bare` "
        "answers a small JSON object, `page` JSON-encodes on every request the very page of 100 "
        "projects that annota-server answered. Load: a separate process with "
        f"{scale.load_connections} keep-alive connections (raw urllib3, one thread each) on "
        f"127.0.0.1; {scale.load_rounds} interleaved rounds of "
        f"{scale.load_seconds / scale.load_rounds:.2f} s per scenario after a warm-up; every "
        "ratio is the median over rounds of the scenario's requests/s over its ceiling's in "
        "the same round. The load process shares the 2 cores with the servers."
    )
    section.table(
        ["db", "request", "req/s", "ratio (same round)", "p50 ms", "p99 ms", "requests"], rows
    )
    summary = _summary(results)
    if summary:
        section.para(*summary)
    if notes:
        section.para(*notes)
    return section


def _summary(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for label, result in results.items():
        rounds = result["rounds"]
        lines.append(
            f"{label}: retrieve {_relative(rounds, 'retrieve', 'bare'):.2f}x the bare endpoint "
            "(goal 0.30x), page of 100 "
            f"{_relative(rounds, 'list100', 'page'):.2f}x the same-page endpoint (goal 0.35x)."
        )
        if "retrieve2" in rounds:
            lines.append(
                f"{label}: two processes serve {_relative(rounds, 'retrieve2', 'retrieve'):.2f}x "
                f"the retrieves and {_relative(rounds, 'list1002', 'list100'):.2f}x the pages of "
                "one process (goal 1.6x); on 2 cores the load process competes with them."
            )
    if "SQLite" in results and "PostgreSQL" in results:
        sq, pg = results["SQLite"]["rounds"], results["PostgreSQL"]["rounds"]
        for key, title in (("retrieve", "retrieve"), ("list100", "page of 100")):
            # Different runs: compare each to its own ceiling, then the two ratios.
            value = _relative(pg, key, "bare" if key == "retrieve" else "page") / _relative(
                sq, key, "bare" if key == "retrieve" else "page"
            )
            lines.append(f"PostgreSQL {title}: {value:.2f}x SQLite's (goal 0.7x).")
    return lines


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
