"""The asyncio twins of ``annota.proxies.tasks`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/tasks.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.jobs import jobs_list
from annota_api.api.tasks import (
    tasks_create,
    tasks_destroy,
    tasks_list,
    tasks_partial_update,
    tasks_partial_update_annotations,
    tasks_retrieve,
    tasks_retrieve_annotations,
    tasks_update_annotations,
)
from annota_api.models import (
    PatchedTaskRequest,
    TaskCreateRequest,
)
from annota_api.models import Task as TaskModel
from annota_api.models.patched_task_request import PatchedTaskRequestDict
from annota_api.models.task_create_request import TaskCreateRequestDict
from typing_extensions import Unpack

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
    from annota.aio.jobs import AsyncJob

    _Fields = TaskModel
else:
    _Fields = object


class AsyncTask(
    AsyncEntity[TaskModel],
    Updatable[PatchedTaskRequest, PatchedTaskRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.tasks.Task`.

    Blocking only so far (use the :class:`~annota.Client`): ``upload_assets``,
    ``add_assets_from``, ``get_assets``, ``read_asset_contents``, ``cancel``.
    """

    __slots__ = ()
    _retrieve_op = tasks_retrieve
    _update_op = tasks_partial_update
    _destroy_op = tasks_destroy
    _patch_model = PatchedTaskRequest
    _annotations_get_op = tasks_retrieve_annotations
    _annotations_put_op = tasks_update_annotations
    _annotations_patch_op = tasks_partial_update_annotations

    async def update(
        self,
        values: PatchedTaskRequest | PatchedTaskRequestDict | None = None,
        /,
        **fields: Unpack[PatchedTaskRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedTaskRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))

    def get_jobs(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[jobs_list.Filters],
    ) -> AsyncPagedList[AsyncJob]:
        """The task's jobs (lazily paged; takes the job list's filters)."""
        return self._unscoped().jobs._list(
            page_size, start_page, {**filters, "task": self._model.id}
        )


class AsyncTasksRepo(
    AsyncRepo[AsyncTask],
    AsyncCreatable[AsyncTask, TaskCreateRequest, TaskCreateRequestDict],
    AsyncRetrievable[AsyncTask],
    AsyncListable[AsyncTask],
):
    """The asyncio twin of :class:`annota.proxies.tasks.TasksRepo`."""

    __slots__ = ()
    _entity = AsyncTask
    _create_op = tasks_create
    _create_model = TaskCreateRequest
    _retrieve_op = tasks_retrieve
    _list_op = tasks_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[tasks_list.Filters],
    ) -> AsyncPagedList[AsyncTask]:
        """The tasks matching ``filters`` (``tasks_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
