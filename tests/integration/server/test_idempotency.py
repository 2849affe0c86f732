"""Idempotency-Key: a POST or PATCH retried with the same key runs once and is answered again."""

from __future__ import annotations

import uuid

from support import Http, TestUser, assert_problem, create_project, create_task, unique

from .operations_support import multipart, png

KEY = "Idempotency-Key"


def _key() -> dict[str, str]:
    return {KEY: uuid.uuid4().hex}


def test_a_retried_create_is_replayed_not_run_twice(admin_http: Http) -> None:
    headers = _key()
    body = {"name": unique("idem"), "type": "detection"}
    first = admin_http.post("/api/projects", json=body, headers=headers).expect(201)
    again = admin_http.post("/api/projects", json=body, headers=headers).expect(201)
    assert again.json() == first.json()
    assert again.etag == first.etag
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert first.headers.get("Idempotent-Replayed") is None
    found = admin_http.get("/api/projects", params={"search": body["name"]}).expect(200).json()
    assert found["count"] == 1


def test_the_same_key_with_another_body_is_a_422_naming_the_header(admin_http: Http) -> None:
    headers = _key()
    admin_http.post(
        "/api/projects", json={"name": unique("a"), "type": "detection"}, headers=headers
    ).expect(201)
    other = admin_http.post(
        "/api/projects", json={"name": unique("b"), "type": "detection"}, headers=headers
    )
    assert_problem(other, 422, field=KEY)


def test_keys_belong_to_their_user(admin_http: Http, new_user: TestUser) -> None:
    headers = _key()
    admin_http.post(
        "/api/workspaces", json={"slug": unique("ws"), "name": "A"}, headers=headers
    ).expect(201)
    user_http = new_user.http
    slug = unique("ws")
    created = user_http.post("/api/workspaces", json={"slug": slug, "name": "B"}, headers=headers)
    assert created.expect(201).json()["slug"] == slug
    assert created.headers.get("Idempotent-Replayed") is None


def test_an_error_is_not_kept_so_the_retry_runs_again(admin_http: Http) -> None:
    project = create_project(admin_http)
    task = create_task(admin_http, project["id"])
    headers = {**_key(), "If-Match": '"0-0"'}
    body = {"name": unique("renamed")}
    stale = admin_http.patch(f"/api/tasks/{task['id']}", json=body, headers=headers)
    assert stale.status == 412
    headers["If-Match"] = admin_http.get(f"/api/tasks/{task['id']}").expect(200).etag or ""
    renamed = admin_http.patch(f"/api/tasks/{task['id']}", json=body, headers=headers).expect(200)
    assert renamed.json()["name"] == body["name"]


def test_a_retried_upload_stores_the_files_once(admin_http: Http) -> None:
    project = create_project(admin_http)
    task = create_task(admin_http, project["id"])
    data, content_type = multipart([("files", ("a.png", png(8, 8), "image/png"))])
    headers = _key()
    url = f"/api/tasks/{task['id']}/assets"
    first = admin_http.post(url, body=data, content_type=content_type, headers=headers)
    again = admin_http.post(url, body=data, content_type=content_type, headers=headers)
    assert first.expect(201).json() == again.expect(201).json()
    assert admin_http.get(f"/api/tasks/{task['id']}").expect(200).json()["asset_count"] == 1
    other, other_type = multipart([("files", ("b.png", png(8, 8), "image/png"))])
    changed = admin_http.post(url, body=other, content_type=other_type, headers=headers)
    assert_problem(changed, 422, field=KEY)


def test_a_body_with_a_lone_surrogate_is_keyed_like_any_other(admin_http: Http) -> None:
    # JSON may escape a lone surrogate; the key's hash of the body must not trip on it.
    headers = _key()
    raw = b'{"name": "lone-\\ud800-' + unique("s").encode() + b'", "type": "detection"}'
    first = admin_http.post(
        "/api/projects", body=raw, content_type="application/json", headers=headers
    )
    assert first.status < 500
    again = admin_http.post(
        "/api/projects", body=raw, content_type="application/json", headers=headers
    )
    assert again.status == first.status
