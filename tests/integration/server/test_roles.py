"""Roles: ``run --api-only`` serves without running operations, ``worker`` runs them.

The API process and the worker process share only the database (and here the data dir, since
local storage is a directory). On PostgreSQL the worker polls only once an hour in these tests,
so an operation it claims while idle can only have been announced by ``NOTIFY``.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import Http, ServerProcess, create_project, create_task, free_port
from support.server import REPO_ROOT
from support.worker import WorkerProcess

from .operations_support import finished, fresh_database, png, start_export, upload, wait

NEVER = "3600"  # a poll interval no test waits for


@pytest.fixture(scope="module")
def api_only(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One API-only server per backend: each test ends with every operation it queued finished,
    so the next finds no operation waiting (and runs its own worker processes)."""
    directory = tmp_path_factory.mktemp("api-only")
    with fresh_database(database_url, directory) as url:
        server = ServerProcess(
            database_url=url,
            data_dir=directory,
            run_args=["--api-only"],
            extra_env={"ANNOTA_OPERATION_WORKERS": "2"},
        )
        try:
            server.start()
            yield server
        finally:
            server.stop()


def _claims(log: str) -> list[int]:
    return [int(n) for n in re.findall(r"operation (\d+) \(\w+, \w+\) started by worker", log)]


def test_api_only_queues_and_a_worker_process_runs(
    api_only: ServerProcess, database_url: str, tmp_path: Path
) -> None:
    http = api_only.http()
    http.login(api_only.admin_username, api_only.admin_password)
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    upload(http, task["id"], [("a.png", png(8, 8))])
    first = start_export(http, project["id"], "coco")

    # Several poll intervals of a process that would run operations: nothing claims it.
    time.sleep(1.5)
    assert http.get(f"/api/operations/{first['id']}").expect(200).json()["status"] == "queued"
    assert "operation workers" not in api_only.log_text()

    postgres = database_url.startswith("postgresql")
    # On PostgreSQL the worker never polls again after its first look: NOTIFY must wake it.
    env = {"ANNOTA_OPERATION_POLL_SECONDS": NEVER} if postgres else {}
    worker = WorkerProcess(api_only, tmp_path / "worker.log", **env).start()
    try:
        finished(http, first["id"])  # queued before the worker started: its first look
        if postgres:
            worker.wait_for_log(r"operation \d+ finished")
            time.sleep(1.0)  # the worker is idle now, in its hour-long wait
        second = start_export(http, project["id"], "annota")
        finished(http, second["id"])
        assert _claims(worker.log_text()) == [first["id"], second["id"]]
        assert _claims(api_only.log_text()) == []
    finally:
        assert worker.stop() == 0
    assert "running operations go back to the queue" in worker.log_text()


def test_a_stopped_worker_gives_its_operation_back(
    api_only: ServerProcess, database_url: str, tmp_path: Path
) -> None:
    http = api_only.http()
    http.login(api_only.admin_username, api_only.admin_password)
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    upload(http, task["id"], [(f"{n}.png", png(8, 8)) for n in range(4)])
    slow = {"ANNOTA_OPERATION_STEP_DELAY": "0.3"}
    if database_url.startswith("postgresql"):
        slow["ANNOTA_OPERATION_POLL_SECONDS"] = NEVER
    first = WorkerProcess(api_only, tmp_path / "first.log", **slow).start()
    try:
        operation = start_export(http, project["id"], "annota", include_images=True)
        wait(http, operation["id"], until={"running"})
    finally:
        assert first.stop(signal.SIGTERM) == 0
    back = http.get(f"/api/operations/{operation['id']}").expect(200).json()
    assert back["status"] == "queued", back

    # The next worker on PostgreSQL hears the re-queue's NOTIFY or finds it on its first look.
    second = WorkerProcess(api_only, tmp_path / "second.log").start()
    try:
        done = finished(http, operation["id"])
        assert done["result_size"] > 0
        assert _claims(first.log_text()) == [operation["id"]]
        assert _claims(second.log_text()) == [operation["id"]]
    finally:
        second.stop()


def test_a_worker_serves_its_metrics(
    api_only: ServerProcess, database_url: str, tmp_path: Path
) -> None:
    http = api_only.http()
    http.login(api_only.admin_username, api_only.admin_password)
    project = create_project(http, labels=["cat"])
    port = free_port()
    worker = WorkerProcess(
        api_only, tmp_path / "worker.log", args=["--metrics-port", str(port)]
    ).start()
    try:
        finished(http, start_export(http, project["id"], "coco")["id"])
        text = Http(f"http://127.0.0.1:{port}").get("/metrics").expect(200).text
    finally:
        worker.stop()
    assert 'annota_operation_duration_seconds_count{kind="export",outcome="finished"} 1.0' in text
    assert 'annota_operations{status="queued"} 0.0' in text


def test_worker_refuses_zero_threads(api_only: ServerProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annota_server", "worker", *api_only._db_args()],
        cwd=REPO_ROOT,
        env={**api_only._environ(), "ANNOTA_OPERATION_WORKERS": "0"},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert b"ANNOTA_OPERATION_WORKERS must be at least 1" in result.stderr


def test_workers_option_takes_a_count_or_auto() -> None:
    from annota_server.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["run", "--workers", "3"]).workers == 3
    assert parser.parse_args(["run", "--workers", "auto"]).workers >= 1
    for bad in ("0", "-1", "many"):
        with pytest.raises(SystemExit):
            parser.parse_args(["run", "--workers", bad])
