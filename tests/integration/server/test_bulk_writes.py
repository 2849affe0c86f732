"""Bulk writes: annotation PUT/PATCH and dataset imports insert shapes in batches.

The statement counts come from a server that runs in this process (uvicorn on a free loopback
port, in a thread, on a fresh database of each backend) so that SQLAlchemy's
``before_cursor_execute`` sees every statement it sends; requests still go over HTTP. An
executemany is one event however many rows it carries, which is what is counted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from support import Http, ServerProcess, create_project, create_task
from support.db import DatabaseProbe

from annota_server.datasets.importer import sniff, staging_dir
from annota_server.settings import Settings
from annota_server.storage import LocalStorage

from .operations_support import (
    export_zip,
    fresh_database,
    in_process_server,
    png,
    sha256,
    start_import,
    stored_files,
    upload,
    wait,
)

USERNAME, PASSWORD = "bulk", "bulk-writes-password"
WORKER = "annota-operations-"  # the name of the operation worker threads
BACKGROUND = "annota-"  # every thread the server starts itself (workers, webhooks, bookkeeping)
SHAPES_INSERT = "INSERT INTO SHAPES"


class Statements:
    """Every SQL statement this process sends while counting: who sent it, its first words."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.counting = False
        self._lock = threading.Lock()

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if self.counting:
            words = " ".join(statement.split()[:3]).upper().replace('"', "")
            with self._lock:
                self.seen.append((threading.current_thread().name, words))

    def during(self, action: Any, *, workers: bool = False) -> list[str]:
        """The statements sent while ``action()`` ran: the requests' (or the workers')."""
        self.seen, self.counting = [], True
        try:
            action()
        finally:
            self.counting = False
        # The server's own threads (operation workers, webhook delivery, heartbeat, bookkeeping)
        # poll on their own; requests run in uvicorn's and anyio's threads.
        if workers:
            return [words for thread, words in self.seen if thread.startswith(WORKER)]
        return [words for thread, words in self.seen if not thread.startswith(BACKGROUND)]


@pytest.fixture(scope="module")
def in_process(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Http, Statements]]:
    """The app in this process on a fresh database, logged in; and its statement counter."""
    directory = tmp_path_factory.mktemp("bulk")
    with fresh_database(database_url, directory) as url:
        settings = Settings(data_dir=directory, database_url=url, operation_workers=1)
        counter = Statements()
        event.listen(Engine, "before_cursor_execute", counter)
        try:
            with in_process_server(settings, USERNAME, PASSWORD) as http:
                yield http, counter
        finally:
            event.remove(Engine, "before_cursor_execute", counter)


def _task_with_assets(http: Http, count: int) -> tuple[int, list[int], int]:
    project = create_project(http, labels=["thing"])
    task = create_task(http, project["id"], segment_size=max(1, count // 2))
    # Wide enough for every shape _shapes draws (x up to 3,002): writes clamp to the image.
    assets = upload(http, task["id"], [(f"{k}.png", png(3100, 4)) for k in range(count)])
    return task["id"], [a["id"] for a in assets], project["labels"][0]["id"]


def _shapes(assets: list[int], label: int, count: int) -> list[dict[str, Any]]:
    return [
        {"asset": assets[k % len(assets)], "label": label, "kind": "bbox",
         "points": [k, 1, k + 2, 3]}
        for k in range(count)
    ]  # fmt: skip


def test_a_put_costs_the_same_statements_for_3_or_3000_shapes(
    in_process: tuple[Http, Statements],
) -> None:
    http, counter = in_process
    task, assets, label = _task_with_assets(http, 4)
    url = f"/api/tasks/{task}/annotations"
    counts = {}
    for size in (3, 3000, 3):
        body = {"shapes": _shapes(assets, label, size)}
        seen = counter.during(lambda body=body: http.put(url, json=body).expect(200))
        counts[size] = seen
        stored = http.get(url).expect(200).json()["shapes"]
        assert len(stored) == size
    assert counts[3].count(SHAPES_INSERT) == counts[3000].count(SHAPES_INSERT) == 1
    assert counts[3000] == counts[3]  # the same statements, whatever the number of shapes


def test_a_job_put_and_a_patch_insert_in_one_statement(
    in_process: tuple[Http, Statements],
) -> None:
    http, counter = in_process
    task, assets, label = _task_with_assets(http, 4)
    job = http.get("/api/jobs", params={"task": task}).expect(200).json()["results"][0]["id"]
    job_assets = assets[:2]  # segment size 2: the first job holds the first two
    url = f"/api/jobs/{job}/annotations"
    seen = counter.during(
        lambda: http.put(url, json={"shapes": _shapes(job_assets, label, 500)}).expect(200)
    )
    assert seen.count(SHAPES_INSERT) == 1
    patches = {}
    for size in (2, 500):
        body = {"create": _shapes(job_assets, label, size)}
        answers: list[Any] = []

        def patch(body: dict[str, Any] = body, answers: list[Any] = answers) -> None:
            answers.append(http.patch(url, json=body).expect(200).json())

        patches[size] = counter.during(patch)
        created = answers[0]["created"]
        assert [s["points"] for s in created] == [s["points"] for s in body["create"]]
    # A multi-row INSERT ... RETURNING (up to 1,000 rows a statement, SQLAlchemy's page).
    assert patches[2].count(SHAPES_INSERT) == patches[500].count(SHAPES_INSERT) == 1
    assert patches[2] == patches[500]
    total = len(http.get(url).expect(200).json()["shapes"])
    assert total == 500 + 2 + 500


def _coco(images: int, per_image: int) -> bytes:
    import io
    import json
    import zipfile

    document = {
        "images": [{"id": k + 1, "file_name": f"{k}.png"} for k in range(images)],
        "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}],
        "annotations": [
            {"id": n + 1, "image_id": n % images + 1, "category_id": n % 2 + 1,
             "bbox": [n % 5, 1, 2, 3],
             "segmentation": [[0, 0, 4, 0, 4, 4]] if n % 3 == 0 else []}
            for n in range(images * per_image)
        ],
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        for k in range(images):
            archive.writestr(f"images/{k}.png", png(8 + k, 8, (k, 0, 0)))
    return out.getvalue()


def test_an_import_inserts_its_shapes_in_one_statement(
    in_process: tuple[Http, Statements],
) -> None:
    http, counter = in_process
    counts = {}
    for per_image in (1, 60):
        project = create_project(http)
        ended: list[Any] = []

        def run(
            project: dict[str, Any] = project, per_image: int = per_image, ended: list[Any] = ended
        ) -> None:
            operation = start_import(http, project["id"], "coco", _coco(4, per_image))
            ended.append(wait(http, operation["id"]))

        counts[per_image] = counter.during(run, workers=True)
        assert ended[0]["status"] == "finished", ended
        assert f"{4 * per_image} shapes" in ended[0]["message"]
    assert counts[1].count(SHAPES_INSERT) == counts[60].count(SHAPES_INSERT) == 1


def test_an_import_streams_its_shapes_in_batches_whatever_the_order_of_its_arrays(
    in_process: tuple[Http, Statements], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import json
    import zipfile

    from annota_server.datasets import importer, spool

    # Small batches: the shapes are spooled and inserted 50 at a time (the server runs here).
    monkeypatch.setattr(importer, "BATCH", 50)
    monkeypatch.setattr(spool, "BATCH", 7)
    http, counter = in_process
    base = zipfile.ZipFile(io.BytesIO(_coco(4, 60)))
    document = json.loads(base.read("annotations/instances_default.json"))
    orders = (("images", "annotations", "categories"), ("annotations", "categories", "images"))
    stored = []
    for order in orders:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            text = json.dumps({key: document[key] for key in order})
            archive.writestr("annotations/instances_default.json", text)
            for name in base.namelist():
                if name.startswith("images/"):
                    archive.writestr(name, base.read(name))
        project = create_project(http)
        ended: list[Any] = []

        def run(
            project: dict[str, Any] = project, data: bytes = out.getvalue(), ended: Any = ended
        ) -> None:
            ended.append(wait(http, start_import(http, project["id"], "coco", data)["id"]))

        seen = counter.during(run, workers=True)
        assert ended[0]["status"] == "finished", ended
        assert "240 shapes" in ended[0]["message"]
        assert seen.count(SHAPES_INSERT) == 240 // 50 + 1  # one INSERT per batch of 50
        task = http.get("/api/tasks", params={"project": project["id"]}).expect(200).json()
        url = f"/api/tasks/{task['results'][0]['id']}/annotations"
        shapes = http.get(url).expect(200).json()["shapes"]
        stored.append(sorted((s["kind"], s["points"], s["label"] is not None) for s in shapes))
    assert len(stored[0]) == 240
    assert stored[0] == stored[1]  # categories last or images last: the same shapes


def test_a_version_hashes_its_manifest_as_it_reads_it_in_batches(
    in_process: tuple[Http, Statements], monkeypatch: pytest.MonkeyPatch
) -> None:
    from annota_server import versions

    monkeypatch.setattr(versions, "BATCH", 3)  # assets and shapes read 3 rows at a time
    http, _ = in_process
    project = create_project(http)
    ended = wait(http, start_import(http, project["id"], "coco", _coco(5, 4))["id"])
    assert ended["status"] == "finished", ended
    answer = http.post(f"/api/projects/{project['id']}/versions", json={"name": "v1"})
    operation = wait(http, answer.expect(202).json()["id"])
    assert operation["status"] == "finished", operation
    version = http.get(f"/api/versions/{operation['version']}").expect(200).json()
    manifest = http.get(f"/api/versions/{version['id']}/manifest").expect(200).json()
    assert sum(len(asset["shapes"]) for asset in manifest["assets"]) == 20
    # The hash streamed at 3 rows a batch is the one of the whole manifest's canonical JSON.
    assert version["manifest_sha256"] == versions.manifest_sha256(manifest)


def test_import_moves_its_images_and_leaves_no_staging_files(
    admin_http: Http, server: ServerProcess, db: DatabaseProbe
) -> None:
    project = create_project(admin_http)
    operation = start_import(admin_http, project["id"], "coco", _coco(5, 7))
    ended = wait(admin_http, operation["id"])
    assert ended["status"] == "finished", ended
    assert "35 shapes" in ended["message"]
    assets = admin_http.get("/api/assets", params={"project": project["id"]}).expect(200).json()
    by_name = {a["name"]: a for a in assets["results"]}
    assert sorted(by_name) == [f"{k}.png" for k in range(5)]
    for k in range(5):
        asset = by_name[f"{k}.png"]
        content = admin_http.get(f"/api/assets/{asset['id']}/content").expect(200).data
        assert content == png(8 + k, 8, (k, 0, 0))
        assert asset["sha256"] == sha256(content)
        assert asset["size"] == len(content)
        assert (asset["width"], asset["height"], asset["media_type"]) == (8 + k, 8, "image/png")
    task = assets["results"][0]["task"]
    shapes = admin_http.get(f"/api/tasks/{task}/annotations").expect(200).json()["shapes"]
    assert len(shapes) == 35
    assert {s["source"] for s in shapes} == {"imported"}
    assert sum(s["kind"] == "polygon" for s in shapes) == len(range(0, 35, 3))
    statistics = admin_http.get(f"/api/projects/{project['id']}").expect(200).json()["statistics"]
    expected = {"tasks": 1, "jobs": 1, "assets": 5, "annotations": 35, "annotated_assets": 5}
    assert {key: statistics[key] for key in expected} == expected
    staging = staging_dir(server.data_dir, operation["id"])
    assert not staging.exists()
    assert not any((server.data_dir / "staging").rglob("*.*"))


def test_a_failed_import_leaves_no_staged_or_stored_image(
    admin_http: Http, server: ServerProcess, db: DatabaseProbe
) -> None:
    import io
    import json
    import zipfile

    project = create_project(admin_http)
    counts = db.row_counts(exclude=("operations", "sessions", "access_tokens"))
    files = stored_files(server.data_dir)
    document = {
        "images": [{"id": k + 1, "file_name": f"{k}.png"} for k in range(3)],
        "categories": [{"id": 1, "name": "cat"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("annotations/instances_default.json", json.dumps(document))
        archive.writestr("images/0.png", png(4, 4))
        archive.writestr("images/1.png", png(5, 5))
        archive.writestr("images/2.png", b"GIF89a but not really a gif")  # the last one fails
    operation = start_import(admin_http, project["id"], "coco", out.getvalue())
    ended = wait(admin_http, operation["id"])
    assert ended["status"] == "failed", ended
    assert "'2.png'" in ended["message"], ended
    assert "image/gif" in ended["message"], ended
    assert db.row_counts(exclude=("operations", "sessions", "access_tokens")) == counts
    assert stored_files(server.data_dir) == files
    assert not staging_dir(server.data_dir, operation["id"]).exists()


# ---------------------------------------------------------------------------------- adopt
def test_local_storage_adopts_a_file_by_renaming_it(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "storage")
    source = tmp_path / "staged.bin"
    source.write_bytes(b"x" * 70_000)
    inode = source.stat().st_ino
    stored = storage.adopt("assets/1/a.bin", source)
    assert stored.key == "assets/1/a.bin"
    assert (stored.size, stored.sha256) == (70_000, sha256(b"x" * 70_000))
    assert not source.exists()
    target = tmp_path / "storage" / "assets" / "1" / "a.bin"
    assert target.stat().st_ino == inode  # moved, not copied
    assert b"".join(storage.read("assets/1/a.bin")) == b"x" * 70_000


def test_adopt_copies_across_filesystems_and_removes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    storage = LocalStorage(tmp_path / "storage")
    source = tmp_path / "staged.bin"
    source.write_bytes(b"abc")

    # Only the move fails as across devices; the copy's own rename of its partial file works.
    real_replace = os.replace
    calls: list[Any] = []

    def first_fails(src: Any, dst: Any) -> None:
        calls.append(src)
        if len(calls) == 1:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", first_fails)
    stored = storage.adopt("k/a.bin", source)
    assert (stored.size, stored.sha256) == (3, sha256(b"abc"))
    assert calls[0] == source
    assert len(calls) == 2
    assert not source.exists()
    assert b"".join(storage.read("k/a.bin")) == b"abc"


def test_adopt_refuses_a_key_outside_the_storage_and_drops_the_file(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "storage")
    source = tmp_path / "staged.bin"
    source.write_bytes(b"abc")
    with pytest.raises(ValueError, match="not a storage key"):
        storage.adopt("../escape.bin", source)
    assert not (tmp_path / "escape.bin").exists()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (png(2, 2)[:16], "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 12, "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"II*\x00" + b"\x00" * 12, "image/tiff"),
        (b"%PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff_tells_the_accepted_types_apart(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


STREAMED = ("annota", "labelstudio", "cvat", "yolo", "voc")
SMALL_BUDGET = 40_000
"""A JSON memory budget far below any whole document below, above any one of its items."""


@pytest.fixture
def small_imports(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small batches and JSON budget for the imports the in-process server runs; the weights
    (shapes) of the spool's batches as they go to disk are appended to the list returned."""
    from annota_server.datasets import archive, importer, spool

    monkeypatch.setattr(importer, "BATCH", 50)
    monkeypatch.setattr(spool, "BATCH", 7)
    small = archive.ImportLimits(max_json_memory=SMALL_BUDGET)
    monkeypatch.setattr(importer.ImportLimits, "of", classmethod(lambda cls, settings: small))
    flushed: list[int] = []
    flush = spool.Spool._flush

    def counted(self: spool.Spool) -> None:
        if self._batch:
            flushed.append(len(self._batch))
        flush(self)

    monkeypatch.setattr(spool.Spool, "_flush", counted)
    return flushed


@pytest.mark.parametrize("fmt", STREAMED)
def test_every_format_streams_its_shapes_to_disk_and_inserts_them_in_batches(
    in_process: tuple[Http, Statements], small_imports: list[int], fmt: str
) -> None:
    http, counter = in_process
    source = create_project(http)
    # 24 images of 10 shapes: each image (a JSON item, an XML element, a file) is small,
    # the whole document far beyond the budget, which only holds when items stream.
    ended = wait(http, start_import(http, source["id"], "coco", _coco(24, 10))["id"])
    assert ended["status"] == "finished", ended
    data = export_zip(http, source["id"], fmt, include_images=True)
    small_imports.clear()
    project = create_project(http)
    done: list[Any] = []
    seen = counter.during(
        lambda: done.append(wait(http, start_import(http, project["id"], fmt, data)["id"])),
        workers=True,
    )
    assert done[0]["status"] == "finished", done
    count = int(done[0]["message"].split(" with ")[1].split(" shape")[0])
    assert count >= 160, done  # bboxes at least (VOC and YOLO drop some kinds)
    # The shapes went to disk in many small batches while the file was read, not at its end.
    assert len(small_imports) >= 2 * (count // 50), small_imports
    assert seen.count(SHAPES_INSERT) == -(-count // 50)  # one INSERT per batch of 50


def _annota_document(shapes: int, assets: int = 2, extra: dict[str, Any] | None = None) -> bytes:
    import json

    document = {
        "format": "annota",
        "version": 1,
        "labels": [{"name": "cat"}],
        "tasks": [
            {
                "name": "t",
                "assets": [
                    {"name": f"{k}.png", "position": k, "file": None} for k in range(assets)
                ],
                "shapes": [
                    {"asset": k % assets, "label": "cat", "kind": "bbox", "points": [0, 0, 1, 1]}
                    for k in range(shapes)
                ],
                **(extra or {}),
            }
        ],
    }
    return json.dumps(document).encode()


def test_streamed_formats_keep_the_json_limits(
    in_process: tuple[Http, Statements], small_imports: list[int]
) -> None:
    http, _ = in_process
    project = create_project(http)

    def failed(fmt: str, data: bytes, name: str = "d.json") -> str:
        ended = wait(http, start_import(http, project["id"], fmt, data, name)["id"])
        assert ended["status"] == "failed", ended
        return str(ended["message"])

    # One item beyond the budget (a shape with 20,000 numbers): refused when it is read.
    big_shape = {"big": [{"asset": 0, "label": "c", "kind": "points", "points": [1] * 20_000}]}
    message = failed("annota", _annota_document(1, extra=big_shape))
    assert f"needs more than {SMALL_BUDGET} bytes" in message, message
    assert "ANNOTA_IMPORT_MAX_JSON_MEMORY" in message, message
    # Assets are kept: many of them are charged together, and refused once the budget is spent.
    message = failed("annota", _annota_document(1, assets=2000))
    assert f"needs more than {SMALL_BUDGET} bytes" in message, message
    # Depth, inside a streamed list of the annota format and of Label Studio's.
    deep = b"[" * 100 + b"]" * 100
    message = failed(
        "annota", _annota_document(1).replace(b'"kind"', b'"x": ' + deep + b', "kind"')
    )
    assert "nested deeper than 64 levels" in message, message
    message = failed("labelstudio", b'[{"data": ' + deep + b"}]")
    assert "nested deeper than 64 levels" in message, message
    # XML: nesting beyond the limit, and entity declarations, still refused while streaming.
    xml = b"<annotations>" + b"<a>" * 100 + b"</a>" * 100 + b"</annotations>"
    assert "nested deeper than 64 levels" in failed("cvat", xml, "d.xml")
    bomb = b'<!DOCTYPE a [<!ENTITY e "xxxxxxxx">]><annotations>&e;</annotations>'
    assert "declares XML entities" in failed("cvat", bomb, "d.xml")
    # Many small shapes stream: the same budget lets 3,000 of them through (they match no
    # file, so the import stops at the first image the project lacks, after the whole read).
    message = failed("annota", _annota_document(3000))
    assert "neither in the archive nor an asset" in message, message
