"""annota-server with its files on S3 (moto over HTTP): what only S3 storage does.

The data-path suites (assets, datasets, the SDK's data path) run on S3 as well, as their
``[sqlite-s3]`` variants (see tests/conftest.py); this module covers the rest: nothing is
written under the data dir, redirects to presigned URLs, a storage that goes down, and a
storage that is wrong at start-up.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3
from PIL import Image
from support import DatabaseProbe, ServerProcess, assert_problem, create_project, create_task
from support.ports import free_port
from support.s3 import CREDENTIALS, S3Endpoint
from support.server import REPO_ROOT

import annota

from .operations_support import (
    export_zip,
    finished,
    multipart,
    png,
    start_export,
    start_import,
    upload,
    wait,
)

pytestmark = pytest.mark.s3

IGNORED = ("sessions", "access_tokens")


def storage_dir_files(server: ServerProcess) -> list[Path]:
    root = server.data_dir / "storage"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_nothing_is_written_under_the_data_dir(s3_server: ServerProcess) -> None:
    http = s3_server.http(token=s3_server.http().login(s3_server.admin_username,
                                                      s3_server.admin_password))  # fmt: skip
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    asset = upload(http, task["id"], [("a.png", png(30, 20))])[0]
    data = export_zip(http, project["id"], "annota", include_images=True)
    target = create_project(http)
    finished(http, start_import(http, target["id"], "annota", data)["id"])
    keys = s3_server.stored_keys()
    assert any(key.startswith(f"assets/{project['id']}/{task['id']}/") for key in keys)
    assert any(key.startswith(f"assets/{target['id']}/import-") for key in keys)
    assert any(key.startswith("results/") for key in keys)
    assert http.get(f"/api/assets/{asset['id']}/content").expect(200).data == png(30, 20)
    assert storage_dir_files(s3_server) == []


# ---------------------------------------------------------------------------------- redirect
@pytest.fixture(scope="module")
def redirecting(
    s3_endpoint: S3Endpoint, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A server of its own with ``ANNOTA_STORAGE_REDIRECT=1``."""
    directory = tmp_path_factory.mktemp("redirecting")
    bucket = s3_endpoint.new_bucket("redirect")
    with ServerProcess(
        database_url=f"sqlite:///{directory / 'annota.db'}",
        data_dir=directory,
        extra_env=s3_endpoint.server_env(bucket, ANNOTA_STORAGE_REDIRECT="1"),
        s3=(s3_endpoint, bucket, ""),
    ) as process:
        yield process


def admin(server: ServerProcess) -> Any:
    return server.http(token=server.http().login(server.admin_username, server.admin_password))


def test_content_and_results_redirect_to_presigned_urls(redirecting: ServerProcess) -> None:
    http = admin(redirecting)
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    image = png(64, 48)
    asset = upload(http, task["id"], [("cat 1.png", image)])[0]

    answer = http.get(f"/api/assets/{asset['id']}/content")
    assert answer.status == 307, answer
    location = answer.headers["Location"]
    assert location.startswith(redirecting.env["ANNOTA_S3_ENDPOINT_URL"])
    assert answer.headers["Cache-Control"] == "no-store"
    with urllib3.PoolManager() as pool:  # no token: the URL is the permission
        whole = pool.request("GET", location)
        part = pool.request("GET", location, headers={"Range": "bytes=0-7"})
    assert whole.status == 200
    assert whole.data == image
    assert "cat%201.png" in whole.headers["Content-Disposition"]
    assert part.status == 206
    assert part.data == image[:8]
    # Access is checked before any URL is handed out.
    assert_problem(redirecting.http().get(f"/api/assets/{asset['id']}/content"), 401)

    operation = finished(http, start_export(http, project["id"], "coco")["id"])
    result = http.get(operation["result_url"])
    assert result.status == 307, result
    with urllib3.PoolManager() as pool:
        archive = pool.request("GET", result.headers["Location"])
    assert archive.status == 200
    assert len(archive.data) == operation["result_size"]


def test_the_sdk_downloads_through_the_redirect(redirecting: ServerProcess, tmp_path: Path) -> None:
    token = redirecting.http().login(redirecting.admin_username, redirecting.admin_password)
    with annota.Client(redirecting.url, token=token) as client:
        project = client.projects.create(
            {"name": "s3-redirect", "type": "detection", "labels": [{"name": "cat"}]}
        )
        task = client.tasks.create({"project": project.id, "name": "t"})
        image = png(80, 60)
        (tmp_path / "cat.png").write_bytes(image)
        asset = task.upload_assets([tmp_path / "cat.png"])[0]
        saved = asset.download(tmp_path / "out/")
        assert saved.read_bytes() == image
        assert asset.read_bytes() == image
        archive = project.export_dataset("coco", tmp_path / "export.zip", include_images=True)
        assert archive.stat().st_size > len(image)


# ---------------------------------------------------------------------------------- outages
@pytest.fixture
def fragile(tmp_path: Path) -> Iterator[tuple[ServerProcess, S3Endpoint]]:
    """A server whose S3 endpoint (its own moto) the test may stop."""
    endpoint = S3Endpoint().start()
    try:
        bucket = endpoint.new_bucket("fragile")
        with ServerProcess(
            database_url=f"sqlite:///{tmp_path / 'annota.db'}",
            data_dir=tmp_path,
            extra_env=endpoint.server_env(bucket),
            s3=(endpoint, bucket, ""),
        ) as process:
            yield process, endpoint
    finally:
        endpoint.stop()


def test_storage_down_answers_503_and_changes_nothing(
    fragile: tuple[ServerProcess, S3Endpoint],
) -> None:
    server, endpoint = fragile
    http = admin(server)
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    asset = upload(http, task["id"], [("a.png", png(8, 8))])[0]
    export = finished(http, start_export(http, project["id"], "coco")["id"])
    probe = DatabaseProbe(server.database_url)
    try:
        before = probe.row_counts(exclude=IGNORED)
        endpoint.stop()

        body, content_type = multipart([("files", ("b.png", png(8, 8), "image/png"))])
        attempts = [
            http.post(f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type),
            http.get(f"/api/assets/{asset['id']}/content"),
            http.get(export["result_url"]),
        ]
        body, content_type = multipart([("format", "coco"), ("file", ("d.zip", b"PK", "a/b"))])
        attempts.append(
            http.post(
                f"/api/projects/{project['id']}/imports", body=body, content_type=content_type
            )
        )
        for answer in attempts:
            assert_problem(answer, 503)
            assert answer.headers["Retry-After"].isdigit(), answer
        assert probe.row_counts(exclude=IGNORED) == before
        assert http.get(f"/api/tasks/{task['id']}").expect(200).json()["asset_count"] == 1
    finally:
        probe.dispose()


def test_an_export_with_storage_down_fails_at_once(
    fragile: tuple[ServerProcess, S3Endpoint],
) -> None:
    """Its end is recorded before its files are tidied, so it is not left running (and retried
    by the stale check) because the tidying failed too."""
    server, endpoint = fragile
    http = admin(server)
    project = create_project(http, labels=["cat"])
    endpoint.stop()
    operation = start_export(http, project["id"], "coco")
    # Well within the stale-heartbeat check (30 s), which would otherwise re-queue it.
    ended = wait(http, operation["id"], timeout=15)
    assert ended["status"] == "failed", ended
    assert ended["result_url"] is None


# ---------------------------------------------------------------------------------- start-up
def start_once(env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``annota-server run`` expecting it to stop at once."""
    environ = {k: v for k, v in __import__("os").environ.items() if not k.startswith("ANNOTA_")}
    environ.update(env)
    environ["PYTHONPATH"] = f"{REPO_ROOT / 'src'}:{REPO_ROOT / 'gen'}"
    command = [sys.executable, "-m", "annota_server", "run", "--port", str(free_port())]
    return subprocess.run(
        [*command, "--data-dir", str(data_dir)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_bucket_stops_the_start(s3_endpoint: S3Endpoint, tmp_path: Path) -> None:
    done = start_once(s3_endpoint.server_env("no-such-bucket"), tmp_path)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert errors == ["annota-server: error: the storage bucket s3://no-such-bucket does not exist"]
    assert not (tmp_path / "annota.db").exists()  # stopped before touching the database


def test_refused_credentials_stop_the_start(tmp_path: Path) -> None:
    with S3Endpoint(check_credentials=True) as strict:
        env = {**strict.server_env("any-bucket"), "AWS_ACCESS_KEY_ID": "AKIAWRONGWRONGWRONG"}
        done = start_once(env, tmp_path)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, done.stderr
    assert "credentials are refused" in errors[0], done.stderr
    assert CREDENTIALS["AWS_SECRET_ACCESS_KEY"] not in done.stderr


# ------------------------------------------------------------------- uploads streamed to S3
def _large_png() -> bytes:
    """A PNG of random pixels, stored: larger than one S3 part (8 MiB)."""
    out = io.BytesIO()
    side = 1700
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(
        out, "PNG", compress_level=0
    )
    return out.getvalue()


def _begin_upload(
    server: ServerProcess, token: str, task_id: int, data: bytes
) -> tuple[http.client.HTTPConnection, bytes]:
    """Send an upload of ``data`` but its last 64 KiB; returns the connection and the rest."""
    body, content_type = multipart([("files", ("big.png", data, "image/png"))])
    connection = http.client.HTTPConnection("127.0.0.1", urllib3.util.parse_url(server.url).port)
    connection.putrequest("POST", f"/api/tasks/{task_id}/assets")
    connection.putheader("Authorization", f"Bearer {token}")
    connection.putheader("Content-Type", content_type)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    cut = len(body) - 64 * 1024
    connection.send(body[:cut])
    return connection, body[cut:]


def _until(condition: Any, what: str) -> None:
    """Wait for ``condition()`` (a state the server reaches on its own), failing after long."""
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def large_png() -> bytes:
    return _large_png()


def test_a_large_upload_is_sent_to_s3_while_it_arrives(
    s3_server: ServerProcess, large_png: bytes
) -> None:
    client = admin(s3_server)
    project = create_project(client)
    task = create_task(client, project["id"])
    endpoint, bucket, _ = s3_server.s3 or (None, "", "")
    assert endpoint is not None
    folder = f"assets/{project['id']}/{task['id']}/"
    connection, rest = _begin_upload(s3_server, client.token or "", task["id"], large_png)
    # The body is not complete, yet the object's multipart upload has begun.
    _until(
        lambda: any(folder in key for key in endpoint.multipart_uploads(bucket)),
        "a multipart upload while the body arrives",
    )
    connection.send(rest)
    answer = connection.getresponse()
    assert answer.status == 201, answer.read()[:300]
    (asset,) = json.loads(answer.read())["assets"]
    connection.close()
    assert asset["sha256"] == hashlib.sha256(large_png).hexdigest()
    assert client.get(f"/api/assets/{asset['id']}/content").expect(200).data == large_png
    assert not any(folder in key for key in endpoint.multipart_uploads(bucket))


def test_a_client_gone_mid_upload_leaves_no_object_no_part_and_no_row(
    s3_server: ServerProcess, large_png: bytes
) -> None:
    client = admin(s3_server)
    project = create_project(client)
    task = create_task(client, project["id"])
    endpoint, bucket, _ = s3_server.s3 or (None, "", "")
    assert endpoint is not None
    folder = f"assets/{project['id']}/{task['id']}/"
    connection, _rest = _begin_upload(s3_server, client.token or "", task["id"], large_png)
    _until(
        lambda: any(folder in key for key in endpoint.multipart_uploads(bucket)),
        "a multipart upload while the body arrives",
    )
    connection.close()  # gone before the end of the body
    _until(
        lambda: not any(folder in key for key in endpoint.multipart_uploads(bucket)),
        "the multipart upload aborted",
    )
    assert not [key for key in s3_server.stored_keys() if folder in key]
    assert client.get(f"/api/tasks/{task['id']}").expect(200).json()["asset_count"] == 0


def test_a_streamed_file_that_is_not_an_image_is_refused_and_nothing_is_kept(
    s3_server: ServerProcess, large_png: bytes
) -> None:
    client = admin(s3_server)
    project = create_project(client)
    task = create_task(client, project["id"])
    endpoint, bucket, _ = s3_server.s3 or (None, "", "")
    assert endpoint is not None
    folder = f"assets/{project['id']}/{task['id']}/"
    broken = large_png[:100] + b"\0" * 64 + large_png[164:]  # a damaged header chunk
    connection, rest = _begin_upload(s3_server, client.token or "", task["id"], broken)
    connection.send(rest)
    answer = connection.getresponse()
    assert answer.status == 415, answer.read()[:300]
    answer.read()
    connection.close()
    _until(
        lambda: not any(folder in key for key in endpoint.multipart_uploads(bucket)),
        "the multipart upload aborted",
    )
    assert not [key for key in s3_server.stored_keys() if folder in key]
    assert client.get(f"/api/tasks/{task['id']}").expect(200).json()["asset_count"] == 0
