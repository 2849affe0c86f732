"""Project statistics are real counts: they follow uploads, annotations and deletes."""

from __future__ import annotations

import io
from typing import Any

import urllib3
from PIL import Image
from support import TestUser, create_project, create_task
from support.http import Http


def _upload(http: Http, task_id: int, count: int) -> list[int]:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, "PNG")
    fields = [("files", (f"{i}.png", buffer.getvalue(), "image/png")) for i in range(count)]
    body, content_type = urllib3.encode_multipart_formdata(fields)
    response = http.post(f"/api/tasks/{task_id}/assets", body=body, content_type=content_type)
    return [a["id"] for a in response.expect(201).json()["assets"]]


def _statistics(http: Http, project: dict[str, Any]) -> dict[str, Any]:
    stats: dict[str, Any] = (
        http.get(f"/api/projects/{project['id']}").expect(200).json()["statistics"]
    )
    listed = http.get("/api/projects", params={"name": project["name"]}).expect(200).json()
    assert [p["statistics"] for p in listed["results"]] == [stats], "the list counts the same"
    return stats


def test_statistics_follow_uploads_annotations_and_deletes(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat"])
    label = project["labels"][0]["id"]
    pid = project["id"]
    assert _statistics(http, project) == {
        "tasks": 0,
        "jobs": 0,
        "assets": 0,
        "annotated_assets": 0,
        "annotations": 0,
        "predictions": 0,
        "by_label": [{"label": label, "name": "cat", "annotations": 0, "predictions": 0}],
    }

    first = create_task(http, pid, segment_size=2)
    second = create_task(http, pid)
    a = _upload(http, first["id"], 3)  # jobs [0,2) and [2,3)
    b = _upload(http, second["id"], 2)
    stats = _statistics(http, project)
    assert (stats["tasks"], stats["jobs"], stats["assets"]) == (2, 3, 5)
    assert (stats["annotated_assets"], stats["annotations"]) == (0, 0)

    def bbox(asset: int) -> dict[str, Any]:
        return {"asset": asset, "label": label, "kind": "bbox", "points": [0, 0, 1, 1]}

    url = f"/api/tasks/{first['id']}/annotations"
    http.put(url, json={"shapes": [bbox(a[0]), bbox(a[0]), bbox(a[1])]}).expect(200)
    http.patch(f"/api/tasks/{second['id']}/annotations", json={"create": [bbox(b[0])]}).expect(200)
    stats = _statistics(http, project)
    assert (stats["annotated_assets"], stats["annotations"]) == (3, 4)

    # Deleting an annotated asset takes its shapes with it.
    http.delete(f"/api/assets/{a[0]}").expect(204)
    stats = _statistics(http, project)
    assert (stats["assets"], stats["annotated_assets"], stats["annotations"]) == (4, 2, 2)

    # Deleting a task takes its jobs, assets and shapes.
    http.delete(f"/api/tasks/{second['id']}").expect(204)
    stats = _statistics(http, project)
    assert stats == {
        "tasks": 1,
        "jobs": 2,
        "assets": 2,
        "annotated_assets": 1,
        "annotations": 1,
        "predictions": 0,
        "by_label": [{"label": label, "name": "cat", "annotations": 1, "predictions": 0}],
    }

    http.put(url, json={"shapes": []}).expect(200)
    assert _statistics(http, project)["annotations"] == 0


def test_statistics_count_annotations_per_label(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat", "dog", "bird"])
    cat, dog, bird = (label["id"] for label in project["labels"])
    task = create_task(http, project["id"])
    (asset,) = _upload(http, task["id"], 1)
    shapes = [
        {"asset": asset, "label": label, "kind": "bbox", "points": [0, 0, 1, 1]}
        for label in (cat, cat, dog)
    ]
    http.put(f"/api/tasks/{task['id']}/annotations", json={"shapes": shapes}).expect(200)
    assert _statistics(http, project)["by_label"] == [
        {"label": cat, "name": "cat", "annotations": 2, "predictions": 0},
        {"label": dog, "name": "dog", "annotations": 1, "predictions": 0},
        {"label": bird, "name": "bird", "annotations": 0, "predictions": 0},
    ]
