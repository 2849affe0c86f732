"""Webhooks and the event feed: ``client.webhooks``, ``client.events`` and their entities.

The server's worker posts each event a webhook wants to its URL, signed with the webhook's
secret; :func:`verify_signature` checks such a request in a receiver. Consumers that cannot
receive requests follow the feed instead: ``for event in client.events.follow(): ...``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self

from annota_api.api.events import events_feed
from annota_api.api.webhooks import (
    webhooks_create,
    webhooks_destroy,
    webhooks_list,
    webhooks_list_deliveries,
    webhooks_partial_update,
    webhooks_ping,
    webhooks_redeliver,
    webhooks_retrieve,
    webhooks_retrieve_delivery,
)
from annota_api.models import DeliveryStatus, Event, PatchedWebhookRequest, WebhookRequest
from annota_api.models import Webhook as WebhookModel
from annota_api.models import WebhookDelivery as DeliveryModel
from annota_api.models.patched_webhook_request import PatchedWebhookRequestDict
from annota_api.models.webhook_request import WebhookRequestDict
from annota_api.types import UNSET
from typing_extensions import Unpack

from annota.paging import Page, PagedList, cursor_of
from annota.proxies.base import (
    Creatable,
    Entity,
    Listable,
    Removable,
    Repo,
    Retrievable,
    Updatable,
)

if TYPE_CHECKING:
    from annota.client import Client

    _Fields = WebhookModel
    _DeliveryFields = DeliveryModel
else:
    _Fields = object
    _DeliveryFields = object

SIGNATURE_HEADER = "X-Annota-Signature"
"""The header that carries a delivery's signature: ``t=<unix seconds>,v1=<hex HMAC-SHA256>``."""
DELIVERY_HEADER = "X-Annota-Delivery"
"""The header that carries the delivery id (the same in every retry of a delivery)."""


def verify_signature(
    secret: str, header: str, body: bytes, *, tolerance: float | None = 300.0
) -> bool:
    """Whether ``header`` (``X-Annota-Signature``) signs ``body`` with ``secret``.

    The signature is the HMAC-SHA256 of ``"<t>." + body``; a timestamp more than
    ``tolerance`` seconds away from now is refused too (a replayed request), unless
    ``tolerance`` is None.
    """
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
        given = fields["v1"]
    except (KeyError, ValueError):
        return False
    if tolerance is not None and abs(time.time() - timestamp) > tolerance:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)


class Delivery(Entity[DeliveryModel], _DeliveryFields):
    """One event (or ping) sent, or to be sent, to a webhook, with every attempt."""

    __slots__ = ()

    def fetch(self) -> Delivery:
        """Read the delivery's current state (status, attempts)."""
        return self._set(
            webhooks_retrieve_delivery.sync_detailed(
                self._model.webhook, self._model.id, client=self._client.api
            )
        )

    def redeliver(self) -> Delivery:
        """Queue the same body again as a new delivery (after what is queued); return it."""
        response = webhooks_redeliver.sync_detailed(
            self._model.webhook, self._model.id, client=self._client.api
        )
        return Delivery(self._client, response.parsed)


class Webhook(
    Entity[WebhookModel],
    Updatable[PatchedWebhookRequest, PatchedWebhookRequestDict],
    Removable,
    _Fields,
):
    """A URL the server sends a workspace's (or project's) events to.

    ``secret`` is only set on the entity that ``client.webhooks.create`` returned.
    """

    __slots__ = ()
    _retrieve_op = webhooks_retrieve
    _update_op = webhooks_partial_update
    _patch_model = PatchedWebhookRequest
    _destroy_op = webhooks_destroy

    def update(
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
        return self._run(self._update_steps(values, fields))

    def ping(self) -> Delivery:
        """Queue a ``ping`` delivery; ``delivery.fetch()`` shows how it went."""
        response = webhooks_ping.sync_detailed(self._model.id, client=self._client.api)
        return Delivery(self._client, response.parsed)

    def delivery(self, delivery_id: int) -> Delivery:
        """One of the webhook's deliveries, with every attempt."""
        response = webhooks_retrieve_delivery.sync_detailed(
            self._model.id, delivery_id, client=self._client.api
        )
        return Delivery(self._client, response.parsed)

    def deliveries(self, *, status: str | None = None) -> PagedList[Delivery]:
        """The webhook's deliveries, newest first (lazily, a page at a time)."""
        client = self._client
        hook_id = self._model.id
        wanted = DeliveryStatus(status) if status is not None else UNSET

        def fetch(page: int, size: int, cursor: str | None) -> Page[Delivery]:
            parsed = webhooks_list_deliveries.sync(
                hook_id,
                client=client.api,
                page=page,
                page_size=size,
                cursor=cursor or UNSET,
                status=wanted,
            )
            return Page(
                [Delivery(client, model) for model in parsed.results],
                parsed.count,
                parsed.next_ is not None,
                cursor_of(parsed.next_),
            )

        return PagedList(fetch, client.config.page_size)


class WebhooksRepo(
    Repo[Webhook],
    Creatable[Webhook, WebhookRequest, WebhookRequestDict],
    Retrievable[Webhook],
    Listable[Webhook],
):
    """``client.webhooks``: register, retrieve and list webhooks (owners and maintainers).

    ``create({"url": ..., "events": ["task.updated", "job.stage_changed"]})`` registers one
    for the client's workspace (``"project": id`` for one project's events, ``["*"]`` for
    every kind); the returned entity's ``secret`` is the only time the secret is shown.
    """

    __slots__ = ()
    _entity = Webhook
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
    ) -> PagedList[Webhook]:
        """The webhooks matching ``filters`` (``webhooks_list.Filters``), paged lazily."""
        return self._list(page_size, start_page, filters)


class EventsRepo:
    """``client.events``: the feed of changes (the same events webhooks are sent)."""

    __slots__ = ("_client",)

    def __init__(self, client: Client) -> None:
        self._client = client

    def page(
        self, after: str | None = None, *, limit: int = 100, wait: int = 0, **filters: Any
    ) -> tuple[list[Event], str]:
        """One answer of the feed: the events after ``after`` and the cursor to go on from.

        ``filters``: ``project`` (an id) and ``kind`` (a list of kinds).
        """
        parsed = events_feed.sync(
            client=self._client.api,
            after=after if after is not None else UNSET,
            limit=limit,
            wait=wait,
            # The server holds the answer up to `wait` seconds: read longer than that.
            timeout=wait + self._client.config.timeout if wait else None,
            **filters,
        )
        return list(parsed.results), parsed.next_

    def follow(
        self,
        after: str | None = None,
        *,
        wait: int = 20,
        stop: Any = None,
        **filters: Any,
    ) -> Iterator[Event]:
        """Every event after ``after``, waiting for new ones (long polling), for ever.

        Each request waits up to ``wait`` seconds on the server for an event, so an idle
        feed costs one request per ``wait`` seconds. ``stop`` (a ``threading.Event``) ends
        the iteration between requests; so does breaking out of the loop. The cursor of the
        last event yielded is ``event.id`` (as a string): pass it as ``after`` to resume.
        """
        cursor = after
        while stop is None or not stop.is_set():
            found, cursor = self.page(cursor, wait=wait, **filters)
            yield from found
