"""Long-running operations: listing, cancellation, results and their expiry, dead processes.

Most tests run on a server of their own (its own database, so the session's server's workers
cannot take its operations) with one worker, a step delay that keeps operations running for a
few seconds, a short staleness limit and a short result lifetime.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import Http, ServerProcess, assert_problem, create_project, create_task
from support.db import DatabaseProbe

from .operations_support import (
    finished,
    own_server,
    png,
    start_export,
    start_import,
    stored_files,
    upload,
    wait,
)

STEP_DELAY = 0.3
# Results outlive any test that reads them; test_results_expire shortens it on its own restart.
RESULT_TTL = 3600
SHORT_RESULT_TTL = 1


@pytest.fixture(scope="module")
def slow_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with own_server(
        database_url,
        tmp_path_factory.mktemp("slow"),
        ANNOTA_OPERATION_WORKERS="1",
        ANNOTA_OPERATION_STEP_DELAY=str(STEP_DELAY),
        ANNOTA_OPERATION_STALE_SECONDS="2",
        ANNOTA_RESULT_TTL_SECONDS=str(RESULT_TTL),
    ) as process:
        yield process


@pytest.fixture(scope="module")
def slow_db(slow_server: ServerProcess) -> Iterator[DatabaseProbe]:
    probe = DatabaseProbe(slow_server.database_url)
    yield probe
    probe.dispose()


@pytest.fixture
def slow_admin(slow_server: ServerProcess) -> Http:
    http = slow_server.http()
    http.login(slow_server.admin_username, slow_server.admin_password)
    return http


def _project_with_images(http: Http, count: int = 4) -> dict[str, Any]:
    project = create_project(http, labels=["dog"])
    task = create_task(http, project["id"])
    upload(http, task["id"], [(f"i{n}.png", png(8 + n, 8)) for n in range(count)])
    return dict(project)


def _running(http: Http, operation_id: int) -> dict[str, Any]:
    operation = wait(http, operation_id, until={"running", "finished", "failed", "cancelled"})
    assert operation["status"] == "running", operation
    return dict(operation)


def test_list_filters_and_sorts(admin_http: Http, make_user: Any) -> None:
    project = create_project(admin_http)
    other = create_project(admin_http)
    first = start_export(admin_http, project["id"], "coco")
    second = start_export(admin_http, project["id"], "annota")
    third = start_export(admin_http, other["id"], "coco")
    for operation in (first, second, third):
        finished(admin_http, operation["id"])
    page = admin_http.get("/api/operations", params={"project": project["id"]}).expect(200).json()
    assert [o["id"] for o in page["results"]] == [second["id"], first["id"]]  # newest first
    assert page["count"] == 2
    ascending = admin_http.get(
        "/api/operations", params={"project": project["id"], "sort": "created_at"}
    ).expect(200)
    assert [o["id"] for o in ascending.json()["results"]] == [first["id"], second["id"]]
    none = admin_http.get(
        "/api/operations", params={"project": project["id"], "kind": "import"}
    ).expect(200)
    assert none.json()["count"] == 0
    done = admin_http.get(
        "/api/operations", params={"project": other["id"], "status": ["finished", "failed"]}
    ).expect(200)
    assert [o["id"] for o in done.json()["results"]] == [third["id"]]
    assert_problem(admin_http.get("/api/operations/2000000000"), 404)
    stranger = make_user()
    assert stranger.http.get("/api/operations").expect(200).json()["count"] == 0


def test_cancel_of_an_ended_operation_is_a_conflict(admin_http: Http) -> None:
    project = create_project(admin_http)
    operation = finished(admin_http, start_export(admin_http, project["id"], "coco")["id"])
    assert_problem(admin_http.post(f"/api/operations/{operation['id']}/cancel"), 409)
    again = admin_http.get(f"/api/operations/{operation['id']}").expect(200).json()
    assert again["status"] == "finished"
    assert again["result_url"] is not None


def test_cancel_queued_and_running_exports_leaves_nothing(
    slow_admin: Http, slow_server: ServerProcess
) -> None:
    project = _project_with_images(slow_admin)
    running = start_export(slow_admin, project["id"], "coco", include_images=True)
    _running(slow_admin, running["id"])
    queued = start_export(slow_admin, project["id"], "annota")
    # One worker is busy: the second one waits, and a cancel ends it at once.
    cancelled = slow_admin.post(f"/api/operations/{queued['id']}/cancel").expect(200).json()
    assert cancelled["status"] == "cancelled"
    assert cancelled["finished_at"] is not None
    # Unfinished: no result yet.
    assert_problem(slow_admin.get(f"/api/operations/{running['id']}/result"), 409)
    stopping = slow_admin.post(f"/api/operations/{running['id']}/cancel").expect(200).json()
    assert stopping["status"] in ("running", "cancelled")
    ended = wait(slow_admin, running["id"])
    assert ended["status"] == "cancelled", ended
    assert ended["result_url"] is None, ended
    assert_problem(slow_admin.get(f"/api/operations/{running['id']}/result"), 409)
    assert_problem(slow_admin.post(f"/api/operations/{running['id']}/cancel"), 409)
    assert wait(slow_admin, queued["id"])["status"] == "cancelled"  # never started
    left = stored_files(slow_server.data_dir)
    assert not any(f.startswith(("results/", "imports/")) for f in left), left


def test_cancel_of_a_running_import_writes_nothing(
    slow_admin: Http, slow_server: ServerProcess, slow_db: DatabaseProbe
) -> None:
    source = _project_with_images(slow_admin, count=5)
    export = finished(
        slow_admin,
        start_export(slow_admin, source["id"], "annota", True)["id"],
    )
    data = slow_admin.get(export["result_url"]).expect(200).data
    target = create_project(slow_admin)
    # The operation's own events (queued, cancelled) are written like its row; nothing else.
    ignored = ("operations", "sessions", "access_tokens")
    counts = slow_db.row_counts(exclude=ignored)
    seen_events = {row["id"] for row in slow_db.rows("events")}
    files = stored_files(slow_server.data_dir)
    operation = start_import(slow_admin, target["id"], "annota", data)
    deadline = time.monotonic() + 20
    while slow_admin.get(f"/api/operations/{operation['id']}").json()["progress"] < 0.2:
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.05)
    slow_admin.post(f"/api/operations/{operation['id']}/cancel").expect(200)
    assert wait(slow_admin, operation["id"])["status"] == "cancelled"
    assert slow_db.row_counts(exclude=ignored) == counts
    new_events = [row["kind"] for row in slow_db.rows("events") if row["id"] not in seen_events]
    assert "operation.cancelled" in new_events
    assert all(kind.startswith("operation.") for kind in new_events), new_events
    left = stored_files(slow_server.data_dir) - files
    assert not {f for f in left if not f.startswith(f"results/{export['id']}/")}, left


def test_results_expire(slow_admin: Http, slow_server: ServerProcess) -> None:
    slow_server.env["ANNOTA_RESULT_TTL_SECONDS"] = str(SHORT_RESULT_TTL)
    try:
        slow_server.restart()
        project = create_project(slow_admin)
        operation = finished(slow_admin, start_export(slow_admin, project["id"], "annota")["id"])
        # Waiting out the lifetime is a lower bound, not a window: later is just as expired.
        time.sleep(SHORT_RESULT_TTL + 0.2)
        assert_problem(slow_admin.get(operation["result_url"]), 410)
        # The sweep deletes the file too (and then the result is still gone).
        deadline = time.monotonic() + 60
        while any(f.startswith(f"results/{operation['id']}/") for f in stored_files(
                slow_server.data_dir)):  # fmt: skip
            assert time.monotonic() < deadline, "the expired result was not deleted"
            time.sleep(0.2)
        assert_problem(slow_admin.get(operation["result_url"]), 410)
        gone = slow_admin.get(f"/api/operations/{operation['id']}").expect(200).json()
        assert gone["status"] == "finished"
    finally:
        slow_server.env["ANNOTA_RESULT_TTL_SECONDS"] = str(RESULT_TTL)
        slow_server.restart()


def _kill_and_restart(server: ServerProcess) -> None:
    assert server.process is not None
    server.process.kill()  # SIGKILL: no shutdown, no re-queue, the heartbeat just stops
    server.process.wait(10)
    server.process = None
    server.start(port=server.port)


def _attempts(db: DatabaseProbe, operation_id: int) -> int:
    rows = [r for r in db.rows("operations") if r["id"] == operation_id]
    return int(rows[0]["attempts"])


def test_an_operation_of_a_killed_process_is_run_again(
    slow_admin: Http, slow_server: ServerProcess, slow_db: DatabaseProbe
) -> None:
    project = _project_with_images(slow_admin, count=6)
    operation = start_export(slow_admin, project["id"], "coco", include_images=True)
    _running(slow_admin, operation["id"])
    _kill_and_restart(slow_server)
    ended = finished(slow_admin, operation["id"])
    assert _attempts(slow_db, operation["id"]) == 2
    archive = zipfile.ZipFile(io.BytesIO(slow_admin.get(ended["result_url"]).expect(200).data))
    assert len([n for n in archive.namelist() if n.startswith("images/")]) == 6
    results = [f for f in stored_files(slow_server.data_dir)
               if f.startswith(f"results/{operation['id']}/")]  # fmt: skip
    assert len(results) == 1  # the dead attempt left nothing behind


def test_with_one_attempt_a_killed_operation_fails(
    slow_admin: Http, slow_server: ServerProcess, slow_db: DatabaseProbe, tmp_path: Path
) -> None:
    slow_server.env["ANNOTA_OPERATION_MAX_ATTEMPTS"] = "1"
    try:
        slow_server.restart()
        project = _project_with_images(slow_admin, count=6)
        operation = start_export(slow_admin, project["id"], "coco", include_images=True)
        _running(slow_admin, operation["id"])
        _kill_and_restart(slow_server)
        ended = wait(slow_admin, operation["id"])
        assert ended["status"] == "failed", ended
        assert "the server process running it stopped" in ended["message"]
        assert ended["finished_at"] is not None
        assert ended["result_url"] is None
        assert_problem(slow_admin.get(f"/api/operations/{operation['id']}/result"), 409)
    finally:
        del slow_server.env["ANNOTA_OPERATION_MAX_ATTEMPTS"]
        slow_server.restart()
