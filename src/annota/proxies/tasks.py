"""Tasks: ``client.tasks`` and the Task entity."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import tarfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Self

from annota_api.api.assets import assets_list
from annota_api.api.jobs import jobs_list
from annota_api.api.tasks import (
    tasks_cancel,
    tasks_create,
    tasks_create_assets,
    tasks_create_assets_from_storage,
    tasks_destroy,
    tasks_list,
    tasks_partial_update,
    tasks_partial_update_annotations,
    tasks_retrieve,
    tasks_retrieve_annotations,
    tasks_retrieve_contents,
    tasks_update_annotations,
)
from annota_api.models import (
    AssetsFromStorageRequest,
    AssetUploadRequest,
    PatchedTaskRequest,
    SkippedObject,
    TaskCreateRequest,
)
from annota_api.models import Task as TaskModel
from annota_api.models.patched_task_request import PatchedTaskRequestDict
from annota_api.models.task_create_request import TaskCreateRequestDict
from annota_api.types import UNSET, File, Unset
from typing_extensions import Unpack

from annota.errors import IntegrityError, InvalidRequestError
from annota.paging import PagedList
from annota.progress import LockedReporter, ProgressReporter, reporter_or_null
from annota.proxies.annotations import HasAnnotations
from annota.proxies.assets import Asset
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable
from annota.proxies.steps import Steps, call, parallel
from annota.refs import Ref
from annota.shapes import to_id
from annota.transfer import ProgressReader

if TYPE_CHECKING:
    from annota.proxies.jobs import Job

    _Fields = TaskModel
else:
    _Fields = object


class AddedFromStorage(NamedTuple):
    """What :meth:`Task.add_assets_from` made: the new assets, and the objects skipped (why)."""

    assets: list[Asset]
    skipped: list[SkippedObject]


# One upload request carries at most this many files, or this many bytes (a single larger
# file still goes alone): a failed request then costs little to repeat, and stays well under
# the server's upload limit.
UPLOAD_BATCH_FILES = 100
UPLOAD_BATCH_BYTES = 256 * 1024 * 1024
UPLOAD_WORKERS = 4
"""Requests in flight that ``annota tasks upload --workers`` and the benchmarks use."""
CONTENTS_BATCH = 100
"""Asset files one ``read_asset_contents`` request carries at most (the server's limit)."""


def _batches(sizes: list[int]) -> Iterator[list[int]]:
    """Indexes of the files with these ``sizes``, grouped into upload requests."""
    batch: list[int] = []
    batch_bytes = 0
    for index, size in enumerate(sizes):
        full = len(batch) >= UPLOAD_BATCH_FILES or batch_bytes + size > UPLOAD_BATCH_BYTES
        if batch and full:
            yield batch
            batch, batch_bytes = [], 0
        batch.append(index)
        batch_bytes += size
    if batch:
        yield batch


class Task(
    Entity[TaskModel],
    Updatable[PatchedTaskRequest, PatchedTaskRequestDict],
    Removable,
    HasAnnotations,
    _Fields,
):
    """A task inside a project: its assets, jobs and annotations."""

    __slots__ = ()
    _retrieve_op = tasks_retrieve
    _update_op = tasks_partial_update
    _destroy_op = tasks_destroy
    _patch_model = PatchedTaskRequest
    _annotations_get_op = tasks_retrieve_annotations
    _annotations_put_op = tasks_update_annotations
    _annotations_patch_op = tasks_partial_update_annotations

    def update(
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
        return self._run(self._update_steps(values, fields))

    def upload_assets(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        pbar: ProgressReporter | None = None,
        workers: int = 1,
        resume: bool = False,
    ) -> list[Asset]:
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
        return self._run(self._upload_assets_steps(paths, pbar, workers, resume))

    def _upload_assets_steps(
        self,
        paths: Iterable[str | os.PathLike[str]],
        pbar: ProgressReporter | None,
        workers: int,
        resume: bool,
    ) -> Steps[list[Asset]]:
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
    ) -> Steps[list[Asset]]:
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
        return [Asset(self._client, model) for model in result.assets]

    def add_assets_from(self, storage: Ref, *, prefix: str = "") -> AddedFromStorage:
        """Make the images under ``prefix`` of a bucket storage assets of this task.

        ``storage`` is a :class:`~annota.proxies.storages.Storage` or its id. The assets
        reference the bucket's objects (nothing is copied); the server reads their size and
        upright width and height from the bucket. Objects that are not images are skipped and
        listed in ``skipped`` (``name``, ``reason``). The entity then holds the task's new
        state.

        Raises:
            ValidationError: the storage is not one of the task's workspace (names ``storage``).

        """
        body = AssetsFromStorageRequest(storage=to_id(storage), prefix=prefix)
        result = tasks_create_assets_from_storage.sync(
            self._model.id, client=self._client.api, body=body
        )
        self.fetch()
        return AddedFromStorage(
            [Asset(self._client, model) for model in result.assets], list(result.skipped)
        )

    def get_assets(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> PagedList[Asset]:
        """The task's assets, in position order (lazily paged; takes the asset list's filters)."""
        filters.setdefault("sort", "position")
        return self._unscoped().assets._list(
            page_size, start_page, {**filters, "task": self._model.id}
        )

    def read_asset_contents(self, assets: Iterable[Ref]) -> list[bytes]:
        """The files of some of the task's assets (ids or assets), in memory, in that order.

        One request per ``CONTENTS_BATCH`` assets instead of one per asset: for batches of
        small files, such as images fed to a model. Use ``Asset.download`` for large ones.

        Raises:
            ValidationError: one is not an asset of this task (nothing is read).

        """
        ids = [to_id(asset) for asset in assets]
        contents: list[bytes] = []
        for start in range(0, len(ids), CONTENTS_BATCH):
            wanted = ids[start : start + CONTENTS_BATCH]
            body = tasks_retrieve_contents.sync_detailed(
                self._model.id, client=self._client.api, asset=wanted
            ).content
            members: list[tuple[str, bytes]] = []
            with tarfile.open(fileobj=io.BytesIO(body), mode="r:") as archive:
                for member in archive:
                    stream = archive.extractfile(member)
                    members.append((member.name, stream.read() if stream else b""))
            if [name for name, _ in members] != [str(asset_id) for asset_id in wanted]:
                raise IntegrityError(
                    f"the server answered the files of assets {[n for n, _ in members]}, "
                    f"not {wanted}"
                )
            contents += [data for _, data in members]
        return contents

    def get_jobs(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[jobs_list.Filters],
    ) -> PagedList[Job]:
        """The task's jobs (lazily paged; takes the job list's filters)."""
        return self._unscoped().jobs._list(
            page_size, start_page, {**filters, "task": self._model.id}
        )

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

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[tasks_list.Filters],
    ) -> PagedList[Task]:
        """The tasks matching ``filters`` (``tasks_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
