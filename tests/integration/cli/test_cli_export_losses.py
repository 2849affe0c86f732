"""``annota export`` prints what the format could not hold, and formats YOLO and VOC."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PIL import Image
from support import ServerProcess, TestUser, unique

import annota
from annota import shapes

from .conftest import Cli


def test_export_prints_what_it_left_out(
    logged_in: Cli, server: ServerProcess, new_user: TestUser, tmp_path: Path
) -> None:
    image = tmp_path / "a.png"
    Image.new("RGB", (20, 10)).save(image)
    with annota.Client(server.url, token=new_user.token) as client:
        project = client.projects.create(
            {"name": unique("cli-loss"), "type": "detection", "labels": [{"name": "cat"}]}
        )
        task = client.tasks.create({"project": project.id, "name": "t"})
        (asset,) = task.upload_assets([image])
        (cat,) = project.labels
        task.set_annotations([shapes.bbox(asset, cat, 1, 1, 5, 5), shapes.tag(asset, cat)])
    lossy = logged_in("export", str(project.id), str(tmp_path / "c.zip"), "-f", "voc")
    assert lossy.code == 0, lossy.err
    assert "Left out: 1 tag of label 'cat'." in lossy.err
    with zipfile.ZipFile(lossy.out.strip()) as archive:
        assert "Annotations/a.xml" in archive.namelist()
    whole = logged_in("export", str(project.id), str(tmp_path / "a.zip"), "-f", "annota")
    assert whole.code == 0
    assert "Left out" not in whole.err
