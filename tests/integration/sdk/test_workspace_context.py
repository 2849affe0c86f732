"""The workspace context: the property, the ``with`` block and per-thread copies."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import ServerProcess, TestUser, unique

import annota
from annota.proxies.workspaces import Workspace


def new_workspace(client: annota.Client) -> Workspace:
    slug = unique("ctx")
    return client.workspaces.create({"slug": slug, "name": f"Context {slug}"})


def test_workspace_property_scopes_creation_and_lists(
    client: annota.Client, workspace: Workspace
) -> None:
    assert client.workspace is None
    elsewhere = client.projects.create({"name": unique("personal"), "type": "detection"})
    assert elsewhere.workspace.slug != workspace.slug

    client.workspace = workspace.slug
    assert client.workspace == workspace.slug
    inside = client.projects.create({"name": unique("inside"), "type": "detection"})
    assert inside.workspace.slug == workspace.slug
    assert [p.id for p in client.projects.list()] == [inside.id]

    client.workspace = None
    assert [p.id for p in client.projects.list(name=inside.name)] == [inside.id]
    assert [p.id for p in client.projects.list(name=elsewhere.name)] == [elsewhere.id]


def test_workspace_context_restores_the_previous_workspace(
    client: annota.Client, workspace: Workspace
) -> None:
    other = new_workspace(client)
    client.workspace = other.slug
    with client.workspace_context(workspace.slug) as scoped:
        assert scoped is client
        assert client.workspace == workspace.slug
        created = client.projects.create({"name": unique("ctx"), "type": "detection"})
    assert client.workspace == other.slug
    assert created.workspace.slug == workspace.slug
    assert created.id not in {p.id for p in client.projects.list()}

    with pytest.raises(RuntimeError), client.workspace_context(workspace.slug):
        raise RuntimeError("boom")
    assert client.workspace == other.slug, "restored after an exception too"


def test_a_login_inside_the_workspace_context_outlives_it(
    server: ServerProcess, new_user: TestUser
) -> None:
    with annota.Client(server.url) as anonymous:
        with anonymous.workspace_context("anywhere"):
            anonymous.login((new_user.username, new_user.password))
        assert anonymous.workspace is None
        assert anonymous.me.username == new_user.username, "still logged in after the block"


def test_with_workspace_from_many_threads(admin_client: annota.Client) -> None:
    spaces = [new_workspace(admin_client) for _ in range(4)]
    per_space = 10
    barrier = threading.Barrier(len(spaces))

    def work(space: Workspace) -> tuple[set[int], set[int], set[str]]:
        scoped = admin_client.with_workspace(space.slug)
        barrier.wait()
        created: set[int] = set()
        seen_slugs: set[str] = set()
        for i in range(per_space):
            project = scoped.projects.create({"name": f"{space.slug}-{i}", "type": "detection"})
            created.add(project.id)
            listed = scoped.projects.list(page_size=3).to_list()
            seen_slugs |= {p.workspace.slug for p in listed}
            assert {p.id for p in listed} == created
        return created, {p.id for p in scoped.projects.list()}, seen_slugs

    with ThreadPoolExecutor(max_workers=len(spaces)) as pool:
        results = list(pool.map(work, spaces))

    assert admin_client.workspace is None, "copies never change the original client"
    all_ids: set[int] = set()
    for space, (created, listed, slugs) in zip(spaces, results, strict=True):
        assert len(created) == per_space
        assert listed == created
        assert slugs == {space.slug}
        all_ids |= created
    assert len(all_ids) == per_space * len(spaces)


def test_workspace_lookups_ignore_the_current_scope(
    client: annota.Client, workspace: Workspace
) -> None:
    other = new_workspace(client)
    client.workspace = other.slug
    found = client.workspaces.retrieve_by_slug(workspace.slug)
    assert found == workspace
    assert [m.user.username for m in found.get_members()] == ["admin"]


def test_entities_list_their_children_whatever_the_scope(
    client: annota.Client, workspace: Workspace
) -> None:
    project = workspace.create_project(
        {"name": unique("kids"), "type": "detection", "labels": [{"name": "x"}]}
    )
    workspace.client.tasks.create({"project": project.id, "name": "t"})
    other = new_workspace(client)
    client.workspace = other.slug
    again = client.projects.retrieve(project.id)  # by id: the scope does not matter
    assert [lb.name for lb in again.get_labels()] == ["x"]
    assert [t.name for t in again.get_tasks()] == ["t"]
    assert [p.id for p in workspace.get_projects()] == [project.id]
