"""Static files served under a Content-Security-Policy: the web app's and the API reference's.

Starlette's ``StaticFiles`` raises for a missing file or a refused method, which outside
connexion's handlers would end as a 500; here it is a problem+json answer, and every answer,
refusals included, carries the security headers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annota_server.problems import Problem, send_problem

Header = tuple[bytes, bytes]


def security_headers(content_security_policy: str) -> list[Header]:
    """The headers of every static answer: the policy, no sniffing, no referrer, no framing."""
    return [
        (b"content-security-policy", content_security_policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]


class GuardedStaticFiles:
    """The files of one directory, answered with ``headers`` and refusals as problems."""

    def __init__(self, directory: Path, headers: list[Header]) -> None:
        self._files: ASGIApp = StaticFiles(directory=directory)
        self._headers = headers

    async def serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path: str,
        *,
        extra_headers: Iterable[Header] = (),
    ) -> None:
        """Answer with the file at ``path`` inside the directory (``scope``'s path is the URL)."""
        headers = [*self._headers, *extra_headers]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        inner: Scope = {**scope, "path": path, "root_path": ""}
        try:
            await self._files(inner, receive, send_with_headers)
        except HTTPException as refused:
            detail = "No such file." if refused.status_code == 404 else str(refused.detail)
            problem = Problem(refused.status_code, detail, headers=dict(refused.headers or {}))
            await send_problem(send_with_headers, problem, scope["path"])
