"""Run uvicorn and say "listening" only once the server answers.

``uvicorn.run`` would do, but a line logged before it, naming the URL, comes seconds before the
app is built and the socket bound (and names port 0 as given). Here the line comes after:

- one process: right after uvicorn has run the app's start-up and bound the socket, with the
  port it got;
- several processes: the parent binds the socket for its children (as ``uvicorn.run`` does)
  and logs once the first of them answers a health check on it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

logger = logging.getLogger("annota_server")

# uvicorn's exit status when the server could not start.
STARTUP_FAILURE = 3
# Seconds the processes of a multi-process server may take to start (migrations included).
ANNOUNCE_WITHIN = 600.0


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _announce(host: str, port: int, processes: int) -> None:
    logger.info(
        "annota-server listening on %s (%d process%s)",
        _url(host, port),
        processes,
        "" if processes == 1 else "es",
    )


class _AnnouncingServer(uvicorn.Server):
    """A uvicorn server that logs "listening" once its socket is bound and the app started."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.servers and self.servers[0].sockets:
            port = int(self.servers[0].sockets[0].getsockname()[1])
            _announce(self.config.host, port, 1)


def _probe_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    return {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)


def _announce_when_answering(host: str, port: int, processes: int) -> None:
    # The parent only binds the socket; the first child to start listens on it (until then a
    # connection is refused), so ask until one answers.
    url = _url(_probe_host(host), port) + "/api/server/health"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    give_up = time.monotonic() + ANNOUNCE_WITHIN
    while time.monotonic() < give_up:
        try:
            with opener.open(url, timeout=30):
                pass
        except urllib.error.HTTPError:
            pass  # an answer all the same (say, 503 while the database is away)
        except OSError:
            time.sleep(0.1)
            continue
        _announce(host, port, processes)
        return
    logger.warning("annota-server did not answer on %s", _url(host, port))


def serve(app: Any, *, workers: int = 1, **options: Any) -> None:
    """Serve ``app`` (an ASGI app, or an import string with ``factory=True``) with uvicorn.

    ``options`` are those of ``uvicorn.Config``. Exits with uvicorn's start-up failure status
    when the server could not start.
    """
    config = uvicorn.Config(app, workers=workers, **options)
    if workers > 1:
        sock = config.bind_socket()
        port = int(sock.getsockname()[1])
        threading.Thread(
            target=_announce_when_answering,
            args=(config.host, port, workers),
            name="annota-announce",
            daemon=True,
        ).start()
        with contextlib.suppress(KeyboardInterrupt):
            Multiprocess(config, sockets=[sock]).run()
        return
    server = _AnnouncingServer(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)
