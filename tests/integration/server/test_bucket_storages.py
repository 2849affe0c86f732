"""Data that stays in its bucket: registered S3 buckets (moto) whose objects assets reference."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from support import ServerProcess, TestUser, assert_problem, create_project, create_task, unique
from support.db import DatabaseProbe
from support.s3 import ACCESS_KEY, SECRET_KEY, S3Endpoint

SECRET = f"{SECRET_KEY}-{unique('s')}"  # a secret no answer, log line or row may show


def _image(fmt: str, size: tuple[int, int], orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if orientation is None:
        image.save(out, format=fmt)
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


PNG = _image("PNG", (40, 30))
TURNED_JPEG = _image("JPEG", (40, 30), orientation=6)  # shown upright: 30 x 40


class Bucket:
    """A fresh bucket of moto's server holding a few objects under ``photos/``."""

    def __init__(self, endpoint: S3Endpoint) -> None:
        self.endpoint = endpoint
        self.name = endpoint.new_bucket("source")
        self.put("photos/a.png", PNG)
        self.put("photos/sub/b.jpg", TURNED_JPEG)
        self.put("photos/notes.txt", b"not an image")
        self.put("photos/fake.png", b"text named like an image")
        self.put("other/c.png", PNG)

    def put(self, key: str, data: bytes) -> None:
        self.endpoint.client.put_object(Bucket=self.name, Key=key, Body=data)

    def spec(self, **changes: Any) -> dict[str, Any]:
        return {
            "name": "photos",
            "bucket": self.name,
            "prefix": "photos",
            "endpoint_url": self.endpoint.url,
            "region": "us-east-1",
            "access_key_id": ACCESS_KEY,
            "secret_access_key": SECRET,
            **changes,
        }


@pytest.fixture
def bucket(s3_endpoint: S3Endpoint) -> Bucket:
    return Bucket(s3_endpoint)


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def test_register_a_bucket_and_fill_a_task_from_it(
    server: ServerProcess, new_user: TestUser, bucket: Bucket
) -> None:
    http = new_user.http
    log_start = server.log_size()
    created = http.post("/api/storages", json=bucket.spec()).expect(201)
    storage = created.json()
    assert storage["bucket"] == bucket.name
    assert storage["prefix"] == "photos"
    assert "secret_access_key" not in storage
    assert "access_key_id" not in storage
    listed = http.get("/api/storages").expect(200)
    assert [s["id"] for s in listed.json()["results"]] == [storage["id"]]
    again = http.get(f"/api/storages/{storage['id']}").expect(200)
    _no_secret(created.text, listed.text, again.text)

    project = create_project(http, labels=[{"name": "a"}])
    task = create_task(http, project["id"], segment_size=1)
    own_files = server.stored_keys()
    filled = http.post(
        f"/api/tasks/{task['id']}/assets_from_storage", json={"storage": storage["id"]}
    ).expect(201)
    body = filled.json()
    assets = {a["name"]: a for a in body["assets"]}
    assert set(assets) == {"a.png", "sub_b.jpg"}
    assert (assets["a.png"]["width"], assets["a.png"]["height"]) == (40, 30)
    assert (assets["sub_b.jpg"]["width"], assets["sub_b.jpg"]["height"]) == (30, 40)
    assert assets["a.png"]["size"] == len(PNG)
    assert assets["a.png"]["media_type"] == "image/png"
    assert assets["a.png"]["storage"] == storage["id"]
    assert len(body["jobs"]) == 2
    skipped = {s["name"]: s["reason"] for s in body["skipped"]}
    assert set(skipped) == {"photos/notes.txt", "photos/fake.png"}
    assert "not an image" in skipped["photos/notes.txt"]
    assert server.stored_keys() == own_files, "no byte was copied into the server's storage"

    content = http.get(f"/api/assets/{assets['a.png']['id']}/content").expect(200)
    assert content.data == PNG
    ranged = http.get(
        f"/api/assets/{assets['a.png']['id']}/content", headers={"Range": "bytes=0-7"}
    ).expect(206)
    assert ranged.data == PNG[:8]
    thumbnail = http.get(f"/api/assets/{assets['sub_b.jpg']['id']}/thumbnail?size=32")
    assert thumbnail.expect(200).data[:2] == b"\xff\xd8"

    # Changed, then deleted, in the bucket: reported, never served wrong.
    bucket.put("photos/a.png", _image("PNG", (10, 10)))
    changed = http.get(f"/api/assets/{assets['a.png']['id']}/content")
    problem = assert_problem(changed, 409)
    assert "photos/a.png" in problem["detail"]
    bucket.endpoint.client.delete_object(Bucket=bucket.name, Key="photos/sub/b.jpg")
    gone = http.get(f"/api/assets/{assets['sub_b.jpg']['id']}/content")
    assert "photos/sub/b.jpg" in assert_problem(gone, 410)["detail"]
    # Deleting the asset leaves the bucket's object alone.
    http.delete(f"/api/assets/{assets['a.png']['id']}").expect(204)
    assert "photos/a.png" in bucket.endpoint.keys(bucket.name, "photos/")
    _no_secret(server.log_since(log_start))


def test_credentials_are_stored_sealed(
    new_user: TestUser, bucket: Bucket, database_url: str
) -> None:
    new_user.http.post("/api/storages", json=bucket.spec()).expect(201)
    probe = DatabaseProbe(database_url)
    try:
        stored = [row["credentials"] for row in probe.rows("cloud_storages")]
    finally:
        probe.dispose()
    assert stored
    assert all(SECRET not in value and ACCESS_KEY not in value for value in stored)


def test_bad_buckets_are_refused_without_showing_the_secret(
    new_user: TestUser, bucket: Bucket, refusing_endpoint: S3Endpoint
) -> None:
    http = new_user.http
    missing = http.post("/api/storages", json=bucket.spec(bucket="no-such-bucket-here"))
    assert_problem(missing, 400, field="bucket")
    refused = http.post("/api/storages", json=bucket.spec(endpoint_url=refusing_endpoint.url))
    assert_problem(refused, 400, field="access_key_id")
    too_long = http.post("/api/storages", json=bucket.spec(secret_access_key=SECRET * 20))
    assert_problem(too_long, 400, field="secret_access_key")
    for endpoint in ("http://b*\u0011`", "http://127.0.0.1:1", "http://[::1"):
        wrong = http.post("/api/storages", json=bucket.spec(endpoint_url=endpoint))
        assert_problem(wrong, 400, field="endpoint_url")
    unknown = http.post("/api/storages", json={**bucket.spec(), "token": "x"})
    assert_problem(unknown, 400)
    _no_secret(missing.text, refused.text, too_long.text, unknown.text)
    assert http.get("/api/storages").expect(200).json()["count"] == 0, "nothing was registered"


def test_a_storage_of_another_workspace_cannot_fill_a_task(
    new_user: TestUser, make_user: Any, bucket: Bucket
) -> None:
    other_user = make_user()
    theirs = other_user.http.post("/api/storages", json=bucket.spec()).expect(201).json()
    project = create_project(new_user.http, labels=[{"name": "a"}])
    task = create_task(new_user.http, project["id"])
    answer = new_user.http.post(
        f"/api/tasks/{task['id']}/assets_from_storage", json={"storage": theirs["id"]}
    )
    assert_problem(answer, 400, field="storage")
    assert new_user.http.get(f"/api/storages/{theirs['id']}").status == 404


@pytest.fixture(scope="module")
def refusing_endpoint() -> Iterator[S3Endpoint]:
    """An S3 server that checks credentials (and knows none)."""
    endpoint = S3Endpoint(check_credentials=True).start()
    try:
        yield endpoint
    finally:
        endpoint.stop()
