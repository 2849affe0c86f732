"""Projects: ``client.projects`` and the Project entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annota_api.api.projects import (
    projects_create,
    projects_destroy,
    projects_list,
    projects_partial_update,
    projects_retrieve,
)
from annota_api.models import PatchedProjectRequest, ProjectCreateRequest
from annota_api.models import Project as ProjectModel
from annota_api.models.patched_project_request import PatchedProjectRequestDict
from annota_api.models.project_create_request import ProjectCreateRequestDict

from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    from annota.proxies.labels import Label
    from annota.proxies.tasks import Task

    _Fields = ProjectModel
else:
    _Fields = object


class Project(
    Entity[ProjectModel],
    Updatable[PatchedProjectRequest, PatchedProjectRequestDict],
    Removable,
    _Fields,
):
    """An annotation project."""

    __slots__ = ()
    _retrieve_op = projects_retrieve
    _update_op = projects_partial_update
    _destroy_op = projects_destroy
    _patch_model = PatchedProjectRequest

    def get_tasks(self, **filters: Any) -> PagedList[Task]:
        """The project's tasks (lazily paged; takes the task list's filters)."""
        return self._unscoped().tasks.list(project=self._model.id, **filters)

    def get_labels(self, **filters: Any) -> PagedList[Label]:
        """The project's labels (lazily paged)."""
        return self._unscoped().labels.list(project=self._model.id, **filters)


class ProjectsRepo(
    Repo[Project],
    Creatable[Project, ProjectCreateRequest, ProjectCreateRequestDict],
    Retrievable[Project],
    Listable[Project],
):
    """``client.projects``: create, retrieve and list projects."""

    __slots__ = ()
    _entity = Project
    _create_op = projects_create
    _create_model = ProjectCreateRequest
    _retrieve_op = projects_retrieve
    _list_op = projects_list
