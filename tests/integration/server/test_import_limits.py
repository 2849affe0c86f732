"""Imports are bounded: archives that expand too far and images padded with data are refused."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from support import Http, ServerProcess, create_project
from support.db import DatabaseProbe

from .operations_support import own_server, png, start_import, stored_files, wait

EXCLUDED = ("operations", "sessions", "access_tokens")


def coco_zip(image: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    document = {
        "images": [{"id": 1, "file_name": "x.png", "width": 8, "height": 8}],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2]}],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        archive.writestr("images/x.png", image)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def refused(
    http: Http, db: DatabaseProbe, server: ServerProcess, data: bytes, fmt: str = "coco"
) -> str:
    """Import ``data``; assert it fails and leaves no row and no file; return the message."""
    project = create_project(http, labels=["cat"])
    counts = db.row_counts(exclude=EXCLUDED)
    files = stored_files(server)
    ended = wait(http, start_import(http, project["id"], fmt, data)["id"])
    assert ended["status"] == "failed", ended
    assert db.row_counts(exclude=EXCLUDED) == counts
    assert stored_files(server) == files
    return str(ended["message"])


def test_a_small_image_padded_with_zeros_is_refused(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    data = coco_zip(png(8, 8) + bytes(32 * 1024 * 1024))
    assert len(data) < 100_000
    message = refused(admin_http, db, server, data)
    assert "images/x.png" in message, message
    assert "ANNOTA_IMPORT_MAX_RATIO" in message, message


def _layout(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


ROBOFLOW_COCO = {
    "train/_annotations.coco.json": json.dumps(
        {
            "images": [{"id": 1, "file_name": "x.png", "width": 8, "height": 8}],
            "categories": [{"id": 1, "name": "cat"}],
            "annotations": [],
        }
    ).encode()
}
DARKNET = {
    "obj.data": b"classes = 1\ntrain = data/train.txt\nnames = data/obj.names\n",
    "obj.names": b"cat\n",
    "train.txt": b"data/obj_train_data/x.png\n",
}
ROBOFLOW_YOLO = {"data.yaml": b"names: [cat]\n", "train/labels/x.txt": b"0 0.5 0.5 0.2 0.2\n"}


@pytest.mark.parametrize(
    ("fmt", "members", "image"),
    [
        ("coco", ROBOFLOW_COCO, "train/x.png"),
        ("yolo", DARKNET, "obj_train_data/x.png"),
        ("yolo", ROBOFLOW_YOLO, "train/images/x.png"),
    ],
    ids=["roboflow-coco", "darknet-yolo", "roboflow-yolo"],
)
def test_the_limits_hold_in_every_layout(
    admin_http: Http,
    db: DatabaseProbe,
    server: ServerProcess,
    fmt: str,
    members: dict[str, bytes],
    image: str,
) -> None:
    padded = _layout({**members, image: png(8, 8) + bytes(32 * 1024 * 1024)})
    message = refused(admin_http, db, server, padded, fmt)
    assert image in message, message
    assert "ANNOTA_IMPORT_MAX_RATIO" in message, message
    carrying = _layout({**members, image: png(8, 8) + os.urandom(2 * 1024 * 1024)})
    message = refused(admin_http, db, server, carrying, fmt)
    assert "'x.png'" in message, message
    assert "beyond the image" in message, message


def test_an_image_carrying_incompressible_data_is_refused(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    # Random bytes pass the compression-ratio check: the image's own size gives it away.
    message = refused(admin_http, db, server, coco_zip(png(8, 8) + os.urandom(2 * 1024 * 1024)))
    assert "'x.png'" in message, message
    assert "beyond the image" in message, message


def test_a_json_member_that_expands_too_far_is_refused(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    padding = {"annotations/instances_b.json": b" " * (16 * 1024 * 1024) + b"{}"}
    message = refused(admin_http, db, server, coco_zip(png(8, 8), extra=padding))
    assert "instances_b.json" in message, message
    assert "100 times" in message, message


def test_an_image_of_plausible_size_still_imports(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    project = create_project(admin_http, labels=["cat"])
    ended = wait(
        admin_http, start_import(admin_http, project["id"], "coco", coco_zip(png(8, 8)))["id"]
    )
    assert ended["status"] == "finished", ended


@pytest.mark.parametrize("limit", [3 * 1024 * 1024])
def test_the_total_expanded_size_is_bounded(database_url: str, tmp_path: Path, limit: int) -> None:
    with own_server(database_url, tmp_path, ANNOTA_IMPORT_MAX_EXPANDED_BYTES=str(limit)) as server:
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        project = create_project(http, labels=["cat"])
        big = {f"images/noise{n}.bin": os.urandom(1024 * 1024) for n in range(4)}
        ended = wait(
            http, start_import(http, project["id"], "coco", coco_zip(png(8, 8), extra=big))["id"]
        )
        assert ended["status"] == "failed", ended
        assert f"limit of {limit}" in ended["message"], ended
        assert "ANNOTA_IMPORT_MAX_EXPANDED_BYTES" in ended["message"], ended


def peak_rss(server: ServerProcess) -> int:
    """The server process's peak resident memory so far, in bytes (Linux)."""
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) * 1024


def test_a_deeply_nested_json_fails_with_a_clear_message(
    admin_http: Http, db: DatabaseProbe, server: ServerProcess
) -> None:
    deep = b'{"images": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    message = refused(
        admin_http, db, server, coco_zip(png(8, 8), extra={"annotations/instances_d.json": deep})
    )
    assert "instances_d.json is nested deeper than 64 levels" in message, message
    # A bare JSON upload (no zip) is read the same way.
    project = create_project(admin_http, labels=["cat"])
    ended = wait(admin_http, start_import(admin_http, project["id"], "coco", deep, "d.json")["id"])
    assert ended["status"] == "failed", ended
    assert "nested deeper" in ended["message"], ended


def test_json_is_read_in_bounded_memory(database_url: str, tmp_path: Path) -> None:
    # The ratio limit would refuse these archives up front; lift it to reach the JSON reader.
    budget = 64 * 1024 * 1024
    env = {"ANNOTA_IMPORT_MAX_RATIO": "1000000", "ANNOTA_IMPORT_MAX_JSON_MEMORY": str(budget)}
    with own_server(database_url, tmp_path, **env) as server:
        http = server.http()
        http.login(server.admin_username, server.admin_password)
        project = create_project(http, labels=["cat"])
        # 400 MiB of whitespace around a valid document: it imports, and costs no memory.
        spaces = b" " * (200 * 1024 * 1024)
        text = json.dumps({"images": [], "categories": [], "annotations": []}).encode()
        data = coco_zip(png(8, 8), extra={"annotations/instances_w.json": spaces + text + spaces})
        del spaces
        before = peak_rss(server)
        ended = wait(http, start_import(http, project["id"], "coco", data)["id"], timeout=120)
        assert ended["status"] == "finished", ended["message"]
        assert peak_rss(server) - before < 100 * 1024 * 1024, "whitespace grew the server"
        # A million images (annotations stream, but images are kept): refused once the
        # budget is spent, not after.
        images = b",".join(b'{"id": %d, "file_name": "a"}' % k for k in range(1_000_000))
        member = b'{"categories": [], "annotations": [], "images": [' + images + b"]}"
        data = coco_zip(png(8, 8), extra={"annotations/instances_e.json": member})
        del images, member
        before = peak_rss(server)
        ended = wait(http, start_import(http, project["id"], "coco", data)["id"], timeout=120)
        assert ended["status"] == "failed", ended
        assert f"instances_e.json needs more than {budget} bytes" in ended["message"], ended
        assert "ANNOTA_IMPORT_MAX_JSON_MEMORY" in ended["message"], ended
        assert peak_rss(server) - before < 100 * 1024 * 1024, "the budget did not hold"
