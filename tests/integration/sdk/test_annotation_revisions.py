"""Saving a job's annotations safely through the SDK: ETag, If-Match, 412 on a stale save."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PIL import Image

import annota
from annota import shapes
from annota.errors import PreconditionFailedError
from annota.proxies.assets import Asset
from annota.proxies.jobs import Job


def _job(client: annota.Client, tmp_path: Path) -> tuple[Job, list[Asset], int]:
    project = client.projects.create(
        {
            "name": f"revs-{uuid.uuid4().hex[:8]}",
            "type": "detection",
            "labels": [{"name": "cat", "kind": "bbox"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t", "segment_size": 10})
    files = []
    for index in range(2):
        path = tmp_path / f"{index}.png"
        Image.new("RGB", (16, 16), (index * 100, 0, 0)).save(path)
        files.append(path)
    assets = task.upload_assets(files)
    (job,) = task.get_jobs()
    return job, assets, project.labels[0].id


def test_a_guarded_save_succeeds_then_a_stale_one_is_refused(
    client: annota.Client, tmp_path: Path
) -> None:
    job, assets, cat = _job(client, tmp_path)
    read = job.get_annotations()
    assert read.revision == 0
    assert job.annotations_etag == f'"{job.id}-a0"'
    seen = job.annotations_etag

    change = job.update_annotations(create=[shapes.bbox(assets[0], cat, 1, 1, 5, 5)], if_match=seen)
    assert len(change.created) == 1
    assert job.annotations_etag == f'"{job.id}-a1"'

    # Someone else (another entity, as another editor would be) saves meanwhile.
    other = client.jobs.retrieve(job.id)
    other.get_annotations()
    stored = other.set_annotations([], if_match=other.annotations_etag)
    assert stored.revision == 2
    assert stored.updated_by is not None

    with pytest.raises(PreconditionFailedError) as raised:
        job.update_annotations(
            create=[shapes.bbox(assets[1], cat, 1, 1, 5, 5)], if_match=job.annotations_etag
        )
    assert raised.value.headers["ETag"] == f'"{job.id}-a2"'
    assert stored.updated_by.username in str(raised.value)
    assert job.get_annotations().shapes == [], "nothing was written"
    # After reading again, the save goes through.
    job.set_annotations([shapes.bbox(assets[1], cat, 1, 1, 5, 5)], if_match=job.annotations_etag)
    assert job.get_annotations().revision == 3


def test_a_task_write_makes_the_jobs_etag_stale(client: annota.Client, tmp_path: Path) -> None:
    job, assets, cat = _job(client, tmp_path)
    job.get_annotations()
    task = client.tasks.retrieve(job.task)
    task.update_annotations(create=[shapes.bbox(assets[0], cat, 1, 1, 5, 5)])
    with pytest.raises(PreconditionFailedError):
        job.set_annotations([], if_match=job.annotations_etag)
    # Without if_match a save overwrites, as before.
    assert job.set_annotations([]).shapes == []
