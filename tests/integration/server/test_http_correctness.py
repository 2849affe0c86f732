"""HTTP details the contract implies.

``Allow`` on a 405 lists what openapi.yaml allows there; a NUL character, which the spec rules
out, is refused naming the field; an asset's name is a plain file name or the upload is refused.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import urllib3
import yaml
from PIL import Image
from support import Http, TestUser, assert_problem, create_project, create_task
from support.http import Response
from urllib3.fields import RequestField

SPEC = yaml.safe_load((Path(__file__).resolve().parents[3] / "openapi.yaml").read_text())
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed(item: dict[str, object]) -> set[str]:
    methods = {m.upper() for m in item if m.upper() in METHODS}
    # The server answers HEAD wherever it answers GET.
    return methods | {"HEAD"} if "GET" in methods else methods


CASES = [
    pytest.param(path, method, _allowed(item), id=f"{method} {path}")
    for path, item in SPEC["paths"].items()
    for method in METHODS
    if method not in _allowed(item)
]


@pytest.mark.parametrize(("path", "method", "allowed"), CASES)
def test_a_405_names_every_method_of_the_path(
    api: Http, path: str, method: str, allowed: set[str]
) -> None:
    # Every path parameter as 1 (ids; a string parameter takes it too).
    response = api.request(method, re.sub(r"\{\w+\}", "1", path))
    assert_problem(response, 405)
    listed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert listed == allowed


# ----------------------------------------------------------------------------- NUL characters
def test_a_nul_character_is_refused_once_naming_the_field(new_user: TestUser) -> None:
    """The spec's pattern and the server's own check agree, and say so in one error each."""
    response = new_user.http.post("/api/projects", json={"name": "a\x00b", "type": "detection"})
    problem = assert_problem(response, 400, field="name")
    assert [e["message"] for e in problem["errors"]] == ["must not contain NUL characters"]

    response = new_user.http.get("/api/projects", params={"name": "a\x00b"})
    problem = assert_problem(response, 400, field="name")
    assert [e["message"] for e in problem["errors"]] == ["must not contain NUL characters"]


# ------------------------------------------------------------------------------- asset names
def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _upload(http: Http, task_id: int, name: str) -> Response:
    field = RequestField(name="files", data=_png(), filename=name)
    field.make_multipart(content_type="image/png")
    body, content_type = urllib3.encode_multipart_formdata([field])
    return http.post(f"/api/tasks/{task_id}/assets", body=body, content_type=content_type)


@pytest.mark.parametrize(
    "name",
    [".", "..", "...", "a/b.png", "../up.png", "/abs.png", "a\\b.png", "tab\there.png",
     "bell\x07.png", "del\x7f.png", "c1\x85.png"],
)  # fmt: skip
def test_an_asset_name_that_is_no_plain_file_name_is_refused(new_user: TestUser, name: str) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat"])
    task = create_task(http, project["id"])
    assert_problem(_upload(http, task["id"], name), 400, field="files.0")
    assert http.get(f"/api/tasks/{task['id']}").expect(200).json()["asset_count"] == 0


@pytest.mark.parametrize("name", ["a..b.png", ".hidden.png", "ünï code 猫.png", "x" * 252 + ".png"])
def test_plain_file_names_are_kept(new_user: TestUser, name: str) -> None:
    http = new_user.http
    task = create_task(http, create_project(http, labels=["cat"])["id"])
    assets = _upload(http, task["id"], name).expect(201).json()["assets"]
    assert [a["name"] for a in assets] == [name]
