"""Labels get their default colors by one rule, whether created through the API or an import."""

from __future__ import annotations

import json

from support import Http, create_project

from annota_server.labels import PALETTE

from .operations_support import finished, start_import


def _colors(http: Http, project_id: int) -> dict[str, str]:
    project = http.get(f"/api/projects/{project_id}").expect(200).json()
    return {label["name"]: label["color"] for label in project["labels"]}


def test_the_palette_continues_across_the_api_and_imports(admin_http: Http) -> None:
    project = create_project(admin_http, labels=["a", {"name": "b", "color": "#ABCDEF"}])
    assert _colors(admin_http, project["id"]) == {"a": PALETTE[0], "b": "#abcdef"}

    added = admin_http.patch(f"/api/projects/{project['id']}", json={"labels": [{"name": "c"}]})
    added.expect(200)
    assert _colors(admin_http, project["id"])["c"] == PALETTE[2]

    # An import creates its missing labels with the next colors, keeps the ones that exist,
    # and lower-cases the colors it is given.
    document = {
        "format": "annota",
        "version": 1,
        "labels": [
            {"name": "a", "color": "#000000"},
            {"name": "d"},
            {"name": "e", "color": "#FEDCBA"},
            {"name": "f"},
        ],
        "tasks": [],
    }
    data = json.dumps(document).encode()
    finished(admin_http, start_import(admin_http, project["id"], "annota", data, "a.json")["id"])
    assert _colors(admin_http, project["id"]) == {
        "a": PALETTE[0],
        "b": "#abcdef",
        "c": PALETTE[2],
        "d": PALETTE[3],
        "e": "#fedcba",
        "f": PALETTE[5],
    }
