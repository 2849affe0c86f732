"""Predictions on the server: the rules for score and model_name, accepting, filters, replacing.

Shapes with source ``model`` may carry a ``score`` (0..1) and a ``model_name``; no other shape
may, and a bad one is a 400 naming the field with nothing written. ``replace_predictions``
deletes one model's predictions on some assets in the same request that creates new ones.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
import urllib3
from PIL import Image
from support import TestUser, assert_problem, create_project, create_task
from support.db import DatabaseProbe
from support.http import Http


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


class Setup:
    """A project with a bbox label and a task of 3 assets in 2 jobs."""

    def __init__(self, http: Http) -> None:
        self.http = http
        self.project = create_project(http, labels=[{"name": "box", "kind": "bbox"}])
        self.label = self.project["labels"][0]["id"]
        self.task = create_task(http, self.project["id"], segment_size=2)
        fields = [("files", (f"{i}.png", _png(), "image/png")) for i in range(3)]
        body, content_type = urllib3.encode_multipart_formdata(fields)
        url = f"/api/tasks/{self.task['id']}/assets"
        result = http.post(url, body=body, content_type=content_type).expect(201).json()
        self.assets = [a["id"] for a in result["assets"]]
        self.jobs = [j["id"] for j in result["jobs"]]
        self.url = f"/api/tasks/{self.task['id']}/annotations"

    def shape(self, asset: int = 0, **fields: Any) -> dict[str, Any]:
        base = {"asset": self.assets[asset], "label": self.label, "kind": "bbox"}
        return {**base, "points": [1, 1, 4, 4], **fields}

    def prediction(self, asset: int = 0, score: float = 0.5, model: str = "m1") -> dict[str, Any]:
        return self.shape(asset, source="model", score=score, model_name=model)


@pytest.fixture
def setup(new_user: TestUser) -> Setup:
    return Setup(new_user.http)


def test_a_prediction_keeps_its_score_and_model(setup: Setup) -> None:
    put = setup.http.put(
        setup.url, json={"shapes": [setup.shape(), setup.prediction(score=0.25)]}
    ).expect(200)
    manual, predicted = put.json()["shapes"]
    assert (manual["source"], manual["score"], manual["model_name"]) == ("manual", None, None)
    assert (predicted["source"], predicted["score"], predicted["model_name"]) == (
        "model",
        0.25,
        "m1",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"score": 0.5}, "shapes.0.score"),
        ({"model_name": "m"}, "shapes.0.model_name"),
        ({"source": "imported", "score": 0.5}, "shapes.0.score"),
        ({"source": "model", "score": 1.5}, "score"),
        ({"source": "model", "score": -0.1}, "score"),
        ({"source": "model", "model_name": ""}, "model_name"),
        ({"source": "model", "model_name": "x" * 129}, "model_name"),
        ({"source": "robot"}, "source"),
    ],
)
def test_bad_prediction_fields_are_refused_naming_them(
    setup: Setup, db: DatabaseProbe, fields: dict[str, Any], field: str
) -> None:
    before = db.row_counts(exclude=("sessions", "access_tokens"))
    response = setup.http.put(setup.url, json={"shapes": [setup.shape(**fields)]})
    assert_problem(response, 400, field=field)
    assert db.row_counts(exclude=("sessions", "access_tokens")) == before


def test_accepting_a_prediction_makes_it_manual(setup: Setup) -> None:
    (shape,) = setup.http.put(setup.url, json={"shapes": [setup.prediction()]}).json()["shapes"]
    change = {"update": [{"id": shape["id"], "source": "manual"}]}
    (accepted,) = setup.http.patch(setup.url, json=change).expect(200).json()["updated"]
    assert (accepted["source"], accepted["score"], accepted["model_name"]) == (
        "manual",
        None,
        None,
    )
    assert accepted["points"] == shape["points"]
    (read,) = setup.http.get(setup.url).json()["shapes"]
    assert read["source"] == "manual"
    # Nothing turns back into a prediction.
    back = {"update": [{"id": shape["id"], "source": "model"}]}
    assert_problem(setup.http.patch(setup.url, json=back), 400, field="update.0.source")


def test_reads_filter_by_source_and_min_score(setup: Setup) -> None:
    shapes = [
        setup.shape(0),
        setup.shape(1, source="imported"),
        setup.prediction(0, score=0.2),
        setup.prediction(2, score=0.9),
        setup.shape(2, source="model"),  # a prediction without a score
    ]
    setup.http.put(setup.url, json={"shapes": shapes}).expect(200)

    def read(url: str, **query: Any) -> list[tuple[str, float | None]]:
        got = setup.http.get(url, params=query).expect(200).json()["shapes"]
        return sorted(((s["source"], s["score"]) for s in got), key=str)

    assert read(setup.url, source="model") == [("model", 0.2), ("model", 0.9), ("model", None)]
    assert read(setup.url, source=["manual", "imported"]) == [
        ("imported", None),
        ("manual", None),
    ]
    assert read(setup.url, min_score=0.5) == [
        ("imported", None),
        ("manual", None),
        ("model", 0.9),
        ("model", None),
    ]
    assert read(setup.url, source="model", min_score=0.5) == [("model", 0.9), ("model", None)]
    # A job's read filters the same way, within its assets.
    job_url = f"/api/jobs/{setup.jobs[1]}/annotations"
    assert read(job_url, source="model", min_score=0.5) == [("model", 0.9), ("model", None)]
    assert_problem(setup.http.get(setup.url, params={"min_score": 2}), 400, field="min_score")
    assert_problem(setup.http.get(setup.url, params={"source": "robot"}), 400, field="source")


def test_replace_predictions_swaps_one_models_output_on_the_named_assets(setup: Setup) -> None:
    first = [
        setup.shape(0),
        setup.prediction(0, model="m1"),
        setup.prediction(1, model="m1"),
        setup.prediction(0, model="m2"),
    ]
    old = setup.http.put(setup.url, json={"shapes": first}).json()["shapes"]
    old_m1_on_0 = next(
        s["id"] for s in old if s["model_name"] == "m1" and s["asset"] == setup.assets[0]
    )
    body = {
        "create": [setup.prediction(0, score=0.7, model="m1")],
        "replace_predictions": {"model_name": "m1", "assets": [setup.assets[0]]},
    }
    change = setup.http.patch(setup.url, json=body).expect(200).json()
    assert change["deleted"] == [old_m1_on_0]
    assert [s["score"] for s in change["created"]] == [0.7]
    after = setup.http.get(setup.url).json()["shapes"]
    # The person's shape, m2's prediction and m1's prediction on asset 1 stay.
    assert sorted((s["asset"], s["source"], s["model_name"], s["score"]) for s in after) == sorted(
        [
            (setup.assets[0], "manual", None, None),
            (setup.assets[0], "model", "m2", 0.5),
            (setup.assets[1], "model", "m1", 0.5),
            (setup.assets[0], "model", "m1", 0.7),
        ]
    )
    # Sent again, the same request leaves the same set: no duplicates.
    setup.http.patch(setup.url, json=body).expect(200)
    assert len(setup.http.get(setup.url).json()["shapes"]) == 4


def test_replace_predictions_checks_its_assets_and_conflicts(
    setup: Setup, new_user: TestUser, db: DatabaseProbe
) -> None:
    (predicted,) = setup.http.put(setup.url, json={"shapes": [setup.prediction()]}).json()["shapes"]
    other = Setup(new_user.http)
    before = db.row_counts(exclude=("sessions", "access_tokens"))
    replacing = {"model_name": "m1", "assets": [setup.assets[0], other.assets[0]]}
    response = setup.http.patch(setup.url, json={"replace_predictions": replacing})
    assert_problem(response, 400, field="replace_predictions.assets.1")
    # A shape the replacement deletes cannot also be updated (or deleted) in the request.
    mine = {"model_name": "m1", "assets": [setup.assets[0]]}
    response = setup.http.patch(
        setup.url,
        json={"update": [{"id": predicted["id"], "z_order": 1}], "replace_predictions": mine},
    )
    assert_problem(response, 400, field="update.0.id")
    # A job's PATCH replaces only within the job.
    job_url = f"/api/jobs/{setup.jobs[1]}/annotations"
    response = setup.http.patch(job_url, json={"replace_predictions": mine})
    assert_problem(response, 400, field="replace_predictions.assets.0")
    assert db.row_counts(exclude=("sessions", "access_tokens")) == before


def test_statistics_count_predictions_apart(setup: Setup) -> None:
    shapes = [setup.shape(0), setup.prediction(1), setup.prediction(1), setup.prediction(2)]
    setup.http.put(setup.url, json={"shapes": shapes}).expect(200)
    stats = setup.http.get(f"/api/projects/{setup.project['id']}").json()["statistics"]
    assert (stats["annotations"], stats["annotated_assets"], stats["predictions"]) == (1, 1, 3)
    assert stats["by_label"][0]["annotations"] == 1
    assert stats["by_label"][0]["predictions"] == 3
