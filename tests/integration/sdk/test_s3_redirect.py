"""The SDK follows a server's redirect to its file storage without the annota credentials.

Two stub servers on their own ports stand for annota-server and for the storage host, so
the test sees exactly which headers reached each. (The real server with redirects on S3 is
tested in tests/integration/server/test_s3_server.py.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import annota

from .helpers import Reply, StubServer

DATA = bytes(range(256)) * 40


def asset_json(id: int, data: bytes, **changes: Any) -> dict[str, Any]:
    document = {
        "id": id,
        "version": 1,
        "task": 1,
        "job": 1,
        "project": 1,
        "name": "cat.png",
        "media_type": "image/png",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "width": 1,
        "height": 1,
        "position": 0,
        "created_at": "2024-01-02T03:04:05+00:00",
    }
    document.update(changes)
    return document


@pytest.fixture
def storage() -> Iterator[StubServer]:
    server = StubServer().start()
    try:
        yield server
    finally:
        server.stop()


def redirect_to(storage: StubServer, path: str) -> Reply:
    return Reply(307, None, headers={"Location": f"{storage.url}{path}?X-Amz-Signature=abc"})


def test_download_follows_the_redirect_without_token_or_workspace(
    stub: StubServer, storage: StubServer, tmp_path: Path
) -> None:
    stub.on("GET", "/api/assets/7", Reply(200, asset_json(7, DATA)))
    stub.on("GET", "/api/assets/7/content", redirect_to(storage, "/bucket/a/7.bin"))
    storage.on("GET", "/bucket/a/7.bin", Reply(200, DATA))
    with annota.Client(stub.url, token="secret-token", workspace="acme") as client:
        asset = client.assets.retrieve(7)
        saved = asset.download(tmp_path / "out/")
        assert asset.read_bytes() == DATA
    assert saved.read_bytes() == DATA
    assert storage.count("GET", "/bucket/a/7.bin") == 2
    for headers in storage.request_headers:
        names = {name.lower() for name in headers}
        assert "authorization" not in names, headers
        assert "x-workspace" not in names, headers
    api_headers = stub.request_headers[-1]
    assert api_headers.get("Authorization") == "Bearer secret-token"
    assert api_headers.get("X-Workspace") == "acme"


def test_the_redirected_bytes_are_still_checked(
    stub: StubServer, storage: StubServer, tmp_path: Path
) -> None:
    stub.on("GET", "/api/assets/8", Reply(200, asset_json(8, DATA)))
    stub.on("GET", "/api/assets/8/content", redirect_to(storage, "/bucket/a/8.bin"))
    tampered = DATA[:-1] + b"\x00"
    storage.on("GET", "/bucket/a/8.bin", Reply(200, tampered))
    with annota.Client(stub.url, token="secret-token") as client:
        asset = client.assets.retrieve(8)
        with pytest.raises(annota.errors.IntegrityError, match="SHA-256"):
            asset.download(tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
    assert list(tmp_path.iterdir()) == []


def test_an_error_of_the_storage_host_raises(
    stub: StubServer, storage: StubServer, tmp_path: Path
) -> None:
    stub.on("GET", "/api/assets/9", Reply(200, asset_json(9, DATA)))
    stub.on("GET", "/api/assets/9/content", redirect_to(storage, "/bucket/a/9.bin"))
    storage.on("GET", "/bucket/a/9.bin", Reply(403, {"message": "Request has expired"}))
    with annota.Client(stub.url, token="secret-token") as client:
        asset = client.assets.retrieve(9)
        with pytest.raises(annota.errors.PermissionDeniedError):
            asset.download(tmp_path / "x.png")
    assert list(tmp_path.iterdir()) == []
