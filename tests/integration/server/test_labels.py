"""Labels: list and filter, read, update, delete, and unique names within a project."""

from __future__ import annotations

from support import TestUser, assert_problem, create_project, unique

LABELS = "/api/labels"


def test_list_and_filter_labels(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(
        http,
        labels=[
            {"name": "cat", "kind": "bbox"},
            {"name": "Catalog", "kind": "tag"},
            {"name": "dog", "kind": "bbox"},
        ],
    )
    other = create_project(http, labels=["cat"])

    def names(**params: object) -> list[str]:
        body = http.get(LABELS, params={"project": project["id"], "sort": "name", **params})
        data = body.expect(200).json()
        assert data["count"] == len(data["results"])
        return [label["name"] for label in data["results"]]

    assert sorted(names()) == ["Catalog", "cat", "dog"]
    assert names(name="cat") == ["cat"], "name is an exact match"
    assert sorted(names(search="CAT")) == ["Catalog", "cat"], "search ignores case"
    assert sorted(names(kind="bbox")) == ["cat", "dog"]
    assert names(kind="polygon") == []

    ids_desc = [
        lb["id"]
        for lb in http.get(LABELS, params={"project": project["id"], "sort": "-id"}).json()[
            "results"
        ]
    ]
    assert ids_desc == sorted(ids_desc, reverse=True)

    both = http.get(LABELS, params={"name": "cat"}).expect(200).json()
    assert {label["project"] for label in both["results"]} >= {project["id"], other["id"]}


def test_read_update_and_delete_a_label(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http, labels=[{"name": "cat", "color": "#112233", "kind": "bbox"}])
    label_id = project["labels"][0]["id"]

    fetched = http.get(f"{LABELS}/{label_id}").expect(200)
    assert fetched.etag
    assert fetched.json() == project["labels"][0]

    response = http.patch(
        f"{LABELS}/{label_id}", json={"name": "kitten", "color": "#abcdef", "kind": "polygon"}
    )
    body = response.expect(200).json()
    assert body["name"] == "kitten"
    assert body["color"].lower() == "#abcdef"
    assert body["kind"] == "polygon"
    assert body["project"] == project["id"]
    assert response.etag
    in_project = http.get(f"/api/projects/{project['id']}").json()["labels"]
    assert [label["name"] for label in in_project] == ["kitten"]

    assert http.delete(f"{LABELS}/{label_id}").status == 204
    assert_problem(http.get(f"{LABELS}/{label_id}"), 404)
    assert http.get(f"/api/projects/{project['id']}").json()["labels"] == []


def test_renaming_to_a_taken_name_is_409(new_user: TestUser) -> None:
    http = new_user.http
    project = create_project(http, labels=["cat", "dog"])
    dog = next(label for label in project["labels"] if label["name"] == "dog")
    assert_problem(http.patch(f"{LABELS}/{dog['id']}", json={"name": "cat"}), 409)
    assert http.get(f"{LABELS}/{dog['id']}").json()["name"] == "dog"
    # The same name in another project is fine.
    other = create_project(http, labels=["dog"])
    renamed = http.patch(f"{LABELS}/{other['labels'][0]['id']}", json={"name": "cat"})
    assert renamed.expect(200).json()["name"] == "cat"


def test_unknown_label_is_404(new_user: TestUser) -> None:
    assert_problem(new_user.http.get(f"{LABELS}/987654321"), 404)
    assert_problem(new_user.http.patch(f"{LABELS}/987654321", json={"name": unique("x")}), 404)
    assert_problem(new_user.http.delete(f"{LABELS}/987654321"), 404)
