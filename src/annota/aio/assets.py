"""The asyncio twins of ``annota.proxies.assets`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/assets.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.assets import (
    assets_destroy,
    assets_list,
    assets_retrieve,
)
from annota_api.models import Asset as AssetModel
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
    _Fields = AssetModel
else:
    _Fields = object


class AsyncAsset(AsyncEntity[AssetModel], AsyncRemovable, _Fields):
    """The asyncio twin of :class:`annota.proxies.assets.Asset`.

    Blocking only so far (use the :class:`~annota.Client`): ``download``, ``render``,
    ``read_bytes``, ``read_thumbnail``, ``download_thumbnail``.
    """

    __slots__ = ()
    _retrieve_op = assets_retrieve
    _destroy_op = assets_destroy


class AsyncAssetsRepo(
    AsyncRepo[AsyncAsset], AsyncRetrievable[AsyncAsset], AsyncListable[AsyncAsset]
):
    """The asyncio twin of :class:`annota.proxies.assets.AssetsRepo`."""

    __slots__ = ()
    _entity = AsyncAsset
    _retrieve_op = assets_retrieve
    _list_op = assets_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[assets_list.Filters],
    ) -> AsyncPagedList[AsyncAsset]:
        """The assets matching ``filters`` (``assets_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
