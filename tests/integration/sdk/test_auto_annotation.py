"""Auto-annotation with a real, deterministic function (support.colour_detector) on the server."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support import colour_detector

import annota
from annota import auto_annotation as aa
from annota import shapes
from annota.errors import InvalidRequestError, ValidationError
from annota.proxies.tasks import Task

from .helpers import record_requests


def _project(client: annota.Client, labels: list[dict[str, Any]]) -> Any:
    return client.projects.create(
        {"name": f"auto-{uuid.uuid4().hex[:8]}", "type": "detection", "labels": labels}
    )


LABELS = [{"name": "apple", "kind": "bbox"}, {"name": "leaf"}, {"name": "other"}]


def _task(client: annota.Client, tmp_path: Path, count: int) -> tuple[Task, list[Any], Any]:
    project = _project(client, LABELS)
    task = client.tasks.create({"project": project.id, "name": "t", "segment_size": 4})
    made = colour_detector.images(tmp_path / "images", count)
    task.upload_assets([path for path, _ in made])
    return task, made, project


def _predictions(task: Task) -> list[tuple[int, tuple[float, ...], Any, Any]]:
    return sorted(
        (s.asset, tuple(s.points), s.score, s.model_name)
        for s in task.get_annotations(sources=["model"]).shapes
    )


def test_the_function_finds_the_boxes_and_a_rerun_replaces_them(
    client: annota.Client, tmp_path: Path
) -> None:
    task, made, project = _task(client, tmp_path, 7)
    assets = list(task.get_assets())
    apple = next(label.id for label in project.labels if label.name == "apple")
    # A person's shape that auto-annotation must never touch.
    task.set_annotations([shapes.bbox(assets[0], apple, 0, 0, 3, 3)])

    result = aa.annotate_task(client, task, colour_detector, batch_size=3)
    assert (result.assets, result.created, result.replaced) == (7, 10, 0)  # 7 apples, 3 leaves
    found = _predictions(task)
    apples = sorted(
        (s.asset, list(s.points))
        for s in task.get_annotations(sources=["model"]).shapes
        if s.label == apple
    )
    assert apples == sorted(
        (a.id, [float(v) for v in box]) for a, (_, box) in zip(assets, made, strict=True)
    )
    assert all(score == 1.0 and model == "colour-detector" for *_, score, model in found)

    again = aa.annotate_task(client, task.id, colour_detector, batch_size=4)
    assert (again.created, again.replaced) == (10, 10)
    assert _predictions(task) == found
    manual = task.get_annotations(sources=["manual"]).shapes
    assert [(s.asset, list(s.points)) for s in manual] == [(assets[0].id, [0.0, 0.0, 3.0, 3.0])]
    project = client.projects.retrieve(project.id)
    assert (project.statistics.annotations, project.statistics.predictions) == (1, 10)


def test_a_run_interrupted_mid_way_and_run_again_leaves_no_duplicates(
    client: annota.Client, tmp_path: Path
) -> None:
    task, _, project = _task(client, tmp_path, 6)
    assets = list(task.get_assets())
    leaf = next(label.id for label in project.labels if label.name == "leaf")
    task.set_annotations([shapes.bbox(assets[4], leaf, 1, 1, 9, 9)])
    with pytest.raises(aa.AutoAnnotationError) as failed:
        aa.annotate_task(client, task, colour_detector.FailingOn(3), batch_size=2)
    # The first batch (2 assets) went in whole; nothing of the failed one did.
    partial = _predictions(task)
    assert {asset for asset, *_ in partial} == {assets[0].id, assets[1].id}
    # The error tells what was stored, on which asset it stopped, and why.
    error = failed.value
    assert isinstance(error.__cause__, RuntimeError)
    assert "model crashed on image 3" in str(error.__cause__)
    assert (error.result.stored_assets, error.result.created) == (2, len(partial))
    assert error.result.assets == 2  # the function finished two images
    assert error.asset.id == assets[2].id
    assert f"Stored before it: {len(partial)} predictions on 2 assets" in str(error)
    assert isinstance(error, annota.AnnotaError)

    aa.annotate_task(client, task, colour_detector, batch_size=2)
    complete = _predictions(task)
    assert len(complete) == 6 + 2  # an apple each, leaves on images 0 and 3
    assert len(set(complete)) == len(complete)
    assert all(item in complete for item in partial)
    manual = task.get_annotations(sources=["manual"]).shapes
    assert [(s.asset, s.label) for s in manual] == [(assets[4].id, leaf)]


def test_no_replace_adds_and_threshold_drops(client: annota.Client, tmp_path: Path) -> None:
    task, _, _ = _task(client, tmp_path, 3)
    aa.annotate_task(client, task, colour_detector)
    first = _predictions(task)
    aa.annotate_task(client, task, colour_detector, replace=False)
    assert len(_predictions(task)) == 2 * len(first)
    dropped = aa.annotate_task(client, task, colour_detector, threshold=1.01 - 0.02)
    assert dropped.below_threshold == 0  # every score is 1.0
    assert _predictions(task) == first


def test_unknown_labels_fail_before_anything_is_written(
    client: annota.Client, tmp_path: Path
) -> None:
    project = _project(client, [{"name": "apple", "kind": "polygon"}, {"name": "pear"}])
    task = client.tasks.create({"project": project.id, "name": "t"})
    task.upload_assets([path for path, _ in colour_detector.images(tmp_path / "i", 2)])
    with pytest.raises(InvalidRequestError) as refused:
        aa.annotate_task(client, task, colour_detector)
    message = str(refused.value)
    assert "no label 'leaf'" in message
    assert "'apple' is for polygon shapes" in message
    assert "apple (polygon), pear (any)" in message
    assert task.get_annotations().shapes == []


def test_an_undeclared_label_returned_stops_the_run(client: annota.Client, tmp_path: Path) -> None:
    task, _, _ = _task(client, tmp_path, 2)

    class Sloppy:
        spec = aa.FunctionSpec("sloppy", [aa.label("apple", "bbox")])

        def detect(self, image: Any, asset: Any) -> list[aa.Prediction]:
            return [aa.tag("other", score=0.5)]

    with pytest.raises(InvalidRequestError, match="did not declare"):
        aa.annotate_task(client, task, Sloppy())
    assert task.get_annotations().shapes == []
    with pytest.raises(TypeError, match="FunctionSpec"):
        aa.annotate_task(client, task, object())


def test_images_come_a_request_per_batch(client: annota.Client, tmp_path: Path) -> None:
    task, _, _ = _task(client, tmp_path, 7)
    log = record_requests(client)
    result = aa.annotate_task(client, task.id, colour_detector, batch_size=3)
    assert result.assets == 7
    contents = f"/api/tasks/{task.id}/contents"
    assert log.count("GET", contents) == 3  # batches of 3, 3 and 1 assets
    assert not [p for _, p, _ in log.requests if p.startswith("/api/assets/")]
    assert log.count("GET", "/api/assets") == 1  # one page lists them all


def test_read_asset_contents_in_order(client: annota.Client, tmp_path: Path) -> None:
    task, made, _ = _task(client, tmp_path, 3)
    assets = list(task.get_assets())
    files = [path.read_bytes() for path, _ in made]
    assert task.read_asset_contents([assets[2], assets[0].id]) == [files[2], files[0]]
    assert task.read_asset_contents([]) == []
    other, _, _ = _task(client, tmp_path / "other", 1)
    stranger = next(iter(other.get_assets()))
    with pytest.raises(ValidationError) as raised:
        task.read_asset_contents([assets[0], stranger])
    assert "asset" in str(raised.value)


class _Steps:
    """A ProgressReporter that records each advance."""

    def __init__(self) -> None:
        self.total: float | None = None
        self.steps: list[float] = []

    def start(self, total: float | None, *, description: str = "", unit: str = "B") -> None:
        self.total = total

    def advance(self, amount: float) -> None:
        self.steps.append(amount)

    def finish(self) -> None:
        pass


def test_progress_moves_once_per_asset_not_per_batch(client: annota.Client, tmp_path: Path) -> None:
    task, _, _ = _task(client, tmp_path, 5)
    seen: list[int] = []
    steps = _Steps()

    class Watching:
        spec = colour_detector.spec

        def detect(self, image: Any, asset: Any) -> Any:
            seen.append(len(steps.steps))  # how far the bar was when this image began
            return colour_detector.detect(image, asset)

    aa.annotate_task(client, task, Watching(), pbar=steps)  # one batch of 50 holds all five
    assert steps.total == 5
    assert steps.steps == [1, 1, 1, 1, 1]
    assert seen == [0, 1, 2, 3, 4]


def test_a_function_may_return_masks(client: annota.Client, tmp_path: Path) -> None:
    import numpy as np

    from annota import shapes

    task, made, _ = _task(client, tmp_path, 2)

    class Segmenter:
        spec = aa.FunctionSpec("segmenter", [aa.label("leaf", "mask")])

        def detect(self, image: Any, asset: Any) -> list[aa.Prediction]:
            # The red pixels of the image, as a mask.
            red = np.asarray(image.convert("RGB"))[:, :, 0] > 200
            return [aa.mask("leaf", red, score=0.75)]

    result = aa.annotate_task(client, task, Segmenter())
    assert result.created == 2
    by_asset = {s.asset: s for s in task.get_annotations(sources=["model"]).shapes}
    for asset in task.get_assets():
        path = next(path for path, _ in made if path.name == asset.name)
        with Image.open(path) as image:
            red = np.asarray(image.convert("RGB"))[:, :, 0] > 200
        assert red.any()
        shape = by_asset[asset.id]
        assert (shape.score, shape.model_name) == (0.75, "segmenter")
        assert np.array_equal(shapes.to_array(shape), red)
