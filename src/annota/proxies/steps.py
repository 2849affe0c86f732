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

import asyncio
import itertools
import sys
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeAlias, TypeVar

if TYPE_CHECKING:
    from annota_api.client import AsyncClient as ApiAsyncClient
    from annota_api.client import Client as ApiClient

__all__ = [
    "ASYNC_NAMES",
    "NOT_STARTED",
    "Call",
    "Parallel",
    "Steps",
    "call",
    "parallel",
    "run_async",
    "run_sync",
]

T = TypeVar("T")


class Call(NamedTuple):
    """One operation to run: a blocking function of a generated module and its arguments."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


class Parallel(NamedTuple):
    """Several step sequences run with at most ``workers`` of them in flight at once."""

    jobs: Sequence[Generator[Any, Any, Any]]
    workers: int


#: A method body: yields calls, receives each call's result, returns the method's result.
Steps: TypeAlias = Generator[Call | Parallel, Any, T]


class _NotStarted:
    def __repr__(self) -> str:
        return "NOT_STARTED"


NOT_STARTED: Final = _NotStarted()
"""The outcome of a job of :func:`parallel` that never started because another one failed."""

#: The asyncio twin of each blocking function of a generated operation module.
ASYNC_NAMES = {"sync": "asyncio", "sync_detailed": "asyncio_detailed", "stream": "stream_async"}


def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Call:
    """The step that runs ``function(*args, client=<the client's api>, **kwargs)``."""
    return Call(function, args, kwargs)


def parallel(jobs: Sequence[Steps[Any]], workers: int) -> Parallel:
    """The step that runs ``jobs`` with ``workers`` in flight (threads, or asyncio tasks).

    Its result is one outcome per job, in order: the job's result, the exception it raised,
    or :data:`NOT_STARTED`. After the first failure no job starts; those in flight finish.
    """
    return Parallel(jobs, workers)


def _parallel_sync(api: ApiClient, step: Parallel) -> list[Any]:
    outcomes: list[Any] = [NOT_STARTED] * len(step.jobs)
    if step.workers == 1:  # in this thread, one after the other
        for number, job in enumerate(step.jobs):
            try:
                outcomes[number] = run_sync(api, job)
            except Exception as error:
                outcomes[number] = error
                break
        return outcomes
    failed = False
    pending: dict[Future[Any], int] = {}
    waiting = iter(enumerate(step.jobs))
    with ThreadPoolExecutor(step.workers, thread_name_prefix="annota-steps") as threads:
        for number, job in itertools.islice(waiting, step.workers):
            pending[threads.submit(run_sync, api, job)] = number
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                number = pending.pop(future)
                raised = future.exception()
                outcomes[number] = future.result() if raised is None else raised
                failed = failed or raised is not None
            if not failed:
                for number, job in itertools.islice(waiting, len(done)):
                    pending[threads.submit(run_sync, api, job)] = number
    return outcomes


async def _parallel_async(api: ApiAsyncClient, step: Parallel) -> list[Any]:
    outcomes: list[Any] = [NOT_STARTED] * len(step.jobs)
    slots = asyncio.Semaphore(step.workers)  # FIFO: jobs start in their order
    failed = False

    async def one(number: int, job: Steps[Any]) -> None:
        nonlocal failed
        async with slots:
            if failed:
                job.close()
                return
            try:
                outcomes[number] = await run_async(api, job)
            except Exception as error:
                outcomes[number] = error
                failed = True

    await asyncio.gather(*(one(number, job) for number, job in enumerate(step.jobs)))
    return outcomes


def run_sync(api: ApiClient, steps: Steps[T]) -> T:
    """Run the steps with the blocking client, one call after the other."""
    try:
        step = next(steps)
        while True:
            try:
                if isinstance(step, Parallel):
                    result: Any = _parallel_sync(api, step)
                else:
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
                if isinstance(step, Parallel):
                    result: Any = await _parallel_async(api, step)
                else:
                    result = await _twin(step.function)(*step.args, client=api, **step.kwargs)
            except BaseException as exc:
                step = steps.throw(exc)
            else:
                step = steps.send(result)
    except StopIteration as stop:
        value: T = stop.value
        return value
