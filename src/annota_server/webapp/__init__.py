"""The web app: static files served at ``/`` (``/ui/...`` for its scripts and styles).

The pages are a client of the same HTTP API as the SDK; nothing here reads the database. Every
answer carries a strict Content-Security-Policy: scripts and styles only from this server, no
inline script, no framing, and the API as the only place scripts may connect to.

The page names its files under ``/ui/v/<build>/``, where ``<build>`` is a digest of every static
file: the modules import each other by relative paths, so all of them are fetched under that
prefix and may be cached for a year (``immutable``). A new build has a new prefix; the page
itself is always revalidated. Files asked for under another build's prefix (a tab opened before
an upgrade) or without one are served as they are now, revalidated on every use.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.types import Message, Receive, Scope, Send

from annota_server.problems import Problem, send_problem
from annota_server.static_files import GuardedStaticFiles, security_headers

STATIC_DIR = Path(__file__).parent / "static"
PREFIX = "/ui/"
VERSIONED = PREFIX + "v/"
FAVICON = "/favicon.ico"

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
# The page names the build's files: revalidate it so an upgrade is seen at once.
REVALIDATE = [(b"cache-control", b"no-cache")]
IMMUTABLE = [(b"cache-control", b"public, max-age=31536000, immutable")]
A_DAY = [(b"cache-control", b"public, max-age=86400")]


def serves(path: str) -> bool:
    """Whether ``path`` belongs to the web app rather than the API."""
    return path in ("/", FAVICON) or path.startswith(PREFIX)


def build_id(directory: Path) -> str:
    """A digest of every file's path and content: it changes whenever any file does."""
    digest = hashlib.sha256()
    for file in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(file.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


class WebApp:
    """Serves the static files with the security headers; ``/`` is ``index.html``."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self._files = GuardedStaticFiles(directory, SECURITY_HEADERS)
        self.build = build_id(directory)
        page = (directory / "index.html").read_text(encoding="utf-8")
        self._page = page.replace(f'"{PREFIX}', f'"{VERSIONED}{self.build}/').encode()
        self._page_etag = f'"page-{self.build}"'.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one request for the web app."""
        path = scope["path"]
        if path == "/":
            await self._send_page(scope, send)
        elif path == FAVICON:
            await self._files.serve(scope, receive, send, "/favicon.ico", extra_headers=A_DAY)
        elif path.startswith(VERSIONED):
            build, _, rest = path[len(VERSIONED) :].partition("/")
            headers = IMMUTABLE if build == self.build else REVALIDATE
            await self._files.serve(scope, receive, send, "/" + rest, extra_headers=headers)
        else:
            rest = path[len(PREFIX) - 1 :]
            await self._files.serve(scope, receive, send, rest, extra_headers=REVALIDATE)

    async def _send_page(self, scope: Scope, send: Send) -> None:
        """``index.html`` naming this build's files, revalidated by its ETag."""
        headers = [*SECURITY_HEADERS, *REVALIDATE, (b"etag", self._page_etag)]
        if scope["method"] not in ("GET", "HEAD"):
            allow = {"Allow": "GET, HEAD"}
            problem = Problem(405, "The page is only read (GET or HEAD).", headers=allow)
            await send_problem(_adding(send, headers), problem, scope["path"])
            return
        asked = dict(scope["headers"]).get(b"if-none-match", b"")
        if self._page_etag in asked:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(self._page)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else self._page
        await send({"type": "http.response.body", "body": body})


def _adding(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    """``send`` with ``headers`` added to the response's start."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *headers]
        await send(message)

    return sending
