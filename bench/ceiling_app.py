"""The ceilings annota-server is measured against: plain starlette endpoints on uvicorn.

``GET /bare`` answers a small JSON object; ``GET /page`` JSON-encodes, on every request, the same
page of projects that annota-server answered (read once from ``ANNOTA_BENCH_PAGE``, a file). Both
run on uvicorn with the same defaults as ``annota-server run`` (one process unless ``--workers``),
so the difference to annota-server is the cost of annota-server's own work.

    python -m bench.ceiling_app PORT PAGE_FILE [WORKERS]
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def _page() -> Any:
    path = os.environ.get("ANNOTA_BENCH_PAGE")
    if not path:
        return {"count": 0, "next": None, "previous": None, "results": []}
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


PAGE = _page()


async def bare(_request: Request) -> JSONResponse:
    return JSONResponse({"id": 1, "name": "bare", "ok": True})


async def page(_request: Request) -> JSONResponse:
    return JSONResponse(PAGE)


app = Starlette(routes=[Route("/bare", bare), Route("/page", page)])


if __name__ == "__main__":
    import uvicorn

    port, page_file = int(sys.argv[1]), sys.argv[2]
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.environ["ANNOTA_BENCH_PAGE"] = page_file
    uvicorn.run(
        "bench.ceiling_app:app",
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
