"""The asyncio twins of ``annota.proxies.webhooks`` (generated; see scripts/gen_async.py).

Do not edit: change ``src/annota/proxies/webhooks.py`` and run ``make gen``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from annota_api.api.webhooks import (
    webhooks_create,
    webhooks_destroy,
    webhooks_list,
    webhooks_partial_update,
    webhooks_retrieve,
)
from annota_api.models import PatchedWebhookRequest, WebhookRequest
from annota_api.models import Webhook as WebhookModel
from annota_api.models import WebhookDelivery as DeliveryModel
from annota_api.models.patched_webhook_request import PatchedWebhookRequestDict
from annota_api.models.webhook_request import WebhookRequestDict
from typing_extensions import Unpack

from annota.paging import AsyncPagedList
from annota.proxies.base import (
    AsyncCreatable,
    AsyncEntity,
    AsyncListable,
    AsyncRemovable,
    AsyncRepo,
    AsyncRetrievable,
    Updatable,
)

if TYPE_CHECKING:
    _Fields = WebhookModel
    _DeliveryFields = DeliveryModel
else:
    _Fields = object
    _DeliveryFields = object


class AsyncDelivery(AsyncEntity[DeliveryModel]):
    """The asyncio twin of :class:`annota.proxies.webhooks.Delivery`.

    Blocking only so far (use the :class:`~annota.Client`): ``fetch``, ``redeliver``.
    """

    __slots__ = ()


class AsyncWebhook(
    AsyncEntity[WebhookModel],
    Updatable[PatchedWebhookRequest, PatchedWebhookRequestDict],
    AsyncRemovable,
    _Fields,
):
    """The asyncio twin of :class:`annota.proxies.webhooks.Webhook`.

    Blocking only so far (use the :class:`~annota.Client`): ``ping``, ``delivery``,
    ``deliveries``.
    """

    __slots__ = ()
    _retrieve_op = webhooks_retrieve
    _update_op = webhooks_partial_update
    _patch_model = PatchedWebhookRequest
    _destroy_op = webhooks_destroy

    async def update(
        self,
        values: PatchedWebhookRequest | PatchedWebhookRequestDict | None = None,
        /,
        **fields: Unpack[PatchedWebhookRequestDict],
    ) -> Self:
        """Change some fields (PATCH) guarded by the ETag; the entity then holds the new state.

        Pass a request model, a dict, or the fields as keywords (``PatchedWebhookRequestDict``).

        Raises:
            PreconditionFailedError: the webhook changed on the server since it was read.
            InvalidRequestError: an unknown key or a wrong value, before any request.

        """
        return await self._run(self._update_steps(values, fields))


class AsyncWebhooksRepo(
    AsyncRepo[AsyncWebhook],
    AsyncCreatable[AsyncWebhook, WebhookRequest, WebhookRequestDict],
    AsyncRetrievable[AsyncWebhook],
    AsyncListable[AsyncWebhook],
):
    """The asyncio twin of :class:`annota.proxies.webhooks.WebhooksRepo`."""

    __slots__ = ()
    _entity = AsyncWebhook
    _create_op = webhooks_create
    _create_model = WebhookRequest
    _retrieve_op = webhooks_retrieve
    _list_op = webhooks_list

    def list(
        self,
        *,
        page_size: int | None = None,
        start_page: int = 1,
        **filters: Unpack[webhooks_list.Filters],
    ) -> AsyncPagedList[AsyncWebhook]:
        """The webhooks matching ``filters`` (``webhooks_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)
