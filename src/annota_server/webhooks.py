"""Webhooks: where a URL may point, how a delivery is signed, and the worker that sends them.

The worker (one thread per process, started with the operation workers) does two things in a
loop: it turns new events into deliveries (each webhook keeps a cursor into ``events``), then
sends the deliveries that are due, one per webhook at a time and oldest first, so a webhook
receives its events in order. A delivery is claimed until ``locked_until``; one whose
process died is taken again once that has passed, with the same delivery id. A failed POST
is retried after an exponentially growing, jittered wait until the retry window ends.

Nothing here runs in a request: the request only writes the event (see ``events.py``).

SSRF. A URL is checked when it is registered and again before every POST: its host is
resolved and every address must be public (not loopback, private, link-local, multicast,
unspecified or reserved) unless ``webhook_allow_private`` is set. The POST then goes to
the address that was checked (the host name travels in ``Host`` and TLS's SNI), so a name
that resolves differently a moment later cannot redirect it; redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import orjson
import urllib3
from sqlalchemy import delete, func, insert, select, update

from annota_server import events
from annota_server.context import Runtime
from annota_server.db.models import Event, Webhook, WebhookAttempt, WebhookDelivery, utcnow

logger = logging.getLogger("annota_server")

SIGNATURE_HEADER = "X-Annota-Signature"
"""``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body, keyed with the secret>``."""
DELIVERY_HEADER = "X-Annota-Delivery"
EVENT_HEADER = "X-Annota-Event"
EXCERPT_BYTES = 1024
"""How much of a receiver's answer an attempt keeps."""
FAN_OUT_BATCH = 500
"""Events turned into deliveries per webhook and pass."""


class UnsafeTarget(ValueError):
    """A webhook URL the policy refuses (the message says why, without secrets)."""


# -- the SSRF policy -------------------------------------------------------------------------


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str:
    """Why ``address`` may not be posted to ("" when it may)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if allow_private:
        return ""
    for name in ("loopback", "link_local", "private", "reserved"):
        if getattr(address, f"is_{name}"):
            return f"a {name.replace('_', '-')} address"
    if not address.is_global:
        return "a non-public address"
    return ""


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a literal address is itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (an address that passed the policy) and what to send."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def check(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> Target:
    """Check ``url`` against the policy; return the address to post to.

    Raises:
        UnsafeTarget: not http(s), no host, unresolvable, or an address the policy refuses.

    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget(f"is not a valid URL ({exc})") from None
    if parts.scheme not in {"http", "https"}:
        raise UnsafeTarget("must be an http or https URL")
    host = parts.hostname
    if not host:
        raise UnsafeTarget("has no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget("must not carry credentials (sign with the secret instead)")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError):
        raise UnsafeTarget(f"names a host that does not resolve ({host})") from None
    if not addresses:
        raise UnsafeTarget(f"names a host that does not resolve ({host})")
    for address in addresses:
        why = _refused(ipaddress.ip_address(address.split("%")[0]), allow_private)
        if why:
            raise UnsafeTarget(f"resolves to {why} ({address}), which webhooks may not reach")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, host, port, addresses[0], path)


# -- signing ---------------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def backoff(attempts: int, base: float, cap: float) -> float:
    """Seconds before attempt ``attempts + 1``: doubling from ``base``, capped, jittered.

    Equal jitter (half fixed, half random) keeps the growth while spreading the retries of
    deliveries that failed together.
    """
    if base <= 0:
        return 0.0
    delay = float(min(cap, base * 2 ** max(0, attempts - 1)))
    return delay / 2 + random.uniform(0, delay / 2)


# -- the worker ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one POST gave."""

    status_code: int | None
    duration_ms: int
    excerpt: str
    error: str

    @property
    def ok(self) -> bool:
        """Whether the receiver took it (any 2xx)."""
        return self.status_code is not None and 200 <= self.status_code < 300


class Sender:
    """The webhook thread of one process."""

    def __init__(self, runtime: Runtime, worker_id: str, stopping: threading.Event) -> None:
        self.runtime = runtime
        self.worker_id = worker_id
        self.stopping = stopping
        settings = runtime.settings
        self.timeout = settings.webhook_timeout_seconds
        # The claim outlives the POST (connect + read timeouts) with room to record it.
        self.lease = timedelta(seconds=2 * self.timeout + 1)

    def run(self) -> None:
        """Fan out and send until the process stops."""
        while not self.stopping.is_set():
            busy = False
            try:
                self.fan_out()
                busy = self.send_due()
            except Exception:  # a database outage must not kill the thread
                logger.warning("webhook worker error", exc_info=True)
            if not busy:
                self.stopping.wait(self.runtime.settings.operation_poll_seconds)

    # -- events -> deliveries -----------------------------------------------------------------

    def fan_out(self) -> None:
        """Queue a delivery of each new event for every active webhook that wants it."""
        database = self.runtime.database
        with database.session(write=False) as db, db.begin():
            newest = db.scalar(select(func.max(Event.id))) or 0
            behind = db.scalar(
                select(Webhook.id).where(Webhook.is_active, Webhook.cursor < newest).limit(1)
            )
        if behind is None:  # the common case costs no write lock
            return
        with database.session(write=True) as db, db.begin():
            hooks = db.scalars(
                select(Webhook).where(Webhook.is_active, Webhook.cursor < newest)
            ).all()
            for hook in hooks:
                rows = db.scalars(
                    select(Event)
                    .where(Event.id > hook.cursor, Event.workspace_id == hook.workspace_id)
                    .order_by(Event.id)
                    .limit(FAN_OUT_BATCH)
                ).all()
                wanted = set(hook.events)
                queued = [
                    delivery_values(hook.id, row.id, row.kind, events.document(row))
                    for row in rows
                    if ("*" in wanted or row.kind in wanted)
                    and (hook.project_id is None or row.project_id == hook.project_id)
                ]
                if queued:
                    db.execute(insert(WebhookDelivery), queued)
                # All of the workspace's events up to this snapshot were read unless the batch
                # was full; ``newest`` (read earlier) is at most the snapshot's last.
                last = rows[-1].id if rows else 0
                cursor = last if len(rows) == FAN_OUT_BATCH else max(last, newest)
                # Not an edit of the webhook: its version (ETag) stays.
                db.execute(
                    update(Webhook)
                    .where(Webhook.id == hook.id, Webhook.cursor == hook.cursor)
                    .values(cursor=cursor)
                    .execution_options(synchronize_session=False)
                )

    # -- sending ------------------------------------------------------------------------------

    def send_due(self) -> bool:
        """Send the next due delivery of each webhook once; True when any was sent."""
        sent = False
        for delivery_id in self._due():
            if self.stopping.is_set():
                break
            claimed = self._claim(delivery_id)
            if claimed is not None:
                self._send(*claimed)
                sent = True
        return sent

    def _due(self) -> list[int]:
        now = utcnow()
        with self.runtime.database.session(write=False) as db, db.begin():
            rows = db.execute(
                select(
                    WebhookDelivery.id,
                    WebhookDelivery.webhook_id,
                    WebhookDelivery.status,
                    WebhookDelivery.next_attempt_at,
                    WebhookDelivery.locked_until,
                )
                .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                .where(WebhookDelivery.status.in_(("queued", "delivering")), Webhook.is_active)
                .order_by(WebhookDelivery.id)
                .limit(1000)
            ).all()
        heads: dict[int, Any] = {}
        for row in rows:
            heads.setdefault(row.webhook_id, row)  # only the oldest: order per webhook
        return [
            row.id
            for row in heads.values()
            if (row.status == "queued" and row.next_attempt_at <= now)
            or (row.status == "delivering" and (row.locked_until or now) <= now)
        ]

    def _claim(self, delivery_id: int) -> tuple[WebhookDelivery, Webhook] | None:
        now = utcnow()
        with self.runtime.database.session(write=True) as db, db.begin():
            delivery = db.get(WebhookDelivery, delivery_id, with_for_update=True)
            if delivery is None:
                return None
            due = (delivery.status == "queued" and delivery.next_attempt_at <= now) or (
                delivery.status == "delivering"
                and (delivery.locked_until is None or delivery.locked_until <= now)
            )
            hook = db.get(Webhook, delivery.webhook_id)
            if not due or hook is None:
                return None
            delivery.status = "delivering"
            delivery.claimed_by = self.worker_id
            delivery.locked_until = now + self.lease
            db.flush()
            db.expunge(delivery)
            db.expunge(hook)
        return delivery, hook

    def _send(self, delivery: WebhookDelivery, hook: Webhook) -> None:
        settings = self.runtime.settings
        body = delivery.body.encode()
        attempted_at = utcnow()
        if len(body) > settings.webhook_max_body_bytes:
            outcome = Outcome(
                None, 0, "", f"the body is {len(body)} bytes, over the limit of "
                f"{settings.webhook_max_body_bytes}",
            )  # fmt: skip
            self._record(delivery, hook, attempted_at, outcome, give_up=True)
            return
        try:
            target = check(hook.url, allow_private=settings.webhook_allow_private)
        except UnsafeTarget as refused:
            outcome = Outcome(None, 0, "", f"the URL {refused}")
        else:
            outcome = post(target, body, self._headers(delivery, hook, body), self.timeout)
        self._record(delivery, hook, attempted_at, outcome)

    @staticmethod
    def _headers(delivery: WebhookDelivery, hook: Webhook, body: bytes) -> dict[str, str]:
        return {
            "Content-Type": "application/json",
            "User-Agent": "annota-webhooks",
            DELIVERY_HEADER: delivery.delivery_id,
            EVENT_HEADER: delivery.event_kind,
            SIGNATURE_HEADER: sign(hook.secret, int(time.time()), body),
        }

    def _record(
        self,
        delivery: WebhookDelivery,
        hook: Webhook,
        attempted_at: datetime,
        outcome: Outcome,
        *,
        give_up: bool = False,
    ) -> None:
        settings = self.runtime.settings
        now = utcnow()
        attempts = delivery.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "claimed_by": None, "locked_until": None}
        window = timedelta(seconds=settings.webhook_retry_window_seconds)
        if outcome.ok:
            values |= {"status": "succeeded", "finished_at": now}
        elif give_up or now - delivery.created_at >= window:
            values |= {"status": "failed", "finished_at": now}
        else:
            wait = backoff(
                attempts, settings.webhook_retry_base_seconds, settings.webhook_retry_max_seconds
            )
            values |= {"status": "queued", "next_attempt_at": now + timedelta(seconds=wait)}
        with self.runtime.database.session(write=True) as db, db.begin():
            mine = db.execute(
                update(WebhookDelivery)
                .where(
                    WebhookDelivery.id == delivery.id,
                    WebhookDelivery.claimed_by == self.worker_id,
                )
                .values(**values)
            )
            if mine.rowcount != 1:  # type: ignore[attr-defined]
                return  # taken over (the lease ran out) or deleted: the other claim records
            db.execute(
                insert(WebhookAttempt).values(
                    delivery_id=delivery.id,
                    attempted_at=attempted_at,
                    status_code=outcome.status_code,
                    duration_ms=outcome.duration_ms,
                    response_excerpt=outcome.excerpt,
                    error=outcome.error,
                )
            )
        logger.info(
            "webhook %d delivery %s (%s): %s",
            hook.id,
            delivery.delivery_id,
            delivery.event_kind,
            values["status"],
        )

    # -- retention ----------------------------------------------------------------------------

    def sweep(self) -> None:
        """Delete events and ended deliveries older than the retention period."""
        cutoff = utcnow() - timedelta(seconds=self.runtime.settings.event_retention_seconds)
        with self.runtime.database.session(write=True) as db, db.begin():
            db.execute(delete(Event).where(Event.created_at < cutoff))
            db.execute(
                delete(WebhookDelivery).where(
                    WebhookDelivery.status.in_(("succeeded", "failed")),
                    WebhookDelivery.created_at < cutoff,
                )
            )


def delivery_values(
    webhook_id: int, event_id: int | None, kind: str, body: dict[str, Any]
) -> dict[str, Any]:
    """The columns of a new queued delivery (a fresh delivery id)."""
    now = utcnow()
    return {
        "webhook_id": webhook_id,
        "event_id": event_id,
        "event_kind": kind,
        "delivery_id": str(uuid.uuid4()),
        "body": orjson.dumps(body).decode(),
        "status": "queued",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> Outcome:
    """POST ``body`` to the checked address; never follows a redirect, reads 1 KiB at most."""
    host_header = target.host if ":" not in target.host else f"[{target.host}]"
    default = 443 if target.scheme == "https" else 80
    if target.port != default:
        host_header = f"{host_header}:{target.port}"
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            maxsize=1,
        )
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, maxsize=1)
    began = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": host_header},
            redirect=False,
            retries=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            preload_content=False,
            assert_same_host=False,
        )
        try:
            excerpt = response.read(EXCERPT_BYTES, decode_content=False)
        finally:
            response.release_conn()
        took = int((time.monotonic() - began) * 1000)
        return Outcome(response.status, took, excerpt.decode("utf-8", "replace"), "")
    except urllib3.exceptions.HTTPError as exc:
        took = int((time.monotonic() - began) * 1000)
        return Outcome(None, took, "", type(exc).__name__ + ": " + str(exc)[:300])
    finally:
        pool.close()
