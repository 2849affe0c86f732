"""Per-call overhead: sequential GETs of one project, annota against raw urllib3 and peers.

Every client fetches the same URL with the same bearer token over a keep-alive connection and
turns the JSON into its own objects. The floor is urllib3 ``PoolManager.request`` + ``json.loads``.
Each client makes ``per_call_calls`` calls in total, split over ``per_call_rounds`` interleaved
rounds (the order rotates each round). Wall time per call includes the server's time, which is
the same for every client; the client's own CPU time per call (``time.process_time``) is shown
beside it, since that is what the client adds.

The clients run in a fresh worker process that imports only them, so the garbage collector
sees a heap like a user's program, not the harness's.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.harness import (
    STOCK_DIR,
    Context,
    Section,
    Target,
    median,
    num,
    profile_top,
    run_json,
    worker_command,
)

NEEDS = {"server", "stock"}
TARGET = 1.15
PROFILED_CALLS = 1000
FLOOR = "urllib3 + json.loads (floor)"
SDK = "annota `client.projects.retrieve(id)`"


def _clients(args: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    import httpx
    import urllib3
    from annota_api.api.projects import projects_retrieve

    import annota

    base, pid, token = args["url"], int(args["project"]), args["token"]
    url = f"{base}/api/projects/{pid}"
    auth = {"Authorization": f"Bearer {token}"}

    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=10, read=60))

    def floor() -> Any:
        return json.loads(pool.request("GET", url, headers=auth).data)

    session = httpx.Client(headers=auth)

    def httpx_client() -> Any:
        return session.get(url).json()

    sdk = annota.make_client(base, credentials=(args["username"], args["password"]))

    def annota_sdk() -> Any:
        return sdk.projects.retrieve(pid)

    def annota_raw() -> Any:
        return projects_retrieve.sync(pid, client=sdk.api)

    calls: dict[str, Callable[[], Any]] = {
        FLOOR: floor,
        SDK: annota_sdk,
        "annota_api `projects_retrieve.sync(id)`": annota_raw,
        "httpx.Client + .json()": httpx_client,
    }
    if args.get("stock"):
        sys.path.insert(0, args["stock"])
        import stock_api  # type: ignore[import-not-found]
        from stock_api.api.projects import (  # type: ignore[import-not-found]
            projects_retrieve as stock_retrieve,
        )

        stock = stock_api.AuthenticatedClient(base_url=base, token=token)

        def stock_client() -> Any:
            return stock_retrieve.sync(pid, client=stock)

        calls["stock openapi-python-client (httpx + attrs)"] = stock_client
    return calls


def worker(args: dict[str, Any]) -> dict[str, Any]:
    calls = _clients(args)
    for name, call in calls.items():  # connections, version check, caches
        for _ in range(int(args["warmup"])):
            result = call()
        if result is None:
            raise RuntimeError(f"{name} returned nothing")
    if args.get("profile"):
        sdk_call = calls[SDK]
        return {"profile": profile_top(lambda: [sdk_call() for _ in range(PROFILED_CALLS)])}

    per_round = int(args["per_round"])

    def one_round(call: Callable[[], Any]) -> tuple[float, float]:
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(per_round):
            call()
        return (time.perf_counter() - wall) / per_round, (time.process_time() - cpu) / per_round

    names = list(calls)
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for index in range(int(args["rounds"])):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(one_round(calls[name]))
    return {"results": results}


def run(ctx: Context) -> Section:
    scale = ctx.scale
    per_round = scale.per_call_calls // scale.per_call_rounds
    server = ctx.server
    args = {
        "url": server.url,
        "project": ctx.project_id,
        "token": ctx.token,
        "username": server.credentials[0],
        "password": server.credentials[1],
        "stock": str(STOCK_DIR) if ctx.stock_ready else None,
        "warmup": scale.per_call_warmup,
        "rounds": scale.per_call_rounds,
        "per_round": per_round,
    }
    results: dict[str, list[list[float]]] = run_json(worker_command("per_call", args), timeout=900)[
        "results"
    ]
    names = list(results)
    walls = {name: median(r[0] for r in rounds) for name, rounds in results.items()}
    cpus = {name: median(r[1] for r in rounds) for name, rounds in results.items()}
    # Ratios are taken per round (candidate and floor measured in the same round), then the median.
    wall_ratio = {
        name: median(r[0] / f[0] for r, f in zip(rounds, results[FLOOR], strict=True))
        for name, rounds in results.items()
    }
    cpu_ratio = {
        name: median(r[1] / f[1] for r, f in zip(rounds, results[FLOOR], strict=True))
        for name, rounds in results.items()
    }

    section = Section("Per-call overhead: `retrieve(id)` of one project")
    section.para(
        f"{per_round * scale.per_call_rounds:,} sequential GETs of one project per client "
        f"({scale.per_call_rounds} interleaved rounds of {per_round}, after "
        f"{scale.per_call_warmup} warm-up calls), keep-alive, same URL and bearer token, "
        "against the harness's annota-server on SQLite, all clients in one fresh process. "
        "Medians over rounds; the ratios are per-round ratios to the floor measured in the same "
        "round, then their median.",
    )
    section.table(
        ["client", "µs/call (wall)", "x floor (wall)", "client CPU µs/call", "x floor (CPU)"],
        [
            (
                name,
                num(walls[name] * 1e6),
                f"{wall_ratio[name]:.2f}",
                num(cpus[name] * 1e6),
                f"{cpu_ratio[name]:.2f}",
            )
            for name in names
        ],
    )
    server_share = 1 - cpus[FLOOR] / walls[FLOOR]
    section.para(
        f"The wall time is mostly the server's: the floor spends {num(cpus[FLOOR] * 1e6)} µs "
        f"of its {num(walls[FLOOR] * 1e6)} µs per call in this process, so about "
        f"{server_share:.0%} of a call is spent waiting for the server, which is the same for "
        "every client. The CPU columns show what each client itself costs.",
    )
    if not ctx.stock_ready:
        section.para(f"The stock openapi-python-client output is missing: {ctx.stock_error}.")
    section.targets.append(
        Target(
            "retrieve ≤ 1.15x floor (wall time per call)",
            f"{wall_ratio[SDK]:.2f}x",
            f"≤ {TARGET}x",
            wall_ratio[SDK] <= TARGET,
        )
    )
    section.targets.append(
        Target(
            "retrieve ≤ 1.15x floor (client CPU per call; not a brief target, shown for honesty)",
            f"{cpu_ratio[SDK]:.2f}x",
            f"≤ {TARGET}x",
            cpu_ratio[SDK] <= TARGET,
        )
    )
    if not all(target.met for target in section.targets):
        profiled = run_json(worker_command("per_call", {**args, "profile": True}), timeout=900)
        section.para(
            f"cProfile (CPU time) of {PROFILED_CALLS:,} `client.projects.retrieve(id)` calls, "
            "share of the client's CPU time:"
        )
        section.table(["function", "own time", "cumulative"], profiled["profile"])
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
