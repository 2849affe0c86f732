"""Helpers of the dataset and operation tests: images, uploads, waiting for operations."""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import uvicorn
from PIL import Image
from sqlalchemy.pool import NullPool
from support import Http, ServerProcess
from urllib3 import encode_multipart_formdata

from annota_server import accounts
from annota_server.app import create_app
from annota_server.db.engine import Database
from annota_server.settings import Settings

ENDED = {"finished", "failed", "cancelled"}


def png(width: int, height: int, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small PNG image."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def multipart(fields: list[tuple[str, Any]]) -> tuple[bytes, str]:
    """Encode multipart fields: ``(name, "text")`` or ``(name, (filename, bytes, type))``."""
    body, content_type = encode_multipart_formdata(fields)
    return body, content_type


def upload(http: Http, task_id: int, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Upload PNG files into a task; return the new assets."""
    body, content_type = multipart([("files", (name, data, "image/png")) for name, data in files])
    response = http.post(f"/api/tasks/{task_id}/assets", body=body, content_type=content_type)
    assets: list[dict[str, Any]] = response.expect(201).json()["assets"]
    return assets


def set_shapes(http: Http, task_id: int, shapes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace a task's annotations."""
    response = http.put(f"/api/tasks/{task_id}/annotations", json={"shapes": shapes})
    result: list[dict[str, Any]] = response.expect(200).json()["shapes"]
    return result


def start_export(http: Http, project_id: int, fmt: str, include_images: bool = False) -> Any:
    response = http.post(
        f"/api/projects/{project_id}/exports",
        json={"format": fmt, "include_images": include_images},
    ).expect(202)
    operation = response.json()
    assert response.headers["Location"] == f"/api/operations/{operation['id']}"
    assert operation["status"] == "queued"
    assert operation["kind"] == "export"
    return operation


def start_import(http: Http, project_id: int, fmt: str, data: bytes, name: str = "d.zip") -> Any:
    body, content_type = multipart(
        [("format", fmt), ("file", (name, data, "application/octet-stream"))]
    )
    response = http.post(
        f"/api/projects/{project_id}/imports", body=body, content_type=content_type
    )
    operation = response.expect(202).json()
    assert operation["kind"] == "import"
    assert operation["status"] == "queued"
    return operation


def wait(http: Http, operation_id: int, timeout: float = 60.0, until: set[str] = ENDED) -> Any:
    """Poll an operation until its status is in ``until``; return it."""
    deadline = time.monotonic() + timeout
    seen: Any = None
    while time.monotonic() < deadline:
        seen = http.get(f"/api/operations/{operation_id}").expect(200).json()
        if seen["status"] in until:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"operation {operation_id} still {seen} after {timeout}s")


def finished(http: Http, operation_id: int) -> Any:
    operation = wait(http, operation_id)
    assert operation["status"] == "finished", operation
    assert operation["progress"] == 1
    return operation


def download(http: Http, operation: dict[str, Any]) -> zipfile.ZipFile:
    response = http.get(operation["result_url"]).expect(200)
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert int(response.headers["Content-Length"]) == len(response.data) == operation["result_size"]
    assert "attachment" in response.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.data))


def export_zip(http: Http, project_id: int, fmt: str, include_images: bool = False) -> bytes:
    operation = finished(http, start_export(http, project_id, fmt, include_images)["id"])
    data: bytes = http.get(operation["result_url"]).expect(200).data
    return data


def stored_files(where: Path | ServerProcess) -> set[str]:
    """Every file in a server's storage (or under ``<data dir>/storage``), as relative keys."""
    if isinstance(where, ServerProcess):
        return where.stored_keys()
    root = where / "storage"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@contextmanager
def fresh_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A new empty database next to ``database_url`` (its own SQLite file or PG database)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    name = f"annota_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(database_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def own_server(database_url: str, directory: Path, **env: str) -> Iterator[ServerProcess]:
    """A started server on a fresh database of its own, with extra ``ANNOTA_*`` settings."""
    with fresh_database(database_url, directory) as url:
        process = ServerProcess(database_url=url, data_dir=directory, extra_env=env)
        try:
            process.start()
            yield process
        finally:
            process.stop()


@contextmanager
def in_process_server(settings: Settings, username: str, password: str) -> Iterator[Http]:
    """The app in this process (uvicorn in a thread, on a free loopback port), logged in.

    In this process, SQLAlchemy's events see every statement the server sends, and a test can
    set the server's hooks; requests still go over HTTP. ``username`` is created first.
    """
    assert settings.database_url is not None
    app = create_app(settings)
    database = Database(settings.database_url)
    with database.session(write=True) as db:
        accounts.create_user(db, username=username, password=password)
        db.commit()
    database.dispose()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the in-process server did not start"
    try:
        http = Http(f"http://127.0.0.1:{port}")
        yield http.with_token(http.login(username, password))
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
