"""The asyncio twins of ``annota.proxies.labels`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/labels.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.labels import (
    labels_destroy,
    labels_list,
    labels_partial_update,
    labels_retrieve,
)
from annota_api.models import Label as LabelModel
from annota_api.models import PatchedLabelRequest
from annota_api.models.patched_label_request import PatchedLabelRequestDict
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)

if TYPE_CHECKING:
    _Fields = LabelModel
else:
    _Fields = object


class AsyncLabel(
    AsyncEntity[LabelModel],
    Updatable[PatchedLabelRequest, PatchedLabelRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.labels.Label`."""

    __slots__ = ()
    _retrieve_op = labels_retrieve
    _update_op = labels_partial_update
    _destroy_op = labels_destroy
    _patch_model = PatchedLabelRequest

    async def update(
        self,
        values: PatchedLabelRequest | PatchedLabelRequestDict | None = None,
        /,
        **fields: Unpack[PatchedLabelRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedLabelRequestDict``).

        Raises:
            PreconditionFailedError: the object changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))


class AsyncLabelsRepo(
    AsyncRepo[AsyncLabel], AsyncRetrievable[AsyncLabel], AsyncListable[AsyncLabel]
):
    """The asyncio twin of :class:`annota.proxies.labels.LabelsRepo`."""

    __slots__ = ()
    _entity = AsyncLabel
    _retrieve_op = labels_retrieve
    _list_op = labels_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[labels_list.Filters],
    ) -> AsyncPagedList[AsyncLabel]:
        """The labels matching ``filters`` (``labels_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
