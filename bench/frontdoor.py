"""What the front door's per-request work costs: request id, log line, metrics.

Four annota-server processes on one SQLite database, each one uvicorn process without operation
workers, differ only in what wraps the connexion app:

- ``bare``: the connexion app with only the cleanup list handlers need (no request id, no log
  line, no body limits): the baseline;
- ``front door``: as shipped, metrics off (request id, plain log line, body limits);
- ``+ metrics``: ``ANNOTA_METRICS=1`` (a counter and a histogram per request);
- ``+ metrics, JSON log``: and ``ANNOTA_LOG_FORMAT=json``.

server_load's load process measures each in turn, in interleaved rounds (the order rotates), on
``GET /api/server/about`` (no database: the front door's largest share) and
``GET /api/projects/{id}``; each ratio is to ``bare`` in the same round, the median over rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.harness import (
    PYTHON,
    Context,
    Section,
    Server,
    Target,
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
VARIANTS = {
    "bare": {},
    "front door": {},
    "+ metrics": {"ANNOTA_METRICS": "1"},
    "+ metrics, JSON log": {"ANNOTA_METRICS": "1", "ANNOTA_LOG_FORMAT": "json"},
}
GOAL = 0.95  # at most 5% fewer requests/s than bare


class _Bare:
    """The least any front door must do: give the handlers a cleanup list and run it."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        from annota_server.middleware import CLEANUP_KEY

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cleanup: list[Any] = []
        try:
            await self.app({**scope, CLEANUP_KEY: cleanup}, receive, send)
        finally:
            for close in cleanup:
                await close()


def serve(args: dict[str, Any]) -> None:
    """One server process of a variant (``python -m bench.frontdoor --serve ARGS``)."""
    import uvicorn

    from annota_server import logs
    from annota_server.app import create_app
    from annota_server.settings import Settings

    settings = Settings.from_env()
    app = create_app(settings)
    if args["variant"] == "bare":
        app = _Bare(app.app)  # type: ignore[attr-defined]
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(args["port"]),
        access_log=False,
        log_config=logs.logging_config(logs.log_format()),
    )


def micro(args: dict[str, Any]) -> dict[str, Any]:
    """CPU time per request of each wrapper around an ASGI app that does nothing (a worker).

    CPU time of this process (``time.process_time``), so other load on the machine does not
    count; the log goes to a file, as it would in production.
    """
    import asyncio
    import logging.config
    import tempfile

    from annota_server import logs, metrics
    from annota_server.middleware import FrontDoor

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        routing = scope.setdefault("extensions", {}).setdefault("connexion_routing", {})
        routing["operation_id"] = "server_about"
        headers = [(b"content-type", b"application/json"), (b"content-length", b"2")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        return None

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/server/about",
        "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*"), (b"user-agent", b"bench")],
        "query_string": b"",
    }
    log_file = Path(tempfile.mkdtemp(prefix="annota-bench-door-")) / "server.log"
    config = logs.logging_config(args["format"])
    config["handlers"]["stderr"] = {
        "class": "logging.FileHandler",
        "filename": str(log_file),
        "formatter": "annota",
        "filters": ["request_id"],
    }
    logging.config.dictConfig(config)
    instruments = metrics.enable()
    variants: dict[str, Any] = {
        "bare": _Bare(endpoint),
        "front door": FrontDoor(endpoint, max_body_bytes=1 << 20),
        "+ metrics": FrontDoor(
            endpoint, max_body_bytes=1 << 20, metrics=instruments, scrape=lambda: b""
        ),
    }
    count = int(args["requests"])

    def timed(app: Any) -> float:
        async def many() -> None:
            for _ in range(count):
                await app(dict(scope), receive, send)

        began = time.process_time()
        asyncio.run(many())
        return (time.process_time() - began) / count * 1e6

    results: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for index in range(int(args["rounds"])):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(timed(variants[name]))
    log_file.unlink(missing_ok=True)
    return {name: median(values) for name, values in results.items()}


def _start(variant: str, data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = child_env(
        ANNOTA_DATA_DIR=str(data_dir), ANNOTA_OPERATION_WORKERS="0", **VARIANTS[variant]
    )
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "bench.frontdoor",
                "--serve",
                json.dumps({"variant": variant, "port": port}),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/server/about", timeout=2):
                return process, port
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{variant} did not start:\n{log.read_text()[-2000:]}") from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{variant} did not answer:\n{log.read_text()[-2000:]}")


def _login(port: int, credentials: tuple[str, str]) -> str:
    """A session token (the SDK's own session ends, and is revoked, when its client closes)."""
    username, password = credentials
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/auth/login",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        token: str = json.load(answer)["token"]
    return token


def run(ctx: Context) -> Section:
    import annota

    scale = ctx.scale
    log = logger("frontdoor")
    section = Section("Server: the front door's cost per request (request id, log line, metrics)")
    rounds = scale.load_rounds
    seconds = scale.load_seconds / rounds
    with Server(label="SQLite") as server:
        with annota.make_client(server.url, credentials=server.credentials) as client:
            ids = create_projects(client, 20, prefix="door")
        # Only the data stays: the variants serve it, each in a process of its own.
        data_dir = server.data_dir
        if server.process is not None:
            server.process.terminate()
            server.process.wait(timeout=30)
            server.process = None
        processes: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
        try:
            for variant in VARIANTS:
                processes[variant] = _start(variant, data_dir, data_dir / f"{variant}.log")
            token = _login(processes["bare"][1], server.credentials)
            scenarios = {
                "about": {"path": "/api/server/about", "headers": {}},
                "retrieve": {
                    "path": f"/api/projects/{ids[len(ids) // 2]}",
                    "headers": {"Authorization": f"Bearer {token}"},
                },
            }
            results: dict[str, list[dict[str, Any]]] = {variant: [] for variant in VARIANTS}
            names = list(VARIANTS)
            for index in range(rounds):
                shift = index % len(names)
                for variant in names[shift:] + names[:shift]:
                    args = {
                        "port": processes[variant][1],
                        "scenarios": scenarios,
                        "connections": scale.load_connections,
                        "seconds": seconds,
                        "rounds": 1,
                    }
                    result = run_json(worker_command("server_load", args), timeout=300)
                    results[variant].append(result["rounds"])
                log(f"round {index + 1}/{rounds} done")
        finally:
            for process, _port in processes.values():
                process.terminate()
                process.wait(timeout=30)

    def rps(variant: str, scenario: str, index: int) -> float:
        measured = results[variant][index][scenario][0]
        errors = measured["errors"]
        if errors:
            raise RuntimeError(f"{variant} {scenario}: {errors} errors")
        return float(measured["count"] / measured["seconds"])

    micro_rows = []
    cost: dict[str, float] = {}
    for fmt in ("plain", "json"):
        args = {"format": fmt, "requests": 3000 if scale.name == "quick" else 20000, "rounds": 5}
        per_request = run_json(
            [PYTHON, "-m", "bench.frontdoor", "--micro", json.dumps(args)], timeout=600
        )
        for variant, micros in per_request.items():
            if variant == "bare" and fmt == "json":
                continue
            label = variant if fmt == "plain" else f"{variant}, JSON log"
            cost[label] = micros - per_request["bare"]
            micro_rows.append((label, f"{micros:.1f}", f"{cost.get(label, 0.0):.1f}"))

    rows = []
    for scenario, title in (
        ("about", "`GET /api/server/about`"),
        ("retrieve", "`GET /api/projects/{id}`"),
    ):
        for variant in VARIANTS:
            per_round = [rps(variant, scenario, i) for i in range(rounds)]
            rel = median(
                rps(variant, scenario, i) / rps("bare", scenario, i) for i in range(rounds)
            )
            rows.append((title, variant, num(median(per_round)), f"{rel:.3f}"))
        # The front door's CPU per request against the time of one request at bare's rate.
        bare_rps = median(rps("bare", scenario, i) for i in range(rounds))
        for label in ("+ metrics", "+ metrics, JSON log"):
            share = cost[label] * 1e-6 * bare_rps
            section.targets.append(
                Target(
                    f"front door ({label}) CPU per request, share of a {title} at bare's req/s",
                    f"{share:.1%}",
                    f"< {1 - GOAL:.0%}",
                    share < 1 - GOAL,
                )
            )
    section.para(
        "One uvicorn process per variant on one SQLite database, no operation workers, logs to a "
        f"file. Load: server_load's load process, {scale.load_connections} keep-alive "
        f"connections, {rounds} interleaved rounds of {seconds:.2f} s per variant and request."
    )
    section.table(["request", "variant", "req/s", "x bare (same round)"], rows)
    section.para(
        "CPU time per request of each wrapper around an ASGI endpoint that does nothing, in one "
        "process (no network, log to a file; median of 5 interleaved rounds). The targets divide "
        "the front door's extra CPU by the time one request takes at bare's measured req/s: "
        "unlike the req/s ratios above, this does not move with the other load on the machine."
    )
    section.table(["variant", "us CPU per request", "us over bare"], micro_rows)
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--micro"]:
    print(json.dumps(micro(json.loads(sys.argv[2]))))
if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    os.environ.setdefault("ANNOTA_OPERATION_WORKERS", "0")
    serve(json.loads(sys.argv[2]))
