"""Tasks: ``client.tasks`` and the Task entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annota_api.api.tasks import (
    tasks_cancel,
    tasks_create,
    tasks_destroy,
    tasks_list,
    tasks_partial_update,
    tasks_retrieve,
)
from annota_api.models import PatchedTaskRequest, TaskCreateRequest
from annota_api.models import Task as TaskModel
from annota_api.models.patched_task_request import PatchedTaskRequestDict
from annota_api.models.task_create_request import TaskCreateRequestDict

from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable

if TYPE_CHECKING:
    from annota.proxies.jobs import Job

    _Fields = TaskModel
else:
    _Fields = object


class Task(
    Entity[TaskModel],
    Updatable[PatchedTaskRequest, PatchedTaskRequestDict],
    Removable,
    _Fields,
):
    """A task inside a project."""

    __slots__ = ()
    _retrieve_op = tasks_retrieve
    _update_op = tasks_partial_update
    _destroy_op = tasks_destroy
    _patch_model = PatchedTaskRequest

    def get_jobs(self, **filters: Any) -> PagedList[Job]:
        """The task's jobs (lazily paged; takes the job list's filters)."""
        return self._unscoped().jobs.list(task=self._model.id, **filters)

    def cancel(self) -> Task:
        """Cancel a pending or running task; the entity then holds the new state.

        Raises:
            ConflictError: the task has already finished.

        """
        return self._set(tasks_cancel.sync_detailed(self._model.id, client=self._client.api))


class TasksRepo(
    Repo[Task],
    Creatable[Task, TaskCreateRequest, TaskCreateRequestDict],
    Retrievable[Task],
    Listable[Task],
):
    """``client.tasks``: create, retrieve and list tasks."""

    __slots__ = ()
    _entity = Task
    _create_op = tasks_create
    _create_model = TaskCreateRequest
    _retrieve_op = tasks_retrieve
    _list_op = tasks_list
