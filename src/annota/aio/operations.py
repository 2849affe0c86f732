"""The asyncio twins of ``annota.proxies.operations`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/operations.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota_api.api.operations import (
    operations_list,
    operations_retrieve,
)
from annota_api.models import Operation as OperationModel
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncEntity,
    AsyncListable,
    AsyncRepo,
    AsyncRetrievable,
)

if TYPE_CHECKING:
    _Fields = OperationModel
else:
    _Fields = object


class AsyncOperation(AsyncEntity[OperationModel], _Fields):
    """The asyncio twin of :class:`annota.proxies.operations.Operation`.

    Blocking only so far (use the :class:`~annota.Client`): ``skipped_shapes``,
    ``warn_if_lossy``, ``ended``, ``wait``, ``get_version``, ``get_evaluation``, ``cancel``,
    ``save_export``, ``download_result``.
    """

    __slots__ = ()
    _retrieve_op = operations_retrieve


class AsyncOperationsRepo(
    AsyncRepo[AsyncOperation], AsyncRetrievable[AsyncOperation], AsyncListable[AsyncOperation]
):
    """The asyncio twin of :class:`annota.proxies.operations.OperationsRepo`."""

    __slots__ = ()
    _entity = AsyncOperation
    _retrieve_op = operations_retrieve
    _list_op = operations_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[operations_list.Filters],
    ) -> AsyncPagedList[AsyncOperation]:
        """The operations matching ``filters`` (``operations_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
