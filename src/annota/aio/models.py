"""The asyncio twins of ``annota.proxies.models`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/models.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.models import (
    models_destroy,
    models_destroy_version,
    models_list,
    models_retrieve,
    models_retrieve_version,
)
from annota_api.models import Model as ModelModel
from annota_api.models import ModelVersion as ModelVersionModel
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _ModelFields = ModelModel
    _VersionFields = ModelVersionModel
else:
    _ModelFields = _VersionFields = object


class AsyncModelVersion(AsyncEntity[ModelVersionModel], AsyncRemovable):
    """The asyncio twin of :class:`annota.proxies.models.ModelVersion`.

    Blocking only so far (use the :class:`~annota.Client`): ``label``, ``predictions``,
    ``get_dataset_version``, ``upload_artifact``, ``download_artifact``.
    """

    __slots__ = ()
    _retrieve_op = models_retrieve_version
    _destroy_op = models_destroy_version


class AsyncModel(AsyncEntity[ModelModel], AsyncRemovable):
    """The asyncio twin of :class:`annota.proxies.models.Model`.

    Blocking only so far (use the :class:`~annota.Client`): ``create_version``,
    ``get_versions``.
    """

    __slots__ = ()
    _retrieve_op = models_retrieve
    _destroy_op = models_destroy


class AsyncModelsRepo(
    AsyncRepo[AsyncModel], AsyncRetrievable[AsyncModel], AsyncListable[AsyncModel]
):
    """The asyncio twin of :class:`annota.proxies.models.ModelsRepo`.

    Blocking only so far (use the :class:`~annota.Client`): ``create``.
    """

    __slots__ = ()
    _entity = AsyncModel
    _retrieve_op = models_retrieve
    _list_op = models_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[models_list.Filters],
    ) -> AsyncPagedList[AsyncModel]:
        """The models matching ``filters`` (``models_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)


class AsyncModelVersionsRepo(AsyncRepo[AsyncModelVersion], AsyncRetrievable[AsyncModelVersion]):
    """The asyncio twin of :class:`annota.proxies.models.ModelVersionsRepo`."""

    __slots__ = ()
    _entity = AsyncModelVersion
    _retrieve_op = models_retrieve_version
