"""The same scenarios through ``annota.Client`` and ``annota.AsyncClient`` (issue 32).

The real-server scenarios run on SQLite and PostgreSQL (the ``server`` fixture); the transport
scenarios (retries, deadline, timeouts, connection errors) against the stub server, once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from support import ServerProcess, free_port, unique

import annota
from annota import errors

from .helpers import Reply, StubServer, problem, project_json
from .twins import KINDS, Twin, run_twin

pytestmark = pytest.mark.parametrize("kind", KINDS)


def spec(name: str) -> dict[str, Any]:
    return {"name": unique(name), "type": "detection", "labels": [{"name": "cat"}]}


# ------------------------------------------------------------------------------- real server
def test_create_retrieve_update_remove_with_if_match(
    kind: str, server: ServerProcess, admin_token: str
) -> None:
    async def scenario(client: Any, t: Twin) -> None:
        project = await t(client.projects.create(spec("twin-crud")))
        again = await t(client.projects.retrieve(project.id))
        assert again == project
        assert again.name == project.name
        assert [label.name for label in again.labels] == ["cat"]

        await t(project.update(name="renamed"))
        assert project.name == "renamed"
        assert (await t(project.fetch())).name == "renamed"
        # `again` still holds the old ETag: the server refuses to overwrite the rename.
        with pytest.raises(errors.PreconditionFailedError):
            await t(again.update({"name": "lost update"}))
        assert (await t(client.projects.retrieve(project.id))).name == "renamed"

        await t(project.remove())
        with pytest.raises(errors.NotFoundError):
            await t(client.projects.retrieve(project.id))

    run_twin(kind, server.url, scenario, token=admin_token)


def test_lists_page_filter_and_count(kind: str, server: ServerProcess, admin_token: str) -> None:
    async def scenario(client: Any, t: Twin) -> None:
        project = await t(client.projects.create(spec("twin-list")))
        names = [unique("task") for _ in range(3)]
        for name in names:
            await t(client.tasks.create({"name": name, "project": project.id}))

        tasks = client.tasks.list(project=project.id, page_size=2, sort="id")
        assert [task.name for task in await t.all(tasks)] == names  # two pages
        assert await t.count(tasks) == 3
        assert (await t.first(tasks)).name == names[0]
        assert [task.name for task in await t.all(project.get_tasks(page_size=1))] == names
        found = await t.all(client.tasks.list(project=project.id, search=names[1]))
        assert [task.name for task in found] == [names[1]]
        with pytest.raises(errors.InvalidRequestError, match="no_such_filter"):
            client.tasks.list(no_such_filter=1)  # refused before any request

    run_twin(kind, server.url, scenario, token=admin_token)


def test_typed_errors_and_checked_bodies(
    kind: str, server: ServerProcess, admin_token: str
) -> None:
    async def scenario(client: Any, t: Twin) -> None:
        with pytest.raises(errors.InvalidRequestError, match="nmae"):
            await t(client.projects.create({"nmae": "x", "type": "detection"}))
        with pytest.raises(errors.ValidationError):
            await t(client.projects.create({"name": "", "type": "detection"}))
        with pytest.raises(errors.NotFoundError) as caught:
            await t(client.labels.retrieve(10**9))
        assert caught.value.status == 404

    run_twin(kind, server.url, scenario, token=admin_token)


def test_login_workspace_copies_and_close(
    kind: str, server: ServerProcess, admin_token: str
) -> None:
    slug = unique("twin-ws")

    async def scenario(client: Any, t: Twin) -> None:
        await t(client.login((server.admin_username, server.admin_password)))
        workspace = await t(client.workspaces.create({"slug": slug, "name": slug}))
        scoped = client.with_workspace(slug)
        made = await t(scoped.projects.create(spec("twin-scoped")))
        assert made.workspace.id == workspace.id
        assert [p.id for p in await t.all(scoped.projects.list())] == [made.id]
        await t(client.close())
        assert scoped.closed  # a copy is closed with its client
        with pytest.raises(errors.ClientClosedError):
            await t(scoped.projects.retrieve(made.id))

    run_twin(kind, server.url, scenario)


def test_many_calls_at_once(kind: str, server: ServerProcess, admin_token: str) -> None:
    async def scenario(client: Any, t: Twin) -> None:
        project = await t(client.projects.create(spec("twin-gather")))
        if t.is_async:
            got = await asyncio.gather(*[client.projects.retrieve(project.id) for _ in range(30)])
        else:
            got = [client.projects.retrieve(project.id) for _ in range(30)]
        assert {p.id for p in got} == {project.id}
        assert len(got) == 30

    run_twin(kind, server.url, scenario, token=admin_token)


# ------------------------------------------------------------------------------- transport
PROJECT = "/api/projects/1"
QUICK = annota.Config(backoff_factor=0.01)


def unavailable() -> Reply:
    return Reply(503, problem(503, "Service Unavailable"), {"Retry-After": "0"})


def test_retries_with_one_idempotency_key(kind: str, stub: StubServer) -> None:
    stub.on("GET", PROJECT, unavailable(), unavailable(), Reply(200, project_json(1)))
    stub.on("POST", "/api/projects", unavailable(), Reply(201, project_json(2)))

    async def scenario(client: Any, t: Twin) -> None:
        assert (await t(client.projects.retrieve(1))).name == "stub-project-1"
        assert (await t(client.projects.create({"name": "x", "type": "detection"}))).id == 2

    run_twin(kind, stub.url, scenario, config=QUICK)
    assert stub.count("GET", PROJECT) == 3
    keys = [
        {k.lower(): v for k, v in headers.items()}.get("idempotency-key")
        for (method, _), headers in zip(stub.requests, stub.request_headers, strict=True)
        if method == "POST"
    ]
    assert len(keys) == 2
    assert keys[0] is not None
    assert keys[0] == keys[1]


def test_retries_run_out_into_the_typed_error(kind: str, stub: StubServer) -> None:
    stub.on("GET", PROJECT, unavailable())

    async def scenario(client: Any, t: Twin) -> None:
        with pytest.raises(errors.ServerError) as caught:
            await t(client.projects.retrieve(1))
        assert caught.value.status == 503  # the last answer, once the retries ran out

    run_twin(kind, stub.url, scenario, config=annota.Config(retries=2, backoff_factor=0.01))
    assert stub.count("GET", PROJECT) == 3


def test_timeout_and_deadline(kind: str, stub: StubServer) -> None:
    stub.on("GET", PROJECT, Reply(hang=True))

    async def scenario(client: Any, t: Twin) -> None:
        with pytest.raises(errors.APITimeoutError):
            await t(client.with_options(timeout=0.3).projects.retrieve(1))
        with pytest.raises(errors.APITimeoutError):
            await t(client.with_options(deadline=0.3).projects.retrieve(1))

    run_twin(kind, stub.url, scenario, config=annota.Config(retries=0))


def test_nothing_listening(kind: str) -> None:
    async def scenario(client: Any, t: Twin) -> None:
        with pytest.raises(errors.APIConnectionError) as caught:
            await t(client.projects.retrieve(1))
        assert not isinstance(caught.value, errors.APITimeoutError)

    url = f"http://127.0.0.1:{free_port()}"
    run_twin(kind, url, scenario, config=annota.Config(retries=1, backoff_factor=0.01))


class Recorder:
    """A progress reporter that remembers what it was told."""

    def __init__(self) -> None:
        self.total: float | None = None
        self.done = 0.0
        self.finished = False

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        self.total = total

    def advance(self, amount: float) -> None:
        self.done += amount

    def finish(self) -> None:
        self.finished = True


def test_upload_with_progress(
    kind: str, server: ServerProcess, admin_token: str, tmp_path: Path
) -> None:
    from PIL import Image

    files = []
    for index in range(2):
        path = tmp_path / f"image-{index}.png"
        Image.new("RGB", (8 + index, 6), "green").save(path)
        files.append(path)
    recorder = Recorder()

    async def scenario(client: Any, t: Twin) -> None:
        project = await t(client.projects.create(spec("twin-upload")))
        task = await t(client.tasks.create({"name": "upload", "project": project.id}))
        assets = await t(task.upload_assets(files, pbar=recorder))
        assert [asset.name for asset in assets] == ["image-0.png", "image-1.png"]
        assert [(a.width, a.height) for a in assets] == [(8, 6), (9, 6)]
        assert [a.id for a in await t.all(task.get_assets())] == [a.id for a in assets]
        assert task.asset_count == 2  # the task was read again after the upload

    run_twin(kind, server.url, scenario, token=admin_token)
    assert recorder.total == sum(path.stat().st_size for path in files)
    assert recorder.done == recorder.total
    assert recorder.finished
