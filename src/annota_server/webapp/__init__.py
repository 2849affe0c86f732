"""The web app: static files served at ``/`` (``/ui/...`` for its scripts and styles).

The pages are a client of the same HTTP API as the SDK; nothing here reads the database. Every
answer carries a strict Content-Security-Policy: scripts and styles only from this server, no
inline script, no framing, and the API as the only place scripts may connect to.
"""

from __future__ import annotations

from pathlib import Path

from starlette.types import Receive, Scope, Send

from annota_server.static_files import GuardedStaticFiles, security_headers

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
SECURITY_HEADERS = security_headers(CONTENT_SECURITY_POLICY)
# The page names its scripts; revalidate it so an upgrade is seen at once.
PAGE_HEADERS = [(b"cache-control", b"no-cache")]


def serves(path: str) -> bool:
    """Whether ``path`` belongs to the web app rather than the API."""
    return path == "/" or path.startswith(PREFIX)


class WebApp:
    """Serves the static files with the security headers; ``/`` is ``index.html``."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self._files = GuardedStaticFiles(directory, SECURITY_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request for the web app."""
        path = scope["path"]
        if path == "/":
            await self._files.serve(scope, receive, send, "/index.html", extra_headers=PAGE_HEADERS)
        else:
            await self._files.serve(scope, receive, send, path[len(PREFIX) - 1 :])
