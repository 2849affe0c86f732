"""Unique names and small helpers that create data through the API (asserting success).

Every helper takes the :class:`~support.http.Http` client to act as, so the caller decides who
owns what. Names carry a random suffix: the session-scoped server is shared by every test.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .http import Http


def unique(prefix: str = "t") -> str:
    """``prefix`` plus a random suffix: lower-case letters, digits and dashes only."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@dataclass
class TestUser:
    """A user created for a test, logged in.

    Attributes: ``username``, ``password``, ``http`` (an :class:`Http` with the user's session
    token), ``id``, ``email`` and ``data`` (the User object the server returned at creation).
    Unpacks as ``username, password, http = make_user()``.
    """

    __test__ = False  # not a test class, despite the name

    username: str
    password: str
    http: Http
    id: int
    email: str
    data: dict[str, Any] = field(repr=False)

    @property
    def token(self) -> str | None:
        return self.http.token

    @property
    def basic(self) -> dict[str, Any]:
        """The user as a BasicUser object: ``{"id": ..., "username": ...}``."""
        return {"id": self.id, "username": self.username}

    def __iter__(self) -> Iterator[Any]:
        return iter((self.username, self.password, self.http))


def create_user(
    admin: Http,
    *,
    prefix: str = "user",
    password: str | None = None,
    is_admin: bool = False,
    login: bool = True,
    **extra: Any,
) -> TestUser:
    """Create a user as ``admin`` and (unless ``login=False``) log it in."""
    username = unique(prefix)
    password = password or f"Pw-{uuid.uuid4().hex}"
    body: dict[str, Any] = {
        "username": username,
        "password": password,
        "email": f"{username}@example.com",
        **extra,
    }
    if is_admin:
        body["is_admin"] = True
    data = admin.post("/api/users", json=body).expect(201).json()
    http = Http(admin.base_url)
    if login:
        http.login(username, password)
    return TestUser(
        username=username,
        password=password,
        http=http,
        id=int(data["id"]),
        email=body["email"],
        data=data,
    )


def add_member(owner: Http, workspace: dict[str, Any] | int, user_id: int, role: str) -> Any:
    """Add ``user_id`` to ``workspace`` with ``role``, acting as ``owner``; return the membership.

    ``workspace`` is a Workspace dict or an id.
    """
    workspace_id = workspace if isinstance(workspace, int) else workspace["id"]
    body = {"workspace": workspace_id, "user": user_id, "role": role}
    return owner.post("/api/memberships", json=body).expect(201).json()


def create_workspace(http: Http, *, prefix: str = "ws", **extra: Any) -> Any:
    """Create a shared workspace (the caller becomes its owner) and return it."""
    slug = unique(prefix)
    body = {"slug": slug, "name": f"Workspace {slug}", **extra}
    return http.post("/api/workspaces", json=body).expect(201).json()


def personal_workspace(http: Http, username: str) -> Any:
    """The personal workspace of ``username``, as ``http`` sees it."""
    response = http.get("/api/workspaces", params={"owner": username, "is_personal": True})
    results = response.expect(200).json()["results"]
    assert len(results) == 1, f"expected one personal workspace for {username}: {response!r}"
    return results[0]


def create_project(
    http: Http,
    *,
    name: str | None = None,
    type: str = "detection",
    labels: Sequence[dict[str, Any] | str] = (),
    workspace: str | None = None,
    **extra: Any,
) -> Any:
    """Create a project (in ``workspace``, a slug, when given) and return it.

    ``labels`` items may be plain names.
    """
    body: dict[str, Any] = {"name": name or unique("project"), "type": type, **extra}
    if labels:
        body["labels"] = [{"name": lb} if isinstance(lb, str) else lb for lb in labels]
    headers = {"X-Workspace": workspace} if workspace else None
    return http.post("/api/projects", json=body, headers=headers).expect(201).json()


def create_task(http: Http, project_id: int, *, name: str | None = None, **extra: Any) -> Any:
    """Create a task in ``project_id`` and return it."""
    body = {"project": project_id, "name": name or unique("task"), **extra}
    return http.post("/api/tasks", json=body).expect(201).json()


def job_of(http: Http, task_id: int) -> Any:
    """The single job a new task starts with."""
    response = http.get("/api/jobs", params={"task": task_id}).expect(200)
    results = response.json()["results"]
    assert len(results) == 1, f"expected one job for task {task_id}: {response!r}"
    return results[0]
