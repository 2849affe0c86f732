"""The docs' format table says what each export keeps, and the exports keep exactly that.

The table is generated from the format modules' declarations (``Format.tasks``); these tests
export a project with one shape of every kind in every format (and every YOLO task) and
compare what was skipped with what the table says, so the docs cannot drift from the code.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image

import annota
from annota import errors, shapes
from annota.proxies.projects import Project
from annota.proxies.workspaces import Workspace
from annota_server.datasets.formats import FORMATS, SHAPE_KINDS

ROOT = Path(__file__).resolve().parents[3]
CASES = [(name, task) for name, fmt in FORMATS.items() for task in fmt.tasks]


def _docs_table() -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import docs_hooks
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return docs_hooks.dataset_formats()


@pytest.fixture(scope="module")
def every_kind(admin_client: annota.Client, tmp_path_factory: pytest.TempPathFactory) -> Project:
    slug = f"formats-{id(tmp_path_factory)}"
    space = admin_client.workspaces.create({"slug": slug, "name": slug})
    client = admin_client.with_workspace(space.slug)
    project = client.projects.create(
        {"name": "kinds", "type": "detection", "labels": [{"name": "cat"}]}
    )
    image = tmp_path_factory.mktemp("formats") / "a.png"
    Image.new("RGB", (20, 10)).save(image)
    task = client.tasks.create({"project": project.id, "name": "t"})
    (asset,) = task.upload_assets([image])
    (cat,) = project.labels
    task.set_annotations(
        [
            shapes.tag(asset, cat),
            shapes.bbox(asset, cat, 1, 1, 5, 5),
            shapes.polygon(asset, cat, [(0, 0), (4, 0), (4, 4)]),
            shapes.polyline(asset, cat, [(0, 0), (5, 5)]),
            shapes.points(asset, cat, [(2, 2), (3, 3)]),
            shapes.mask(asset, cat, {"size": [10, 20], "counts": [20, 30, 150]}),
        ]
    )
    return project


@pytest.mark.parametrize(("format", "task"), CASES)
def test_an_export_keeps_exactly_what_the_docs_table_says(
    every_kind: Project, format: str, task: str
) -> None:
    keeps = FORMATS[format].tasks[task]
    operation = every_kind.start_export(format, task=task or None).wait(120)
    skipped = {kind for kind, _, _ in operation.skipped_shapes()}
    assert skipped == set(SHAPE_KINDS) - keeps
    assert _kept_in_docs(format, task) == keeps


def _kept_in_docs(format: str, task: str) -> set[str]:
    """The kinds the docs' table lists as kept by ``format`` (and ``task``)."""
    row = next(line for line in _docs_table().splitlines() if f"| `{format}` |" in line)
    cell = row.split(" | ")[3]
    if task:
        cell = cell.split(f"task `{task}`: ")[1].split(";")[0]
    return {kind for kind in SHAPE_KINDS if f"`{kind}`" in cell}


def test_the_yolo_task_is_a_parameter_with_the_shapes_rule_as_default(
    every_kind: Project, tmp_path: Path
) -> None:
    def data_yaml(path: Path) -> dict[str, object]:
        with zipfile.ZipFile(path) as archive:
            loaded: dict[str, object] = yaml.safe_load(io.BytesIO(archive.read("data.yaml")))
        return loaded

    with pytest.warns(annota.LossyExportWarning, match="bbox"):
        default = every_kind.export_dataset("yolo", tmp_path / "default.zip")
    assert data_yaml(default)["task"] == "pose", "points present: pose, as documented"
    with pytest.warns(annota.LossyExportWarning, match="points"):
        detect = every_kind.export_dataset("yolo", tmp_path / "detect.zip", task="detect")
    assert data_yaml(detect)["task"] == "detect"
    with zipfile.ZipFile(detect) as archive:
        (labels,) = [n for n in archive.namelist() if n.startswith("labels/")]
        assert len(archive.read(labels).decode().splitlines()) == 1, "the box is kept"

    with pytest.raises(errors.InvalidRequestError, match="task"):
        every_kind.start_export("coco", task="detect")
    with pytest.raises(errors.InvalidRequestError, match="task"):
        every_kind.start_export("yolo", task="dance")


def test_a_versions_yolo_export_takes_the_task_too(
    every_kind: Project, workspace: Workspace
) -> None:
    version = every_kind.create_version(f"v-{workspace.slug}")
    operation = version.start_export("yolo", task="segment").wait(120)
    assert {kind for kind, _, _ in operation.skipped_shapes()} == {"tag", "polyline", "points"}
