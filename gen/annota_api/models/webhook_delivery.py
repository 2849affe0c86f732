from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import Any, Self

from ..models.delivery_status import DeliveryStatus
from ..types import LazyModel, parse_datetime

__all__ = ["WebhookDelivery"]

_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "id",
        "webhook",
        "delivery_id",
        "event",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "finished_at",
        "redelivery_of",
        "body",
    }
)

# Keys that from_dict checks at once although their fields are decoded later.
_REQUIRED_LAZY_KEYS: frozenset[str] = frozenset(
    {
        "attempts",
        "body",
    }
)


def _decode_attempts(src: Mapping[str, Any]) -> list[WebhookAttempt]:
    attempts = [WebhookAttempt.from_dict(item) for item in src["attempts"]]
    return attempts


def _decode_body(src: Mapping[str, Any]) -> Event:
    body = Event.from_dict(src["body"])
    return body


def _decode_additional_properties(src: Mapping[str, Any]) -> dict[str, Any]:
    if len(src) == 12:
        return {}
    return {key: value for key, value in src.items() if key not in _KNOWN_KEYS}


@_dataclass(slots=True, kw_only=True)
class WebhookDelivery(LazyModel):
    """One event (or ping) sent, or to be sent, to one webhook.

    Attributes:
        id (int):
        webhook (int):
        delivery_id (str): Sent as `X-Annota-Delivery`; the same in every retry.
        event (int | None): The event's id (null for a ping).
        kind (str): The event kind, or `ping`.
        status (DeliveryStatus): `queued` (waiting for its turn or its next attempt), `delivering`
            (being sent),
            `succeeded` (answered 2xx), `failed` (given up after the retry window, or refused).
        attempts (list[WebhookAttempt]): Every attempt, oldest first.
        next_attempt_at (datetime.datetime): When it is (or was) due.
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
        redelivery_of (int | None): The delivery this one sends again.
        body (Event): One change, as the feed answers it and a webhook is sent it.
        additional_properties (dict[str, Any]): Fields the API description does not
            list (kept as received and written back by to_dict).
    """

    id: int
    webhook: int
    delivery_id: str
    event: int | None
    kind: str
    status: DeliveryStatus
    attempts: list[WebhookAttempt]
    next_attempt_at: datetime.datetime
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    redelivery_of: int | None
    body: Event
    additional_properties: dict[str, Any] = _field(default_factory=dict)
    # Not a field (not annotated here): the decoders LazyModel.__getattr__ uses.
    _decoders = {
        "attempts": _decode_attempts,
        "body": _decode_body,
        "additional_properties": _decode_additional_properties,
    }

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of this WebhookDelivery, unknown fields included."""
        event: int | None
        event = self.event

        status = str(self.status)

        attempts: list[dict[str, Any]]
        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        next_attempt_at = self.next_attempt_at.isoformat()

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()

        else:
            finished_at = self.finished_at

        redelivery_of: int | None
        redelivery_of = self.redelivery_of

        body = self.body.to_dict()
        field_dict: dict[str, Any] = {
            "id": self.id,
            "webhook": self.webhook,
            "delivery_id": self.delivery_id,
            "event": event,
            "kind": self.kind,
            "status": status,
            "attempts": attempts,
            "next_attempt_at": next_attempt_at,
            "created_at": created_at,
            "finished_at": finished_at,
            "redelivery_of": redelivery_of,
            "body": body,
        }
        if self.additional_properties:
            for key, value in self.additional_properties.items():
                if key not in field_dict:
                    field_dict[key] = value
        return field_dict

    @classmethod
    def from_dict(cls, src: Mapping[str, Any]) -> Self:
        """Build a WebhookDelivery from its JSON form; unknown keys go to additional_properties.

        `src` is kept, not copied: nested objects are decoded from it when first read, so it
        must not change afterwards. A missing required key raises KeyError now.
        """
        if not src.keys() >= _REQUIRED_LAZY_KEYS:
            raise KeyError(min(_REQUIRED_LAZY_KEYS - src.keys()))
        self = object.__new__(cls)
        # `_src` is LazyModel's slot; mypy's dataclass plugin sees only this class's own slots.
        self._src = src  # type: ignore[misc]
        self.id = src["id"]
        self.webhook = src["webhook"]
        self.delivery_id = src["delivery_id"]
        self.event = src["event"]
        self.kind = src["kind"]
        status = DeliveryStatus._by_value.get(src["status"]) or DeliveryStatus(src["status"])
        self.status = status
        next_attempt_at = parse_datetime(src["next_attempt_at"])
        self.next_attempt_at = next_attempt_at
        created_at = parse_datetime(src["created_at"])
        self.created_at = created_at
        _finished_at = src["finished_at"]
        finished_at: datetime.datetime | None
        if _finished_at is None:
            finished_at = None
        else:
            finished_at_type_0 = parse_datetime(_finished_at)

            finished_at = finished_at_type_0
        self.finished_at = finished_at
        self.redelivery_of = src["redelivery_of"]
        return self


# Imported last: models may refer to each other.
from ..models.event import Event
from ..models.webhook_attempt import WebhookAttempt
