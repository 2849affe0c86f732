"""A webhook receiver on a loopback port, for tests: it records every POST it is sent.

Its behaviour is chosen by the path a webhook posts to:

- ``/ok/<name>``: answers 200 at once;
- ``/flaky/<name>``: answers 500 to the first two POSTs of each delivery id, then 200;
- ``/hold/<name>``: holds the first POST of each delivery id until :attr:`Receiver.release`
  is set (then answers 200, to whoever still listens); later POSTs answer 200 at once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    """One POST as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> Any:
        """The JSON body."""
        return json.loads(self.body)

    @property
    def delivery_id(self) -> str:
        """The ``X-Annota-Delivery`` header."""
        return self.headers["X-Annota-Delivery"]

    def signed_with(self, secret: str) -> bool:
        """Whether ``X-Annota-Signature`` is the HMAC-SHA256 of ``t.body`` with ``secret``."""
        fields = dict(part.split("=", 1) for part in self.headers["X-Annota-Signature"].split(","))
        signed = fields["t"].encode() + b"." + self.body
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, fields["v1"])


class Receiver:
    """A threaded HTTP server on 127.0.0.1 that records what it is posted."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._tries: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """The URL of ``path`` on this receiver."""
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> Receiver:
        """Start serving."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and let any held request go."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def at(self, prefix: str) -> list[Received]:
        """What was posted to paths starting with ``prefix``, in arrival order."""
        with self._lock:
            return [item for item in self.received if item.path.startswith(prefix)]

    def wait_for(
        self, prefix: str, done: Callable[[list[Received]], bool], timeout: float = 30.0
    ) -> list[Received]:
        """Poll until ``done(self.at(prefix))``; return that list (fail after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            seen = self.at(prefix)
            if done(seen):
                return seen
            time.sleep(0.05)
        raise AssertionError(f"the receiver did not get what was awaited at {prefix}: {seen}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                item = Received(self.path, dict(self.headers.items()), body)
                with receiver._lock:
                    receiver.received.append(item)
                    tries = receiver._tries.get(item.delivery_id, 0) + 1
                    receiver._tries[item.delivery_id] = tries
                status = 200
                if self.path.startswith("/flaky/") and tries <= 2:
                    status = 500
                if self.path.startswith("/hold/") and tries == 1:
                    receiver.release.wait(60)
                payload = b'{"taken": true}' if status == 200 else b"try again"
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the sender died while this was held
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
