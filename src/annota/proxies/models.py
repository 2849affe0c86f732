"""The model registry: ``client.models``, ``client.model_versions`` and their entities.

A :class:`Model` has versions (:class:`ModelVersion`): each with free ``metadata``, the
dataset version it was trained on and, optionally, an artifact file kept in the server's
storage. Predictions name the version that made them (``annotate_task(...,
model_version=)``); ``model_version.predictions()`` lists them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota_api.api.models import (
    models_create,
    models_create_version,
    models_destroy,
    models_destroy_version,
    models_list,
    models_list_predictions,
    models_list_versions,
    models_retrieve,
    models_retrieve_artifact,
    models_retrieve_version,
    models_upload_artifact,
)
from annota_api.client import HttpResponse
from annota_api.models import Model as ModelModel
from annota_api.models import (
    ModelArtifactUpload,
    ModelCreateRequest,
    ModelVersionCreateRequest,
    ModelVersionCreateRequestMetadata,
    Shape,
)
from annota_api.models import ModelVersion as ModelVersionModel
from annota_api.types import UNSET, File
from typing_extensions import Unpack

from annota.paging import Page, PagedList, cursor_of
from annota.progress import ProgressReporter, reporter_or_null
from annota.proxies.base import Entity, Listable, Removable, Repo, Retrievable
from annota.refs import Ref, id_of
from annota.transfer import ProgressReader, download_to, following_storage_redirects

if TYPE_CHECKING:
    from annota.proxies.versions import Version

    _ModelFields = ModelModel
    _VersionFields = ModelVersionModel
else:
    _ModelFields = _VersionFields = object


class ModelVersion(Entity[ModelVersionModel], Removable, _VersionFields):
    """One trained state of a model: metadata, training data, artifact, predictions."""

    __slots__ = ()
    _retrieve_op = models_retrieve_version
    _destroy_op = models_destroy_version

    @property
    def label(self) -> str:
        """``<model>:<version>``: the ``model_name`` its predictions get by default."""
        return f"{self._model.model_name}:{self._model.name}"

    def predictions(self, *, project: Ref | None = None) -> PagedList[Shape]:
        """The shapes this version made (lazily paged), in one project when given."""
        client = self._client.with_workspace(None) if self._client.workspace else self._client
        version_id = self._model.id
        project_id = UNSET if project is None else id_of(project, "project")

        def fetch(page: int, size: int, cursor: str | None) -> Page[Shape]:
            parsed = models_list_predictions.sync(
                version_id,
                client=client.api,
                page=page,
                page_size=size,
                cursor=cursor or UNSET,
                project=project_id,
            )
            return Page(
                list(parsed.results),
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)

    def get_dataset_version(self) -> Version | None:
        """The dataset version it was trained on (None when not given or deleted)."""
        found = self._model.dataset_version
        return None if found is None else self._unscoped().versions.retrieve(found)

    def upload_artifact(
        self, path: str | os.PathLike[str], *, pbar: ProgressReporter | None = None
    ) -> ModelVersion:
        """Store a file (its weights, say) as the version's artifact, replacing any earlier one."""
        source = Path(path)
        reporter = reporter_or_null(pbar)
        reporter.start(source.stat().st_size, description=f"upload {source.name}", unit="B")
        try:
            with source.open("rb") as stream:
                body = ModelArtifactUpload(
                    file=File(payload=ProgressReader.wrap(stream, reporter), file_name=source.name)
                )
                response = models_upload_artifact.sync_detailed(
                    self._model.id, client=self._client.api, body=body
                )
        finally:
            reporter.finish()
        return self._set(response)

    def download_artifact(
        self, path: str | os.PathLike[str], *, pbar: ProgressReporter | None = None
    ) -> Path:
        """Save the artifact at ``path`` (checked against its SHA-256); returns the path.

        Raises:
            NotFoundError: the version has no artifact.

        """
        api = self._client.api
        version_id = self._model.id

        def open_from(offset: int) -> HttpResponse:
            wanted = f"bytes={offset}-" if offset else UNSET
            return models_retrieve_artifact.stream(version_id, client=api, range_=wanted)

        artifact = self._model.artifact
        return download_to(
            following_storage_redirects(api, open_from),
            Path(path),
            reporter_or_null(pbar),
            description=f"artifact of {self.label}",
            expected_sha256=None if not artifact else artifact.sha256,
            attempts=self._client.config.retries + 1,
        )


class Model(Entity[ModelModel], Removable, _ModelFields):
    """A registered model of a workspace."""

    __slots__ = ()
    _retrieve_op = models_retrieve
    _destroy_op = models_destroy

    def create_version(
        self,
        name: str,
        *,
        metadata: dict[str, Any] | None = None,
        dataset_version: Ref | None = None,
        artifact: str | os.PathLike[str] | None = None,
    ) -> ModelVersion:
        """Add a version to the model, and upload its artifact file when given.

        ``metadata`` is free JSON (framework, parameters...); ``dataset_version`` the dataset
        version (entity or id) it was trained on.
        """
        body = ModelVersionCreateRequest(
            name=name,
            metadata=UNSET
            if metadata is None
            else ModelVersionCreateRequestMetadata.from_dict(metadata),
            dataset_version=UNSET
            if dataset_version is None
            else id_of(dataset_version, "dataset_version"),
        )
        response = models_create_version.sync_detailed(
            self._model.id, client=self._client.api, body=body
        )
        version = ModelVersion(self._client, response.parsed, response.headers.get("ETag"))
        if artifact is not None:
            version.upload_artifact(artifact)
        self.fetch()  # its version_count
        return version

    def get_versions(self) -> PagedList[ModelVersion]:
        """The model's versions, newest first (lazily paged)."""
        client = self._client
        model_id = self._model.id

        def fetch(page: int, size: int, cursor: str | None) -> Page[ModelVersion]:
            parsed = models_list_versions.sync(
                model_id, client=client.api, page=page, page_size=size, cursor=cursor or UNSET
            )
            return Page(
                [ModelVersion(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)


class ModelsRepo(Repo[Model], Retrievable[Model], Listable[Model]):
    """``client.models``: register, retrieve and list models."""

    __slots__ = ()
    _entity = Model
    _retrieve_op = models_retrieve
    _list_op = models_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[models_list.Filters],
    ) -> PagedList[Model]:
        """The models matching ``filters`` (``models_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)

    def create(self, name: str, *, description: str | None = None) -> Model:
        """Register a model in the client's workspace (or your personal one).

        Raises:
            ConflictError: the workspace has a model of that name already.

        """
        body = ModelCreateRequest(
            name=name, description=UNSET if description is None else description
        )
        return self._wrap(models_create.sync_detailed(client=self._client.api, body=body))


class ModelVersionsRepo(Repo[ModelVersion], Retrievable[ModelVersion]):
    """``client.model_versions``: retrieve model versions by id.

    Add them with ``model.create_version``.
    """

    __slots__ = ()
    _entity = ModelVersion
    _retrieve_op = models_retrieve_version
