"""asset.render through the SDK: label colours, predictions under min_score left out, folders."""

from __future__ import annotations

import uuid
from pathlib import Path

from PIL import Image
from support import colour_detector

import annota
from annota import shapes


def test_render_draws_in_the_label_colour_and_leaves_out_low_scores(
    client: annota.Client, tmp_path: Path
) -> None:
    project = client.projects.create(
        {
            "name": f"render-{uuid.uuid4().hex[:8]}",
            "type": "detection",
            "labels": [{"name": "apple", "color": "#00ff00"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    (made,) = colour_detector.images(tmp_path / "images", 1)
    (asset,) = task.upload_assets([made[0]])
    apple = project.labels[0]
    task.set_annotations(
        [
            shapes.bbox(asset, apple, 10, 10, 40, 40),
            shapes.bbox(asset, apple, 50, 5, 60, 30, score=0.2),  # a weak prediction
        ]
    )
    # A folder that does not exist yet, named with a trailing slash, is made (as download does).
    saved = asset.render(str(tmp_path / "renders") + "/", min_score=0.5)
    assert saved.parent == tmp_path / "renders"
    assert saved.name == asset.name
    with Image.open(saved) as drawn, Image.open(made[0]) as original:
        picture = drawn.convert("RGB")
        assert picture.getpixel((25, 10)) == (0, 255, 0)  # the manual box's top edge
        # The prediction under min_score is absent: its edge keeps the image's pixel.
        assert picture.getpixel((55, 30)) == original.convert("RGB").getpixel((55, 30))
    everything = asset.render(tmp_path / "all.png")
    with Image.open(everything) as drawn:
        assert drawn.convert("RGB").getpixel((55, 30)) != picture.getpixel((55, 30))


def test_render_fills_a_mask_semi_transparent_in_the_label_colour(
    client: annota.Client, tmp_path: Path
) -> None:
    import numpy as np

    from annota.render import MASK_OPACITY

    project = client.projects.create(
        {
            "name": f"render-{uuid.uuid4().hex[:8]}",
            "type": "segmentation",
            "labels": [{"name": "apple", "color": "#0000ff", "kind": "mask"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "t"})
    (made,) = colour_detector.images(tmp_path / "images", 1)
    (asset,) = task.upload_assets([made[0]])
    pixels = np.zeros((48, 64), dtype=bool)
    pixels[20:40, 30:60] = True
    pixels[25:30, 35:40] = False  # a hole
    task.set_annotations([shapes.mask(asset, project.labels[0], pixels)])
    saved = asset.render(tmp_path / "mask.png")
    with Image.open(saved) as drawn, Image.open(made[0]) as original:
        picture, before = drawn.convert("RGB"), original.convert("RGB")
        inside, hole = before.getpixel((50, 35)), before.getpixel((37, 27))
        blended = tuple(
            round(v * (1 - MASK_OPACITY) + c * MASK_OPACITY)
            for v, c in zip(inside, (0, 0, 255), strict=True)
        )
        assert all(
            abs(a - b) <= 1 for a, b in zip(picture.getpixel((50, 35)), blended, strict=True)
        )
        assert picture.getpixel((37, 27)) == hole  # the hole shows the image
        assert picture.getpixel((5, 45)) == before.getpixel((5, 45))  # outside the mask
