"""The Storage contract, once for each backend: a local directory and S3 (moto over HTTP).

The S3 backend runs with its smallest part size (5 MiB), so an 11 MiB write is a real
multipart upload of three parts.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import urllib3
from support.ports import free_port
from support.s3 import S3Endpoint, s3_client

from annota_server.s3_storage import PART_SIZE, S3Storage, StorageUnavailable
from annota_server.settings import ConfigurationError, Settings
from annota_server.storage import LocalStorage, Storage, TooLarge
from annota_server.storage_url import open_storage

BIG = 2 * PART_SIZE + 1024 * 1024  # three parts on S3


@dataclass
class Backend:
    """A storage under test and a look at what it holds, underneath the interface."""

    storage: Storage
    leftovers: Any  # () -> list[str]: partial files or unfinished multipart uploads
    raw_keys: Any  # () -> list[str]: every object, as the backend names it


@pytest.fixture(params=["local", "s3"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: S3Endpoint
) -> Iterator[Backend]:
    if request.param == "local":
        root = tmp_path / "storage"
        yield Backend(
            LocalStorage(root),
            lambda: [p.name for p in root.rglob("*.partial")],
            lambda: sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()),
        )
        return
    bucket = s3_endpoint.new_bucket("contract")
    storage = S3Storage(s3_client(s3_endpoint.url), bucket, "tenant/a")
    yield Backend(
        storage,
        lambda: s3_endpoint.multipart_uploads(bucket),
        lambda: sorted(s3_endpoint.keys(bucket)),
    )


def payload(size: int) -> bytes:
    return os.urandom(size)


class Failing(io.RawIOBase):
    """A stream that breaks after ``after`` bytes, as a client that disconnects mid-upload."""

    def __init__(self, data: bytes, after: int) -> None:
        self._stream = io.BytesIO(data)
        self._after = after

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._stream.tell() >= self._after:
            raise OSError("the client went away")
        return self._stream.read(min(size, self._after - self._stream.tell()))


# ---------------------------------------------------------------------------------- write/read
@pytest.mark.parametrize("size", [0, 1000, BIG])
def test_write_measures_and_read_returns_the_bytes(backend: Backend, size: int) -> None:
    data = payload(size)
    stored = backend.storage.write("assets/1/2/x.bin", io.BytesIO(data))
    assert (stored.key, stored.size) == ("assets/1/2/x.bin", size)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert backend.storage.exists("assets/1/2/x.bin")
    assert backend.storage.size("assets/1/2/x.bin") == size
    assert b"".join(backend.storage.read("assets/1/2/x.bin")) == data
    assert backend.leftovers() == []


@pytest.mark.parametrize("offset", [0, 3])
def test_write_from_a_file_on_disk(backend: Backend, tmp_path: Path, offset: int) -> None:
    """From a real file (S3 reads each part from it on the sending thread), from its position."""
    data = payload(BIG)
    source = tmp_path / "upload.bin"
    source.write_bytes(data)
    with source.open("rb") as stream:
        stream.seek(offset)
        stored = backend.storage.write("assets/1/f.bin", stream)
        assert stream.tell() == len(data)
    assert stored.size == len(data) - offset
    assert stored.sha256 == hashlib.sha256(data[offset:]).hexdigest()
    assert b"".join(backend.storage.read("assets/1/f.bin")) == data[offset:]
    with source.open("rb") as stream, pytest.raises(TooLarge):
        backend.storage.write("assets/1/g.bin", stream, limit=len(data) - 1)
    assert not backend.storage.exists("assets/1/g.bin")
    assert backend.leftovers() == []


def test_ranges(backend: Backend) -> None:
    data = payload(3 * 1024 * 1024 + 5)
    backend.storage.write("k/r.bin", io.BytesIO(data))
    for start, stop in [(0, 10), (5, None), (len(data) - 3, len(data)), (7, 7), (1 << 20, 3 << 20)]:
        got = b"".join(backend.storage.read("k/r.bin", start, stop))
        assert got == data[start:stop], (start, stop)


def test_open_is_seekable_for_zip_archives(backend: Backend) -> None:
    buffer = io.BytesIO()
    members = {f"images/{i}.bin": payload(300_000) for i in range(5)}
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    backend.storage.write("imports/a.zip", io.BytesIO(buffer.getvalue()))
    with backend.storage.open("imports/a.zip") as stream, zipfile.ZipFile(stream) as archive:
        assert sorted(archive.namelist()) == sorted(members)
        assert archive.read("images/3.bin") == members["images/3.bin"]
        stream.seek(-4, io.SEEK_END)
        assert stream.read() == buffer.getvalue()[-4:]


def test_overwrite_replaces_the_content(backend: Backend) -> None:
    backend.storage.write("k/o.bin", io.BytesIO(b"first"))
    backend.storage.write("k/o.bin", io.BytesIO(b"second"))
    assert b"".join(backend.storage.read("k/o.bin")) == b"second"


# ---------------------------------------------------------------------------------- failures
@pytest.mark.parametrize("size", [1000, BIG])
def test_over_the_limit_keeps_nothing(backend: Backend, size: int) -> None:
    with pytest.raises(TooLarge):
        backend.storage.write("k/big.bin", io.BytesIO(payload(size)), limit=size - 1)
    assert not backend.storage.exists("k/big.bin")
    assert backend.raw_keys() == []
    assert backend.leftovers() == []


@pytest.mark.parametrize("after", [100, PART_SIZE + 100])
def test_a_broken_stream_keeps_nothing(backend: Backend, after: int) -> None:
    stream: BinaryIO = Failing(payload(BIG), after)  # type: ignore[assignment]
    with pytest.raises(OSError, match="went away"):
        backend.storage.write("k/broken.bin", stream)
    assert not backend.storage.exists("k/broken.bin")
    assert backend.raw_keys() == []
    assert backend.leftovers() == []  # no multipart upload left open, no partial file


def test_keys_must_be_relative_paths(backend: Backend) -> None:
    for key in ["../escape.bin", "/abs.bin", "a/../../b", ""]:
        with pytest.raises(ValueError, match="not a storage key"):
            backend.storage.write(key, io.BytesIO(b"x"))
    assert backend.raw_keys() == []


# ---------------------------------------------------------------------------------- delete
def test_delete_and_delete_prefix(backend: Backend) -> None:
    storage = backend.storage
    for key in ["assets/1/a.bin", "assets/1/2/b.bin", "assets/10/c.bin", "results/1/d.zip"]:
        storage.write(key, io.BytesIO(b"x"))
    storage.delete("assets/1/a.bin")
    storage.delete("assets/1/a.bin")  # missing: not an error
    assert not storage.exists("assets/1/a.bin")
    storage.delete_prefix("assets/1")  # a folder: assets/10 is another one
    storage.delete_prefix("nothing/here")
    assert not storage.exists("assets/1/2/b.bin")
    assert storage.exists("assets/10/c.bin")
    assert storage.exists("results/1/d.zip")
    assert len(backend.raw_keys()) == 2


def test_adopt_takes_over_a_local_file(backend: Backend, tmp_path: Path) -> None:
    if not hasattr(backend.storage, "adopt"):
        pytest.skip("this backend has no adopt() yet")
    source = tmp_path / "made-by-a-worker.zip"
    data = payload(PART_SIZE + 10)
    source.write_bytes(data)
    stored = backend.storage.adopt("results/7/r.zip", source)
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert not source.exists()
    assert b"".join(backend.storage.read("results/7/r.zip")) == data


# ---------------------------------------------------------------------------------- S3 only
def test_s3_keys_live_under_the_prefix(backend: Backend) -> None:
    backend.storage.write("assets/1/x.bin", io.BytesIO(b"x"))
    if isinstance(backend.storage, S3Storage):
        assert backend.raw_keys() == ["tenant/a/assets/1/x.bin"]
    else:
        assert backend.raw_keys() == ["assets/1/x.bin"]


def test_download_url(backend: Backend) -> None:
    data = payload(2000)
    backend.storage.write("assets/1/x.bin", io.BytesIO(data))
    url = backend.storage.download_url("assets/1/x.bin", filename="cat 1.png")
    if isinstance(backend.storage, LocalStorage):
        assert url is None
        return
    assert url is not None
    with urllib3.PoolManager() as pool:  # no credentials: the URL is the permission
        whole = pool.request("GET", url)
        part = pool.request("GET", url, headers={"Range": "bytes=10-19"})
    assert whole.status == 200
    assert whole.data == data
    assert "cat%201.png" in whole.headers["Content-Disposition"]
    assert part.status == 206
    assert part.data == data[10:20]


def test_s3_unreachable_is_unavailable() -> None:
    storage = S3Storage(s3_client(f"http://127.0.0.1:{free_port()}"), "gone")
    for attempt in (
        lambda: storage.write("k/x.bin", io.BytesIO(b"x")),
        lambda: storage.exists("k/x.bin"),
        lambda: storage.read("k/x.bin"),
        lambda: storage.delete_prefix("k"),
    ):
        with pytest.raises(StorageUnavailable) as caught:
            attempt()
        assert caught.value.status == 503
        assert caught.value.headers["Retry-After"].isdigit()


# ---------------------------------------------------------------------------------- settings
def test_open_storage_from_the_settings(
    tmp_path: Path, s3_endpoint: S3Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = open_storage(Settings(data_dir=tmp_path))
    assert isinstance(default, LocalStorage)
    assert default.root == tmp_path / "storage"
    elsewhere = open_storage(Settings(data_dir=tmp_path, storage_url=f"file://{tmp_path}/files"))
    assert isinstance(elsewhere, LocalStorage)
    assert elsewhere.root == tmp_path / "files"

    for name, value in {
        "AWS_ACCESS_KEY_ID": "k",
        "AWS_SECRET_ACCESS_KEY": "s",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    bucket = s3_endpoint.new_bucket("settings")
    s3 = open_storage(Settings(storage_url=f"s3://{bucket}/p/q", s3_endpoint_url=s3_endpoint.url))
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix) == (bucket, "p/q")

    with pytest.raises(ConfigurationError, match="does not exist"):
        open_storage(Settings(storage_url="s3://no-such-bucket", s3_endpoint_url=s3_endpoint.url))
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConfigurationError, match="cannot be reached"):
        open_storage(Settings(storage_url=f"s3://{bucket}", s3_endpoint_url=dead))
    for url in ["ftp://host/x", "s3://", "file://host/path"]:
        with pytest.raises(ConfigurationError):
            open_storage(Settings(storage_url=url))


# ---------------------------------------------------------------------------------- listing
def test_list_keys_names_every_object_with_its_size_and_time(backend: Backend) -> None:
    import datetime as dt

    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    keys = ["assets/1/a.bin", "assets/1/t/b.bin", "assets/10/c.bin", "assets/2/d.bin", "r/e.bin"]
    for n, key in enumerate(keys):
        backend.storage.write(key, io.BytesIO(b"x" * n))
    listed = list(backend.storage.list_keys())
    assert sorted(item.key for item in listed) == keys
    assert {item.key: item.size for item in listed} == {key: n for n, key in enumerate(keys)}
    after = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    assert all(before <= item.modified <= after for item in listed), listed
    under = [item.key for item in backend.storage.list_keys("assets/1")]
    assert sorted(under) == ["assets/1/a.bin", "assets/1/t/b.bin"]
    # One folder's objects come together: the orphan sweep handles a project at a time.
    order = [item.key.split("/")[1] for item in listed if item.key.startswith("assets/")]
    assert len(set(order)) == 3
    runs = [order[0]] + [b for a, b in zip(order, order[1:], strict=False) if a != b]
    assert len(runs) == len(set(runs)), order
    assert list(backend.storage.list_keys("nothing/here")) == []
