"""``annota storages``: register a bucket (credentials from the environment) and fill a task."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from support import create_project, create_task
from support.factories import TestUser
from support.s3 import ACCESS_KEY, SECRET_KEY, S3Endpoint

from .conftest import Cli


def _json(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_register_a_bucket_and_fill_a_task(
    logged_in: Cli, new_user: TestUser, s3_endpoint: S3Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    bucket = s3_endpoint.new_bucket("cli")
    image = io.BytesIO()
    Image.new("RGB", (12, 9)).save(image, format="PNG")
    s3_endpoint.client.put_object(Bucket=bucket, Key="in/one.png", Body=image.getvalue())
    s3_endpoint.client.put_object(Bucket=bucket, Key="in/two.txt", Body=b"text")
    monkeypatch.setenv("ANNOTA_BUCKET_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("ANNOTA_BUCKET_SECRET_ACCESS_KEY", SECRET_KEY)
    created = logged_in(
        "storages", "create", "in", bucket, "--prefix", "in", "--endpoint-url", s3_endpoint.url,
        "--json",
    )  # fmt: skip
    assert created.code == 0, created.err
    (storage,) = _json(created.out)
    assert storage["bucket"] == bucket
    assert SECRET_KEY not in created.out
    listed = logged_in("storages", "list", "--json")
    assert [s["id"] for s in _json(listed.out)] == [storage["id"]]

    project = create_project(new_user.http, labels=[{"name": "a"}])
    task = create_task(new_user.http, project["id"])
    filled = logged_in("storages", "fill", str(task["id"]), str(storage["id"]), "--json")
    assert filled.code == 0, filled.err
    (asset,) = _json(filled.out)
    assert (asset["name"], asset["width"], asset["height"]) == ("one.png", 12, 9)
    assert "in/two.txt" in filled.out + filled.err

    missing = logged_in(
        "storages", "create", "x", "no-such-bucket-at-all", "--endpoint-url", s3_endpoint.url
    )
    assert missing.code != 0
    assert "bucket" in missing.err
