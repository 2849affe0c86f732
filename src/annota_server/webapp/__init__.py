"""The web app: static files served at ``/`` (``/ui/...`` for its scripts and styles).

The pages are a client of the same HTTP API as the SDK; nothing here reads the database. Every
answer carries a strict Content-Security-Policy: scripts and styles only from this server, no
inline script, no framing, and the API as the only place scripts may connect to.
"""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from annota_server.problems import Problem, send_problem

STATIC_DIR = Path(__file__).parent / "static"
PREFIX = "/ui/"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        # Thumbnails and images come from the API; blob: for images fetched with the token.
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def serves(path: str) -> bool:
    """Whether ``path`` belongs to the web app rather than the API."""
    return path == "/" or path.startswith(PREFIX)


class WebApp:
    """Serves the static files with the security headers; ``/`` is ``index.html``."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self._files = StaticFiles(directory=directory)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request for the web app."""
        path = scope["path"]
        inner_path = "/index.html" if path == "/" else path[len(PREFIX) - 1 :]
        inner: Scope = {**scope, "path": inner_path, "root_path": ""}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), *SECURITY_HEADERS]
                if path == "/":
                    # The page names its scripts; revalidate it so an upgrade is seen at once.
                    headers.append((b"cache-control", b"no-cache"))
                message["headers"] = headers
            await send(message)

        app: ASGIApp = self._files
        try:
            await app(inner, receive, send_with_headers)
        except HTTPException as refused:  # StaticFiles raises for a missing file or a bad method
            detail = "No such file." if refused.status_code == 404 else str(refused.detail)
            problem = Problem(refused.status_code, detail, headers=dict(refused.headers or {}))
            await send_problem(send_with_headers, problem, path)
