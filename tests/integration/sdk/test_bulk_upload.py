"""Uploading many files: several per request, requests in parallel, resumable after a failure.

Batches are made small (2 files) so that a handful of files spans several requests.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from support import unique

import annota
from annota.errors import InvalidRequestError, UnsupportedMediaTypeError
from annota.proxies import tasks
from annota.proxies.tasks import Task


def _png(path: Path, shade: int) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (shade, 0, 0)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "UPLOAD_BATCH_FILES", 2)


@pytest.fixture
def task(client: annota.Client) -> Task:
    project = client.projects.create({"name": unique("bulk"), "type": "detection"})
    return client.tasks.create({"project": project.id, "name": "bulk", "segment_size": 3})


@pytest.mark.usefixtures("small_batches")
def test_parallel_requests_store_every_file_once_and_return_them_in_path_order(
    task: Task, tmp_path: Path
) -> None:
    paths = [_png(tmp_path / f"f{i}.png", i) for i in range(7)]
    assets = task.upload_assets(paths, workers=3)
    assert [a.name for a in assets] == [p.name for p in paths]
    assert task.asset_count == 7
    stored = task.get_assets()
    assert sorted(a.id for a in stored) == sorted(a.id for a in assets)
    # Each request's two files stay consecutive, whatever order the requests finished in.
    by_name = {a.name: a.position for a in stored}
    for first in range(0, 6, 2):
        assert by_name[f"f{first + 1}.png"] == by_name[f"f{first}.png"] + 1
    jobs = task.get_jobs()
    assert sum(j.stop_position - j.start_position for j in jobs) == 7


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("workers", [1, 3])
def test_a_failed_request_is_reported_and_resume_sends_only_what_was_not_stored(
    task: Task, tmp_path: Path, workers: int
) -> None:
    paths = [_png(tmp_path / f"f{i}.png", i) for i in range(6)]
    paths[2].write_bytes(b"not a png")  # the second request (f2, f3) is refused: 415

    with pytest.raises(UnsupportedMediaTypeError) as caught:
        task.upload_assets(paths, workers=workers, resume=True)
    note = "\n".join(caught.value.__notes__)
    assert str(paths[2]) in note
    assert str(paths[3]) in note
    assert str(paths[0]) not in note
    assert str(paths[1]) not in note
    stored_before = {a.name: a.id for a in task.get_assets()}
    assert {"f0.png", "f1.png"} <= set(stored_before)
    assert "f2.png" not in stored_before
    assert "f3.png" not in stored_before

    _png(paths[2], 2)  # repaired; the same call again
    assets = task.upload_assets(paths, workers=workers, resume=True)

    assert [a.name for a in assets] == [p.name for p in paths]
    names = [a.name for a in task.get_assets()]
    assert sorted(names) == sorted(p.name for p in paths), "nothing stored twice"
    assert task.asset_count == 6
    # The requests stored the first time are answered from the server's record.
    assert {a.name: a.id for a in assets if a.name in stored_before} == stored_before


@pytest.mark.usefixtures("small_batches")
def test_without_resume_the_same_files_are_new_assets(task: Task, tmp_path: Path) -> None:
    paths = [_png(tmp_path / f"f{i}.png", i) for i in range(3)]
    first = task.upload_assets(paths, resume=True)
    again = task.upload_assets(paths, resume=True)
    assert [a.id for a in again] == [a.id for a in first]
    fresh = task.upload_assets(paths)
    assert not {a.id for a in fresh} & {a.id for a in first}
    assert task.asset_count == 6


def test_workers_must_be_positive(task: Task, tmp_path: Path) -> None:
    with pytest.raises(InvalidRequestError, match="workers"):
        task.upload_assets([_png(tmp_path / "a.png", 1)], workers=0)
