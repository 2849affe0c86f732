"""Walk: the SDK's walk of a large list against a server that replays canned pages.

The listing section walks the real server, whose 100-400 µs per project hides what the client
spends. Here a tiny keep-alive HTTP server (stdlib sockets, its own process) answers
``/api/projects?page=P&page_size=N`` with pages encoded once before the timing starts: the same
realistic projects as the deserialization section (4-6 labels, owner, workspace, statistics,
two date-times), so the wall time is nearly all the client's.

Clients, each in its own fresh process, each walking the whole list once per round, in two
pairs that read the same fields:
- floor, name: urllib3 ``PoolManager`` GETs, page after page, + ``json.loads``; reads ``name``;
- annota, name: ``client.projects.list(page_size=N)``; reads each entity's ``name`` (what the
  listing section's clients read);
- floor, every field: the floor reading every field of every item's dict;
- annota, every field: reads every field through its typed attribute (enums, date-times, each
  label's kind, owner, workspace, statistics), so the SDK decodes everything.
Rounds rotate who goes first; a ratio is taken per round against the floor of the same pair,
then the median.
"""

from __future__ import annotations

import gc
import json
import socketserver
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.deserialize import project_dict, read_every_field
from bench.harness import (
    Context,
    Section,
    SteppedWorker,
    Target,
    logger,
    median,
    num,
    profile_top,
    run_json,
    worker_command,
)

NEEDS: set[str] = set()
TARGET = 0.6
PAGE_SIZE = 100  # the SDK's default (annota.Config.page_size)
TOKEN = "canned-token"
# mode -> (label, the floor it is compared with)
MODES = {
    "floor_name": ("urllib3 + json.loads, reads `name` (floor)", "floor_name"),
    "name": ("annota, reads `name`", "floor_name"),
    "floor_all": ("urllib3 + json.loads, reads every field (floor)", "floor_all"),
    "all": ("annota, reads every field (typed attributes)", "floor_all"),
}


# --------------------------------------------------------------------------------------------
# the canned server


def _response(body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def _pages(base: str, total: int, page_size: int) -> dict[int, bytes]:
    """Every page of the list as the server answers it, whole HTTP responses ready to send."""
    pages: dict[int, bytes] = {}
    count = -(-total // page_size)
    for page in range(1, count + 1):
        first = (page - 1) * page_size
        body = {
            "count": total,
            "next": f"{base}?page={page + 1}&page_size={page_size}" if page < count else None,
            "previous": f"{base}?page={page - 1}&page_size={page_size}" if page > 1 else None,
            "results": [project_dict(i) for i in range(first, min(first + page_size, total))],
        }
        pages[page] = _response(json.dumps(body).encode())
    return pages


def serve(args: dict[str, Any]) -> None:
    """Answer canned pages on a free loopback port until stdin closes."""
    from annota.client import API_VERSION

    total, page_size = int(args["items"]), int(args["page_size"])
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), socketserver.StreamRequestHandler)
    server.daemon_threads = True
    port = server.server_address[1]
    pages = _pages(f"http://127.0.0.1:{port}/api/projects", total, page_size)
    about = _response(
        json.dumps({"name": "canned", "version": "0", "api_version": API_VERSION}).encode()
    )
    missing = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass  # headers: nothing in them changes the answer
                target = urlsplit(line.split(b" ")[1].decode())
                answer = missing
                if target.path == "/api/server/about":
                    answer = about
                elif target.path == "/api/projects":
                    query = parse_qs(target.query)
                    if query.get("page_size") == [str(page_size)]:
                        answer = pages.get(int(query["page"][0]), missing)
                self.wfile.write(answer)

    server.RequestHandlerClass = Handler
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": port, "bytes": sum(map(len, pages.values()))}), flush=True)
    sys.stdin.read()  # the parent closes it to stop the server
    server.shutdown()


# --------------------------------------------------------------------------------------------
# the clients


def _read_all_dict(project: dict[str, Any]) -> None:
    _ = (project["id"], project["name"], project["description"], project["type"])
    _ = project["status"]
    for label in project["labels"]:
        _ = (label["id"], label["name"], label["color"], label["kind"])
    _ = (project["owner"]["username"], project["workspace"]["slug"])
    _ = (project["statistics"]["tasks"], project["created_at"], project["updated_at"])


def _walker(args: dict[str, Any]) -> Any:
    """A function that walks the whole list once and returns how many items it saw."""
    url, page_size = args["url"], int(args["page_size"])
    every_field = args["mode"] in ("all", "floor_all")
    if args["mode"].startswith("floor"):
        import urllib3

        pool = urllib3.PoolManager(timeout=urllib3.Timeout(connect=10, read=60))
        headers = {"Authorization": f"Bearer {TOKEN}"}
        base = f"{url}/api/projects"

        def pages() -> Iterator[dict[str, Any]]:
            page = 1
            while True:
                answer = pool.request(
                    "GET", f"{base}?page={page}&page_size={page_size}", headers=headers
                )
                body = json.loads(answer.data)
                yield from body["results"]
                if body["next"] is None or not body["results"]:
                    return
                page += 1

        def walk_floor() -> int:
            seen = 0
            for item in pages():
                if every_field:
                    _read_all_dict(item)
                else:
                    item["name"]  # noqa: B018 - reading is the point
                seen += 1
            return seen

        json.loads(pool.request("GET", f"{url}/api/server/about", headers=headers).data)
        return walk_floor

    import annota

    client = annota.make_client(url, token=TOKEN)
    client.server_about()  # connection, version check

    def walk_sdk() -> int:
        seen = 0
        for project in client.projects.list(page_size=page_size):
            if every_field:
                read_every_field(project)
            else:
                project.name  # noqa: B018 - reading is the point
            seen += 1
        return seen

    return walk_sdk


def worker(args: dict[str, Any]) -> None:
    """Walk the whole list once per ``go`` line; print JSON per walk."""
    if args["mode"] == "serve":
        serve(args)
        return
    walk = _walker(args)
    if args.get("profile"):
        print(json.dumps({"profile": profile_top(walk, count=14)}), flush=True)
        return
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            return
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        seen = walk()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(json.dumps({"items": seen, "seconds": wall, "cpu": cpu}), flush=True)


def run(ctx: Context) -> Section:
    quick = ctx.scale.name == "quick"
    total, rounds = (10_000, 3) if quick else (100_000, 5)
    log = logger("walk")
    log(f"encoding {total:,} projects into pages of {PAGE_SIZE}")
    server = SteppedWorker("walk", {"mode": "serve", "items": total, "page_size": PAGE_SIZE})
    try:
        url = f"http://127.0.0.1:{server.ready['port']}"
        args = {"url": url, "page_size": PAGE_SIZE}
        walkers = {mode: SteppedWorker("walk", {**args, "mode": mode}) for mode in MODES}
        try:
            results: dict[str, list[dict[str, Any]]] = {mode: [] for mode in MODES}
            names = list(MODES)
            for index in range(rounds + 1):  # round 0 warms up every process and is dropped
                shift = index % len(names)
                for mode in names[shift:] + names[:shift]:
                    row = walkers[mode].step()
                    if row["items"] != total:
                        raise RuntimeError(f"{mode} walked {row['items']} items, not {total}")
                    if index:
                        results[mode].append(row)
                log(f"round {index}/{rounds} done" + (" (warm-up)" if not index else ""))
        finally:
            for walker in walkers.values():
                walker.close(wait=10)
        speed = {m: median(r["items"] / r["seconds"] for r in rs) for m, rs in results.items()}
        ratio = {
            m: median(
                (r["items"] / r["seconds"]) / (f["items"] / f["seconds"])
                for r, f in zip(rs, results[MODES[m][1]], strict=True)
            )
            for m, rs in results.items()
        }
        cpu = {
            m: sum(r["cpu"] for r in rs) / sum(r["items"] for r in rs) for m, rs in results.items()
        }
        profiles: dict[str, Any] = {}
        for mode in ("name", "all"):
            if ratio[mode] < TARGET:
                log(f"goal missed ({mode}): profiling the SDK's walk")
                profiles[mode] = run_json(
                    worker_command("walk", {**args, "mode": mode, "profile": True}), timeout=600
                )["profile"]
    finally:
        server.close(wait=10)

    section = Section(f"Walk: {total:,} projects from canned pages")
    section.para(
        f"A server process replays {total:,} realistic projects "
        f"({server.ready['bytes'] / total:.0f} bytes each as JSON: 4-6 labels, owner, "
        "workspace, statistics, two date-times) in pages "
        f"of {PAGE_SIZE} (the SDK's default page size), encoded before the timing, so the "
        "server's own cost stays small. Each client walks the whole list once per round in its "
        f"own process; {rounds} rounds after a warm-up round, the order rotating. items/s is the "
        "median over rounds, the ratio the median of per-round ratios to the floor that reads "
        "the same fields; client CPU "
        "is the client process's CPU time over all rounds.",
    )
    rows = [
        (
            label,
            num(speed[mode]),
            f"{ratio[mode]:.2f}",
            num(cpu[mode] * 1e6, 1),
            f"{cpu[mode] / cpu[floor]:.2f}",
        )
        for mode, (label, floor) in MODES.items()
    ]
    section.table(
        [
            "client",
            "items/s",
            "x its floor (items/s)",
            "client CPU µs/item",
            "x its floor (CPU)",
        ],
        rows,
    )
    for mode in ("name", "all"):
        section.targets.append(
            Target(
                f"walk of {total:,} ({MODES[mode][0]}) ≥ {TARGET}x floor items/s",
                f"{ratio[mode]:.2f}x",
                f"≥ {TARGET}x",
                ratio[mode] >= TARGET,
            )
        )
    for mode, profile in profiles.items():
        section.para(f"cProfile (CPU time) of {MODES[mode][0]}, share of the client's CPU time:")
        section.table(["function", "own time", "cumulative"], profile)
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    worker(json.loads(sys.argv[2]))
