"""Every read and write costs a bounded number of SQL statements, on both databases.

The server runs in this process (uvicorn on a free loopback port, over real HTTP) so that
SQLAlchemy's ``before_cursor_execute`` event sees every statement it sends; requests are made
one at a time and operation workers are off, so each count belongs to exactly one request.
A retrieve costs at most 4 statements including authentication, a list page at most 5 whatever
its size; creates and updates have budgets of their own. ``BEGIN`` is not a statement here
(PostgreSQL's driver sends it implicitly, SQLite's is sent on the driver connection).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3
import uvicorn
from sqlalchemy import Engine, event
from support.db import fresh_database_url
from support.factories import unique
from support.http import Http
from support.ports import free_port
from support.server import ADMIN_PASSWORD, ADMIN_USERNAME

from annota_server.app import create_app
from annota_server.settings import Settings

RETRIEVE_BUDGET = 4
LIST_BUDGET = 5
WRITE_BUDGET = 11
"""9, plus the event outbox: its INSERT, and on PostgreSQL the lock that orders its ids."""


class StatementCounter:
    """Counts the statements every engine of this process sends."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.parameters: list[Any] = []
        self._lock = threading.Lock()

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        with self._lock:
            self.statements.append(statement)
            self.parameters.append(parameters)

    def reset(self) -> None:
        with self._lock:
            self.statements.clear()
            self.parameters.clear()

    def offsets(self) -> list[int]:
        """The rows skipped by every ``OFFSET`` sent (SQLite's dialect sends ``OFFSET 0``)."""
        found = []
        for statement, parameters in zip(self.statements, self.parameters, strict=True):
            match = re.search(r"OFFSET (\?|%\((\w+)\)s)", statement)
            if match is None:
                continue
            value = parameters[-1] if match[2] is None else parameters[match[2]]
            if value:
                found.append(int(value))
        return found


class InProcessServer:
    def __init__(self, url: str, counter: StatementCounter) -> None:
        self.url = url
        self.counter = counter

    def http(self, token: str | None = None, workspace: str | None = None) -> Http:
        return Http(self.url, token=token, workspace=workspace)

    def counted(self, http: Http, method: str, path: str, **kwargs: Any) -> tuple[Any, int]:
        """Send one request; return its answer and the statements it cost."""
        self.counter.reset()
        response = http.request(method, path, **kwargs)
        return response, len(self.counter.statements)


@pytest.fixture(scope="module")
def budget_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data_dir: Path = tmp_path_factory.mktemp("budget")
    settings = Settings(
        data_dir=data_dir,
        database_url=fresh_database_url(database_url, data_dir),
        operation_workers=0,
        validate_responses=True,
    )
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    counter = StatementCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        srv = InProcessServer(f"http://127.0.0.1:{port}", counter)
        http = srv.http()
        for _ in range(200):
            try:
                if http.get("/api/server/health").status == 200:
                    break
            except Exception:
                pass
            threading.Event().wait(0.05)
        _ensure_admin(settings)
        yield srv
    finally:
        event.remove(Engine, "before_cursor_execute", counter)
        server.should_exit = True
        thread.join(10)


def _ensure_admin(settings: Settings) -> None:
    from sqlalchemy import select

    from annota_server.accounts import create_user
    from annota_server.db.engine import Database
    from annota_server.db.models import User

    database = Database(settings.effective_database_url)
    try:
        with database.session(write=True) as db, db.begin():
            if db.scalar(select(User.id).where(User.username == ADMIN_USERNAME)) is None:
                create_user(db, username=ADMIN_USERNAME, password=ADMIN_PASSWORD, is_admin=True)
    finally:
        database.dispose()


@pytest.fixture(scope="module")
def world(budget_server: InProcessServer) -> dict[str, Any]:
    """A workspace with a member, a project with labels, a task with assets, jobs and shapes."""
    admin = budget_server.http()
    admin.token = admin.login(ADMIN_USERNAME, ADMIN_PASSWORD)
    password = "Us3r-Str0ng-Passw0rd!"
    username = unique("member")
    user = admin.post(
        "/api/users", json={"username": username, "password": password, "email": ""}
    ).expect(201)
    member = budget_server.http()
    member.token = member.login(username, password)
    workspace = admin.post("/api/workspaces", json={"slug": unique("ws"), "name": "budget"}).expect(
        201
    )
    admin.post(
        "/api/memberships",
        json={"workspace": workspace.json()["id"], "user": user.json()["id"], "role": "member"},
    ).expect(201)
    in_ws = member.in_workspace(workspace.json()["slug"])
    projects = [
        in_ws.post(
            "/api/projects",
            json={
                "name": unique("p"),
                "type": "detection",
                "labels": [{"name": f"l{n}"} for n in range(5)],
            },
        )
        .expect(201)
        .json()
        for _ in range(12)
    ]
    project = projects[0]
    task = (
        member.post("/api/tasks", json={"project": project["id"], "name": "t", "segment_size": 2})
        .expect(201)
        .json()
    )
    png = _png()
    body, content_type = urllib3.encode_multipart_formdata(
        [("files", (f"a{n}.png", png, "image/png")) for n in range(5)]
    )
    assets = (
        member.post(f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type)
        .expect(201)
        .json()["assets"]
    )
    label = project["labels"][0]["id"]
    shapes = [
        {"asset": a["id"], "label": label, "kind": "bbox", "points": [1, 1, 3, 3]} for a in assets
    ]
    member.put(f"/api/tasks/{task['id']}/annotations", json={"shapes": shapes}).expect(200)
    job = member.get("/api/jobs", params={"task": task["id"]}).expect(200).json()["results"][0]
    token = member.post("/api/auth/tokens", json={"name": "budget"}).expect(201).json()
    return {
        "admin": admin,
        "member": member,
        "in_ws": in_ws,
        "workspace": workspace.json(),
        "project": project,
        "task": task,
        "assets": assets,
        "job": job,
        "label": project["labels"][0],
        "token": token,
        "membership_user": user.json(),
    }


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return out.getvalue()


READS = [
    ("projects", "/api/projects/{project}"),
    ("labels", "/api/labels/{label}"),
    ("tasks", "/api/tasks/{task}"),
    ("jobs", "/api/jobs/{job}"),
    ("assets", "/api/assets/{asset}"),
    ("workspaces", "/api/workspaces/{workspace}"),
    ("users", "/api/users/{user}"),
    ("self", "/api/users/self"),
    ("tokens", "/api/auth/tokens/{token}"),
    ("task annotations", "/api/tasks/{task}/annotations"),
    ("job annotations", "/api/jobs/{job}/annotations"),
]

LISTS = [
    "/api/projects",
    "/api/labels",
    "/api/tasks",
    "/api/jobs",
    "/api/assets",
    "/api/workspaces",
    "/api/memberships",
    "/api/users",
    "/api/auth/tokens",
    "/api/operations",
]


def _ids(world: dict[str, Any]) -> dict[str, int]:
    return {
        "project": world["project"]["id"],
        "label": world["label"]["id"],
        "task": world["task"]["id"],
        "job": world["job"]["id"],
        "asset": world["assets"][0]["id"],
        "workspace": world["workspace"]["id"],
        "user": world["membership_user"]["id"],
        "token": world["token"]["id"],
    }


@pytest.mark.parametrize(("name", "template"), READS, ids=[r[0] for r in READS])
@pytest.mark.parametrize("in_workspace", [False, True], ids=["", "x-workspace"])
def test_retrieve_budget(
    budget_server: InProcessServer,
    world: dict[str, Any],
    name: str,
    template: str,
    in_workspace: bool,
) -> None:
    http = world["in_ws"] if in_workspace else world["member"]
    path = template.format(**_ids(world))
    response, count = budget_server.counted(http, "GET", path)
    assert response.status == 200, response
    assert count <= RETRIEVE_BUDGET, budget_server.counter.statements


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("in_workspace", [False, True], ids=["", "x-workspace"])
def test_list_budget_does_not_grow_with_the_page(
    budget_server: InProcessServer, world: dict[str, Any], path: str, in_workspace: bool
) -> None:
    http = world["in_ws"] if in_workspace else world["member"]
    counts = []
    for size in (1, 100):
        response, count = budget_server.counted(http, "GET", path, params={"page_size": size})
        assert response.status == 200, response
        counts.append(count)
    assert counts[0] == counts[1], budget_server.counter.statements
    assert counts[1] <= LIST_BUDGET, budget_server.counter.statements


def test_a_page_of_projects_loads_their_labels_and_statistics_at_once(
    budget_server: InProcessServer, world: dict[str, Any]
) -> None:
    response, count = budget_server.counted(
        world["in_ws"], "GET", "/api/projects", params={"page_size": 100}
    )
    page = response.expect(200).json()["results"]
    assert len(page) >= 12
    assert all(len(p["labels"]) == 5 for p in page)
    first = next(p for p in page if p["id"] == world["project"]["id"])
    assert first["statistics"] == {
        "tasks": 1,
        "jobs": 3,
        "assets": 5,
        "annotated_assets": 5,
        "annotations": 5,
        "predictions": 0,
        # Per-label counts come with the labels' own statement: no statement more.
        "by_label": [
            {
                "label": label["id"],
                "name": label["name"],
                "annotations": 5 if index == 0 else 0,
                "predictions": 0,
            }
            for index, label in enumerate(first["labels"])
        ],
    }
    assert count <= LIST_BUDGET


def test_access_token_authenticates_within_the_budget(
    budget_server: InProcessServer, world: dict[str, Any]
) -> None:
    http = budget_server.http(token=world["token"]["token"])
    path = f"/api/projects/{world['project']['id']}"
    http.get(path).expect(200)  # records last_used_at once; later requests within a minute don't
    response, count = budget_server.counted(http, "GET", path)
    assert response.status == 200
    assert count <= RETRIEVE_BUDGET, budget_server.counter.statements


def test_writes_have_a_fixed_budget(budget_server: InProcessServer, world: dict[str, Any]) -> None:
    member, ids = world["member"], _ids(world)
    writes: list[tuple[str, str, dict[str, Any]]] = [
        ("PATCH", f"/api/projects/{ids['project']}", {"json": {"description": "x"}}),
        ("PATCH", f"/api/labels/{ids['label']}", {"json": {"color": "#00ff00"}}),
        ("PATCH", f"/api/tasks/{ids['task']}", {"json": {"name": "renamed"}}),
        ("PATCH", f"/api/jobs/{ids['job']}", {"json": {"state": "in_progress"}}),
        (
            "POST",
            "/api/projects",
            {"json": {"name": unique("p"), "type": "detection", "labels": [{"name": "a"}]}},
        ),
        ("POST", "/api/tasks", {"json": {"project": ids["project"], "name": "t2"}}),
    ]
    for method, path, kwargs in writes:
        response, count = budget_server.counted(member, method, path, **kwargs)
        assert response.status in (200, 201), response
        assert count <= WRITE_BUDGET, (path, budget_server.counter.statements)


CURSOR_WALKS = [
    (path, sort)
    for path in ("/api/projects", "/api/assets")
    for sort in ("id", "-id", "name", "-created_at")
] + [("/api/labels", "-name"), ("/api/jobs", "updated_at")]


@pytest.mark.parametrize(("path", "sort"), CURSOR_WALKS)
def test_a_page_reached_by_its_cursor_costs_what_the_first_page_costs(
    budget_server: InProcessServer, world: dict[str, Any], path: str, sort: str
) -> None:
    http = world["in_ws"]
    params = {"page_size": 1, "sort": sort}
    first, first_count = budget_server.counted(http, "GET", path, params=params)
    link = first.expect(200).json()["next"]
    assert link is not None
    assert "cursor=" in link
    deeper, deeper_count = budget_server.counted(http, "GET", link)
    assert deeper.status == 200, deeper
    assert deeper.json()["results"] != first.json()["results"]
    assert deeper_count == first_count <= LIST_BUDGET
    # Read by the index from the cursor's row: no statement skips rows with an OFFSET.
    skipped = budget_server.counter.offsets()
    assert skipped == [], budget_server.counter.statements
    by_number, _ = budget_server.counted(http, "GET", path, params={**params, "page": 2})
    assert by_number.json()["results"] == deeper.json()["results"]
    assert budget_server.counter.offsets() == [1], "a page number alone skips rows"


@pytest.mark.parametrize("scope", ["task", "job"])
def test_a_page_of_annotations_costs_what_the_first_one_costs(
    budget_server: InProcessServer, world: dict[str, Any], scope: str
) -> None:
    path = f"/api/{scope}s/{world[scope]['id']}/annotations"
    params = {"assets_per_page": 1}
    first, first_count = budget_server.counted(world["member"], "GET", path, params=params)
    link = first.expect(200).json()["next"]
    assert link is not None
    deeper, deeper_count = budget_server.counted(world["member"], "GET", link)
    assert deeper.status == 200, deeper
    assert deeper.json()["shapes"] != first.json()["shapes"]
    assert deeper_count == first_count <= RETRIEVE_BUDGET + 1, budget_server.counter.statements
    assert budget_server.counter.offsets() == []
