"""The asyncio twins of ``annota.proxies.tasks`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/tasks.py`` and run ``make gen``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Self

from annota_api.api.assets import assets_list
from annota_api.api.jobs import jobs_list
from annota_api.api.tasks import (
    tasks_create,
    tasks_create_assets,
    tasks_destroy,
    tasks_list,
    tasks_partial_update,
    tasks_partial_update_annotations,
    tasks_retrieve,
    tasks_retrieve_annotations,
    tasks_update_annotations,
)
from annota_api.models import (
    AssetUploadRequest,
    PatchedTaskRequest,
    TaskCreateRequest,
)
from annota_api.models import Task as TaskModel
from annota_api.models.patched_task_request import PatchedTaskRequestDict
from annota_api.models.task_create_request import TaskCreateRequestDict
from annota_api.types import UNSET, File, Unset
from typing_extensions import Unpack

from annota.aio.assets import AsyncAsset
from annota.errors import InvalidRequestError
from annota.paging import AsyncPagedList
from annota.progress import LockedReporter, ProgressReporter, reporter_or_null
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)
from annota.proxies.steps import Steps, call, parallel
from annota.transfer import ProgressReader

if TYPE_CHECKING:
    from annota.aio.jobs import AsyncJob

    _Fields = TaskModel
else:
    _Fields = object
from annota.proxies.tasks import _batches


class AsyncTask(
    AsyncEntity[TaskModel],
    Updatable[PatchedTaskRequest, PatchedTaskRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.tasks.Task`.

    Blocking only so far (use the :class:`~annota.Client`): ``add_assets_from``,
    ``read_asset_contents``, ``cancel``.
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

    async def upload_assets(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        pbar: ProgressReporter | None = None,
        workers: int = 1,
        resume: bool = False,
    ) -> list[AsyncAsset]:
        """Upload files as the task's next assets; returns them in the order of ``paths``.

        Files are streamed from disk, several per request (see ``UPLOAD_BATCH_FILES``), and
        the task's jobs grow to cover them. ``pbar`` reports bytes sent. Each request is
        stored all or nothing.

        ``workers`` requests are sent at once (many small files move several times faster
        with 4 than with 1). With one worker the assets take the task's positions in the
        order given; with more, each request's files stay consecutive but requests may be
        placed in the order they finish.

        With ``resume``, each request's ``Idempotency-Key`` is derived from the task and its
        files (names, sizes, modification times): calling again with the same ``paths`` after
        an interruption (an error, a killed process) stores only the files the server has not
        stored yet; for the others it answers what it stored then (within the server's
        idempotency retention, a day by default). Without it, calling again uploads every
        file again.

        When a request fails, no new request starts, those in flight finish, and the error is
        raised with a note naming the files that were not stored; the assets of the requests
        that succeeded stay. The entity then holds the task's new state.

        Raises:
            PayloadTooLargeError: a request is larger than the server accepts.
            UnsupportedMediaTypeError: a file is not of a media type the server accepts.

        """
        return await self._run(self._upload_assets_steps(paths, pbar, workers, resume))

    def _upload_assets_steps(
        self,
        paths: Iterable[str | os.PathLike[str]],
        pbar: ProgressReporter | None,
        workers: int,
        resume: bool,
    ) -> Steps[list[AsyncAsset]]:
        if workers < 1:
            raise InvalidRequestError(f"workers must be at least 1, not {workers}")
        files = [Path(path) for path in paths]
        stats = [path.stat() for path in files]  # a missing file fails before sending
        sizes = [stat.st_size for stat in stats]
        reporter = LockedReporter(reporter_or_null(pbar)) if workers > 1 else reporter_or_null(pbar)
        batches = list(_batches(sizes))
        reporter.start(sum(sizes), description=f"upload to task {self._model.id}", unit="B")
        try:
            outcomes = yield parallel(
                [
                    self._upload_batch_steps(
                        [(files[i], stats[i]) for i in batch], reporter, resume
                    )
                    for batch in batches
                ],
                workers,
            )
        finally:
            reporter.finish()
        yield from self._fetch_steps()
        failure = next((o for o in outcomes if isinstance(o, BaseException)), None)
        if failure is not None:
            failed = [
                i
                for batch, o in zip(batches, outcomes, strict=True)
                if not isinstance(o, list)
                for i in batch
            ]
            shown = ", ".join(str(files[i]) for i in failed[:10])
            more = f" and {len(failed) - 10} more" if len(failed) > 10 else ""
            failure.add_note(
                f"{len(failed)} of {len(files)} files were not stored: {shown}{more}; "
                f"{len(files) - len(failed)} were (pass resume=True to send only the rest again)"
            )
            raise failure
        return [asset for assets in outcomes for asset in assets]

    def _upload_batch_steps(
        self,
        files: list[tuple[Path, os.stat_result]],
        reporter: ProgressReporter,
        resume: bool,
    ) -> Steps[list[AsyncAsset]]:
        """One upload request of ``files``; with ``resume`` its key names the task and files."""
        key: str | Unset = UNSET
        if resume:
            digest = hashlib.sha256(f"annota-upload {self._model.id}".encode())
            for path, stat in files:
                digest.update(f"\n{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
            key = f"upload-{digest.hexdigest()}"
        with ExitStack() as stack:
            parts = [
                File(
                    payload=ProgressReader.wrap(stack.enter_context(path.open("rb")), reporter),
                    file_name=path.name,
                    mime_type=mimetypes.guess_type(path.name)[0],
                )
                for path, _stat in files
            ]
            result = yield call(
                tasks_create_assets.sync,
                self._model.id,
                body=AssetUploadRequest(files=parts),
                idempotency_key=key,
            )
        return [AsyncAsset(self._client, model) for model in result.assets]

    def get_assets(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> AsyncPagedList[AsyncAsset]:
        """The task's assets, in position order (lazily paged; takes the asset list's filters)."""
        filters.setdefault("sort", "position")
        return self._unscoped().assets._list(
            page_size, start_page, {**filters, "task": self._model.id}
        )

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
