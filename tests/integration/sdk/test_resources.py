"""Every repository and entity operation over real HTTP, and how entities behave."""

from __future__ import annotations

import pytest
from annota_api.models import (
    LabelCreateRequest,
    PatchedProjectRequest,
    ProjectCreateRequest,
    ProjectType,
)
from annota_api.models import Project as ProjectModel
from support import ServerProcess, TestUser, unique

import annota
from annota.errors import AuthenticationError, ConflictError, NotFoundError
from annota.proxies.jobs import Job
from annota.proxies.labels import Label
from annota.proxies.memberships import Membership
from annota.proxies.projects import Project
from annota.proxies.tasks import Task
from annota.proxies.tokens import AccessToken
from annota.proxies.users import User
from annota.proxies.workspaces import Workspace


# ---------------------------------------------------------------------------------- projects
def test_project_create_retrieve_list_update_fetch_remove(
    client: annota.Client, workspace: Workspace
) -> None:
    client.workspace = workspace.slug
    name = unique("cats")
    from_dict = client.projects.create(
        {
            "name": name,
            "type": "detection",
            "description": "made from a dict",
            "labels": [{"name": "cat", "color": "#ff0000"}],
        }
    )
    assert isinstance(from_dict, Project)
    assert (from_dict.name, from_dict.description) == (name, "made from a dict")
    assert [(lb.name, lb.color) for lb in from_dict.labels] == [("cat", "#ff0000")]
    assert from_dict.workspace.slug == workspace.slug
    assert from_dict.etag

    from_model = client.projects.create(
        ProjectCreateRequest(
            name=unique("dogs"),
            type_=ProjectType.CLASSIFICATION,
            labels=[LabelCreateRequest(name="dog")],
        )
    )
    assert from_model.model.type_ == "classification"
    assert [lb.name for lb in from_model.labels] == ["dog"]

    same = client.projects.retrieve(from_dict.id)
    assert same == from_dict
    assert same is not from_dict
    assert same.to_dict() == from_dict.to_dict()

    listed = client.projects.list().to_list()
    assert {p.id for p in listed} == {from_dict.id, from_model.id}

    assert same.update({"description": "pets"}) is same
    assert same.description == "pets"
    same.update(PatchedProjectRequest(name=name + "-renamed"))
    assert same.name == name + "-renamed"
    same.update(status="archived")
    assert same.status == "archived"
    assert same.etag != from_dict.etag

    assert from_dict.description == "made from a dict", "the other copy is unchanged until fetch"
    assert from_dict.fetch() is from_dict
    assert (from_dict.name, from_dict.description, from_dict.status) == (
        name + "-renamed",
        "pets",
        "archived",
    )
    assert from_dict.etag == same.etag

    from_dict.remove()
    with pytest.raises(NotFoundError):
        client.projects.retrieve(from_dict.id)
    assert [p.id for p in client.projects.list()] == [from_model.id]


def test_entities_read_through_and_compare_by_id(
    client: annota.Client, workspace: Workspace
) -> None:
    project = workspace.create_project({"name": unique("entity"), "type": "segmentation"})
    assert project.name == project.model.name
    assert isinstance(project.model, ProjectModel)
    assert project.type == "segmentation", "the JSON name reads through too"
    assert project.to_dict()["type"] == "segmentation"
    assert project.to_dict()["workspace"]["slug"] == workspace.slug
    assert repr(project) == f"<Project id={project.id} name={project.name!r}>"
    with pytest.raises(AttributeError):
        project.no_such_field  # noqa: B018

    again = client.projects.retrieve(project.id)
    assert again == project
    assert hash(again) == hash(project)
    other = workspace.create_project({"name": unique("other"), "type": "detection"})
    assert other != project
    assert len({project, again, other}) == 2


# ---------------------------------------------------------------------------------- labels
def test_labels_of_a_project_update_and_remove(workspace: Workspace) -> None:
    project = workspace.create_project(
        {"name": unique("lbl"), "type": "detection", "labels": [{"name": "a"}, {"name": "b"}]}
    )
    labels = project.get_labels(sort="name").to_list()
    assert [lb.name for lb in labels] == ["a", "b"]
    assert all(isinstance(lb, Label) and lb.project == project.id for lb in labels)

    first, second = labels
    first.update(color="#00ff00", name="a2")
    assert (first.name, first.color) == ("a2", "#00ff00")
    second.remove()

    project.fetch()
    assert [(lb.name, lb.color) for lb in project.labels] == [("a2", "#00ff00")]
    project.update({"labels": [{"name": "c", "kind": "bbox"}]})
    assert sorted(lb.name for lb in project.get_labels()) == ["a2", "c"]


# ---------------------------------------------------------------------------------- tasks, jobs
def test_tasks_and_jobs(client: annota.Client, workspace: Workspace) -> None:
    client.workspace = workspace.slug
    project = client.projects.create({"name": unique("tasks"), "type": "detection"})
    task = client.tasks.create({"project": project.id, "name": "first", "subset": "train"})
    assert isinstance(task, Task)
    assert (task.project, task.name, task.subset, task.status) == (
        project.id,
        "first",
        "train",
        "pending",
    )
    assert [t.id for t in project.get_tasks()] == [task.id]

    jobs = task.get_jobs().to_list()
    assert len(jobs) == 1
    assert isinstance(jobs[0], Job)
    job = jobs[0]
    assert (job.task, job.project, job.stage, job.state) == (
        task.id,
        project.id,
        "annotation",
        "new",
    )
    job.update(state="in_progress", stage="validation")
    assert (job.stage, job.state) == ("validation", "in_progress")
    listed = client.jobs.list(task=task.id).to_list()
    assert [(j.id, j.state) for j in listed] == [(job.id, "in_progress")]
    assert client.jobs.retrieve(job.id).stage == "validation"

    task.update(name="renamed")
    assert task.name == "renamed"
    assert task.cancel() is task
    assert task.status == "cancelled"
    with pytest.raises(ConflictError):
        task.cancel()

    finished = client.tasks.create({"project": project.id, "name": "done"})
    finished.update(status="completed")
    with pytest.raises(ConflictError, match="completed"):
        finished.cancel()
    assert client.tasks.retrieve(finished.id).status == "completed"

    task.remove()
    with pytest.raises(NotFoundError):
        client.tasks.retrieve(task.id)
    with pytest.raises(NotFoundError):
        client.jobs.retrieve(job.id)
    assert [t.id for t in project.get_tasks()] == [finished.id]


# ---------------------------------------------------------------------------------- users
def test_users_create_update_remove(client: annota.Client) -> None:
    username = unique("sdk-user")
    user = client.users.create(
        {"username": username, "password": "A-long-passw0rd", "email": f"{username}@example.com"}
    )
    assert isinstance(user, User)
    assert (user.username, user.is_admin, user.is_active) == (username, False, True)
    user.update(first_name="Ada", last_name="Lovelace")
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert client.users.retrieve(user.id).first_name == "Ada"
    assert [u.id for u in client.users.list(username=username)] == [user.id]
    user.remove()
    with pytest.raises(NotFoundError):
        client.users.retrieve(user.id)


# ---------------------------------------------------------------------------------- workspaces
def test_workspaces_and_memberships(client: annota.Client) -> None:
    slug = unique("team")
    space = client.workspaces.create(
        {"slug": slug, "name": "Team", "description": "for the SDK tests"}
    )
    assert isinstance(space, Workspace)
    assert (space.slug, space.is_personal, space.role) == (slug, False, "owner")
    space.update(name="Team 2")
    assert space.name == "Team 2"
    assert client.workspaces.retrieve(space.id).name == "Team 2"
    assert client.workspaces.retrieve_by_slug(slug) == space

    members = space.get_members().to_list()
    assert [(m.user.username, m.role) for m in members] == [("admin", "owner")]

    username = unique("member")
    newcomer = client.users.create({"username": username, "password": "A-long-passw0rd"})
    membership = space.add_member(newcomer, "viewer")
    assert isinstance(membership, Membership)
    assert (membership.user.id, membership.workspace.id, membership.role) == (
        newcomer.id,
        space.id,
        "viewer",
    )
    membership.update(role="member")
    assert membership.role == "member"
    assert client.memberships.retrieve(membership.id).role == "member"
    roles = {m.user.username: m.role for m in space.get_members()}
    assert roles == {"admin": "owner", username: "member"}

    membership.remove()
    assert [m.user.username for m in space.get_members()] == ["admin"]
    by_id = space.add_member(newcomer.id, "maintainer")
    assert by_id.role == "maintainer"

    space.remove()
    with pytest.raises(NotFoundError):
        client.workspaces.retrieve(space.id)
    with pytest.raises(NotFoundError):
        client.workspaces.retrieve_by_slug(slug)
    newcomer.remove()


# ---------------------------------------------------------------------------------- tokens
def test_access_tokens(
    server: ServerProcess, user_client: annota.Client, new_user: TestUser
) -> None:
    name = unique("pat")
    token = user_client.tokens.create({"name": name})
    assert isinstance(token, AccessToken)
    secret = token.secret
    assert secret
    assert secret.startswith(token.prefix)
    assert secret not in repr(token)
    assert repr(token) == f"<AccessToken id={token.id} name={name!r}>"

    listed = user_client.tokens.list().to_list()
    assert token in listed
    assert all(t.secret is None for t in listed), "a listed token never carries its secret"
    assert user_client.tokens.retrieve(token.id).secret is None

    with annota.make_client(server.host, port=server.port, token=secret) as bearer:
        assert bearer.me.id == new_user.id
        assert secret not in repr(bearer)
        token.remove()  # revoke it, although using it changed its last_used_at
        with pytest.raises(AuthenticationError):
            bearer.me  # noqa: B018
    assert token not in user_client.tokens.list().to_list()
