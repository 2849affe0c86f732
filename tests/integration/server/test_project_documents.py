"""A page of projects answers the very bytes of the documents built from one object per label.

The page is assembled from JSON text the database writes (each label and its counts) embedded
as orjson fragments; here the same projects are read back in this process and their documents
built the old way, a dict per label (``serializers.label``) and per count, then encoded: the
server's answer, a page or one project, must be byte for byte that encoding. The projects vary
where JSON text can differ: unicode and control characters, quotes, labels without a colour or
with attributes (numbers among them), projects without labels, annotations and predictions.
"""

from __future__ import annotations

import io
from typing import Any

import orjson
import urllib3
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support import TestUser, create_project, create_task
from support.db import DatabaseProbe
from support.http import Http

from annota_server import project_reads
from annota_server import serializers as ser
from annota_server.db.models import Asset, Job, Label, Project, Shape
from annota_server.staging import live

NAMES = [
    "plain",
    "ünïcödé 中文 😀",
    'quote " and back \\ slash / solidus',
    "tab\tnew\nline\r\x01\x1f\x7f controls",
    "it's <b>&amp;</b> \u2028\u2029 \ufeff",
]
ATTRIBUTES = [
    {"name": "colour ✓", "type": "select", "options": ["röd", "blå", 'say "hi"'], "default": "röd"},
    {"name": "parked", "type": "checkbox"},
    {"name": "speed", "type": "number", "min": 1e-07, "max": 0.1, "required": False},
    {"name": "doors", "type": "number", "min": 2, "max": 123456789.125},
    {"name": "note", "type": "text", "default": "—"},
]


def _reference(db: Session, rows: Any) -> list[dict[str, Any]]:
    """The documents built as before: a label's dict from serializers, a dict per count."""
    c = Label.__table__.c
    shape = Shape.__table__.c

    def shapes(*where: Any) -> Any:
        return (
            select(func.count())
            .where(shape.label_id == c.id, live(shape), *where)
            .scalar_subquery()
        )

    statement = (
        select(
            c.id,
            c.version,
            c.project_id,
            c.name,
            c.color,
            c.kind,
            c.attributes,
            shapes(shape.source != "model").label("annotations"),
            shapes(shape.source == "model").label("predictions"),
        )
        .where(c.project_id.in_([row.id for row in rows]))
        .order_by(c.id)
    )
    labels: dict[int, list[Any]] = {row.id: [] for row in rows}
    counts: dict[int, list[Any]] = {row.id: [] for row in rows}
    for label in db.execute(statement):
        labels[label.project_id].append(ser.label(label))  # type: ignore[arg-type]
        counts[label.project_id].append(
            {
                "label": label.id,
                "name": label.name,
                "annotations": label.annotations,
                "predictions": label.predictions,
            }
        )
    return [
        {
            "id": row.id,
            "version": row.version,
            "name": row.name,
            "description": row.description,
            "type": row.type,
            "status": row.status,
            "labels": labels[row.id],
            "owner": {"id": row.owner_id, "username": row.owner_username},
            "workspace": {
                "id": row.workspace_id,
                "slug": row.workspace_slug,
                "name": row.workspace_name,
            },
            "created_at": ser.iso(row.created_at),
            "updated_at": ser.iso(row.updated_at),
            "statistics": {
                "tasks": row.tasks,
                "jobs": row.jobs,
                "assets": row.assets,
                "annotated_assets": row.annotated_assets,
                "annotations": row.annotations,
                "predictions": row.predictions,
                "by_label": counts[row.id],
            },
        }
        for row in rows
    ]


def _annotate(http: Http, project: dict[str, Any]) -> None:
    """Two assets, boxes on two labels and a prediction: counts that are not all zero."""
    task = create_task(http, project["id"])
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    fields = [("files", (f"{i}.png", buffer.getvalue(), "image/png")) for i in range(2)]
    body, content_type = urllib3.encode_multipart_formdata(fields)
    uploaded = http.post(f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type)
    assets = [a["id"] for a in uploaded.expect(201).json()["assets"]]
    first, second = (label["id"] for label in project["labels"][:2])
    shapes = [
        {"asset": assets[0], "label": first, "kind": "bbox", "points": [1, 1, 4, 4]},
        {"asset": assets[1], "label": first, "kind": "bbox", "points": [0, 0, 2, 2]},
        {"asset": assets[1], "label": second, "kind": "bbox", "points": [1, 2, 3, 5]},
        {
            "asset": assets[0],
            "label": second,
            "kind": "bbox",
            "points": [2, 2, 6, 6],
            "source": "model",
            "score": 0.5,
            "model_name": "detector",
        },
    ]
    url = f"/api/tasks/{task['id']}/annotations"
    http.put(url, json={"shapes": shapes}).expect(200)


def test_pages_and_projects_answer_the_bytes_of_object_built_documents(
    new_user: TestUser, db: DatabaseProbe
) -> None:
    http = new_user.http
    varied = create_project(
        http,
        name='varied ünïcödé "q" \t\x02',
        description="line one\nline two — «quoted» \\ 😀",
        labels=[
            {"name": name, "kind": kind, "color": color, "attributes": attributes}
            for name, kind, color, attributes in zip(
                NAMES,
                ["bbox", "any", "polygon", "tag", "points"],
                ["#a1b2c3", "#000000", "#FFFFFF", "#0f0f0f", "#123456"],
                [ATTRIBUTES, [], ATTRIBUTES[:1], [], ATTRIBUTES[2:]],
                strict=True,
            )
        ],
    )
    _annotate(http, varied)
    create_project(http, name="empty", description="")
    create_project(http, name="one label", labels=["only"])

    page = http.get("/api/projects", params={"page_size": 100, "sort": "id"}).expect(200)
    listed = orjson.loads(page.data)
    assert listed["count"] == 3
    with Session(db.engine) as session:
        table = Project.__table__
        ids = select(table.c.id).where(table.c.id.in_([p["id"] for p in listed["results"]]))
        rows = project_reads.read_page(session, ids, [table.c.id])
        expected = _reference(session, rows)
        # The same rows through the new path, in this process.
        built = project_reads.documents(session, rows)
    assert orjson.dumps(built) == orjson.dumps(expected)
    assert page.data == orjson.dumps({**listed, "results": expected})
    assert [len(p["labels"]) for p in listed["results"]] == [5, 0, 1]
    assert listed["results"][0]["statistics"]["by_label"][1]["predictions"] == 1
    assert listed["results"][0]["labels"][0]["attributes"][2]["min"] == 1e-07

    one = http.get(f"/api/projects/{varied['id']}").expect(200)
    assert one.data == orjson.dumps(expected[0])


def test_annotations_answer_the_bytes_of_object_built_documents(
    new_user: TestUser, db: DatabaseProbe
) -> None:
    """Shapes are written as tuples and read back as tuples: the answer is what objects give."""
    http = new_user.http
    project = create_project(
        http,
        labels=[{"name": "car ✓", "attributes": ATTRIBUTES}, {"name": "any"}],
    )
    car, other = (label["id"] for label in project["labels"])
    task = create_task(http, project["id"])
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    fields = [("files", (f"{i}.png", buffer.getvalue(), "image/png")) for i in range(2)]
    body, content_type = urllib3.encode_multipart_formdata(fields)
    uploaded = http.post(f"/api/tasks/{task['id']}/assets", body=body, content_type=content_type)
    first, second = (a["id"] for a in uploaded.expect(201).json()["assets"])
    values = [{"name": "colour ✓", "value": 'say "hi"'}, {"name": "doors", "value": "4"}]
    shapes = [
        {"asset": second, "label": car, "kind": "bbox", "points": [0.5, 1, 7.25, 9],
         "attributes": values, "occluded": True, "z_order": -3},
        {"asset": first, "label": other, "kind": "polygon", "points": [0, 0, 8, 0, 4, 1e-07]},
        {"asset": first, "label": other, "kind": "tag"},
        {"asset": first, "label": other, "kind": "mask",
         "mask": {"size": [8, 8], "counts": [10, 20, 34]}},
        {"asset": second, "label": other, "kind": "points", "points": [1, 2],
         "source": "model", "score": 0.123456789, "model_name": "détecteur"},
    ]  # fmt: skip
    url = f"/api/tasks/{task['id']}/annotations"
    put = http.put(url, json={"shapes": shapes}).expect(200)
    got = http.get(url).expect(200)
    with Session(db.engine) as session:
        live_generation = (
            select(Job.shapes_generation).where(Job.id == Shape.job_id).scalar_subquery()
        )
        stored = session.scalars(
            select(Shape)
            .join(Asset, Asset.id == Shape.asset_id)
            .where(Shape.task_id == task["id"], Shape.generation == live_generation)
            .order_by(Asset.position, Shape.id)
        ).all()
        expected = [ser.shape(shape) for shape in stored]
    assert [s["kind"] for s in expected] == ["polygon", "tag", "mask", "bbox", "points"]
    for answer in (put, got):
        parsed = orjson.loads(answer.data)
        assert answer.data == orjson.dumps({**parsed, "shapes": expected})
