"""Entities from ``list()`` are guarded like retrieved ones: a stale one cannot overwrite."""

from __future__ import annotations

import pytest
from support import unique

import annota
from annota.proxies.projects import Project


def _project(client: annota.Client) -> Project:
    name = unique("guarded")
    return client.projects.create({"name": name, "type": "detection", "labels": [{"name": "cat"}]})


def test_a_listed_entity_whose_object_changed_cannot_overwrite_it(client: annota.Client) -> None:
    project = _project(client)
    listed = client.projects.list(search=project.name)[0]
    assert listed.etag == project.etag
    project.update({"description": "changed by someone else"})

    with pytest.raises(annota.PreconditionFailedError):
        listed.update({"description": "stale"})
    with pytest.raises(annota.PreconditionFailedError):
        listed.remove()

    assert client.projects.retrieve(project.id).description == "changed by someone else"


def test_an_unchanged_listed_entity_updates_with_if_match(client: annota.Client) -> None:
    project = _project(client)
    listed = client.projects.list(search=project.name)[0]
    assert listed.etag == project.etag
    listed.update({"description": "fresh"})
    assert listed.description == "fresh"
    assert listed.etag != project.etag  # the answer's ETag, one version on


def test_listed_children_are_guarded_too(client: annota.Client) -> None:
    project = _project(client)
    task = client.tasks.create({"project": project.id, "name": "t"})
    label = project.get_labels()[0]
    listed_task = project.get_tasks()[0]
    client.labels.retrieve(label.id).update({"color": "#00ff00"})
    task.update({"name": "renamed"})

    with pytest.raises(annota.PreconditionFailedError):
        label.update({"color": "#0000ff"})
    with pytest.raises(annota.PreconditionFailedError):
        listed_task.update({"name": "stale"})
    assert client.tasks.retrieve(task.id).name == "renamed"
