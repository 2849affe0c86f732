"""Bucket storages: ``client.storages`` and the Storage entity (credentials never come back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.storages import storages_create, storages_list, storages_retrieve
from annota_api.models import CloudStorage as CloudStorageModel
from annota_api.models import CloudStorageRequest
from annota_api.models.cloud_storage_request import CloudStorageRequestDict
from typing_extensions import Unpack

from annota.paging import PagedList
from annota.proxies.base import Creatable, Entity, Listable, Repo, Retrievable

if TYPE_CHECKING:
    _Fields = CloudStorageModel
else:
    _Fields = object


class Storage(Entity[CloudStorageModel], _Fields):
    """An S3-compatible bucket (and prefix) a workspace registered.

    Tasks are filled from it with ``task.add_assets_from(storage, prefix=...)``.
    """

    __slots__ = ()
    _retrieve_op = storages_retrieve


class StoragesRepo(
    Repo[Storage],
    Creatable[Storage, CloudStorageRequest, CloudStorageRequestDict],
    Retrievable[Storage],
    Listable[Storage],
):
    """``client.storages``: register, retrieve and list bucket storages.

    ``create({"name", "bucket", "prefix", "endpoint_url", "region", "access_key_id",
    "secret_access_key"})`` registers a bucket in the client's workspace once the server has
    checked it with those credentials (``ValidationError`` naming ``bucket`` or
    ``access_key_id`` when it cannot); the server keeps them encrypted and never sends them
    back.
    """

    __slots__ = ()
    _entity = Storage
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
    ) -> PagedList[Storage]:
        """The storages matching ``filters`` (``storages_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
