"""The outermost ASGI layer: request id, log line and metrics, body-size limits, the last 500.

JSON bodies are limited by ``max_body_bytes``; multipart bodies (uploads) by the larger
``max_upload_bytes``. A declared ``Content-Length`` over the limit is refused before anything is
read. A chunked JSON body is buffered (it is small) so that it gets a length; a chunked
multipart body is streamed through a counter that raises :class:`BodyTooLarge` (a 413) as soon
as it passes the limit, so it is never held in memory.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annota_server import webapp
from annota_server.connections import ConnectionLimits, paced
from annota_server.logs import REQUEST_ID, cheap_records
from annota_server.problems import Problem, internal_error, send_problem, too_large

if TYPE_CHECKING:
    from annota_server.metrics import Metrics

logger = logging.getLogger("annota_server")
MAX_PATH_LENGTH = 1024
CLEANUP_KEY = "annota.cleanup"
"""Scope key of a list of async callables run when the request is over (closes spooled files)."""
METRICS_PATH = "/metrics"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
"""The media type of Prometheus's text format (kept here: metrics.py is imported only when on)."""
UNROUTED = "unrouted"
"""The operation label of a request outside the contract (an unknown path, a too-long one)."""
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")


class BodyTooLarge(HTTPException):
    """A streamed request body passed its limit; connexion's error handler answers 413."""

    def __init__(self, limit: int) -> None:
        problem = too_large(limit)
        super().__init__(problem.status, problem.detail)
        self.errors = problem.errors


def _is_multipart(headers: dict[bytes, bytes]) -> bool:
    media_type = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    return media_type == b"multipart/form-data"


class FrontDoor:
    """Wraps the connexion app; every HTTP request passes here first and last.

    Each request gets an id: a sane incoming ``X-Request-Id`` (1-128 letters, digits and
    ``._:-``, as proxies and tracing systems send them) or a new random one. The answer returns
    it in ``X-Request-Id``, problem+json carries it as ``request_id`` and the request's log line
    names it. With ``metrics`` it is counted per operationId and ``GET /metrics`` is answered
    here, before routing.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_upload_bytes: int | None = None,
        metrics: Metrics | None = None,
        scrape: Callable[[], bytes] | None = None,
        limits: ConnectionLimits | None = None,
        web: ASGIApp | None = None,
    ) -> None:
        self.app = app
        self.web = web
        self.limits = limits
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_body_bytes if max_upload_bytes is None else max_upload_bytes
        self.metrics = metrics
        self.scrape = scrape if metrics is not None else None
        cheap_records()  # the request line is logged on every request: keep records light

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        request_id_header = (b"x-request-id", request_id.encode())
        context_token = REQUEST_ID.set(request_id)
        status = 0
        response_started = False
        # connexion's router records the operationId here (its scope copies share this dict).
        extensions: dict[str, Any] = dict(scope.get("extensions") or {})

        async def send_and_note(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
                message["headers"] = [*message.get("headers", ()), request_id_header]
            await send(message)

        try:
            if len(scope["path"]) > MAX_PATH_LENGTH:
                # No route is this long; refusing early also keeps absurd ids (thousands of
                # digits) away from integer conversion, which Python caps at 4300 digits.
                await send_problem(
                    send_and_note,
                    Problem(414, f"The path is longer than {MAX_PATH_LENGTH} characters."),
                    scope["path"][:MAX_PATH_LENGTH],
                )
                return
            if self.scrape is not None and scope["path"] == METRICS_PATH:
                await self._send_metrics(scope, send_and_note)
                return
            if self.web is not None and webapp.serves(scope["path"]):
                await self.web(scope, receive, send_and_note)
                return
            limited = await self._limit_body(scope, receive)
            if isinstance(limited, Problem):
                await send_problem(send_and_note, limited, scope["path"])
            else:
                scope, receive = limited
                if self.limits is not None and _has_body(scope):
                    receive = paced(receive, self.limits)
                cleanup: list[Any] = []
                inner = {**scope, CLEANUP_KEY: cleanup, "extensions": extensions}
                try:
                    await self.app(inner, receive, send_and_note)
                finally:
                    for close in cleanup:
                        await close()
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if not response_started:
                await send_problem(send_and_note, internal_error(), scope["path"])
        finally:
            elapsed = time.perf_counter() - started
            routing = extensions.get("connexion_routing")
            operation = (routing and routing.get("operation_id")) or UNROUTED
            if self.metrics is not None and scope["path"] != METRICS_PATH:
                self.metrics.observe_request(operation, scope["method"], status, elapsed)
            if logger.isEnabledFor(logging.INFO):
                # Path only: query strings and headers may carry secrets and are never logged.
                path = scope["path"][:MAX_PATH_LENGTH]
                logger.info(
                    "%s %s %d %.1fms %s",
                    scope["method"],
                    path,
                    status,
                    elapsed * 1000,
                    request_id,
                    extra={
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": path,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "operation": operation,
                    },
                )
            REQUEST_ID.reset(context_token)

    async def _send_metrics(self, scope: Scope, send: Send) -> None:
        assert self.scrape is not None
        if scope["method"] not in ("GET", "HEAD"):
            problem = Problem(405, "/metrics answers GET only.", headers={"Allow": "GET, HEAD"})
            await send_problem(send, problem, METRICS_PATH)
            return
        # The scrape counts the queue in the database: keep it off the event loop.
        body = await asyncio.to_thread(self.scrape)
        headers = [
            (b"content-type", CONTENT_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    async def _limit_body(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive] | Problem:
        """Refuse bodies over the limit (413); buffer chunked JSON bodies so they get a length."""
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        multipart = _is_multipart(headers)
        limit = self.max_upload_bytes if multipart else self.max_body_bytes
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return Problem(400, "Content-Length is not a number.")
            return too_large(limit) if declared > limit else (scope, receive)
        if b"chunked" not in headers.get(b"transfer-encoding", b"").lower():
            return scope, receive
        if multipart:
            return scope, _counting(receive, limit)
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return too_large(limit)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> MutableMapping[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        # Downstream validation trusts Content-Length, so give the buffered body one.
        new_headers = [
            (k, v)
            for k, v in scope["headers"]
            if k not in (b"content-length", b"transfer-encoding")
        ]
        new_headers.append((b"content-length", str(len(body)).encode()))
        return {**scope, "headers": new_headers}, replay


def _has_body(scope: Scope) -> bool:
    """Whether the request declares a body (a length above 0, or chunks)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
        if name == b"transfer-encoding":
            return True
    return False


def _request_id(scope: Scope) -> str:
    """The incoming ``X-Request-Id`` when it is sane, else a new random one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            if _SANE_REQUEST_ID.fullmatch(value):
                return str(value.decode("ascii"))
            break
    return os.urandom(16).hex()


def _counting(receive: Receive, limit: int) -> Receive:
    """Pass the body through, raising :class:`BodyTooLarge` once more than ``limit`` arrived."""
    size = 0

    async def counted() -> MutableMapping[str, Any]:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge(limit)
        return message

    return counted
