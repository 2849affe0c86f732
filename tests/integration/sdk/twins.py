"""Run one scenario through both clients: ``annota.Client`` and ``annota.AsyncClient``.

A scenario is an ``async def scenario(client, t)``: it wraps every call that may send a request in
``await t(...)`` (the blocking client's result is passed through, the asyncio client's awaited),
and reads a paged list with ``await t.all(...)``, ``t.count(...)``, ``t.first(...)``. The same
lines then test the same behaviour of both clients.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from support.aio import run_in_new_loop

import annota

KINDS = ["sync", "async"]


class Twin:
    """Awaits what the asyncio client returns; passes the blocking client's results through."""

    def __init__(self, is_async: bool) -> None:
        self.is_async = is_async

    async def __call__(self, value: Any) -> Any:
        return await value if inspect.isawaitable(value) else value

    async def all(self, paged: Any) -> list[Any]:
        if self.is_async:
            return [item async for item in paged]
        return list(paged)

    async def count(self, paged: Any) -> int:
        return int(await paged.count()) if self.is_async else int(paged.count)

    async def first(self, paged: Any) -> Any:
        return await self(paged.first())


def run_twin(
    kind: str,
    url: str,
    scenario: Callable[[Any, Twin], Awaitable[Any]],
    *,
    token: str | None = None,
    config: annota.Config | None = None,
) -> Any:
    """Run ``scenario`` with a new client of ``kind`` (closed afterwards) in a new event loop."""

    async def main() -> Any:
        if kind == "sync":
            with annota.Client(url, token=token, config=config) as client:
                return await scenario(client, Twin(False))
        async with annota.AsyncClient(url, token=token, config=config) as aclient:
            return await scenario(aclient, Twin(True))

    return run_in_new_loop(main())
