"""Connection hygiene for uvicorn: header deadline, connection cap, and a body-rate guard.

uvicorn closes idle keep-alive connections (``timeout_keep_alive``) but has no deadline for a
request's headers, so a socket that connects and then sends nothing, or sends its headers a
byte at a time, is held for ever; and its ``limit_concurrency`` answers a plain-text 503 only
once the headers have arrived. :class:`GuardedProtocol` (uvicorn's httptools protocol with
two additions) gives every request ``header_timeout`` seconds from its first byte (or from the
connection's start) to complete its headers, and refuses connections beyond
``max_connections`` at once with a problem+json 503 and ``Retry-After``. Bodies are paced in
the front door (:func:`paced`), where the time spent waiting for the client can be told from
the time the application spends working.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import Receive

from annota_server.problems import Problem
from annota_server.settings import Settings
from annota_server.upstream import HttpToolsProtocol


@dataclass(frozen=True)
class ConnectionLimits:
    """The settings ``header_timeout_seconds``, ``max_connections`` and the body pace."""

    header_timeout: float = 10.0
    max_connections: int = 1000
    body_timeout: float = 10.0
    body_min_rate: int = 1024

    @classmethod
    def of(cls, settings: Settings) -> ConnectionLimits:
        """The limits that ``settings`` ask for."""
        return cls(
            settings.header_timeout_seconds,
            settings.max_connections,
            settings.body_timeout_seconds,
            settings.body_min_rate,
        )


RETRY_AFTER_SECONDS = 2


def _raw_problem(problem: Problem) -> bytes:
    """A whole HTTP/1.1 answer that closes the connection, written before any ASGI cycle."""
    body = problem.encode("/")
    head = [
        f"HTTP/1.1 {problem.status} {HTTPStatus(problem.status).phrase}",
        "content-type: application/problem+json",
        f"content-length: {len(body)}",
        "connection: close",
        *(f"{name.lower()}: {value}" for name, value in problem.headers.items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a header deadline and a connection cap.

    The limits are a class attribute: uvicorn builds one protocol per connection, and with
    ``--workers`` each process imports this module afresh, reading ``ANNOTA_*`` (the only
    source of these settings) at import.
    """

    limits = ConnectionLimits.of(Settings.from_env())
    _header_timer: asyncio.TimerHandle | None = None

    @classmethod
    def configure(cls, limits: ConnectionLimits) -> None:
        """Use ``limits`` for the connections this process accepts from now on."""
        cls.limits = limits

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Accept the connection, or refuse it with a 503 when the process holds too many."""
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            problem = Problem(
                503,
                f"The server holds {self.limits.max_connections} connections, its limit; "
                "try again shortly.",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
            transport.write(_raw_problem(problem))
            transport.close()
            return
        self._arm_header_timer()

    def on_message_begin(self) -> None:
        """A request's first byte: its headers are due within the deadline."""
        super().on_message_begin()
        self._arm_header_timer()

    def on_headers_complete(self) -> None:
        """The headers are in: the deadline no longer applies (bodies are paced elsewhere)."""
        self._disarm_header_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the timer with the connection."""
        self._disarm_header_timer()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(
            self.limits.header_timeout, self._headers_too_slow
        )

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing():
            return
        # Between requests on a keep-alive connection, uvicorn's own idle timeout applies.
        if self.cycle is not None and not self.cycle.response_complete:
            return
        problem = Problem(
            408, f"The request headers did not arrive within {self.limits.header_timeout} s."
        )
        self.transport.write(_raw_problem(problem))
        self.transport.close()


class BodyTooSlow(HTTPException):
    """The client sends its body too slowly; connexion's error handler answers 408."""

    def __init__(self, detail: str) -> None:
        super().__init__(408, detail, headers={"Connection": "close"})


def paced(receive: Receive, limits: ConnectionLimits) -> Receive:
    """Pass the body through, raising :class:`BodyTooSlow` when the client stalls or crawls.

    Only the time spent waiting for the client counts: each wait may last ``body_timeout``
    seconds, and once the waits add up to that much, the body must have come at
    ``body_min_rate`` bytes per second on average.
    """
    received = 0
    waited = 0.0
    done = False

    async def receive_paced() -> MutableMapping[str, Any]:
        nonlocal received, waited, done
        if done:  # after the body, receive waits for a disconnect, which may take any time
            return await receive()
        started = time.monotonic()
        try:
            # A timer, not wait_for: no task per chunk (this runs for every body request).
            async with asyncio.timeout(limits.body_timeout):
                message = await receive()
        except TimeoutError:
            raise BodyTooSlow(
                f"No part of the request body arrived for {limits.body_timeout} s."
            ) from None
        waited += time.monotonic() - started
        if message["type"] != "http.request" or not message.get("more_body", False):
            done = True
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            crawling = waited >= limits.body_timeout and received < limits.body_min_rate * waited
            if message.get("more_body", False) and crawling:
                raise BodyTooSlow(
                    f"The request body arrives at {received / waited:.0f} bytes/s, below the "
                    f"minimum of {limits.body_min_rate}."
                )
        return message

    return receive_paced
