"""One definition of what a call does, run by the blocking client or the asyncio one.

A method that talks to the server is written once, as a generator of *steps*: it yields a
:class:`Call` of a generated operation (``yield call(projects_retrieve.sync_detailed, 3)``) and
gets the operation's result back, so everything around the request (checks, request models,
wrapping the answer in an entity, If-Match) is plain code between the yields. The blocking
client runs the steps with :func:`run_sync` (``sync_detailed`` on a ``Client``); the asyncio
client runs the very same generator with :func:`run_async`, which awaits the operation's
asyncio twin (``asyncio_detailed`` on an ``AsyncClient``), generated from the same template.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, TypeVar

if TYPE_CHECKING:
    from annota_api.client import AsyncClient as ApiAsyncClient
    from annota_api.client import Client as ApiClient

__all__ = ["ASYNC_NAMES", "Call", "Steps", "call", "run_async", "run_sync"]

T = TypeVar("T")


class Call(NamedTuple):
    """One operation to run: a blocking function of a generated module and its arguments."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


#: A method body: yields calls, receives each call's result, returns the method's result.
Steps: TypeAlias = Generator[Call, Any, T]

#: The asyncio twin of each blocking function of a generated operation module.
ASYNC_NAMES = {"sync": "asyncio", "sync_detailed": "asyncio_detailed", "stream": "stream_async"}


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
    """The step that runs ``function(*args, client=<the client's api>, **kwargs)``."""
    return Call(function, args, kwargs)


def run_sync(api: ApiClient, steps: Steps[T]) -> T:
    """Run the steps with the blocking client, one call after the other."""
    try:
        step = next(steps)
        while True:
            try:
                result = step.function(*step.args, client=api, **step.kwargs)
            except BaseException as exc:  # the method may handle it (or clean up)
                step = steps.throw(exc)
            else:
                step = steps.send(result)
    except StopIteration as stop:
        value: T = stop.value
        return value


def _twin(function: Callable[..., Any]) -> Callable[..., Any]:
    twin: Callable[..., Any] = getattr(
        sys.modules[function.__module__], ASYNC_NAMES[function.__name__]
    )
    return twin


async def run_async(api: ApiAsyncClient, steps: Steps[T]) -> T:
    """Run the same steps with the asyncio client: each call is its operation's asyncio twin."""
    try:
        step = next(steps)
        while True:
            try:
                result = await _twin(step.function)(*step.args, client=api, **step.kwargs)
            except BaseException as exc:
                step = steps.throw(exc)
            else:
                step = steps.send(result)
    except StopIteration as stop:
        value: T = stop.value
        return value
