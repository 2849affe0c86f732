"""Where an upload's file parts stream while they arrive: only for a caller who may write.

A body that grows past one storage part starts its storage write before the handler runs
(see ``annota_server.uploads``). The token and the caller's right to write to the task are
checked when that write would start, so a stranger's or a forged token's body never reaches
the bucket. The storage here records what it is asked to begin; the app, the database and the
accounts are real.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import Http, create_project, create_task

from annota_server import accounts
from annota_server.context import Runtime
from annota_server.db.engine import Database
from annota_server.handlers.tasks import upload_streams
from annota_server.settings import Settings
from annota_server.storage import LocalStorage

from .operations_support import fresh_database, in_process_server

OWNER = "stream-owner"
STRANGER = "stream-stranger"
PASSWORD = "a long enough password 1"


class BeginRecording(LocalStorage):
    """Local storage that records which keys a streamed write was begun for."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.begun: list[str] = []

    def begin_write(self, key: str, descriptor: int) -> Any:
        self.begun.append(key)
        return object()


@pytest.fixture(scope="module")
def setup(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Http, Database, Settings]]:
    directory = tmp_path_factory.mktemp("streams")
    with fresh_database(database_url, directory) as url:
        settings = Settings(data_dir=directory, database_url=url, operation_workers=0)
        database = Database(url)
        try:
            with in_process_server(settings, OWNER, PASSWORD) as http:  # migrates the database
                with database.session(write=True) as db:
                    accounts.create_user(db, username=STRANGER, password=PASSWORD)
                    db.commit()
                yield http, database, settings
        finally:
            database.dispose()


def _begun_for(runtime: Runtime, task_id: int, token: str | None) -> list[str]:
    storage = runtime.storage
    assert isinstance(storage, BeginRecording)
    storage.begun.clear()
    headers = [(b"authorization", f"Bearer {token}".encode())] if token else []
    scope = {
        "type": "http",
        "path": f"/api/tasks/{task_id}/assets",
        "headers": headers,
        "extensions": {"connexion_routing": {"operation_id": "tasks_create_assets"}},
    }
    start = upload_streams(runtime)(scope)
    assert start is not None  # the operation streams on this storage
    with tempfile.TemporaryFile() as spooled:
        start(spooled.fileno())
    return list(storage.begun)


def test_only_a_caller_who_may_write_to_the_task_streams_to_storage(
    setup: tuple[Http, Database, Settings],
) -> None:
    http, database, settings = setup
    project = create_project(http)
    task = create_task(http, project["id"])
    stranger = Http(http.base_url).login(STRANGER, PASSWORD)
    runtime = Runtime(settings, database, "test", BeginRecording(settings.storage_dir))
    owner_keys = _begun_for(runtime, task["id"], http.token)
    assert len(owner_keys) == 1
    assert owner_keys[0].startswith(f"assets/{project['id']}/{task['id']}/")
    assert _begun_for(runtime, task["id"], stranger) == []  # not a member: 404 later
    assert _begun_for(runtime, task["id"], "forged-token") == []  # 401 later
    assert _begun_for(runtime, task["id"], None) == []
    assert _begun_for(runtime, task["id"] + 10_000, http.token) == []  # no such task
