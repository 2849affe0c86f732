"""Response models decode nested models on first read: typed access and round trips stay exact."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import pickle
from typing import Any

import pytest
from annota_api.models import (
    BasicUser,
    Label,
    LabelKind,
    PaginatedProjectList,
    Project,
    ProjectCreateRequest,
    ProjectStatus,
    ProjectType,
)

from annota.errors import InvalidRequestError
from annota.proxies.base import to_request_model
from annota.proxies.projects import Project as ProjectEntity


def project_json(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": 7,
        "version": 1,
        "name": "cats",
        "description": "pets",
        "type": "detection",
        "status": "active",
        "labels": [
            {
                "id": 1,
                "version": 1,
                "project": 7,
                "name": "cat",
                "color": "#ff0000",
                "kind": "bbox",
            },
            {
                "id": 2,
                "version": 1,
                "project": 7,
                "name": "dog",
                "color": "#00ff00",
                "kind": "polygon",
            },
        ],
        "owner": {"id": 3, "username": "alice"},
        "workspace": {"id": 4, "slug": "team", "name": "Team"},
        "created_at": "2024-01-02T03:04:05+00:00",
        "updated_at": "2024-01-03T03:04:05.250000+02:00",
        "statistics": {"tasks": 1, "jobs": 2, "assets": 3, "annotated_assets": 2, "annotations": 9},
    }
    data.update(changes)
    return data


def test_every_field_reads_typed() -> None:
    project = Project.from_dict(project_json())
    assert isinstance(project.type_, ProjectType)
    assert project.type_ == "detection"
    assert isinstance(project.status, ProjectStatus)
    assert isinstance(project.labels, list)
    assert all(isinstance(x, Label) for x in project.labels)
    assert project.labels[0].kind is LabelKind.BBOX
    assert project.labels[1].kind is LabelKind.POLYGON
    assert isinstance(project.owner, BasicUser)
    assert project.owner.username == "alice"
    assert project.workspace.slug == "team"
    assert project.statistics.annotations == 9
    assert project.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    assert project.updated_at.utcoffset() == datetime.timedelta(hours=2)
    assert project.additional_properties == {}


def test_a_field_is_decoded_once_and_then_kept() -> None:
    project = Project.from_dict(project_json())
    labels = project.labels
    assert project.labels is labels
    bird = Label(id=5, version=1, project=7, name="bird", color="#0000ff", kind=LabelKind.TAG)
    labels.append(bird)
    assert [x["name"] for x in project.to_dict()["labels"]] == ["cat", "dog", "bird"]


def test_unknown_fields_round_trip_at_every_level() -> None:
    data = project_json(new_field={"nested": [1, 2]})
    data["owner"]["avatar"] = "a.png"
    data["labels"][1]["shortcut"] = "d"
    data["statistics"]["reviews"] = 4
    project = Project.from_dict(data)
    assert project.additional_properties == {"new_field": {"nested": [1, 2]}}
    assert project.owner.additional_properties == {"avatar": "a.png"}
    assert project.labels[1].additional_properties == {"shortcut": "d"}
    assert project.labels[0].additional_properties == {}
    assert project.to_dict() == data
    # Without reading anything first, too.
    assert Project.from_dict(data).to_dict() == data


def test_unknown_enum_values_are_kept_in_nested_models() -> None:
    data = project_json(status="paused")
    data["labels"][0]["kind"] = "cuboid"
    project = Project.from_dict(data)
    assert project.status == "paused"
    assert isinstance(project.status, ProjectStatus)
    kind = project.labels[0].kind
    assert kind == "cuboid"
    assert isinstance(kind, LabelKind)
    assert project.to_dict() == data


def test_a_missing_required_key_fails_at_once_even_for_nested_fields() -> None:
    data = project_json()
    del data["owner"]
    with pytest.raises(KeyError, match="owner"):
        Project.from_dict(data)
    data = project_json()
    del data["name"]
    with pytest.raises(KeyError, match="name"):
        Project.from_dict(data)


def test_an_assigned_field_is_not_overwritten_by_decoding() -> None:
    project = Project.from_dict(project_json())
    bob = BasicUser(id=9, username="bob")
    project.owner = bob
    project.name = "renamed"
    _ = project.labels, project.workspace, project.additional_properties
    assert project.owner is bob
    assert project.name == "renamed"
    assert project.to_dict()["owner"] == {"id": 9, "username": "bob"}


def test_lazy_and_constructed_models_compare_copy_and_pickle_alike() -> None:
    data = project_json()
    lazy = Project.from_dict(data)
    built = Project(
        id=7,
        version=1,
        name="cats",
        description="pets",
        type_=ProjectType.DETECTION,
        status=ProjectStatus.ACTIVE,
        labels=[Label.from_dict(x) for x in data["labels"]],
        owner=BasicUser(id=3, username="alice"),
        workspace=Project.from_dict(data).workspace,
        created_at=lazy.created_at,
        updated_at=lazy.updated_at,
        statistics=Project.from_dict(data).statistics,
    )
    assert Project.from_dict(data) == built
    assert repr(Project.from_dict(data)) == repr(built)
    for clone in (
        pickle.loads(pickle.dumps(Project.from_dict(data))),
        copy.copy(Project.from_dict(data)),
        copy.deepcopy(Project.from_dict(data)),
        dataclasses.replace(Project.from_dict(data)),
    ):
        assert clone == built
        assert clone.to_dict() == data
    assert dataclasses.replace(lazy, name="dogs").name == "dogs"


def test_a_page_decodes_its_items_when_read() -> None:
    page = PaginatedProjectList.from_dict(
        {"count": 2, "next": None, "previous": None, "results": [project_json(), project_json()]}
    )
    assert page.count == 2
    assert page.next_ is None
    assert [p.labels[1].kind for p in page.results] == [LabelKind.POLYGON] * 2


def test_misses_are_plain_attribute_errors() -> None:
    project = Project.from_dict(project_json())
    assert not hasattr(project, "nmae")
    with pytest.raises(AttributeError, match="'Project' object has no attribute 'nmae'"):
        _ = project.nmae  # type: ignore[attr-defined]


def test_entities_read_fields_through_and_by_json_name() -> None:
    model = Project.from_dict(project_json())
    entity = ProjectEntity(None, model)  # type: ignore[arg-type]
    assert entity.name == "cats"
    assert entity.type_ is ProjectType.DETECTION
    assert entity.type is ProjectType.DETECTION
    assert entity.labels[0].kind is LabelKind.BBOX
    assert "name" in vars(ProjectEntity), "a property, not a __getattr__ lookup"
    with pytest.raises(AttributeError):
        _ = entity.nmae
    with pytest.raises(AttributeError):
        entity.name = "dogs"


def test_request_models_still_check_the_whole_dict_at_once() -> None:
    with pytest.raises(InvalidRequestError, match=r"labels\.0\.colour"):
        to_request_model(
            ProjectCreateRequest,
            {"name": "x", "type": "detection", "labels": [{"name": "a", "colour": "#fff"}]},
        )
