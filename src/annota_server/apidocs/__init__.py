"""The interactive HTTP API reference: Swagger UI at ``/api/docs``, the spec beside it.

The spec is served at ``/api/openapi.yaml``. Swagger UI's files come from the
``swagger-ui-bundle`` package, so nothing is fetched from a CDN. The page is ours
(``index.html``, ``init.js`` beside this module) rather than the
bundle's template, whose configuration is an inline script: this way the page runs under a
Content-Security-Policy without inline script. "Try it out" calls the API of this server.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from annota_server.static_files import GuardedStaticFiles, security_headers

DOCS_PATH = "/api/docs"
SPEC_PATH = "/api/openapi.yaml"
PAGE_DIR = Path(__file__).parent

# Swagger UI sets inline style attributes and shows data: images (icons): nothing more is
# allowed than that; its requests go to this server only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = security_headers(CONTENT_SECURITY_POLICY)


def swagger_ui_dir() -> Path | None:
    """Where the swagger-ui-bundle package keeps Swagger UI's files; None when it is missing."""
    try:
        import swagger_ui_bundle  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)


class ApiDocs:
    """Answers ``/api/docs`` and ``/api/openapi.yaml``; every other request goes to ``app``.

    Without swagger-ui-bundle ``/api/docs`` is left to ``app`` (a 404); the spec is always
    served.
    """

    def __init__(self, app: ASGIApp, spec_path: Path) -> None:
        self.app = app
        self.spec_path = spec_path
        bundle = swagger_ui_dir()
        self._assets = GuardedStaticFiles(bundle, SECURITY_HEADERS) if bundle is not None else None
        self._ours = GuardedStaticFiles(PAGE_DIR, SECURITY_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Route one request."""
        path: str = scope["path"] if scope["type"] == "http" else ""
        if path == SPEC_PATH:
            response: ASGIApp = FileResponse(self.spec_path, media_type="application/yaml")
            await response(scope, receive, send)
        elif self._assets is not None and (path == DOCS_PATH or path.startswith(DOCS_PATH + "/")):
            await self._serve_page(scope, receive, send, path[len(DOCS_PATH) :])
        else:
            await self.app(scope, receive, send)

    async def _serve_page(self, scope: Scope, receive: Receive, send: Send, rest: str) -> None:
        if scope["method"] not in {"GET", "HEAD"}:
            await Response(status_code=405, headers={"Allow": "GET, HEAD"})(scope, receive, send)
            return
        if rest in {"", "/"}:
            rest = "/index.html"
        files = self._ours if rest in {"/index.html", "/init.js"} else self._assets
        assert files is not None
        await files.serve(scope, receive, send, rest)
