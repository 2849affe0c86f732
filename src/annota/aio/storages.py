"""The asyncio twins of ``annota.proxies.storages`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/storages.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.storages import storages_create, storages_list, storages_retrieve
from annota_api.models import CloudStorage as CloudStorageModel
from annota_api.models import CloudStorageRequest
from annota_api.models.cloud_storage_request import CloudStorageRequestDict
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = CloudStorageModel
else:
    _Fields = object


class AsyncStorage(AsyncEntity[CloudStorageModel], _Fields):
    """The asyncio twin of :class:`annota.proxies.storages.Storage`."""

    __slots__ = ()
    _retrieve_op = storages_retrieve


class AsyncStoragesRepo(
    AsyncRepo[AsyncStorage],
    AsyncCreatable[AsyncStorage, CloudStorageRequest, CloudStorageRequestDict],
    AsyncRetrievable[AsyncStorage],
    AsyncListable[AsyncStorage],
):
    """The asyncio twin of :class:`annota.proxies.storages.StoragesRepo`."""

    __slots__ = ()
    _entity = AsyncStorage
    _create_op = storages_create
    _create_model = CloudStorageRequest
    _retrieve_op = storages_retrieve
    _list_op = storages_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[storages_list.Filters],
    ) -> AsyncPagedList[AsyncStorage]:
        """The storages matching ``filters`` (``storages_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
