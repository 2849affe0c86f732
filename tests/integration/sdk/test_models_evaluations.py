"""The model registry and evaluations against the real server (SQLite and PostgreSQL).

The evaluation runs on the server's workers; its AP must equal pycocotools' COCOeval on the
same data read back through the SDK, boxes against reviewed ground truth and polygons against
a dataset version. Bad requests are refused before anything is queued.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pycocotools import mask as coco_mask
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
from support import unique

import annota
from annota import shapes
from annota.auto_annotation import FunctionSpec, annotate_task
from annota.auto_annotation import bbox as predicted_bbox
from annota.auto_annotation import label as spec_label
from annota.errors import ConflictError, NotFoundError, ValidationError
from annota.proxies.projects import Project
from annota.proxies.workspaces import Workspace

SIZES = [(40, 30), (64, 48), (33, 57), (50, 50), (28, 41), (60, 36)]


@pytest.fixture
def scoped(client: annota.Client, workspace: Workspace) -> annota.Client:
    client.workspace = workspace.slug
    return client


def _project(scoped: annota.Client, tmp_path: Path, labels: tuple[str, ...]) -> Project:
    """A project of one task whose images have the sizes of ``SIZES``."""
    project = scoped.projects.create(
        {"name": unique("eval"), "type": "detection", "labels": [{"name": n} for n in labels]}
    )
    task = scoped.tasks.create({"project": project.id, "name": "all"})
    files = []
    for index, (width, height) in enumerate(SIZES):
        path = tmp_path / f"{project.id}-{index}.png"
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(path)
        files.append(path)
    task.upload_assets(files)
    return project


def _accept(project: Project) -> None:
    for task in project.get_tasks():
        for job in task.get_jobs():
            job.update(stage="acceptance", state="completed")


def _box(rng: random.Random, width: int, height: int) -> list[float]:
    x, y = rng.uniform(0, width - 4), rng.uniform(0, height - 4)
    return [x, y, rng.uniform(x + 2, width), rng.uniform(y + 2, height)]


def _polygon(rng: random.Random, width: int, height: int) -> list[float]:
    x, y = rng.uniform(2, width - 6), rng.uniform(2, height - 6)
    w, h = rng.uniform(3, width - x), rng.uniform(3, height - y)
    return [x, y, x + w, y + rng.uniform(0, h / 2), x + w * rng.uniform(0.3, 1), y + h]


def _near(rng: random.Random, points: list[float], width: int, height: int) -> list[float]:
    moved = [v + rng.gauss(0, 1.5) for v in points]
    for index in range(0, len(moved), 2):
        moved[index] = min(max(moved[index], 0.0), float(width))
        moved[index + 1] = min(max(moved[index + 1], 0.0), float(height))
    if len(moved) == 4:  # a box keeps its corners in order
        moved = [
            min(moved[0], moved[2]),
            min(moved[1], moved[3]),
            max(moved[0], moved[2]) + 1,
            max(moved[1], moved[3]) + 1,
        ]
        moved[2], moved[3] = min(moved[2], width), min(moved[3], height)
    return moved


def _fill(project: Project, version: Any, kind: str, seed: int) -> None:
    """Random ground truth of ``kind`` and predictions near some of it (and stray ones)."""
    rng = random.Random(seed)
    labels = project.labels
    task = next(iter(project.get_tasks()))
    draw = _box if kind == "bbox" else _polygon
    build = shapes.bbox if kind == "bbox" else shapes.polygon
    truths, predictions = [], []
    for asset in task.get_assets():
        width, height = asset.width, asset.height
        placed = []
        for _ in range(rng.randint(0, 4)):
            label = rng.choice(labels)
            points = draw(rng, width, height)
            placed.append((label, points))
            truths.append(_make(build, asset, label, points))
        for _ in range(rng.randint(0, 5)):
            if placed and rng.random() < 0.75:
                label, points = rng.choice(placed)
                points = _near(rng, points, width, height)
            else:
                label, points = rng.choice(labels), draw(rng, width, height)
            score = rng.choice([0.5, round(rng.random(), 6)])
            predictions.append(
                _make(build, asset, label, points, score=score, model_version=version)
            )
    task.set_annotations(truths)
    task.update_annotations(create=predictions)


def _make(build: Any, asset: Any, label: Any, points: list[float], **options: Any) -> Any:
    if build is shapes.bbox:
        return build(asset, label, *points, **options)
    return build(asset, label, points, **options)


def _cocoeval(project: Project, version: Any, kind: str, truth_shapes: list[Any]) -> COCOeval:
    """COCOeval over the ground truth given and the version's predictions, read back."""
    assets = {a.id: a for task in project.get_tasks() for a in task.get_assets()}
    images = [{"id": i, "width": a.width, "height": a.height} for i, a in sorted(assets.items())]

    def geometry(shape: Any) -> dict[str, Any]:
        points = list(shape.points)
        if kind == "bbox":
            x0, y0, x1, y1 = points
            return {"bbox": [x0, y0, x1 - x0, y1 - y0], "area": (x1 - x0) * (y1 - y0)}
        asset = assets[shape.asset]
        encoded = coco_mask.frPyObjects([points], asset.height, asset.width)[0]
        return {"segmentation": {"size": encoded["size"], "counts": encoded["counts"].decode()}}

    annotations = [
        {"id": s.id, "image_id": s.asset, "category_id": s.label, "iscrowd": 0, "area": 1.0}
        | geometry(s)
        for s in sorted(truth_shapes, key=lambda s: s.id)
    ]
    results = [
        {"image_id": s.asset, "category_id": s.label, "score": s.score} | geometry(s)
        for s in sorted(version.predictions(project=project), key=lambda s: s.id)
    ]
    with contextlib.redirect_stdout(io.StringIO()):
        truth = COCO()
        truth.dataset = {
            "images": images,
            "annotations": annotations,
            "categories": [{"id": label.id, "name": label.name} for label in project.labels],
        }
        truth.createIndex()
        evaluation = COCOeval(truth, truth.loadRes(results), "bbox" if kind == "bbox" else "segm")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return evaluation


def _assert_same(ours: Any, theirs: COCOeval) -> None:
    assert ours.ap == pytest.approx(theirs.stats[0], abs=1e-6)
    assert ours.ap50 == pytest.approx(theirs.stats[1], abs=1e-6)
    assert ours.ap75 == pytest.approx(theirs.stats[2], abs=1e-6)
    assert 0 < ours.ap50 < 1  # a case that can tell right from wrong


def test_registry_versions_artifacts_and_predictions(
    scoped: annota.Client, admin_client: annota.Client, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, ("cat", "dog"))
    cat = project.labels[0]
    dataset = project.create_version("training data", timeout=60)
    model = scoped.models.create("detector", description="boxes")
    with pytest.raises(ConflictError):
        scoped.models.create("detector")
    weights = tmp_path / "weights.bin"
    weights.write_bytes(os.urandom(5000))
    version = model.create_version(
        "v1",
        metadata={"framework": "torch", "parameters": {"epochs": 3, "lr": 0.01}},
        dataset_version=dataset,
        artifact=weights,
    )
    assert model.version_count == 1
    again = scoped.model_versions.retrieve(version.id)
    assert again.metadata.to_dict() == {
        "framework": "torch",
        "parameters": {"epochs": 3, "lr": 0.01},
    }
    assert again.get_dataset_version() == dataset
    assert again.artifact is not None
    assert again.artifact.size == 5000
    saved = again.download_artifact(tmp_path / "back.bin")
    assert saved.read_bytes() == weights.read_bytes()
    assert [v.name for v in model.get_versions()] == ["v1"]
    assert [m.name for m in scoped.models.list(name="detector")] == ["detector"]
    with pytest.raises(ConflictError):
        model.create_version("v1")

    # Predictions name the version that made them; model_name defaults to model:version.
    task = next(iter(project.get_tasks()))
    asset = next(iter(task.get_assets()))
    made = task.update_annotations(
        create=[shapes.bbox(asset, cat, 1, 1, 9, 9, score=0.7, model_version=version)]
    ).created[0]
    assert (made.model_version, made.model_name) == (version.id, "detector:v1")

    class Detector:
        spec = FunctionSpec(name="red-detector", labels=[spec_label("cat", "bbox")])

        def detect(self, image: Any, asset: Any) -> list[Any]:
            return [predicted_bbox("cat", 2, 2, 8, 8, score=0.9)]

    annotate_task(scoped, task, Detector(), model_version=version)
    listed = list(version.predictions())
    assert len(listed) == 1 + len(SIZES)
    assert {s.model_name for s in listed} == {"detector:v1", "red-detector"}
    assert all(s.model_version == version.id for s in listed)

    # A model version of another workspace is not one the project's shapes may name.
    other = admin_client.models.create(unique("personal")).create_version("v1")
    with pytest.raises(ValidationError) as refused:
        task.update_annotations(
            create=[shapes.bbox(asset, cat, 1, 1, 9, 9, score=0.7, model_version=other)]
        )
    assert refused.value.errors[0].field == "create.0.model_version"

    # Deleting the version keeps its predictions, by name, without the reference.
    version.remove()
    with pytest.raises(NotFoundError):
        scoped.model_versions.retrieve(version.id)
    kept = task.get_annotations(sources=["model"]).shapes
    assert len(kept) == len(listed)
    assert all(s.model_version is None for s in kept)
    model.remove()


def _check_detail(evaluation: Any, row: Any) -> Any:
    """An asset's detail agrees with its row: each shape's part, and the pairs both ways."""
    detail = evaluation.asset(row.asset)
    assert detail.evaluation == evaluation.id
    assert detail.asset.id == row.id
    assert len(row.pairs) == row.true_positives
    roles: dict[str, list[int]] = {}
    for shape in detail.shapes:
        roles.setdefault(shape.role, []).append(shape.id)
    assert sorted(roles.get("matched", [])) == sorted(row.matched)
    assert sorted(roles.get("false_positive", [])) == sorted(row.unmatched)
    assert sorted(roles.get("missed", [])) == sorted(row.missed)
    assert sorted(roles.get("truth", [])) == sorted(truth for _, truth in row.pairs)
    matches = {(s.id, s.match) for s in detail.shapes if s.role == "matched"}
    assert matches == {(p, t) for p, t in row.pairs}
    assert all(s.match is None for s in detail.shapes if s.role in ("false_positive", "missed"))
    assert all(s.score is not None for s in detail.shapes if s.role == "matched")
    return detail


def test_box_evaluation_equals_cocoeval(scoped: annota.Client, tmp_path: Path) -> None:
    project = _project(scoped, tmp_path, ("cat", "dog", "bird"))
    version = scoped.models.create(unique("boxes")).create_version("v1")
    _fill(project, version, "bbox", seed=11)
    _accept(project)
    evaluation = project.evaluate(version, ground_truth="reviewed", iou=0.5, timeout=60)
    truths = [
        s for task in project.get_tasks() for s in task.get_annotations(sources=["manual"]).shapes
    ]
    _assert_same(evaluation, _cocoeval(project, version, "bbox", truths))
    assert evaluation.asset_count == len(SIZES)
    assert evaluation.model_version == version.id
    assert evaluation.ground_truth == "reviewed"

    # Per label and per asset, the counts agree with each other.
    labels = evaluation.labels
    assert sum(row.ground_truth for row in labels) == len(truths)
    assets = list(evaluation.assets())
    assert len(assets) == len(SIZES)
    errors = [a.false_positives + a.misses for a in assets]
    assert errors == sorted(errors, reverse=True)
    assert sum(a.true_positives for a in assets) == sum(r.true_positives for r in labels)
    assert sum(a.misses for a in assets) == sum(r.misses for r in labels)
    for row in assets[:2]:
        _check_detail(evaluation, row)
    matrix = evaluation.confusion.matrix
    assert evaluation.confusion.labels[-1] == "background"
    assert sum(map(sum, matrix)) >= sum(r.predictions for r in labels)
    assert "AP50" in evaluation.table()
    assert "cat" in evaluation.table()
    assert project.get_evaluations()[0] == evaluation
    figure = evaluation.plot()  # matplotlib: the `plot` extra
    curves, matrix = figure.axes[:2]
    assert len(curves.get_lines()) == sum(1 for row in labels if row.pr_curve)
    assert matrix.get_images()[0].get_array().shape == (4, 4)  # three labels and background


def test_polygon_evaluation_against_a_dataset_version(
    scoped: annota.Client, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, ("cat", "dog"))
    version = scoped.models.create(unique("polygons")).create_version("v1")
    _fill(project, version, "polygon", seed=5)
    frozen = project.create_version("ground truth", timeout=60)
    task = next(iter(project.get_tasks()))
    truths = task.get_annotations(sources=["manual"]).shapes
    # Shapes drawn after the version was frozen are not its ground truth.
    asset = next(iter(task.get_assets()))
    task.update_annotations(create=[shapes.polygon(asset, project.labels[0], [1, 1, 9, 1, 5, 9])])
    evaluation = project.evaluate(
        version, ground_truth=frozen, kinds=["polygon", "mask"], timeout=60
    )
    assert evaluation.ground_truth == str(frozen.id)
    assert sum(row.ground_truth for row in evaluation.labels) == len(truths)
    _assert_same(evaluation, _cocoeval(project, version, "polygon", truths))
    worst = next(iter(evaluation.assets()))
    detail = _check_detail(evaluation, worst)  # its ground truth: the version's own shapes
    assert all(s.kind == "polygon" and len(s.points) >= 6 for s in detail.shapes)
    for unknown in (10**9, 2**40):  # not evaluated; beyond a database integer
        with pytest.raises(NotFoundError):
            evaluation.asset(unknown)


def test_bad_requests_are_refused_before_queuing(
    scoped: annota.Client, admin_client: annota.Client, tmp_path: Path
) -> None:
    project = _project(scoped, tmp_path, ("cat",))
    version = scoped.models.create(unique("bad")).create_version("v1")
    _fill(project, version, "bbox", seed=3)

    def refused(field: str, **request: Any) -> None:
        with pytest.raises(ValidationError) as caught:
            project.start_evaluation(request.pop("predictions", version), **request)
        assert [e.field for e in caught.value.errors] == [field]

    # A label added after a version was frozen is not one of the version's labels.
    frozen = project.create_version("before dog", timeout=60)
    project.update(labels=[{"name": "dog"}])
    dog = project.labels[-1]
    task = next(iter(project.get_tasks()))
    asset = next(iter(task.get_assets()))
    task.update_annotations(
        create=[shapes.bbox(asset, dog, 1, 1, 5, 5, score=0.5, model_version=version)]
    )
    refused("predictions", ground_truth=frozen)
    refused("ground_truth")  # no job is accepted: the reviewed ground truth is empty
    refused("kinds", kinds=["bbox", "polygon"])
    _accept(project)
    refused("ground_truth", kinds=["polygon"])  # no polygons in it
    other = admin_client.models.create(unique("elsewhere")).create_version("v1")
    refused("predictions", predictions=other)
    other_project = _project(scoped, tmp_path, ("cat",))
    foreign = other_project.create_version("theirs", timeout=60)
    refused("ground_truth", ground_truth=foreign)
    assert [op.kind for op in project.get_operations()].count("evaluation") == 0
