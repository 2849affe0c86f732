"""No orphans: stored files that no row refers to are swept (at start, periodically, by gc)."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from pathlib import Path

import sqlalchemy as sa
import urllib3
from PIL import Image
from sqlalchemy.pool import NullPool
from support import Http, ServerProcess, create_project, create_task

from .operations_support import multipart, own_server, png, start_import, upload, wait

HOUR = 3600


def referenced_keys(server: ServerProcess) -> set[str]:
    """The storage keys the server's rows need: assets, results, uploads of live imports.

    (An ended import's ``input_key`` still names its upload, which is deleted by then.)
    """
    engine = sa.create_engine(server.database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            keys = set(connection.scalars(sa.text("SELECT storage_key FROM assets")))
            query = "SELECT result_key FROM operations WHERE result_key IS NOT NULL"
            keys |= set(connection.scalars(sa.text(query)))
            query = (
                "SELECT input_key FROM operations WHERE input_key IS NOT NULL"
                " AND status IN ('queued', 'running')"
            )
            keys |= set(connection.scalars(sa.text(query)))
    finally:
        engine.dispose()
    return keys


def plant(server: ServerProcess, key: str, *, age: float = 2 * HOUR) -> None:
    """Store ``key`` behind the server's back, as a process killed before its commit would."""
    if server.s3 is not None:
        endpoint, bucket, prefix = server.s3
        name = f"{prefix}/{key}" if prefix else key
        endpoint.client.put_object(Bucket=bucket, Key=name, Body=b"left behind")
        return
    path = server.data_dir / "storage" / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind")
    then = time.time() - age
    os.utime(path, (then, then))


def test_gc_reports_then_removes_only_unreferenced_objects(
    admin_http: Http, server: ServerProcess
) -> None:
    project = create_project(admin_http)
    task = create_task(admin_http, project["id"])
    kept = upload(admin_http, task["id"], [("kept.png", png(8, 8))])[0]
    planted = [
        f"assets/{project['id']}/{task['id']}/0123456789abcdef.bin",
        f"assets/{project['id']}/import-999999/fedcba9876543210",
        "results/999999/abc.zip",
        "imports/deadbeef.zip",
    ]
    for key in planted:
        plant(server, key)
    elsewhere = "not-ours/keep.txt"  # folders the server does not write are left alone
    plant(server, elsewhere)

    report = server.gc("--dry-run", "--grace-seconds", "0")
    for key in planted:
        assert f"would delete {key} " in report, report
    assert elsewhere not in report
    assert "would delete" in report
    assert set(planted) <= server.stored_keys(), "a dry run deleted something"

    # Referenced and stored before the sweep (the session's server is shared: another test may
    # have removed a file behind its back, and an operation in flight may store one afterwards).
    referenced = referenced_keys(server) & server.stored_keys()
    report = server.gc("--grace-seconds", "0")
    assert all(f"deleted {key} " in report for key in planted), report
    left = server.stored_keys()
    assert not set(planted) & left, left
    assert elsewhere in left
    assert referenced <= left, "a referenced file was deleted"
    assert not [key for key in referenced if f"deleted {key} " in report], report
    content = admin_http.get(f"/api/assets/{kept['id']}/content").expect(200).data
    assert content == png(8, 8)


def test_the_upload_of_an_ended_import_is_swept(admin_http: Http, server: ServerProcess) -> None:
    project = create_project(admin_http)
    archive = b'{"images": [], "categories": [], "annotations": []}'
    operation = start_import(admin_http, project["id"], "coco", archive, "d.json")
    assert wait(admin_http, operation["id"])["status"] == "finished"
    engine = sa.create_engine(server.database_url, poolclass=NullPool)
    with engine.connect() as connection:
        query = sa.text("SELECT input_key FROM operations WHERE id = :id")
        key = connection.scalar(query, {"id": operation["id"]})
    engine.dispose()
    assert key, "the operation names no upload"
    # The worker deletes the upload just after committing the end: let it, or it would
    # delete the planted copy below (a race that made this test flaky).
    deadline = time.monotonic() + 30
    while key in server.stored_keys():
        assert time.monotonic() < deadline, "the ended import's upload was never deleted"
        time.sleep(0.05)
    # A process killed after the import's commit, before it deleted the upload:
    plant(server, key)
    assert f"deleted {key} " in server.gc("--grace-seconds", "0")
    assert key not in server.stored_keys()


def test_young_objects_are_left_for_writes_in_flight(
    admin_http: Http, server: ServerProcess
) -> None:
    project = create_project(admin_http)
    key = f"assets/{project['id']}/1/young.bin"
    plant(server, key, age=0)
    report = server.gc("--grace-seconds", str(HOUR))
    assert key not in report
    assert key in server.stored_keys()
    server.gc("--grace-seconds", "0")  # tidy up


def noise_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def test_a_kill_during_an_upload_leaves_nothing_after_a_restart(
    database_url: str, tmp_path: Path
) -> None:
    env = {"ANNOTA_ORPHAN_GRACE_SECONDS": "2", "ANNOTA_ORPHAN_SWEEP_SECONDS": "1"}
    with own_server(database_url, tmp_path, **env) as server:
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        project = create_project(http)
        task = create_task(http, project["id"])
        kept = upload(http, task["id"], [("kept.png", png(8, 8))])[0]
        body, content_type = multipart(
            [("files", (f"n{i}.png", noise_png(600), "image/png")) for i in range(20)]
        )
        prefix = f"assets/{project['id']}/{task['id']}/"
        before = {key for key in server.stored_keys() if key.startswith(prefix)}

        def send() -> None:
            with contextlib.suppress(urllib3.exceptions.HTTPError):  # killed: expected
                urllib3.request(
                    "POST",
                    f"{server.url}/api/tasks/{task['id']}/assets",
                    body=body,
                    headers={"Content-Type": content_type, "Authorization": f"Bearer {http.token}"},
                    retries=False,
                    timeout=60,
                )

        sender = threading.Thread(target=send)
        sender.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and sender.is_alive():
            if {k for k in server.stored_keys() if k.startswith(prefix)} - before:
                break
            time.sleep(0.002)
        assert server.process is not None
        server.process.kill()  # SIGKILL: no cleanup of any kind
        server.process.wait()
        sender.join()
        # What a kill at any other moment could leave: a partial file, an extraction folder.
        plant(server, f"{prefix}.abc.bin.0123abcd.partial")
        staging = server.data_dir / "staging" / "import-424242"
        staging.mkdir(parents=True)
        (staging / "x").write_bytes(b"half an import")
        os.utime(staging, (time.time() - HOUR, time.time() - HOUR))
        assert server.stored_keys() - referenced_keys(server), "nothing to sweep"

        server.restart()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            orphans = server.stored_keys() - referenced_keys(server)
            if not orphans and not staging.exists():
                break
            time.sleep(0.5)
        assert server.stored_keys() == referenced_keys(server)
        assert not staging.exists()
        assert http.get(f"/api/assets/{kept['id']}/content").expect(200).data == png(8, 8)
