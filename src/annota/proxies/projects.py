"""Projects: ``client.projects`` and the Project entity."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Self

from annota_api.api.evaluations import evaluations_create, evaluations_of_project
from annota_api.api.labels import labels_list
from annota_api.api.operations import operations_list
from annota_api.api.projects import (
    projects_create,
    projects_create_export,
    projects_create_import,
    projects_destroy,
    projects_list,
    projects_partial_update,
    projects_retrieve,
)
from annota_api.api.tasks import tasks_list
from annota_api.api.versions import versions_create, versions_of_project
from annota_api.models import (
    DatasetFormat,
    DatasetImportRequest,
    DatasetVersionCreateRequest,
    EvaluationKind,
    EvaluationRequest,
    EvaluationRequestGroundTruthType1,
    PatchedProjectRequest,
    ProjectCreateRequest,
)
from annota_api.models import Project as ProjectModel
from annota_api.models.patched_project_request import PatchedProjectRequestDict
from annota_api.models.project_create_request import ProjectCreateRequestDict
from annota_api.types import UNSET, File
from typing_extensions import Unpack

from annota.errors import OperationFailedError
from annota.paging import Page, PagedList, cursor_of
from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies.base import Creatable, Entity, Listable, Removable, Repo, Retrievable, Updatable
from annota.proxies.evaluations import Evaluation
from annota.proxies.operations import Operation, export_request
from annota.proxies.versions import Version
from annota.refs import Ref, id_of
from annota.transfer import ProgressReader

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

    def update(
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
        return self._run(self._update_steps(values, fields))

    def get_tasks(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[tasks_list.Filters],
    ) -> PagedList[Task]:
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
    ) -> PagedList[Label]:
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
    ) -> PagedList[Operation]:
        """The exports and imports of this project, newest first (lazily paged)."""
        return self._unscoped().operations._list(
            page_size, start_page, {**filters, "project": self._model.id}
        )

    # -- versions ---------------------------------------------------------------------

    def start_version(self, name: str, description: str | None = None) -> Operation:
        """Queue the freezing of the project as a dataset version; returns at once.

        :meth:`create_version` also waits; ``operation.get_version()`` gives the version once
        the operation has finished.
        """
        body = DatasetVersionCreateRequest(
            name=name, description=UNSET if description is None else description
        )
        model = versions_create.sync(self._model.id, client=self._client.api, body=body)
        return Operation(self._client, model)

    def create_version(
        self,
        name: str,
        description: str | None = None,
        *,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Version:
        """Freeze the project's labels, tasks, assets and shapes as a dataset version.

        Waits for the server's operation and returns the version. It never changes
        afterwards (its images are kept for it), and carries its counts and
        ``manifest_sha256``, which names exactly the data it holds.

        Raises:
            OperationFailedError: the operation failed (the server's message says why).
            OperationTimeoutError: it took longer than ``timeout`` seconds (it goes on).

        """
        operation = self.start_version(name, description).wait(timeout, pbar=pbar)
        return operation.get_version()

    def get_versions(self) -> PagedList[Version]:
        """The project's dataset versions, newest first (lazily paged)."""
        client = self._client
        project_id = self._model.id

        def fetch(page: int, size: int, cursor: str | None) -> Page[Version]:
            parsed = versions_of_project.sync(
                project_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                [Version(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)

    # -- evaluations ------------------------------------------------------------------

    def start_evaluation(
        self,
        predictions: Ref,
        *,
        ground_truth: Ref | Literal["reviewed"] = "reviewed",
        iou: float = 0.5,
        kinds: Sequence[str] = ("bbox",),
    ) -> Operation:
        """Queue an evaluation (see :meth:`evaluate`); returns at once.

        Raises:
            ValidationError: the server refused the request before queuing anything (an
                empty or foreign ground truth, labels that do not match, a model version of
                another workspace...), naming the field.

        """
        body = EvaluationRequest(
            predictions=id_of(predictions, "predictions"),
            ground_truth=EvaluationRequestGroundTruthType1.REVIEWED
            if ground_truth == "reviewed"
            else id_of(ground_truth, "ground_truth"),
            iou=iou,
            kinds=[EvaluationKind(kind) for kind in kinds],
        )
        model = evaluations_create.sync(self._model.id, client=self._client.api, body=body)
        return Operation(self._client, model)

    def evaluate(
        self,
        predictions: Ref,
        *,
        ground_truth: Ref | Literal["reviewed"] = "reviewed",
        iou: float = 0.5,
        kinds: Sequence[str] = ("bbox",),
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Evaluation:
        """Compare a model version's predictions here with ground truth; waits for the result.

        ``predictions`` is a model version (or its id); ``ground_truth`` a dataset version of
        this project (or its id), or ``"reviewed"``: people's shapes on the assets of
        accepted jobs. AP is COCO's (IoU 0.50:0.95, AP50, AP75); ``iou`` is the threshold of
        per-label precision and recall, the confusion matrix and the per-asset counts;
        ``kinds`` is ``["bbox"]`` or polygons and/or masks (compared as pixels).

        Raises:
            ValidationError: refused before anything was queued (the field is named).
            OperationFailedError: the evaluation failed.
            OperationTimeoutError: it took longer than ``timeout`` seconds (it goes on).

        """
        operation = self.start_evaluation(
            predictions, ground_truth=ground_truth, iou=iou, kinds=kinds
        )
        return operation.wait(timeout, pbar=pbar).get_evaluation()

    def get_evaluations(self) -> PagedList[Evaluation]:
        """The project's evaluations, newest first (lazily paged)."""
        client = self._client
        project_id = self._model.id

        def fetch(page: int, size: int, cursor: str | None) -> Page[Evaluation]:
            parsed = evaluations_of_project.sync(
                project_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                [Evaluation(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)

    # -- datasets ---------------------------------------------------------------------

    def start_export(
        self,
        format: str,
        *,
        include_images: bool = False,
        include_predictions: bool = False,
        task: str | None = None,
    ) -> Operation:
        """Queue an export of the project as a dataset (a format name: ``"coco"``, ``"cvat"``...).

        Returns at once with the operation; :meth:`export_dataset` also waits and downloads.
        Model predictions go in only with ``include_predictions=True``. ``task`` is a YOLO
        export's task, ``"detect"``, ``"segment"`` or ``"pose"``; left out, it is ``pose``
        when the project has points shapes, else ``segment`` when it has polygons, else
        ``detect``.
        """
        body = export_request(
            format,
            include_images=include_images,
            task=task,
            include_predictions=include_predictions,
        )
        model = projects_create_export.sync(self._model.id, client=self._client.api, body=body)
        return Operation(self._client, model)

    def export_dataset(
        self,
        format: str,
        path: str | os.PathLike[str],
        *,
        include_images: bool = False,
        include_predictions: bool = False,
        task: str | None = None,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Path:
        """Export the project as a dataset archive (zip) saved at ``path``; returns its path.

        ``task`` chooses a YOLO export's task (``export_dataset("yolo", path, task="detect")``;
        see :meth:`start_export` for the default).

        Waits for the server's export (``pbar`` shows its progress, then the download's),
        then streams the archive to disk. ``path`` may be a directory. When the format could
        not hold some shapes (tags in COCO, say), it warns with
        :class:`~annota.errors.LossyExportWarning` naming them per kind and label; an export
        that loses nothing warns nothing. ``start_export`` + ``operation.skipped`` give the
        same as data.

        Raises:
            OperationFailedError: the export failed (the server's message says why).
            OperationTimeoutError: it took longer than ``timeout`` seconds (it goes on).

        """
        operation = self.start_export(
            format,
            include_images=include_images,
            include_predictions=include_predictions,
            task=task,
        )
        return operation.save_export(path, pbar=pbar, timeout=timeout, stacklevel=2)

    def start_import(
        self, format: str, path: str | os.PathLike[str], *, pbar: ProgressReporter | None = None
    ) -> Operation:
        """Upload a dataset archive (or bare JSON file) and queue its import; returns at once.

        ``pbar`` reports the bytes sent. :meth:`import_dataset` also waits.
        """
        source = Path(path)
        reporter = reporter_or_null(pbar)
        reporter.start(source.stat().st_size, description=f"upload {source.name}", unit="B")
        try:
            with source.open("rb") as stream:
                body = DatasetImportRequest(
                    format_=DatasetFormat.from_value(format),
                    file=File(payload=ProgressReader.wrap(stream, reporter), file_name=source.name),
                )
                model = projects_create_import.sync(
                    self._model.id, client=self._client.api, body=body
                )
        finally:
            reporter.finish()
        return Operation(self._client, model)

    def import_dataset(
        self,
        format: str,
        path: str | os.PathLike[str],
        *,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Operation:
        """Import a dataset into the project and wait for it; returns the finished operation.

        An import that fails writes nothing. Labels missing from the project are created;
        images in the archive become assets of new tasks. The entity then holds the
        project's new state (labels, statistics).

        Raises:
            OperationFailedError: the import failed (the server's message says why).
            OperationTimeoutError: it took longer than ``timeout`` seconds (it goes on).

        """
        operation = self.start_import(format, path, pbar=pbar).wait(timeout, pbar=pbar)
        self.fetch()
        return operation


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

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[projects_list.Filters],
    ) -> PagedList[Project]:
        """The projects matching ``filters`` (``projects_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)

    def create_from_dataset(
        self,
        spec: ProjectCreateRequest | ProjectCreateRequestDict,
        format: str,
        path: str | os.PathLike[str],
        *,
        pbar: ProgressReporter | None = None,
        timeout: float | None = None,
    ) -> Project:
        """Create a project and import a dataset into it; returns the filled project.

        When the import fails, the new project is deleted again and the error raised, so
        nothing half-made stays behind (a timeout leaves it, since the import goes on).
        """
        project = self.create(spec)
        try:
            project.import_dataset(format, path, pbar=pbar, timeout=timeout)
        except OperationFailedError:
            project.remove()
            raise
        return project
