"""Ground-truth jobs, annotation quality and agreement against the real server, by hand.

A task of four images in two jobs (the admin's and an unassigned one); a ground-truth job
samples one image of each; every figure below is counted by hand.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from support import unique

import annota
from annota import shapes
from annota.errors import ValidationError
from annota.proxies.workspaces import Workspace


@pytest.fixture
def scoped(client: annota.Client, workspace: Workspace) -> annota.Client:
    client.workspace = workspace.slug
    return client


def _png() -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (40, 40), os.urandom(40 * 40 * 3)).save(out, format="PNG")
    return out.getvalue()


def test_quality_and_agreement_counted_by_hand(scoped: annota.Client, tmp_path: Path) -> None:
    project = scoped.projects.create(
        {
            "name": unique("quality"),
            "type": "detection",
            "labels": [{"name": "cat"}, {"name": "dog"}],
        }
    )
    cat, dog = project.labels
    task = scoped.tasks.create({"project": project.id, "name": "t", "segment_size": 2})
    files = []
    for index in range(4):
        (tmp_path / f"{index}.png").write_bytes(_png())
        files.append(tmp_path / f"{index}.png")
    a0, _a1, a2, _a3 = task.upload_assets(files)
    first, second = sorted(task.get_jobs(), key=lambda job: job.id)
    me = scoped.me
    first.update(assignee=me.id)
    task.set_annotations(
        [
            shapes.bbox(a0, cat, 0, 0, 10, 10),
            shapes.bbox(a2, dog, 0, 0, 10, 10),
            shapes.bbox(a2, cat, 20, 20, 30, 30),
            shapes.bbox(a2, dog, 0, 0, 10, 10, score=0.9, model_name="m"),  # not a person's
        ]
    )
    truth = scoped.ground_truth_jobs.create(task, assets=[a2, a0], assignee=me)
    assert truth.assets == [a0.id, a2.id]  # by position
    truth.set_shapes([shapes.bbox(a0, cat, 0, 0, 10, 10), shapes.bbox(a2, dog, 0, 0, 10, 10)])
    assert truth.shape_count == 2
    assert len(task.get_annotations().shapes) == 4  # the task's own shapes are untouched

    quality = truth.quality(iou=0.5)
    by_job = {row.job: row.figures for row in quality.jobs}
    assert (by_job[first.id].matched, by_job[first.id].precision) == (1, 1.0)
    assert by_job[first.id].mean_iou == 1.0
    figures = by_job[second.id]  # a dog found, a cat that is not there
    assert (figures.reference, figures.annotated, figures.matched) == (1, 2, 1)
    assert (figures.precision, figures.recall) == (0.5, 1.0)
    assert figures.f1 == pytest.approx(2 / 3)
    assert [row.name for row in figures.labels] == ["cat", "dog"]
    assert figures.labels[0].precision == 0.0  # the cat
    assert figures.labels[0].recall is None
    people = [(row.annotator.id if row.annotator else None) for row in quality.annotators]
    assert people == [me.id, None]

    # A second person annotates the same sample: agreement between the two.
    other = scoped.ground_truth_jobs.create(task, assets=truth.assets)
    other.set_shapes([shapes.bbox(a0, cat, 0, 0, 10, 5)])  # IoU 0.5 with the first one's
    agreement = truth.agreement(other, iou=0.5)
    assert (agreement.reference, agreement.annotated, agreement.matched) == (2, 1, 1)
    assert (agreement.precision, agreement.recall, agreement.mean_iou) == (1.0, 0.5, 0.5)
    assert truth.agreement(other, iou=0.6).matched == 0
    assert [job.id for job in scoped.ground_truth_jobs.list(task)] == [truth.id, other.id]

    # Bad input: an asset outside the sample, another task's ground-truth job.
    with pytest.raises(ValidationError) as refused:
        other.set_shapes([shapes.bbox(_a1, cat, 0, 0, 5, 5)])
    assert refused.value.errors[0].field == "shapes.0.asset"
    assert len(other.get_shapes()) == 1  # all or nothing
    elsewhere = scoped.tasks.create({"project": project.id, "name": "u"})
    (tmp_path / "x.png").write_bytes(_png())
    elsewhere.upload_assets([tmp_path / "x.png"])
    stranger = scoped.ground_truth_jobs.create(elsewhere, size=5, seed=1)
    assert len(stranger.assets) == 1
    with pytest.raises(ValidationError) as refused:
        truth.agreement(stranger)
    assert refused.value.errors[0].field == "other"
    with pytest.raises(ValidationError) as refused:
        scoped.ground_truth_jobs.create(task)
    assert refused.value.errors[0].field == "size"
