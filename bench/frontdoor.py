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
            if variant == "+ metrics" and scenario == "retrieve":
                section.targets.append(
                    Target(
                        "front door with metrics, `GET /api/projects/{id}` req/s x bare",
                        f"{rel:.3f}",
                        f">= {GOAL}",
                        rel >= GOAL,
                    )
                )
    section.para(
        "One uvicorn process per variant on one SQLite database, no operation workers, logs to a "
        f"file. Load: server_load's load process, {scale.load_connections} keep-alive "
        f"connections, {rounds} interleaved rounds of {seconds:.2f} s per variant and request."
    )
    section.table(["request", "variant", "req/s", "x bare (same round)"], rows)
    return section


if __name__ == "__main__" and sys.argv[1:2] == ["--serve"]:
    os.environ.setdefault("ANNOTA_OPERATION_WORKERS", "0")
    serve(json.loads(sys.argv[2]))
