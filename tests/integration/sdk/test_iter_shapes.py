"""task.iter_shapes() / job.iter_shapes(): annotations read a page of assets at a time."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from support import colour_detector

import annota
from annota import shapes
from annota.errors import InvalidRequestError
from annota.proxies.tasks import Task

from .helpers import record_requests


def _filled(client: annota.Client, tmp_path: Path) -> tuple[Task, list[int]]:
    """A task of 5 assets in jobs of 2; asset n holds n shapes, every other one a prediction."""
    project = client.projects.create(
        {"name": annota_name(), "type": "detection", "labels": [{"name": "apple"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "t", "segment_size": 2})
    made = colour_detector.images(tmp_path / "images", 5)
    assets = [asset.id for asset in task.upload_assets([path for path, _ in made])]
    label = project.labels[0].id
    task.set_annotations(
        [
            shapes.bbox(asset, label, k, k, k + 3, k + 3, score=0.9 if k % 2 else None)
            for n, asset in enumerate(assets)
            for k in range(n)
        ]
    )
    return task, assets


def annota_name() -> str:
    return f"iter-{uuid.uuid4().hex[:8]}"


def test_iter_shapes_reads_page_after_page(client: annota.Client, tmp_path: Path) -> None:
    task, _ = _filled(client, tmp_path)
    whole = task.get_annotations().shapes
    assert len(whole) == 10
    log = record_requests(client)
    walked = task.iter_shapes(assets_per_page=2)
    assert log.count() == 0, "nothing is read before iterating"
    assert list(walked) == whole
    path = f"/api/tasks/{task.id}/annotations"
    assert log.count("GET", path) == 3, log.requests  # assets 1-2, 3-4, 5
    assert [("cursor=" in query) for _, _, query in log.requests] == [False, True, True]
    assert all("assets_per_page=2" in query for _, _, query in log.requests)


def test_iter_shapes_filters_and_jobs(client: annota.Client, tmp_path: Path) -> None:
    task, assets = _filled(client, tmp_path)
    predictions = list(task.iter_shapes(assets_per_page=1, sources=["model"]))
    assert predictions == task.get_annotations(sources=["model"]).shapes
    assert len(predictions) == 4
    assert list(task.iter_shapes(min_score=0.95)) == task.get_annotations(min_score=0.95).shapes
    for job in task.get_jobs():
        assert list(job.iter_shapes(assets_per_page=1)) == job.get_annotations().shapes
    assert {s.asset for s in task.get_jobs()[1].iter_shapes()} == {assets[2], assets[3]}


def test_iter_shapes_refuses_a_page_size_before_sending(client: annota.Client) -> None:
    project = client.projects.create(
        {"name": annota_name(), "type": "detection", "labels": [{"name": "a"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    for size in (0, 1001):
        with pytest.raises(InvalidRequestError, match="assets_per_page"):
            task.iter_shapes(assets_per_page=size)
    assert list(task.iter_shapes()) == []
