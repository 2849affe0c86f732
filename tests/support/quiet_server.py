"""A threaded stdlib HTTP server for stub servers in tests."""

from __future__ import annotations

import sys
from http.server import ThreadingHTTPServer
from typing import Any


class QuietHTTPServer(ThreadingHTTPServer):
    """Like ThreadingHTTPServer, but a client that hangs up on purpose prints no traceback.

    Timeout tests close the connection while the stub still writes; any other error in
    a handler is still reported.
    """

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)
