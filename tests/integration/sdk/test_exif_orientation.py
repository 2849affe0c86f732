"""EXIF orientation: a phone photo stored sideways is seen, measured and annotated upright.

The photo (support.photos) is stored 380x512 with orientation 6; upright it is 512x380 with a
red box and a green box at known places. Every path that shows or hands out the picture must
use the upright frame, so that a shape is where a person sees it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import sqlalchemy as sa
from PIL import Image
from pycocotools.coco import COCO
from support import DatabaseProbe, ServerProcess, colour_detector, photos, unique

import annota
from annota import auto_annotation as aa
from annota import shapes
from annota.proxies.assets import Asset
from annota.proxies.projects import Project
from annota.proxies.tasks import Task
from annota_server.db.models import Asset as AssetRow


def _uploaded(client: annota.Client, tmp_path: Path) -> tuple[Project, Task, Asset, bytes]:
    project = client.projects.create(
        {
            "name": unique("exif"),
            "type": "detection",
            "labels": [{"name": "apple", "color": "#0000ff"}, {"name": "leaf"}],
        }
    )
    task = client.tasks.create({"project": project.id, "name": "phone"})
    path = photos.write_sideways(tmp_path / "upload")
    (asset,) = task.upload_assets([path])
    return project, task, asset, path.read_bytes()


def _box_on_red(project: Project, task: Task, asset: Asset) -> None:
    """A person's box drawn on the red box of the upright picture."""
    apple = next(label for label in project.labels if label.name == "apple")
    task.set_annotations([shapes.bbox(asset, apple, *photos.RED)])


def test_an_upload_records_the_upright_size_and_keeps_the_original_bytes(
    client: annota.Client, tmp_path: Path
) -> None:
    _, _, asset, original = _uploaded(client, tmp_path)
    assert (asset.width, asset.height) == photos.UPRIGHT
    assert asset.read_bytes() == original
    assert asset.sha256 == hashlib.sha256(original).hexdigest()
    assert asset.size == len(original)


def test_the_thumbnail_is_upright(client: annota.Client, tmp_path: Path) -> None:
    _, _, asset, _ = _uploaded(client, tmp_path)
    with Image.open(io.BytesIO(asset.read_thumbnail(256))) as thumb:
        assert thumb.size == (256, 190)
        # No orientation tag is left to turn it again.
        assert thumb.getexif().get(photos.ORIENTATION, 1) == 1
        scale = 256 / photos.UPRIGHT[0]
        red = tuple(round(v * scale) for v in photos.RED)
        assert photos.is_red(photos.colour_at(thumb, red))  # type: ignore[arg-type]


def test_render_draws_the_shape_on_the_upright_picture(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, asset, _ = _uploaded(client, tmp_path)
    _box_on_red(project, task, asset)
    saved = asset.render(tmp_path / "render.png")
    with Image.open(saved) as drawn:
        picture = drawn.convert("RGB")
    assert picture.size == photos.UPRIGHT
    x0, y0, x1, y1 = photos.RED
    assert picture.getpixel(((x0 + x1) // 2, y0)) == (0, 0, 255)  # the box's top edge
    assert photos.is_red(photos.colour_at(picture, photos.RED))  # inside: the red picture


def test_auto_annotation_hands_the_function_the_upright_image(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, asset, _ = _uploaded(client, tmp_path)
    sizes: list[tuple[int, int]] = []

    class Recording:
        spec = colour_detector.spec

        def detect(self, image: Any, seen: Any) -> Any:
            sizes.append(image.size)
            return colour_detector.detect(image, seen)

    result = aa.annotate_task(client, task, Recording())
    assert result.created == 2
    assert sizes == [(asset.width, asset.height)] == [photos.UPRIGHT]
    boxes = {s.label: s.points for s in task.get_annotations(sources=["model"]).shapes}
    names = {label.id: label.name for label in project.labels}
    found = {names[label]: points for label, points in boxes.items()}
    assert photos.close(found["apple"], photos.RED)
    assert photos.close(found["leaf"], photos.GREEN)


def test_samples_keep_the_original_file_and_open_upright(
    client: annota.Client, tmp_path: Path
) -> None:
    project, task, asset, original = _uploaded(client, tmp_path)
    _box_on_red(project, task, asset)
    version = project.create_version("v1")
    (sample,) = version.samples(tmp_path / "cache")
    assert sample.path.read_bytes() == original
    assert (sample.asset.width, sample.asset.height) == photos.UPRIGHT
    image = sample.open_image()
    assert image.size == photos.UPRIGHT
    (shape,) = sample.shapes
    box = tuple(int(v) for v in shape.points)
    assert photos.is_red(photos.colour_at(image, box))  # type: ignore[arg-type]


def _image_in(archive: zipfile.ZipFile, suffix: str) -> Image.Image:
    (member,) = [name for name in archive.namelist() if name.endswith(suffix)]
    with Image.open(io.BytesIO(archive.read(member))) as image:
        image.load()
        return image.copy()


def test_foreign_exports_write_the_image_upright_and_annota_keeps_the_original(
    client: annota.Client, tmp_path: Path
) -> None:
    """A reader that ignores EXIF (Pillow, pycocotools) finds the box on the red box."""
    project, task, asset, original = _uploaded(client, tmp_path)
    _box_on_red(project, task, asset)

    coco_zip = project.export_dataset("coco", tmp_path / "coco.zip", include_images=True)
    with zipfile.ZipFile(coco_zip) as archive:
        image = _image_in(archive, "phone.jpg")
        annotations = tmp_path / "instances.json"
        annotations.write_bytes(archive.read("annotations/instances_default.json"))
    coco = COCO(str(annotations))
    (record,) = coco.loadImgs(coco.getImgIds())
    (annotation,) = coco.loadAnns(coco.getAnnIds())
    assert image.size == (record["width"], record["height"]) == photos.UPRIGHT
    assert image.getexif().get(photos.ORIENTATION, 1) == 1
    x, y, w, h = annotation["bbox"]
    box = (int(x), int(y), int(x + w), int(y + h))
    assert photos.is_red(photos.colour_at(image, box))

    yolo_zip = project.export_dataset("yolo", tmp_path / "yolo.zip", include_images=True)
    with zipfile.ZipFile(yolo_zip) as archive:
        image = _image_in(archive, "phone.jpg")
        (line,) = archive.read("labels/train/phone.txt").decode().splitlines()
    _, cx, cy, w, h = (float(v) for v in line.split())
    width, height = image.size
    assert image.size == photos.UPRIGHT
    centre = (int(cx * width), int(cy * height), int(cx * width) + 1, int(cy * height) + 1)
    assert photos.is_red(photos.colour_at(image, centre))

    voc_zip = project.export_dataset("voc", tmp_path / "voc.zip", include_images=True)
    with zipfile.ZipFile(voc_zip) as archive:
        image = _image_in(archive, "phone.jpg")
        root = ElementTree.fromstring(archive.read("Annotations/phone.xml"))
    size = root.find("size")
    assert size is not None
    assert (int(size.findtext("width", "")), int(size.findtext("height", ""))) == image.size
    corners = [
        float(root.findtext(f"object/bndbox/{tag}", "")) for tag in ("xmin", "ymin", "xmax", "ymax")
    ]
    assert photos.is_red(photos.colour_at(image, tuple(int(v) for v in corners)))  # type: ignore[arg-type]

    annota_zip = project.export_dataset("annota", tmp_path / "annota.zip", include_images=True)
    with zipfile.ZipFile(annota_zip) as archive:
        assert archive.read("images/phone.jpg") == original
        document = json.loads(archive.read("annotations.json"))
    (exported,) = document["tasks"][0]["assets"]
    assert (exported["width"], exported["height"]) == photos.UPRIGHT
    assert exported["sha256"] == hashlib.sha256(original).hexdigest()


def test_remeasure_records_the_upright_size_of_assets_stored_before(
    client: annota.Client, tmp_path: Path, server: ServerProcess, db: DatabaseProbe
) -> None:
    project, task, asset, _ = _uploaded(client, tmp_path)
    _box_on_red(project, task, asset)
    # A row as an older server wrote it: the stored pixels' size.
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(AssetRow).where(AssetRow.id == asset.id).values(width=380, height=512)
        )
    line = f"asset {asset.id} (phone.jpg): 380x512 -> 512x380; 1 shapes to review"
    assert f"would correct {line}" in server.command("remeasure", "--dry-run")
    assert (client.assets.retrieve(asset.id).width, client.assets.retrieve(asset.id).height) == (
        380,
        512,
    )
    assert f"corrected {line}" in server.command("remeasure")
    again = client.assets.retrieve(asset.id)
    assert (again.width, again.height) == photos.UPRIGHT
    assert f"asset {asset.id} " not in server.command("remeasure")  # nothing left to do


def test_a_yolo_import_reads_normalised_boxes_in_the_upright_frame(
    client: annota.Client, tmp_path: Path
) -> None:
    """ultralytics normalises by the upright size (its exif_size); the import does the same."""
    width, height = photos.UPRIGHT
    x0, y0, x1, y1 = photos.RED
    values = ((x0 + x1) / 2 / width, (y0 + y1) / 2 / height, (x1 - x0) / width, (y1 - y0) / height)
    line = " ".join(["0", *(str(v) for v in values)])
    archive = tmp_path / "yolo.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(
            "data.yaml", "path: .\ntrain: images/train\nval: images/train\nnames: {0: apple}\n"
        )
        out.writestr("images/train/phone.jpg", photos.sideways_jpeg())
        out.writestr("labels/train/phone.txt", line + "\n")
    project = client.projects.create({"name": unique("exif-yolo"), "type": "detection"})
    project.import_dataset("yolo", archive)
    (task,) = project.get_tasks()
    (asset,) = task.get_assets()
    assert (asset.width, asset.height) == photos.UPRIGHT
    (shape,) = task.get_annotations().shapes
    assert photos.close(list(shape.points), photos.RED, slack=0.01)
