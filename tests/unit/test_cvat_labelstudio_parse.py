"""What the cvat and labelstudio parsers make of the forms the foreign-tool tests do not write."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from annota_server.datasets import cvat, labelstudio
from annota_server.datasets.archive import Archive
from annota_server.datasets.base import DatasetError
from annota_server.datasets.model import Dataset, ShapeSpec


def _first_shapes(dataset: Dataset) -> list[ShapeSpec]:
    """The shapes of the first image of the first task, read from the dataset's stream."""
    image = dataset.tasks[0].images[0]
    return [shape for owner, shapes in dataset.shapes() if owner is image for shape in shapes]


def _archive(members: dict[str, str]) -> Archive:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    buffer.seek(0)
    return Archive(buffer)


def _cvat(images: str, meta: str = "<task><id>4</id><name>t</name></task>") -> str:
    return f'<?xml version="1.0"?><annotations><meta>{meta}</meta>{images}</annotations>'


def test_a_rotated_cvat_box_becomes_the_polygon_of_its_corners() -> None:
    xml = _cvat(
        '<image id="0" name="a.png"><box label="cat" xtl="0" ytl="0" xbr="4" ybr="2" '
        'rotation="90"/></image>'
    )
    dataset = cvat.parse(_archive({"annotations.xml": xml}))
    shape = _first_shapes(dataset)[0]
    assert shape.kind == "polygon"
    # Turned a quarter clockwise about its centre (2, 1): the 4x2 box stands 2x4.
    assert [round(v, 6) + 0.0 for v in shape.points] == [3, -1, 3, 3, 1, 3, 1, -1]


def test_cvat_images_go_to_the_task_their_task_id_names() -> None:
    meta = (
        "<project><name>p</name><labels><label><name>cat</name><color>#AABBCC</color>"
        "<type>rectangle</type></label></labels><tasks>"
        "<task><id>1</id><name>one</name><subset>train</subset></task>"
        "<task><id>2</id><name>two</name><subset>default</subset></task></tasks></project>"
    )
    images = (
        '<image id="0" name="a.png" task_id="2" subset="default"/>'
        '<image id="1" name="b.png" task_id="1" subset="train">'
        '<box label="cat" source="auto" score="0.5" xtl="1" ytl="1" xbr="2" ybr="2"/></image>'
    )
    dataset = cvat.parse(_archive({"annotations.xml": _cvat(images, meta)}))
    assert [(t.name, t.subset, [i.name for i in t.images]) for t in dataset.tasks] == [
        ("one", "train", ["b.png"]),
        ("two", "", ["a.png"]),
    ]
    assert [(label.name, label.color, label.kind) for label in dataset.labels] == [
        ("cat", "#AABBCC", "bbox")
    ]
    box = _first_shapes(dataset)[0]
    assert (box.source, box.score, box.model_name) == ("model", 0.5, None)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ('<image id="0" name="a.png"><track/></image>', "unknown element <track>"),
        ('<image id="0" name="a.png"><ellipse label="c"/></image>', "has a <ellipse>"),
        (
            '<image id="0" name="a.png"><polygon label="c" points="1,2;x,4"/></image>',
            "points must be 'x,y;x,y;...' numbers",
        ),
        ('<image id="0" name="a.png"><box label="c" xtl="1"/></image>', "missing ytl"),
        ('<image id="0" name="a.png"/><image id="1" name="a.png"/>', "listed twice"),
    ],
)
def test_cvat_refusals_name_the_image(image: str, message: str) -> None:
    with pytest.raises(DatasetError, match="image 'a.png'") as caught:
        cvat.parse(_archive({"annotations.xml": _cvat(image)}))
    assert message in str(caught.value)


def test_a_cvat_track_is_refused_as_cvat_for_video() -> None:
    xml = _cvat('<track id="0" label="cat"><box frame="0"/></track>')
    with pytest.raises(DatasetError, match="CVAT for video"):
        cvat.parse(_archive({"annotations.xml": xml}))


def _ls(result: list[dict[str, object]], data: dict[str, str] | None = None) -> Archive:
    tasks = [
        {
            "data": data or {"image": "/data/local-files/?d=photos/a.png"},
            "annotations": [{"result": result}],
        }
    ]
    return _archive({"export.json": json.dumps(tasks)})


def _rect(**value: object) -> dict[str, object]:
    return {
        "id": "r",
        "type": "rectanglelabels",
        "original_width": 200,
        "original_height": 100,
        "value": {"rectanglelabels": ["cat"], **value},
    }


def test_a_label_studio_image_is_named_by_the_file_its_path_ends_with() -> None:
    dataset = labelstudio.parse(_ls([_rect(x=10, y=20, width=50, height=30)]))
    image = dataset.tasks[0].images[0]
    assert (image.name, image.member) == ("a.png", None)
    assert _first_shapes(dataset)[0].points == [20, 20, 120, 50]


def test_a_rotated_label_studio_rectangle_turns_about_its_top_left_corner() -> None:
    dataset = labelstudio.parse(_ls([_rect(x=10, y=20, width=50, height=30, rotation=90)]))
    shape = _first_shapes(dataset)[0]
    assert shape.kind == "polygon"
    assert [round(v, 6) + 0.0 for v in shape.points] == [20, 20, 20, 120, -10, 120, -10, 20]


def test_label_studio_choices_with_a_regions_id_are_its_attributes() -> None:
    result = [
        _rect(x=0, y=0, width=10, height=10),
        {"id": "r", "type": "choices", "from_name": "pose", "value": {"choices": ["sitting"]}},
        {"id": "r", "type": "choices", "from_name": "occluded", "value": {"choices": ["true"]}},
        {"id": "t", "type": "choices", "from_name": "class", "value": {"choices": ["indoor"]}},
    ]
    shapes = _first_shapes(labelstudio.parse(_ls(result)))
    assert [(s.kind, s.label, s.attributes, s.occluded) for s in shapes] == [
        ("bbox", "cat", [{"name": "pose", "value": "sitting"}], True),
        ("tag", "indoor", [], False),
    ]


def test_a_label_studio_result_without_its_size_needs_the_image() -> None:
    result = [
        {"id": "k", "type": "keypointlabels", "value": {"x": 1, "y": 1, "keypointlabels": ["c"]}}
    ]
    with pytest.raises(DatasetError, match="archive has no image to measure"):
        labelstudio.parse(_ls(result))


def test_a_label_studio_score_outside_zero_to_one_is_refused() -> None:
    tasks = [{"id": 3, "data": {"image": "a.png"}, "predictions": [{"score": 7, "result": []}]}]
    with pytest.raises(DatasetError, match=r"task 3, predictions.0.score: a score is a number"):
        labelstudio.parse(_archive({"tasks.json": json.dumps(tasks)}))


def test_a_bare_cvat_xml_file_is_read_without_images() -> None:
    xml = _cvat('<image id="0" name="x/a.png"><tag label="cat"/></image>')
    dataset = cvat.parse(Archive(io.BytesIO(xml.encode())))
    image = dataset.tasks[0].images[0]
    assert (dataset.tasks[0].name, image.name, image.member) == ("t", "x/a.png", None)
    assert [(s.kind, s.label, s.source) for s in _first_shapes(dataset)] == [
        ("tag", "cat", "imported")
    ]


def test_cvat_images_are_found_under_images_or_images_subset() -> None:
    images = '<image id="0" name="a.png" subset="val"/><image id="1" name="b.png"/>'
    archive = _archive(
        {"annotations.xml": _cvat(images), "images/val/a.png": "x", "images/b.png": "y"}
    )
    found = [(i.name, i.member) for i in cvat.parse(archive).tasks[0].images]
    assert found == [("a.png", "images/val/a.png"), ("b.png", "images/b.png")]


def test_an_unknown_xml_encoding_is_invalid_xml() -> None:
    xml = '<?xml version="1.0" encoding="utf-9"?><annotations/>'
    with pytest.raises(DatasetError, match="annotations.xml is not valid XML"):
        cvat.parse(_archive({"annotations.xml": xml}))


@pytest.mark.parametrize("x", ["1", None, True])
def test_label_studio_coordinates_must_be_finite_numbers(x: object) -> None:
    with pytest.raises(DatasetError, match="must be finite numbers"):
        labelstudio.parse(_ls([_rect(x=x, y=0, width=1, height=1)]))


def test_an_unreadable_label_studio_image_url_is_refused() -> None:
    with pytest.raises(DatasetError, match="is not a readable URL"):
        labelstudio.parse(_ls([], data={"image": "http://[broken/a.png"}))
