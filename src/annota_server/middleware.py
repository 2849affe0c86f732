"""The outermost ASGI layer: request log line, body-size limits and the last-resort 500.

JSON bodies are limited by ``max_body_bytes``; multipart bodies (uploads) by the larger
``max_upload_bytes``. A declared ``Content-Length`` over the limit is refused before anything is
read. A chunked JSON body is buffered (it is small) so that it gets a length; a chunked
multipart body is streamed through a counter that raises :class:`BodyTooLarge` (a 413) as soon
as it passes the limit, so it is never held in memory.
"""

from __future__ import annotations

import logging
import time
from collections.abc import MutableMapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annota_server.problems import PROBLEM_MEDIA_TYPE, Problem, internal_error, too_large

logger = logging.getLogger("annota_server")
MAX_PATH_LENGTH = 1024
CLEANUP_KEY = "annota.cleanup"
"""Scope key of a list of async callables run when the request is over (closes spooled files)."""


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
    """Wraps the connexion app; every HTTP request passes here first and last."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_body_bytes if max_upload_bytes is None else max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        response_started = False

        async def send_and_note(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = int(message["status"])
                response_started = True
            await send(message)

        try:
            if len(scope["path"]) > MAX_PATH_LENGTH:
                # No route is this long; refusing early also keeps absurd ids (thousands of
                # digits) away from integer conversion, which Python caps at 4300 digits.
                await _send_problem(
                    send_and_note,
                    Problem(414, f"The path is longer than {MAX_PATH_LENGTH} characters."),
                    scope["path"][:MAX_PATH_LENGTH],
                )
                return
            limited = await self._limit_body(scope, receive)
            if isinstance(limited, Problem):
                await _send_problem(send_and_note, limited, scope["path"])
            else:
                scope, receive = limited
                cleanup: list[Any] = []
                try:
                    await self.app({**scope, CLEANUP_KEY: cleanup}, receive, send_and_note)
                finally:
                    for close in cleanup:
                        await close()
        except Exception:
            logger.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if not response_started:
                await _send_problem(send_and_note, internal_error(), scope["path"])
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            # Path only: query strings and headers may carry secrets and are never logged.
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                scope["path"][:MAX_PATH_LENGTH],
                status,
                elapsed_ms,
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


async def _send_problem(send: Send, problem: Problem, path: str) -> None:
    body = problem.encode(path)
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
