"""The asyncio client: per-call CPU against the blocking client, and 100 calls at once.

Part 1: sequential ``client.projects.retrieve(id)`` through ``annota.Client`` and through
``annota.AsyncClient`` (awaited one after the other), interleaved rounds; the client's own CPU
time per call (``time.process_time``) is what each adds, the wall time is mostly the server's.

Part 2: 100 retrieves of the same project at once: ``asyncio.gather`` of 100 calls on one
``AsyncClient`` against 100 threads sharing one ``Client`` (a pool of 100 connections each).
Both the wall time of a batch and the CPU it costs this process are reported, as medians over
rounds, with the asyncio figure as a ratio to the threads'.

The clients run in a fresh worker process, as in ``per_call``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import threading
import time
from typing import Any

from bench.harness import Context, Section, median, num, run_json, worker_command

NEEDS = {"server"}
CONCURRENT = 100


def _sync_batch(client: Any, pid: int) -> None:
    barrier = threading.Barrier(CONCURRENT + 1)
    done = threading.Barrier(CONCURRENT + 1)

    def one() -> None:
        barrier.wait()
        client.projects.retrieve(pid)
        done.wait()

    threads = [threading.Thread(target=one) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    barrier.wait()  # every thread is ready: time the calls, not the thread starts
    done.wait()
    for thread in threads:
        thread.join()


def worker(args: dict[str, Any]) -> dict[str, Any]:
    import annota

    base, pid, token = args["url"], int(args["project"]), args["token"]
    config = annota.Config(pool_maxsize=CONCURRENT)
    sync_client = annota.Client(base, token=token, config=config)
    rounds, per_round, batches = int(args["rounds"]), int(args["per_round"]), int(args["batches"])

    async def main() -> dict[str, Any]:
        async_client = annota.AsyncClient(base, token=token, config=config)
        for _ in range(int(args["warmup"])):
            sync_client.projects.retrieve(pid)
            await async_client.projects.retrieve(pid)
        await asyncio.gather(*[async_client.projects.retrieve(pid) for _ in range(CONCURRENT)])
        _sync_batch(sync_client, pid)  # opens the threads' connections

        sequential: dict[str, list[tuple[float, float]]] = {"sync": [], "async": []}
        for index in range(rounds):
            for kind in ["sync", "async"] if index % 2 == 0 else ["async", "sync"]:
                gc.collect()
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(per_round):
                    if kind == "sync":
                        sync_client.projects.retrieve(pid)
                    else:
                        await async_client.projects.retrieve(pid)
                sequential[kind].append(
                    (
                        (time.perf_counter() - wall) / per_round,
                        (time.process_time() - cpu) / per_round,
                    )
                )

        concurrent: dict[str, list[tuple[float, float]]] = {"threads": [], "asyncio": []}
        for index in range(batches):
            for kind in ["threads", "asyncio"] if index % 2 == 0 else ["asyncio", "threads"]:
                gc.collect()
                cpu, wall = time.process_time(), time.perf_counter()
                if kind == "threads":
                    _sync_batch(sync_client, pid)
                else:
                    calls = [async_client.projects.retrieve(pid) for _ in range(CONCURRENT)]
                    await asyncio.gather(*calls)
                concurrent[kind].append((time.perf_counter() - wall, time.process_time() - cpu))
        await async_client.close()
        return {"sequential": sequential, "concurrent": concurrent}

    try:
        return asyncio.run(main())
    finally:
        sync_client.close()


def run(ctx: Context) -> Section:
    scale = ctx.scale
    rounds = scale.per_call_rounds
    per_round = max(1, scale.per_call_calls // rounds // 2)
    server = ctx.server
    args = {
        "url": server.url,
        "project": ctx.project_id,
        "token": ctx.token,
        "warmup": scale.per_call_warmup,
        "rounds": rounds,
        "per_round": per_round,
        "batches": max(4, rounds),
    }
    result = run_json(worker_command("async_client", args), timeout=900)
    seq, conc = result["sequential"], result["concurrent"]
    wall = {k: median(r[0] for r in v) for k, v in seq.items()}
    cpu = {k: median(r[1] for r in v) for k, v in seq.items()}
    cpu_ratio = median(a[1] / s[1] for a, s in zip(seq["async"], seq["sync"], strict=True))
    batch_wall = {k: median(r[0] for r in v) for k, v in conc.items()}
    batch_cpu = {k: median(r[1] for r in v) for k, v in conc.items()}
    wall_ratio = median(a[0] / t[0] for a, t in zip(conc["asyncio"], conc["threads"], strict=True))
    cpu_ratio_batch = median(
        a[1] / t[1] for a, t in zip(conc["asyncio"], conc["threads"], strict=True)
    )

    section = Section("The asyncio client (`annota.AsyncClient`, aiohttp)")
    section.para(
        f"Sequential `retrieve(id)` of one project: {rounds} interleaved rounds of {per_round} "
        "calls per client, keep-alive, against the harness's annota-server on SQLite, in one "
        "fresh process. Medians over rounds; the ratio is per round.",
    )
    section.table(
        ["client", "µs/call (wall)", "client CPU µs/call", "CPU x sync"],
        [
            ("`annota.Client` (urllib3)", num(wall["sync"] * 1e6), num(cpu["sync"] * 1e6), "1.00"),
            (
                "`annota.AsyncClient` (aiohttp), awaited one by one",
                num(wall["async"] * 1e6),
                num(cpu["async"] * 1e6),
                f"{cpu_ratio:.2f}",
            ),
        ],
    )
    section.para(
        f"{CONCURRENT} retrieves at once, {len(conc['threads'])} interleaved batches each: "
        f"`asyncio.gather` of {CONCURRENT} calls on one `AsyncClient` against {CONCURRENT} "
        "threads sharing one `Client` (both with room for 100 connections; the threads are "
        "started before the clock starts). Medians over batches; ratios per batch.",
    )
    section.table(
        ["how", "ms per batch (wall)", "CPU ms per batch", "wall x threads", "CPU x threads"],
        [
            (
                f"{CONCURRENT} threads, `Client`",
                num(batch_wall["threads"] * 1e3, 1),
                num(batch_cpu["threads"] * 1e3, 1),
                "1.00",
                "1.00",
            ),
            (
                "`asyncio.gather`, `AsyncClient`",
                num(batch_wall["asyncio"] * 1e3, 1),
                num(batch_cpu["asyncio"] * 1e3, 1),
                f"{wall_ratio:.2f}",
                f"{cpu_ratio_batch:.2f}",
            ),
        ],
    )
    section.para(
        "The server answers one request at a time per worker, so the wall time of a batch is "
        "mostly the server's; the CPU columns are what each way of waiting costs the caller.",
    )
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
