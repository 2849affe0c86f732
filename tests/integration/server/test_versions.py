"""Every object's representation carries the version its ETag comes from, in lists too."""

from __future__ import annotations

from typing import Any

from support import Http, ServerProcess, TestUser, create_project, create_task, unique

from .operations_support import png, upload


def _etag(http: Http, path: str) -> str:
    etag = http.get(path).expect(200).headers.get("ETag")
    assert etag, path
    return str(etag)


def _same_version(http: Http, listed: dict[str, Any], path: str) -> None:
    """The listed object's version is the one the ETag of ``path`` names."""
    assert listed["version"] >= 1, path
    assert f'"{listed["id"]}-{listed["version"]}"' == _etag(http, path), path


def test_listed_objects_carry_the_version_of_their_etag(
    server: ServerProcess, new_user: TestUser
) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat", "dog"])
    # A change bumps the version: a listed 1 everywhere would not tell versions apart.
    http.patch(f"/api/projects/{project['id']}", json={"description": "changed"}).expect(200)
    task = create_task(http, project["id"])
    upload(http, task["id"], [("a.png", png(4, 4))])
    http.post("/api/auth/tokens", json={"name": unique("tok")}).expect(201)

    def first(path: str, **params: Any) -> dict[str, Any]:
        results: list[dict[str, Any]] = http.get(path, params=params).expect(200).json()["results"]
        assert results, path
        return results[0]

    listed_project = first("/api/projects", search=project["name"])
    assert listed_project["version"] == 2
    _same_version(http, listed_project, f"/api/projects/{project['id']}")
    for label in listed_project["labels"]:  # embedded in the project
        _same_version(http, label, f"/api/labels/{label['id']}")
    cases = {
        "/api/labels": {"project": project["id"]},
        "/api/tasks": {"project": project["id"]},
        "/api/jobs": {"task": task["id"]},
        "/api/assets": {"task": task["id"]},
        "/api/users": {"username": new_user.username},
        "/api/workspaces": {"owner": new_user.username},
        "/api/memberships": {"user": new_user.id},
        "/api/auth/tokens": {},
    }
    for path, params in cases.items():
        listed = first(path, **params)
        _same_version(http, listed, f"{path}/{listed['id']}")
