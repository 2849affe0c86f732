"""export_dataset() says what the format could not hold, and stays silent when nothing was lost."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PIL import Image

import annota
from annota import shapes
from annota.proxies.projects import Project
from annota.proxies.workspaces import Workspace


def _project_with_four_shapes(client: annota.Client, tmp_path: Path) -> Project:
    project = client.projects.create(
        {"name": "lossy", "type": "detection", "labels": [{"name": "cat"}, {"name": "road"}]}
    )
    image = tmp_path / "a.png"
    Image.new("RGB", (20, 10)).save(image)
    task = client.tasks.create({"project": project.id, "name": "t"})
    (asset,) = task.upload_assets([image])
    cat, road = project.labels
    task.set_annotations(
        [
            shapes.bbox(asset, cat, 1, 1, 5, 5),
            shapes.tag(asset, cat),
            shapes.polyline(asset, road, [(0, 0), (5, 5)]),
            shapes.points(asset, cat, [(2, 2)]),
        ]
    )
    return project


def test_a_lossy_export_warns_naming_kinds_and_labels(
    client: annota.Client, workspace: Workspace, tmp_path: Path
) -> None:
    client.workspace = workspace.slug
    project = _project_with_four_shapes(client, tmp_path)
    with pytest.warns(annota.LossyExportWarning) as caught:
        path = project.export_dataset("coco", tmp_path / "out.zip")
    assert isinstance(path, Path)
    assert path.exists()
    warning = caught[0].message
    assert isinstance(warning, annota.LossyExportWarning)
    assert warning.skipped == [("points", "cat", 1), ("polyline", "road", 1), ("tag", "cat", 1)]
    assert "3 shapes" in str(warning)
    assert "polyline (road)" in str(warning)
    assert warning.operation.skipped_shapes() == warning.skipped
    assert isinstance(warning, UserWarning)
    assert caught[0].filename == __file__  # it points at the line that exported
    # A version's export warns the same way, at its caller too.
    version = project.create_version("v1")
    with pytest.warns(annota.LossyExportWarning) as again:
        version.export_dataset("coco", tmp_path / "v1.zip")
    assert again[0].filename == __file__
    assert "3 shapes" in str(again[0].message)


def test_an_export_that_loses_nothing_warns_nothing(
    client: annota.Client, workspace: Workspace, tmp_path: Path
) -> None:
    client.workspace = workspace.slug
    project = _project_with_four_shapes(client, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        project.export_dataset("annota", tmp_path / "whole.zip")
    operation = project.start_export("yolo")
    operation.wait(60)
    # Points make it a pose dataset, whose lines need keypoints: the box is left out.
    assert operation.skipped_shapes() == [
        ("bbox", "cat", 1),
        ("polyline", "road", 1),
        ("tag", "cat", 1),
    ]
