"""Helpers of the SDK integration tests: a request recorder and a stub HTTP server."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from annota_api.client import Client as ApiClient
from annota_api.client import PreparedRequest
from support.quiet_server import QuietHTTPServer

import annota

ABOUT = "/api/server/about"


class RequestLog:
    """The requests one client sent, as ``(method, path, query)``."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    def add(self, method: str, url: str) -> None:
        parts = urlsplit(url)
        with self._lock:
            self.requests.append((method, parts.path, parts.query))

    def count(self, method: str | None = None, path: str | None = None) -> int:
        """How many requests matched ``method`` and ``path`` (either may be left out)."""
        return sum(
            1
            for m, p, _ in self.requests
            if (method is None or m == method) and (path is None or p == path)
        )


def record_requests(client: annota.Client) -> RequestLog:
    """Record every later request of ``client`` (its own hook, the version check, still runs)."""
    log = RequestLog()
    before = client._before_request

    def hook(api: ApiClient, request: PreparedRequest) -> None:
        log.add(request.method, request.url)
        before(api, request)

    client._api = client._api.with_options(on_request=hook)
    return log


# ---------------------------------------------------------------------------------- stub server
@dataclass
class Reply:
    """One answer of the stub: a status, headers and a JSON (or bytes) body; or no answer."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the stub stops)
    cut_after: int | None = None  # announce the whole body, send this many bytes, hang up


def project_json(id: int = 1, **changes: Any) -> dict[str, Any]:
    """A valid Project document as the server sends it."""
    document: dict[str, Any] = {
        "id": id,
        "version": 1,
        "name": f"stub-project-{id}",
        "description": "",
        "type": "detection",
        "status": "active",
        "labels": [
            {"id": 1, "version": 1, "project": id, "name": "cat", "color": "#ff0000", "kind": "any"}
        ],
        "owner": {"id": 1, "username": "admin"},
        "workspace": {"id": 1, "slug": "admin", "name": "admin"},
        "created_at": "2024-01-02T03:04:05+00:00",
        "updated_at": "2024-01-02T03:04:05+00:00",
        "statistics": {
            "tasks": 0,
            "jobs": 0,
            "assets": 0,
            "annotated_assets": 0,
            "annotations": 0,
        },
    }
    document.update(changes)
    return document


def problem(status: int, title: str = "Stub problem") -> dict[str, Any]:
    """A problem+json body."""
    return {"type": "about:blank", "title": title, "status": status, "detail": f"{title}."}


class StubServer:
    """A tiny HTTP server on 127.0.0.1 that answers each route with the replies it was given.

    ``on(method, path, *replies)`` sets a route: each request takes the next reply, and the last
    one repeats. ``/api/server/about`` answers ``about`` unless a route is set for it. Unknown
    routes answer 404. ``requests`` lists every ``(method, path)`` received.
    """

    def __init__(self) -> None:
        self.about: dict[str, Any] = {
            "name": "stub",
            "version": "0.0.0",
            "api_version": annota.API_VERSION,
        }
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[tuple[str, str]] = []
        self.request_headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._httpd = QuietHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def on(self, method: str, path: str, *replies: Reply) -> None:
        self.routes[(method, path)] = list(replies)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for m, p in self.requests
                if (method is None or m == method) and (path is None or p == path)
            )

    def _reply_for(self, method: str, path: str) -> Reply:
        with self._lock:
            self.requests.append((method, path))
            replies = self.routes.get((method, path))
            if replies:
                return replies.pop(0) if len(replies) > 1 else replies[0]
        if (method, path) == ("GET", ABOUT):
            return Reply(200, self.about)
        return Reply(404, problem(404, "Not Found"))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with stub._lock:
                    stub.request_headers.append(dict(self.headers.items()))
                reply = stub._reply_for(self.command, urlsplit(self.path).path)
                if reply.hang:
                    stub._release.wait(30)
                    self.close_connection = True
                    return
                if isinstance(reply.body, bytes):
                    data, content_type = reply.body, "application/octet-stream"
                elif reply.body is None:
                    data, content_type = b"", "application/json"
                else:
                    data = json.dumps(reply.body).encode()
                    content_type = (
                        "application/problem+json" if reply.status >= 400 else "application/json"
                    )
                self.send_response(reply.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.cut_after is not None:
                    self.wfile.write(data[: reply.cut_after])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
