"""Long-running operations: ``client.operations`` and the Operation entity.

Exports and imports run on the server's workers; the SDK polls them. ``wait()`` returns
when the operation has finished and raises when it failed or was cancelled.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from annota_api.api.operations import (
    operations_cancel,
    operations_list,
    operations_retrieve,
    operations_retrieve_result,
)
from annota_api.models import DatasetExportRequest, DatasetFormat, OperationStatus, YoloTask
from annota_api.models import Operation as OperationModel
from annota_api.types import Unset
from typing_extensions import Unpack

from annota.errors import (
    InvalidRequestError,
    LossyExportWarning,
    OperationCancelledError,
    OperationFailedError,
    OperationTimeoutError,
)
from annota.paging import PagedList
from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies.base import Entity, Listable, Repo, Retrievable
from annota.transfer import destination, download_to, following_storage_redirects

if TYPE_CHECKING:
    from annota.proxies.evaluations import Evaluation
    from annota.proxies.versions import Version

    _Fields = OperationModel
else:
    _Fields = object

#: The states an operation does not leave.
ENDED = frozenset({OperationStatus.FINISHED, OperationStatus.FAILED, OperationStatus.CANCELLED})
# The first polls come quickly (small exports take well under a second), then slow down.
_FIRST_POLL = 0.05


def export_request(
    format: str,
    *,
    include_images: bool,
    task: str | None,
    include_predictions: bool | None = None,
) -> DatasetExportRequest:
    """The body of a project's or version's export; ``task`` is a YOLO export's task.

    Raises:
        InvalidRequestError: ``task`` is not detect, segment or pose, or is given for another
            format than yolo (nothing is sent).

    """
    body = DatasetExportRequest(
        format_=DatasetFormat.from_value(format), include_images=include_images
    )
    if include_predictions is not None:
        body.include_predictions = include_predictions
    if task is not None:
        if format != "yolo":
            raise InvalidRequestError(f"task: a yolo export's option; {format!r} has no tasks")
        if task not in {member.value for member in YoloTask}:
            raise InvalidRequestError(
                f"task: one of {', '.join(m.value for m in YoloTask)}, not {task!r}"
            )
        body.task = YoloTask.from_value(task)
    return body


class Operation(Entity[OperationModel], _Fields):
    """A dataset export or import running on the server."""

    __slots__ = ()
    _retrieve_op = operations_retrieve

    def skipped_shapes(self) -> list[tuple[str, str, int]]:
        """What a finished export left out, as ``(kind, label, count)``; empty when nothing.

        ``operation.skipped`` is the same as the API's ``SkippedShapes`` models.
        """
        found = self._model.skipped
        if isinstance(found, Unset):  # a server from before the field
            return []
        return [(item.kind, item.label, item.count) for item in found]

    def warn_if_lossy(self, stacklevel: int = 2) -> None:
        """Warn with :class:`~annota.errors.LossyExportWarning` when the export left shapes out."""
        skipped = self.skipped_shapes()
        if not skipped:
            return
        total = sum(count for _, _, count in skipped)
        what = ", ".join(f"{count} {kind} ({label})" for kind, label, count in skipped)
        message = (
            f"The {self._model.format_} export {self._model.id} left out {total} "
            f"shape{'s' if total != 1 else ''} "
            f"that the format cannot hold: {what}."
        )
        warnings.warn(LossyExportWarning(message, skipped, self), stacklevel=stacklevel + 1)

    @property
    def ended(self) -> bool:
        """Whether it has finished, failed or been cancelled (as last read)."""
        return self._model.status in ENDED

    def wait(
        self,
        timeout: float | None = None,
        *,
        poll_interval: float = 1.0,
        pbar: ProgressReporter | None = None,
    ) -> Operation:
        """Poll until the operation has ended; returns it when it finished.

        ``pbar`` shows the server's progress in percent. Polls start fast and back off to
        ``poll_interval`` seconds.

        Raises:
            OperationFailedError: it failed; the error's text is the server's message.
            OperationCancelledError: it was cancelled.
            OperationTimeoutError: ``timeout`` seconds passed first; the operation goes on
                (wait again, or :meth:`cancel` it).

        """
        reporter = reporter_or_null(pbar)
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = min(_FIRST_POLL, poll_interval)
        shown = 0.0
        reporter.start(100, description=f"{self._model.kind} {self._model.id}", unit="%")
        try:
            while True:
                percent = round(self._model.progress * 100, 1)
                if percent > shown:
                    reporter.advance(percent - shown)
                    shown = percent
                if self.ended:
                    break
                if deadline is not None and time.monotonic() + delay > deadline:
                    raise OperationTimeoutError(
                        f"operation {self._model.id} is still {self._model.status} "
                        f"after {timeout} s",
                        operation=self,
                    )
                time.sleep(delay)
                delay = min(delay * 2, poll_interval)
                self.fetch()
        finally:
            reporter.finish()
        status = self._model.status
        if status == OperationStatus.FAILED:
            raise OperationFailedError(
                f"{self._model.kind} {self._model.id} failed: {self._model.message}", operation=self
            )
        if status == OperationStatus.CANCELLED:
            raise OperationCancelledError(
                f"{self._model.kind} {self._model.id} was cancelled", operation=self
            )
        return self

    def get_version(self) -> Version:
        """The dataset version a finished ``version`` operation made.

        Raises:
            InvalidRequestError: it is not a finished ``version`` operation (say, still
                running); nothing is sent.

        """
        made = self._model.version
        if self._model.kind != "version" or not isinstance(made, int):
            raise InvalidRequestError(
                f"{self._model.kind} {self._model.id} made no version (it is {self._model.status})"
            )
        return self._unscoped().versions.retrieve(made)

    def get_evaluation(self) -> Evaluation:
        """The evaluation a finished ``evaluation`` operation stored.

        Raises:
            InvalidRequestError: it is not a finished ``evaluation`` operation; nothing is sent.

        """
        made = self._model.evaluation
        if self._model.kind != "evaluation" or not isinstance(made, int):
            raise InvalidRequestError(
                f"{self._model.kind} {self._model.id} made no evaluation "
                f"(it is {self._model.status})"
            )
        return self._unscoped().evaluations.retrieve(made)

    def cancel(self) -> Operation:
        """Ask the server to cancel it; the entity then holds the new state.

        A running operation stops at its next step (``wait()`` then raises
        :class:`~annota.errors.OperationCancelledError`).

        Raises:
            ConflictError: it has already ended.

        """
        return self._set(operations_cancel.sync_detailed(self._model.id, client=self._client.api))

    def save_export(
        self,
        path: str | os.PathLike[str],
        *,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
        stacklevel: int = 1,
    ) -> Path:
        """Wait for an export, save its archive at ``path`` and warn of what it left out.

        :meth:`wait`, :meth:`download_result`, then :meth:`warn_if_lossy` (``stacklevel`` 1
        points the warning at the caller of this method). Returns the archive's path.
        """
        self.wait(timeout, pbar=pbar)
        saved = self.download_result(path, pbar=pbar)
        # Still a path, as ever; what the format could not hold is a warning, not silence.
        self.warn_if_lossy(stacklevel=stacklevel + 1)
        return saved

    def download_result(
        self, path: str | os.PathLike[str], *, pbar: ProgressReporter | None = None
    ) -> Path:
        """Save a finished export's archive to ``path`` (a file, or a directory to put it in).

        Streamed to disk and renamed into place when complete; returns the file's path.

        Raises:
            ConflictError: the operation has not finished, or has no result (an import).
            GoneError: the result has expired.

        """
        model = self._model
        api = self._client.api
        return download_to(
            following_storage_redirects(
                api, lambda _offset: operations_retrieve_result.stream(model.id, client=api)
            ),
            destination(path, f"{model.kind}-{model.id}-{model.format_}.zip"),
            reporter_or_null(pbar),
            description=f"{model.kind} {model.id}",
        )


class OperationsRepo(Repo[Operation], Retrievable[Operation], Listable[Operation]):
    """``client.operations``: retrieve and list exports and imports."""

    __slots__ = ()
    _entity = Operation
    _retrieve_op = operations_retrieve
    _list_op = operations_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[operations_list.Filters],
    ) -> PagedList[Operation]:
        """The operations matching ``filters`` (``operations_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
