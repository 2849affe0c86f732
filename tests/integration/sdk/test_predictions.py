"""Predictions through the SDK: builders with score=, filtered reads, accepting, exports."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

import pytest
from annota_api.models import ShapeSource
from support import colour_detector

import annota
from annota import shapes
from annota.errors import ValidationError
from annota.proxies.tasks import Task


def _task(client: annota.Client, tmp_path: Path, count: int = 2) -> tuple[Task, list[int], int]:
    project = client.projects.create(
        {
            "name": f"pred-{uuid.uuid4().hex[:8]}",
            "type": "detection",
            "labels": [{"name": "apple"}, {"name": "leaf", "kind": "bbox"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    made = colour_detector.images(tmp_path / "images", count)
    assets = task.upload_assets([path for path, _ in made])
    apple = next(label.id for label in project.labels if label.name == "apple")
    return task, [asset.id for asset in assets], apple


def test_builders_with_a_score_make_model_shapes(client: annota.Client, tmp_path: Path) -> None:
    task, assets, apple = _task(client, tmp_path)
    sent = [
        shapes.bbox(assets[0], apple, 1, 1, 5, 5),
        shapes.bbox(assets[0], apple, 2, 2, 6, 6, score=0.8, model_name="yolo"),
        shapes.polygon(assets[1], apple, [(0, 0), (4, 0), (2, 3)], score=0.3),
    ]
    assert sent[1].source == ShapeSource.MODEL
    stored = task.set_annotations(sent).shapes
    assert [(s.source, s.score, s.model_name) for s in stored] == [
        (ShapeSource.MANUAL, None, None),
        (ShapeSource.MODEL, 0.8, "yolo"),
        (ShapeSource.MODEL, 0.3, None),
    ]
    predictions = task.get_annotations(sources=["model"]).shapes
    assert sorted(s.score or 0 for s in predictions) == [0.3, 0.8]
    confident = task.get_annotations(min_score=0.5).shapes
    assert sorted((str(s.source), s.score) for s in confident) == [("manual", None), ("model", 0.8)]
    # Copying read shapes keeps them predictions.
    copied = task.set_annotations(stored).shapes
    assert [(s.source, s.score) for s in copied] == [(s.source, s.score) for s in stored]


def test_a_score_on_a_manual_shape_is_refused(client: annota.Client, tmp_path: Path) -> None:
    task, assets, apple = _task(client, tmp_path)
    wrong = {"asset": assets[0], "label": apple, "kind": "bbox", "points": [1, 1, 2, 2]}
    with pytest.raises(ValidationError) as refused:
        task.set_annotations([{**wrong, "source": "manual", "score": 0.5}])
    assert "shapes.0.score" in str(refused.value)
    assert task.get_annotations().shapes == []


def test_accept_turns_a_prediction_into_a_persons_shape(
    client: annota.Client, tmp_path: Path
) -> None:
    task, assets, apple = _task(client, tmp_path)
    (predicted,) = task.set_annotations(
        [shapes.bbox(assets[0], apple, 1, 1, 5, 5, score=0.6)]
    ).shapes
    (accepted,) = task.update_annotations(update=[shapes.accept(predicted)]).updated
    assert (accepted.source, accepted.score, accepted.model_name) == (
        ShapeSource.MANUAL,
        None,
        None,
    )
    project = client.projects.retrieve(client.tasks.retrieve(task.id).project)
    assert (project.statistics.annotations, project.statistics.predictions) == (1, 0)


def test_exports_leave_predictions_out_unless_asked(client: annota.Client, tmp_path: Path) -> None:
    task, assets, apple = _task(client, tmp_path)
    task.set_annotations(
        [
            shapes.bbox(assets[0], apple, 1, 1, 5, 5),
            shapes.bbox(assets[1], apple, 2, 2, 9, 9, score=0.75, model_name="m"),
        ]
    )
    project = client.projects.retrieve(task.project)
    plain = project.export_dataset("coco", tmp_path / "plain.zip")
    full = project.export_dataset("coco", tmp_path / "full.zip", include_predictions=True)

    def annotations(archive: Path) -> list[dict[str, object]]:
        with zipfile.ZipFile(archive) as zf:
            name = next(n for n in zf.namelist() if n.startswith("annotations/"))
            return list(json.loads(zf.read(name))["annotations"])

    assert [a.get("score") for a in annotations(plain)] == [None]
    assert sorted(a.get("score", -1) for a in annotations(full)) == [-1, 0.75]  # type: ignore[type-var]


def test_annota_format_keeps_a_predictions_score_and_model(
    client: annota.Client, tmp_path: Path
) -> None:
    task, assets, apple = _task(client, tmp_path)
    task.set_annotations(
        [
            shapes.bbox(assets[0], apple, 1, 1, 5, 5),
            shapes.bbox(assets[1], apple, 2, 2, 9, 9, score=0.75, model_name="detector-v2"),
        ]
    )
    project = client.projects.retrieve(task.project)
    archive = project.export_dataset(
        "annota", tmp_path / "a.zip", include_predictions=True, include_images=True
    )
    with zipfile.ZipFile(archive) as zf:
        document = json.loads(zf.read("annotations.json"))
    written = sorted(
        (shape["source"], shape.get("score"), shape.get("model_name"))
        for task_doc in document["tasks"]
        for shape in task_doc["shapes"]
    )
    # People's shapes carry neither key; a prediction keeps what scored it.
    assert written == [("manual", None, None), ("model", 0.75, "detector-v2")]
    # And the archive imports again (its shapes become imported ones).
    copy = client.projects.create_from_dataset(
        {"name": f"copy-{uuid.uuid4().hex[:8]}", "type": "detection"}, "annota", archive
    )
    assert copy.statistics.annotations == 2
