"""operation.wait() and cancel() against a server whose operations take a few seconds.

The server is the real one on a database of its own, with one worker and a step delay, so an
export stays running long enough to time out on or cancel. Waiting is the SDK's logic, the
same on every database, so this module runs on SQLite only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support import ServerProcess

import annota
from annota.errors import OperationCancelledError, OperationTimeoutError
from annota.proxies.projects import Project


@pytest.fixture(scope="module")
def slow_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[annota.Client]:
    directory = tmp_path_factory.mktemp("slow-sdk")
    server = ServerProcess(
        database_url=f"sqlite:///{directory / 'annota.db'}",
        data_dir=directory,
        extra_env={"ANNOTA_OPERATION_WORKERS": "1", "ANNOTA_OPERATION_STEP_DELAY": "0.3"},
    )
    server.start()
    try:
        credentials = (server.admin_username, server.admin_password)
        with annota.make_client(server.url, credentials=credentials) as client:
            yield client
    finally:
        server.stop()


@pytest.fixture
def project(slow_client: annota.Client, tmp_path: Path) -> Project:
    project = slow_client.projects.create(
        {"name": f"slow-{uuid.uuid4().hex[:6]}", "type": "detection", "labels": [{"name": "x"}]}
    )
    task = slow_client.tasks.create({"project": project.id, "name": "t"})
    paths = []
    for index in range(6):
        path = tmp_path / f"{index}.png"
        Image.new("RGB", (16, 16), (index * 40, 0, 0)).save(path)
        paths.append(path)
    task.upload_assets(paths)
    return project


class Percent:
    def __init__(self) -> None:
        self.done: list[float] = []

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        assert (total, unit) == (100, "%")

    def advance(self, amount: float) -> None:
        self.done.append(amount)

    def finish(self) -> None:
        pass


def _running(operation: Any) -> None:
    deadline = time.monotonic() + 20
    while operation.status != "running":
        assert time.monotonic() < deadline, f"still {operation.status}"
        time.sleep(0.05)
        operation.fetch()


def test_a_timeout_raises_and_leaves_the_operation_running(project: Project) -> None:
    operation = project.start_export("coco", include_images=True)
    # The export is slowed down (step delay) so that it outlasts the timeout; how quickly the
    # timeout is noticed is not asserted (a loaded machine is slow; a hang fails the run).
    with pytest.raises(OperationTimeoutError) as caught:
        operation.wait(timeout=0.5, poll_interval=0.1)
    assert caught.value.operation is operation
    assert operation.fetch().status in ("queued", "running")  # not cancelled
    progress = Percent()
    assert operation.wait(timeout=60, poll_interval=0.2, pbar=progress).status == "finished"
    assert all(step > 0 for step in progress.done)  # progress only moves forward
    assert round(sum(progress.done)) == 100


def test_cancelling_a_running_operation(project: Project) -> None:
    operation = project.start_export("annota", include_images=True)
    _running(operation)
    operation.cancel()
    with pytest.raises(OperationCancelledError) as caught:
        operation.wait(timeout=30, poll_interval=0.1)
    assert caught.value.operation.status == "cancelled"
    assert operation.result_url is None
    with pytest.raises(annota.ConflictError):
        operation.cancel()  # it has ended
