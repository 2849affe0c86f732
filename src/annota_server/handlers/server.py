"""Operations of the ``server`` tag."""

from __future__ import annotations

import time
from functools import cache
from importlib import metadata

from sqlalchemy import text
from starlette.responses import Response

from annota_server.context import Ctx

SERVER_NAME = "annota-server"


@cache
def server_version() -> str:
    """Return the annota release this server belongs to (``annota.__version__``)."""
    try:
        from annota import __version__
    except ImportError:  # the SDK's own imports are broken; the distribution still knows
        return metadata.version("annota")
    return str(__version__)


def server_about(ctx: Ctx) -> Response:
    """Name, version and API version of the server."""
    return ctx.json(
        {"name": SERVER_NAME, "version": server_version(), "api_version": ctx.runtime.api_version}
    )


def server_health(ctx: Ctx) -> Response:
    """Whether the database answers a trivial query, and how fast."""
    database = ctx.runtime.database
    started = time.perf_counter()
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "unavailable"
        return ctx.json(
            {
                "status": "unavailable",
                "database": {"status": "unavailable", "backend": database.backend},
            },
            status=503,
        )
    latency_ms = round((time.perf_counter() - started) * 1000, 3)
    return ctx.json(
        {
            "status": "ok",
            "database": {"status": "ok", "backend": database.backend, "latency_ms": latency_ms},
        }
    )
