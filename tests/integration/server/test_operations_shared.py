"""Two server processes on one database share the queue: every operation runs exactly once.

Both processes' workers poll the same ``operations`` table; PostgreSQL hands each queued row to
one claimer (``FOR UPDATE SKIP LOCKED``), SQLite lets one claimer in at a time. A step delay
keeps each export running long enough that both processes are busy at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from support import Http, ServerProcess, create_project, create_task
from support.db import DatabaseProbe

from .operations_support import finished, fresh_database, png, start_export, upload

EXPORTS = 8


@pytest.fixture
def two_servers(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    directory = tmp_path_factory.mktemp("shared")
    env = {"ANNOTA_OPERATION_WORKERS": "2", "ANNOTA_OPERATION_STEP_DELAY": "0.2"}
    with fresh_database(database_url, directory) as url:
        first = ServerProcess(database_url=url, data_dir=directory / "a", extra_env=env)
        second = ServerProcess(database_url=url, data_dir=directory / "b", extra_env=env)
        second._admin_created = True  # one database: the first server created the admin
        try:
            first.start()
            second.start()
            yield first, second
        finally:
            second.stop()
            first.stop()


def _runs_by_worker(server: ServerProcess) -> Counter[int]:
    started = re.findall(r"operation (\d+) \(export, \w+\) started by worker", server.log_text())
    return Counter(int(op) for op in started)


def test_every_operation_runs_once_across_processes(
    two_servers: tuple[ServerProcess, ServerProcess],
) -> None:
    first, second = two_servers
    http: Http = first.http()
    http.login(first.admin_username, first.admin_password)
    project = create_project(http, labels=["dog"])
    task = create_task(http, project["id"])
    upload(http, task["id"], [(f"i{n}.png", png(8, 8)) for n in range(3)])
    started = [start_export(http, project["id"], "annota")["id"] for _ in range(EXPORTS)]

    ended = [finished(http, operation_id) for operation_id in started]
    assert {op["status"] for op in ended} == {"finished"}

    runs = _runs_by_worker(first) + _runs_by_worker(second)
    assert sorted(runs) == sorted(started)
    assert set(runs.values()) == {1}, f"an operation ran twice: {runs}"
    # Both processes took part (each had two idle workers while eight exports queued).
    assert _runs_by_worker(first)
    assert _runs_by_worker(second)
    probe = DatabaseProbe(first.database_url)
    try:
        attempts = [row["attempts"] for row in probe.rows("operations")]
    finally:
        probe.dispose()
    assert attempts == [1] * EXPORTS
