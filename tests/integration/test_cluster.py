"""A cluster: PostgreSQL, an S3 endpoint, two API processes and a worker sharing no disk.

The two ``run --api-only`` processes have data directories of their own and the worker a third;
files live only in the bucket. Whatever one API process stores the other serves, an export
asked of one runs on the worker and downloads from the other, and a worker killed mid-export
is replaced by another that finishes it, once.
"""

from __future__ import annotations

import hashlib
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from integration.server.operations_support import (
    finished,
    fresh_database,
    png,
    start_export,
    upload,
    wait,
)
from support import Http, ServerProcess, create_project, create_task
from support.db import DatabaseProbe
from support.s3 import S3Endpoint
from support.worker import WorkerProcess

pytestmark = [pytest.mark.postgres, pytest.mark.s3]
PREFIX = "cluster"
STALE_SECONDS = "2"  # how soon the next worker takes over a killed one's operation


@pytest.fixture
def cluster(
    database_url: str, s3_endpoint: S3Endpoint, tmp_path: Path
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("a cluster shares PostgreSQL")
    bucket = s3_endpoint.new_bucket()
    env = s3_endpoint.server_env(
        bucket, PREFIX, ANNOTA_OPERATION_STALE_SECONDS=STALE_SECONDS, ANNOTA_OPERATION_WORKERS="2"
    )
    with fresh_database(database_url, tmp_path) as url:
        first, second = (
            ServerProcess(
                database_url=url,
                data_dir=tmp_path / name,
                extra_env=env,
                run_args=["--api-only"],
                s3=(s3_endpoint, bucket, PREFIX),
            )
            for name in ("api-1", "api-2")
        )
        second._admin_created = True  # one database: the first one created the admin
        try:
            first.start()
            second.start()
            yield first, second
        finally:
            second.stop()
            first.stop()


def _claims(log: str, operation_id: int) -> int:
    return len(re.findall(rf"operation {operation_id} \(export, \w+\) started by worker", log))


def _local_files(*directories: Path) -> list[str]:
    return [str(p) for d in directories for p in (d / "storage").rglob("*") if p.is_file()]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_api_processes_and_a_worker_share_only_the_database_and_the_bucket(
    cluster: tuple[ServerProcess, ServerProcess], tmp_path: Path
) -> None:
    one, other = cluster
    http_one = Http(one.url)
    token = http_one.login(one.admin_username, one.admin_password)
    http_other = Http(other.url, token=token)  # sessions live in the shared database

    project = create_project(http_one, labels=["cat"])
    task = create_task(http_one, project["id"])
    images = {f"{n}.png": png(16 + n, 16, (n * 20, 90, 200)) for n in range(6)}
    assets = upload(http_one, task["id"], list(images.items()))

    # Uploaded through one, downloaded through the other.
    for asset in assets:
        content = http_other.get(f"/api/assets/{asset['id']}/content").expect(200).data
        assert content == images[asset["name"]]
        assert hashlib.sha256(content).hexdigest() == asset["sha256"]

    # An export asked of one: the API processes never run it; the worker does.
    worker_dir = tmp_path / "worker"
    worker = WorkerProcess(one, tmp_path / "worker.log", data_dir=worker_dir).start()
    try:
        quick = start_export(http_one, project["id"], "coco")
        done = finished(http_other, quick["id"])
        result = http_other.get(done["result_url"]).expect(200).data
        assert len(result) == done["result_size"] > 0
        assert _claims(worker.log_text(), quick["id"]) == 1
    finally:
        worker.stop()

    # A worker killed mid-export; the next one finishes it, once.
    slow = WorkerProcess(
        one, tmp_path / "slow.log", data_dir=worker_dir, ANNOTA_OPERATION_STEP_DELAY="0.5"
    ).start()
    try:
        export = start_export(http_one, project["id"], "annota", include_images=True)
        wait(http_other, export["id"], until={"running"})
        slow.wait_for_log(rf"operation {export['id']} \(export, annota\) started by worker")
    finally:
        slow.stop(signal.SIGKILL)
    assert http_other.get(f"/api/operations/{export['id']}").expect(200).json()["status"] == (
        "running"  # nobody knows yet that its worker is gone
    )
    successor = WorkerProcess(one, tmp_path / "successor.log", data_dir=worker_dir).start()
    try:
        done = finished(http_one, export["id"])
        result = http_other.get(done["result_url"]).expect(200).data
        assert len(result) == done["result_size"] > 0
        time.sleep(float(STALE_SECONDS))  # long enough for any second claim to show
        assert _claims(slow.log_text(), export["id"]) == 1
        assert _claims(successor.log_text(), export["id"]) == 1
        assert f"operation {export['id']}: the server process running it stopped" in (
            successor.log_text()
        )
    finally:
        successor.stop()
    probe = DatabaseProbe(one.database_url)
    try:
        with probe.engine.connect() as connection:
            attempts = connection.exec_driver_sql(
                f"SELECT attempts, status FROM operations WHERE id = {int(export['id'])}"
            ).one()
    finally:
        probe.dispose()
    assert tuple(attempts) == (2, "finished")

    # The files are in the bucket, and on no process's disk.
    keys = one.stored_keys()
    assert any(key.startswith("assets/") for key in keys)
    assert any(str(export["id"]) in key for key in keys if not key.startswith("assets/"))
    assert _local_files(one.data_dir, other.data_dir, worker_dir) == []
