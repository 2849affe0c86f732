"""Listing: iterate over every project of a workspace, annota's lazy pages against raw urllib3.

Candidate: ``client.projects.list(page_size=N)`` (annota: entities over generated models).
Floor: urllib3 GETs of ``/api/projects?page=1&page_size=N`` + ``json.loads``, then of each
page's ``next`` link (which carries the cursor the SDK follows too), page after page.
Both read each item's name and keep nothing.

Rounds in lockstep: the server spends 100-400 µs per listed project, so 7 full walks of
100,000 projects per client would take longer than the whole run may. Instead each client
walks the whole list once, in its own fresh process, and the two walks advance in turns: a
round is the next slice of pages (1/7 of the walk, on page boundaries), first for one client
then for the other (alternating who goes first), and each slice is timed. So every round holds
the same pages for both clients, every client iterates over every item in one continuous
``for`` loop, and the ratio is taken per round, then the median.

Memory: after its warm-up request each worker notes its RSS; at the start of every slice it
resets the kernel's peak-RSS mark (``/proc/self/clear_refs``) and at the end reads the peak.
The walk's peak is the largest of those, minus the starting RSS. One more untimed walk per
size runs under ``tracemalloc`` for the peak of Python allocations.
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.harness import (
    ROOT,
    Context,
    Section,
    SteppedWorker,
    Target,
    child_env,
    logger,
    median,
    num,
    profile_top,
    worker_command,
)

NEEDS = {"server", "listing"}
TARGET_SPEED = 0.5
MIB = 1024  # the kernel reports KiB
WALK_TIMEOUT = 900.0


def _status() -> dict[str, int]:
    text = Path("/proc/self/status").read_text()
    found = {key: re.search(rf"{key}:\s+(\d+)", text) for key in ("VmRSS", "VmHWM")}
    return {key: int(match.group(1)) if match else 0 for key, match in found.items()}


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _items(args: dict[str, Any]) -> Iterator[Any]:
    """The items of the walk, fetched lazily page by page, after one warm-up request."""
    url, token, slug = args["url"], args["token"], args["workspace"]
    size = int(args["page_size"])
    if args["mode"] == "sdk":
        import annota

        client = annota.make_client(url, token=token).with_workspace(slug)
        client.projects.list(page_size=1).first()  # connection, version check
        return iter(client.projects.list(page_size=size))

    import urllib3

    pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=10, read=60))
    headers = {"Authorization": f"Bearer {token}", "X-Workspace": slug}
    base = f"{url}/api/projects"
    json.loads(pool.request("GET", f"{base}?page=1&page_size=1", headers=headers).data)

    def pages() -> Iterator[Any]:
        # Following each next link, as annota does: it carries the cursor (a keyset read).
        url = f"{base}?page=1&page_size={size}"
        while True:
            body = json.loads(pool.request("GET", url, headers=headers).data)
            yield from body["results"]
            if body["next"] is None or not body["results"]:
                return
            url = body["next"]

    return pages()


def _name(item: Any) -> str:
    return str(item["name"] if isinstance(item, dict) else item.name)


def worker(args: dict[str, Any]) -> None:
    """Walk the list in slices, each when the parent says ``go``; print JSON per slice."""
    items = _items(args)
    slices: list[int] = args["slices"]  # items per slice; the last one also drains the iterator
    traced = bool(args.get("tracemalloc"))
    gc.collect()
    if traced:
        import tracemalloc

        tracemalloc.start()
    start_rss = _status()["VmRSS"]
    print(json.dumps({"ready": True, "rss_kib": start_rss}), flush=True)
    for index, count in enumerate(slices):
        if not args.get("free_running") and sys.stdin.readline().strip() != "go":
            return
        peak_reset = _reset_peak()
        cpu, wall = time.process_time(), time.perf_counter()
        seen = 0
        for _ in range(count):
            _name(next(items))
            seen += 1
        if index == len(slices) - 1:
            for item in items:  # there must be nothing left
                _name(item)
                seen += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        report: dict[str, Any] = {"items": seen, "seconds": wall, "cpu": cpu}
        report["peak_delta_kib"] = _status()["VmHWM"] - start_rss if peak_reset else None
        if traced:
            report["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
        print(json.dumps(report), flush=True)


def _slices(total: int, page_size: int, rounds: int) -> list[int]:
    pages = -(-total // page_size)
    per, extra = divmod(pages, rounds)
    counts = [per + (1 if index < extra else 0) for index in range(rounds)]
    return [count * page_size for count in counts if count]


def _lockstep(args: dict[str, Any], rounds: int, expected: int) -> dict[str, list[dict[str, Any]]]:
    slices = _slices(expected, int(args["page_size"]), rounds)
    walkers = {
        mode: SteppedWorker("listing", {**args, "mode": mode, "slices": slices})
        for mode in ("sdk", "floor")
    }
    watchdog = threading.Timer(WALK_TIMEOUT, lambda: [w.process.kill() for w in walkers.values()])
    watchdog.start()
    try:
        results: dict[str, list[dict[str, Any]]] = {"sdk": [], "floor": []}
        for index in range(len(slices)):
            order = ("sdk", "floor") if index % 2 == 0 else ("floor", "sdk")
            for mode in order:
                results[mode].append(walkers[mode].step())
        for mode, rows in results.items():
            seen = sum(row["items"] for row in rows)
            if seen != expected:
                raise RuntimeError(f"{mode} listed {seen} projects, expected {expected}")
        return results
    finally:
        watchdog.cancel()
        for walker in walkers.values():
            walker.close()


def _traced_walk(args: dict[str, Any], expected: int) -> int:
    slices = [expected]
    command = worker_command(
        "listing", {**args, "mode": "sdk", "slices": slices, "tracemalloc": True, "free_running": 1}
    )
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=WALK_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"traced walk failed:\n{done.stderr[-3000:]}")
    last = json.loads(done.stdout.strip().splitlines()[-1])
    if last["items"] != expected:
        raise RuntimeError(f"traced walk listed {last['items']} projects, expected {expected}")
    return int(last["tracemalloc_peak"])


def run(ctx: Context) -> Section:
    scale = ctx.scale
    log = logger("listing")
    data = ctx.listing_data()
    small, large = scale.listing_sizes
    scenarios = [(small, 100), (small, 1000), (large, 1000)]
    rows: list[tuple[str, ...]] = []
    measured: dict[tuple[int, int], dict[str, Any]] = {}
    for size, page_size in scenarios:
        log(f"{size:,} projects, page_size={page_size}: {scale.listing_rounds} rounds in lockstep")
        args = {
            "url": ctx.server.url,
            "token": ctx.token,
            "workspace": data.workspaces[size],
            "page_size": page_size,
        }
        results = _lockstep(args, scale.listing_rounds, size)
        speed = {m: median(r["items"] / r["seconds"] for r in rs) for m, rs in results.items()}
        cpu = {
            m: sum(r["cpu"] for r in rs) / sum(r["items"] for r in rs) for m, rs in results.items()
        }
        peaks = {
            m: max(r["peak_delta_kib"] for r in rs) if rs[0]["peak_delta_kib"] is not None else None
            for m, rs in results.items()
        }
        speed_ratio = median(
            (s["items"] / s["seconds"]) / (f["items"] / f["seconds"])
            for s, f in zip(results["sdk"], results["floor"], strict=True)
        )
        rounds = len(results["sdk"])
        measured[(size, page_size)] = {"ratio": speed_ratio, "peak": peaks, "rounds": rounds}
        for mode, label in (("floor", "urllib3 + json.loads (floor)"), ("sdk", "annota")):
            rows.append(
                (
                    f"{size:,}",
                    str(page_size),
                    str(rounds),
                    label,
                    num(speed[mode]),
                    f"{(speed_ratio if mode == 'sdk' else 1.0):.2f}",
                    num(cpu[mode] * 1e6, 1),
                    f"{peaks[mode] / MIB:.1f}" if peaks[mode] is not None else "n/a",
                )
            )
        log(f"{size:,}/{page_size}: annota {speed_ratio:.2f}x floor")

    traced: dict[int, int] = {}
    if scale.listing_traced:
        for size in (small, large):
            log(f"tracemalloc walk of {size:,} (annota, page_size=1000, untimed)")
            args = {
                "url": ctx.server.url,
                "token": ctx.token,
                "workspace": data.workspaces[size],
                "page_size": 1000,
            }
            traced[size] = _traced_walk(args, size)

    section = Section("Listing: iterate over every project")
    section.para(
        f"Workspaces holding exactly {small:,} and {large:,} projects (4-6 labels each, a "
        "description, owner, workspace, statistics, two date-times); the client sends "
        f"`X-Workspace`. {data.sdk_created:,} projects were created through the SDK "
        "(`client.projects.create`, realistic specs); the other "
        f"{data.copied:,} are copies of those rows (with their labels; new ids, distinct "
        "names) bulk-inserted with sqlite3 into the server's SQLite file while it ran, since "
        f"{large:,} POSTs would not fit the time budget (set-up: {data.seconds:.0f} s). "
        "Each client walks the whole list once, in its own fresh process, in lockstep slices: "
        f"a round is the next 1/{scale.listing_rounds} of the pages for both clients (see the "
        "module docstring); "
        "items/s is the median over rounds and the ratio the median of per-round ratios.",
    )
    section.table(
        [
            "projects",
            "page_size",
            "rounds",
            "client",
            "items/s",
            "x floor (items/s)",
            "client CPU µs/item",
            "peak RSS above start, MiB",
        ],
        rows,
    )
    big, little = measured[(large, 1000)], measured[(small, 1000)]
    checks: list[str] = []
    flat = True
    sdk_big, sdk_little = big["peak"]["sdk"], little["peak"]["sdk"]
    if sdk_big is not None and sdk_little:
        growth = sdk_big / sdk_little
        flat = flat and growth < 1.5
        checks.append(f"x{growth:.2f} peak RSS")
    if traced:
        growth_traced = traced[large] / traced[small]
        flat = flat and growth_traced < 1.5
        checks.append(f"x{growth_traced:.2f} tracemalloc peak")
        section.table(
            ["projects", "page_size", "client", "tracemalloc peak MiB (one untimed walk)"],
            [(f"{size:,}", "1000", "annota", f"{traced[size] / 1024**2:.1f}") for size in traced],
        )
    measured_flat: bool | None = flat if checks else None
    section.para(
        f"annota's memory from {small:,} to {large:,} items (page_size=1000, {large // small}x "
        f"the items): {', '.join(checks) or 'not measured'}: "
        + (
            "it does not grow with the number of items (about two pages are alive while the "
            "next page is fetched, for both clients)."
            if flat
            else "**it grows with the number of items**."
        )
    )
    section.targets.append(
        Target(
            f"listing {large:,} ≥ 0.5x floor items/s",
            f"{big['ratio']:.2f}x",
            f"≥ {TARGET_SPEED}x",
            big["ratio"] >= TARGET_SPEED,
        )
    )
    section.targets.append(
        Target(
            f"listing peak memory flat from {small:,} to {large:,} items",
            ", ".join(checks) or "n/a",
            "< x1.5 for 10x the items",
            measured_flat,
        )
    )
    if big["ratio"] < TARGET_SPEED:
        import itertools

        scoped = ctx.client.with_workspace(data.workspaces[large])
        section.para(
            "cProfile (CPU time) of annota iterating over 3 pages of 1,000, share of the "
            "client's CPU time:"
        )
        section.table(
            ["function", "own time", "cumulative"],
            profile_top(lambda: list(itertools.islice(scoped.projects.list(page_size=1000), 3000))),
        )
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    worker(json.loads(sys.argv[2]))
