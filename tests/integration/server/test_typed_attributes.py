"""Typed attributes: labels declare them, the server checks shapes' values against them.

One project (module scope) with a label that declares a select, a checkbox, a number with a
range and a required text, and a label that declares none (free name/value pairs, as before).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
import urllib3
from PIL import Image
from support import assert_problem, create_project, create_task
from support.db import DatabaseProbe
from support.http import Http

from .operations_support import export_zip, finished, start_import, wait

CAR = [
    {"name": "color", "type": "select", "options": ["red", "blue"], "default": "red"},
    {"name": "parked", "type": "checkbox"},
    {"name": "doors", "type": "number", "min": 2, "max": 5},
    {"name": "plate", "type": "text", "required": True},
]


class Setup:
    """A project with a declaring label (``car``) and a free one (``thing``), one asset."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.project = create_project(
            http, labels=[{"name": "car", "attributes": CAR}, {"name": "thing"}]
        )
        self.labels = {label["name"]: label for label in self.project["labels"]}
        task = create_task(http, self.project["id"])
        buffer = io.BytesIO()
        Image.new("RGB", (32, 32)).save(buffer, "PNG")
        body, content_type = urllib3.encode_multipart_formdata(
            [("files", ("a.png", buffer.getvalue(), "image/png"))]
        )
        url = f"/api/tasks/{task['id']}/assets"
        result = http.post(url, body=body, content_type=content_type).expect(201).json()
        self.asset = result["assets"][0]["id"]
        self.task_url = f"/api/tasks/{task['id']}/annotations"

    def shape(self, label: str = "car", **attributes: str) -> dict[str, Any]:
        return {
            "asset": self.asset,
            "label": self.labels[label]["id"],
            "kind": "bbox",
            "points": [1, 1, 5, 5],
            "attributes": [{"name": k, "value": v} for k, v in attributes.items()],
        }

    def create(self, *shapes: dict[str, Any]) -> Any:
        return self.http.patch(self.task_url, json={"create": list(shapes)})


@pytest.fixture(scope="module")
def setup(server: Any, admin_token: str) -> Setup:
    return Setup(server.http(token=admin_token))


def test_a_label_shows_its_declarations_with_every_field(setup: Setup) -> None:
    car = setup.labels["car"]
    assert [spec["name"] for spec in car["attributes"]] == ["color", "parked", "doors", "plate"]
    parked = car["attributes"][1]
    assert parked == {
        "name": "parked",
        "type": "checkbox",
        "options": [],
        "min": None,
        "max": None,
        "default": "false",  # a checkbox always has a value
        "required": False,
    }
    assert car["attributes"][2]["min"] == 2
    assert car["attributes"][2]["max"] == 5
    assert setup.labels["thing"]["attributes"] == []
    read = setup.http.get(f"/api/labels/{car['id']}").expect(200).json()
    assert read["attributes"] == car["attributes"]


def test_defaults_are_filled_in_and_values_stored_in_one_form(setup: Setup) -> None:
    answer = setup.create(setup.shape(plate="AB-12", doors="4.0", parked="true")).expect(200)
    created = answer.json()["created"][0]
    assert created["attributes"] == [
        {"name": "color", "value": "red"},  # the default
        {"name": "parked", "value": "true"},
        {"name": "doors", "value": "4"},  # 4.0 stored as 4
        {"name": "plate", "value": "AB-12"},
    ]


@pytest.mark.parametrize(
    ("attributes", "field", "why"),
    [
        ({"plate": "x", "color": "green"}, "create.1.attributes.1.value", "not one of"),
        ({"plate": "x", "parked": "yes"}, "create.1.attributes.1.value", "not true or false"),
        ({"plate": "x", "doors": "seven"}, "create.1.attributes.1.value", "not a number"),
        ({"plate": "x", "doors": "9"}, "create.1.attributes.1.value", "above the maximum 5"),
        ({"plate": "x", "doors": "1.5"}, "create.1.attributes.1.value", "below the minimum 2"),
        ({"plate": "x", "wheels": "4"}, "create.1.attributes.1.name", "no attribute 'wheels'"),
        ({"color": "blue"}, "create.1.attributes", "'plate' is required"),
        ({"plate": ""}, "create.1.attributes.0.value", "cannot be empty"),
    ],
)
def test_a_bad_value_is_refused_naming_the_shape_and_attribute(
    setup: Setup, db: DatabaseProbe, attributes: dict[str, str], field: str, why: str
) -> None:
    before = db.row_counts(exclude=("sessions", "access_tokens"))["shapes"]
    good = setup.shape(plate="ok")
    problem = assert_problem(setup.create(good, setup.shape(**attributes)), 400, field=field)
    assert any(e["field"] == field and why in e["message"] for e in problem["errors"]), problem
    # All or nothing: the good shape beside it is not stored either.
    assert db.row_counts(exclude=("sessions", "access_tokens"))["shapes"] == before


def test_a_label_without_declarations_takes_any_pairs(setup: Setup) -> None:
    answer = setup.create(setup.shape("thing", anything="goes", count="3.0")).expect(200)
    assert answer.json()["created"][0]["attributes"] == [
        {"name": "anything", "value": "goes"},
        {"name": "count", "value": "3.0"},  # not a declared number: kept as sent
    ]


def test_a_new_label_checks_the_attributes_the_shape_keeps(setup: Setup) -> None:
    free = setup.create(setup.shape("thing", wheels="4")).expect(200).json()["created"][0]
    moved = {"id": free["id"], "label": setup.labels["car"]["id"]}
    assert_problem(
        setup.http.patch(setup.task_url, json={"update": [moved]}), 400, field="update.0.attributes"
    )
    fixed = {**moved, "attributes": [{"name": "plate", "value": "Z"}]}
    answer = setup.http.patch(setup.task_url, json={"update": [fixed]}).expect(200)
    assert answer.json()["updated"][0]["attributes"][0] == {"name": "color", "value": "red"}


def test_a_put_of_the_annotations_checks_them_too(setup: Setup) -> None:
    answer = setup.http.put(setup.task_url, json={"shapes": [setup.shape(doors="3")]})
    assert_problem(answer, 400, field="shapes.0.attributes")


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"name": "a", "type": "select"}, "attributes.0.options"),
        ({"name": "a", "type": "select", "options": ["x", "x"]}, "attributes.0.options"),
        ({"name": "a", "type": "text", "options": ["x"]}, "attributes.0.options"),
        ({"name": "a", "type": "number", "min": 5, "max": 1}, "attributes.0.max"),
        ({"name": "a", "type": "checkbox", "min": 1}, "attributes.0.min"),
        ({"name": "a", "type": "number", "max": 3, "default": "4"}, "attributes.0.default"),
        ({"name": "a", "type": "checkbox", "default": "maybe"}, "attributes.0.default"),
        ({"name": "a", "type": "colour"}, "attributes.0.type"),
    ],
)
def test_bad_declarations_are_refused_naming_the_field(
    setup: Setup, spec: dict[str, Any], field: str
) -> None:
    label = setup.labels["thing"]
    answer = setup.http.patch(f"/api/labels/{label['id']}", json={"attributes": [spec]})
    assert_problem(answer, 400, field=field)
    create = setup.http.post(
        "/api/projects",
        json={"name": "p", "type": "detection", "labels": [{"name": "x", "attributes": [spec]}]},
    )
    assert_problem(create, 400, field=f"labels.0.{field}")


def test_a_name_declared_twice_is_refused(setup: Setup) -> None:
    twice = [{"name": "a", "type": "text"}, {"name": "a", "type": "checkbox"}]
    answer = setup.http.patch(
        f"/api/labels/{setup.labels['thing']['id']}", json={"attributes": twice}
    )
    assert_problem(answer, 400, field="attributes.1.name")


def test_declarations_travel_through_an_annota_export_and_import(setup: Setup) -> None:
    http = setup.http
    setup.create(setup.shape(plate="P-1", doors="3", parked="true")).expect(200)
    archive = export_zip(http, setup.project["id"], "annota", include_images=True)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        document = json.loads(zipped.read("annotations.json"))
    car = next(label for label in document["labels"] if label["name"] == "car")
    assert car["attributes"] == setup.labels["car"]["attributes"]
    assert "attributes" not in next(lb for lb in document["labels"] if lb["name"] == "thing")

    # A new project from the archive: the label declares the same, its shapes were checked.
    target = create_project(http)
    finished(http, start_import(http, target["id"], "annota", archive)["id"])
    labels = http.get(f"/api/projects/{target['id']}").json()["labels"]
    assert next(lb for lb in labels if lb["name"] == "car")["attributes"] == car["attributes"]


def test_an_import_refuses_values_its_labels_do_not_take(setup: Setup) -> None:
    http = setup.http
    archive = export_zip(http, setup.project["id"], "annota")
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        document = json.loads(zipped.read("annotations.json"))
    shape = next(s for t in document["tasks"] for s in t["shapes"] if s["label"] == "car")
    shape["attributes"] = [{"name": "doors", "value": "99"}, {"name": "plate", "value": "x"}]
    changed = io.BytesIO()
    with zipfile.ZipFile(changed, "w") as zipped:
        zipped.writestr("annotations.json", json.dumps(document))
    operation = wait(
        http, start_import(http, setup.project["id"], "annota", changed.getvalue())["id"]
    )
    assert operation["status"] == "failed"
    assert "doors" in operation["message"]
    assert "above the maximum 5" in operation["message"]


def test_coco_writes_declared_values_typed(setup: Setup) -> None:
    http = setup.http
    setup.create(setup.shape(plate="T-1", doors="5", parked="true")).expect(200)
    archive = export_zip(http, setup.project["id"], "coco")
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        document = json.loads(zipped.read("annotations/instances_default.json"))
    typed = [
        a["attributes"] for a in document["annotations"] if a["attributes"].get("plate") == "T-1"
    ]
    assert typed == [
        {"color": "red", "parked": True, "doors": 5, "plate": "T-1", "occluded": False}
    ]


def test_cvat_writes_the_declarations_as_its_specs(setup: Setup) -> None:
    archive = export_zip(setup.http, setup.project["id"], "cvat")
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        xml = zipped.read("annotations.xml").decode()
    assert (
        "<attribute><name>doors</name><mutable>False</mutable><input_type>number</input_type>"
        "<default_value>2</default_value><values>2;5;1</values></attribute>"
    ) in xml
    assert "<name>color</name><mutable>False</mutable><input_type>select</input_type>" in xml
