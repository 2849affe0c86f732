"""The asyncio twins of ``annota.proxies.projects`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/projects.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.labels import labels_list
from annota_api.api.operations import operations_list
from annota_api.api.projects import (
    projects_create,
    projects_destroy,
    projects_list,
    projects_partial_update,
    projects_retrieve,
)
from annota_api.api.tasks import tasks_list
from annota_api.models import (
    PatchedProjectRequest,
    ProjectCreateRequest,
)
from annota_api.models import Project as ProjectModel
from annota_api.models.patched_project_request import PatchedProjectRequestDict
from annota_api.models.project_create_request import ProjectCreateRequestDict
from typing_extensions import Unpack

from annota.aio.operations import AsyncOperation
from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)

if TYPE_CHECKING:
    from annota.aio.labels import AsyncLabel
    from annota.aio.tasks import AsyncTask

    _Fields = ProjectModel
else:
    _Fields = object


class AsyncProject(
    AsyncEntity[ProjectModel],
    Updatable[PatchedProjectRequest, PatchedProjectRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.projects.Project`.

    Blocking only so far (use the :class:`~annota.Client`): ``start_version``,
    ``create_version``, ``get_versions``, ``start_evaluation``, ``evaluate``,
    ``get_evaluations``, ``start_export``, ``export_dataset``, ``start_import``,
    ``import_dataset``.
    """

    __slots__ = ()
    _retrieve_op = projects_retrieve
    _update_op = projects_partial_update
    _destroy_op = projects_destroy
    _patch_model = PatchedProjectRequest

    async def update(
        self,
        values: PatchedProjectRequest | PatchedProjectRequestDict | None = None,
        /,
        **fields: Unpack[PatchedProjectRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedProjectRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))

    def get_tasks(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[tasks_list.Filters],
    ) -> AsyncPagedList[AsyncTask]:
        """The project's tasks (lazily paged; takes the task list's filters)."""
        return self._unscoped().tasks._list(
            page_size, start_page, {**filters, "project": self._model.id}
        )

    def get_labels(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[labels_list.Filters],
    ) -> AsyncPagedList[AsyncLabel]:
        """The project's labels (lazily paged)."""
        return self._unscoped().labels._list(
            page_size, start_page, {**filters, "project": self._model.id}
        )

    def get_operations(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[operations_list.Filters],
    ) -> AsyncPagedList[AsyncOperation]:
        """The exports and imports of this project, newest first (lazily paged)."""
        return self._unscoped().operations._list(
            page_size, start_page, {**filters, "project": self._model.id}
        )


class AsyncProjectsRepo(
    AsyncRepo[AsyncProject],
    AsyncCreatable[AsyncProject, ProjectCreateRequest, ProjectCreateRequestDict],
    AsyncRetrievable[AsyncProject],
    AsyncListable[AsyncProject],
):
    """The asyncio twin of :class:`annota.proxies.projects.ProjectsRepo`.

    Blocking only so far (use the :class:`~annota.Client`): ``create_from_dataset``.
    """

    __slots__ = ()
    _entity = AsyncProject
    _create_op = projects_create
    _create_model = ProjectCreateRequest
    _retrieve_op = projects_retrieve
    _list_op = projects_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[projects_list.Filters],
    ) -> AsyncPagedList[AsyncProject]:
        """The projects matching ``filters`` (``projects_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
