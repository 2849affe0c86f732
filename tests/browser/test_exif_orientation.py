"""A phone photo stored sideways (EXIF orientation 6) is shown and annotated upright.

Chromium turns an <img> and what canvas draws from it by the EXIF orientation
(``image-orientation: from-image``); the server records the upright size. A box drawn on the
red box of the upright picture must be stored where that red box is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ServerProcess, photos, unique

import annota
from annota.auto_annotation import open_upright

from .test_annotate import Job, close, drag, open_job, save, to_page


@pytest.fixture
def client(server: ServerProcess, admin_token: str) -> Iterator[annota.Client]:
    with annota.Client(server.url, token=admin_token) as sdk:
        yield sdk


def _pixel(page: Any, x: float, y: float) -> list[int]:
    """The colour of image pixel (x, y) as the page's image layer shows it."""
    canvas = page.locator("#canvas")
    box = canvas.bounding_box()
    left, top = to_page(page, x, y)
    return list(
        page.evaluate(
            "([x, y]) => { const c = document.querySelectorAll('#canvas canvas')[0];"
            " const r = window.devicePixelRatio || 1;"
            " return Array.from(c.getContext('2d').getImageData(x * r, y * r, 1, 1).data); }",
            [left - box["x"], top - box["y"]],
        )
    )


def test_a_box_drawn_on_the_upright_photo_is_stored_where_it_is_seen(
    page: Any, server: ServerProcess, client: annota.Client, tmp_path: Path
) -> None:
    project = client.projects.create(
        {"name": unique("exif"), "type": "detection", "labels": [{"name": "apple"}]}
    )
    task = client.tasks.create({"project": project.id, "name": "phone"})
    (asset,) = task.upload_assets([photos.write_sideways(tmp_path)])
    assert (asset.width, asset.height) == photos.UPRIGHT
    (job,) = list(task.get_jobs())
    labelled = Job(client, job.id, project, [asset], {"apple": project.labels[0]})
    open_job(page, server, labelled)

    # The page shows the picture upright: red and green where the upright picture has them.
    red = _pixel(page, (photos.RED[0] + photos.RED[2]) / 2, (photos.RED[1] + photos.RED[3]) / 2)
    green = _pixel(
        page, (photos.GREEN[0] + photos.GREEN[2]) / 2, (photos.GREEN[1] + photos.GREEN[3]) / 2
    )
    assert photos.is_red((red[0], red[1], red[2])), red
    assert photos.is_green((green[0], green[1], green[2])), green

    page.keyboard.press("b")
    drag(page, photos.RED[:2], photos.RED[2:])
    save(page)
    (shape,) = labelled.shapes()
    assert close(list(shape.points), [float(v) for v in photos.RED], tolerance=2), shape.points
    # ... which is the red box for every other reader of the asset too.
    image = open_upright(asset.read_bytes())
    box = tuple(int(v) for v in shape.points)
    assert photos.is_red(photos.colour_at(image, box))  # type: ignore[arg-type]
