"""The asyncio twins are rendered from the one definition and stay in step with it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import types

import annota_api.api
from support.aio import run_in_new_loop
from support.source import GEN

from annota.paging import AsyncPagedList, Page
from annota.proxies.steps import (
    ASYNC_NAMES,
    NOT_STARTED,
    Steps,
    call,
    parallel,
    run_async,
    run_sync,
)

ROOT = GEN.parent


def test_the_rendered_twins_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_async.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_operation_has_its_asyncio_twin() -> None:
    modules = [
        info.name
        for package in pkgutil.iter_modules(annota_api.api.__path__, "annota_api.api.")
        for info in pkgutil.iter_modules(
            importlib.import_module(package.name).__path__, package.name + "."
        )
    ]
    assert len(modules) > 50
    for name in modules:
        module = importlib.import_module(name)
        for blocking, twin in ASYNC_NAMES.items():
            if hasattr(module, blocking):
                assert inspect.iscoroutinefunction(getattr(module, twin)), f"{name}.{twin}"
                blocking_args = list(inspect.signature(getattr(module, blocking)).parameters)
                assert list(inspect.signature(getattr(module, twin)).parameters) == blocking_args


def test_steps_see_the_errors_of_their_calls() -> None:
    def fails(*, client: object) -> None:
        raise KeyError("boom")

    def steps() -> Steps[str]:
        try:
            yield call(fails)
        except KeyError:
            return "handled"
        return "not reached"

    assert run_sync(object(), steps()) == "handled"  # type: ignore[arg-type]


def _fake_operation() -> types.ModuleType:
    """A module with a blocking ``sync`` and its ``asyncio`` twin: 0 fails, others echo."""
    module = types.ModuleType("fake_operation")

    def sync(number: int, *, client: object) -> int:
        if number == 0:
            raise ValueError("zero")
        return number

    async def asyncio_(number: int, *, client: object) -> int:
        return sync(number, client=client)

    sync.__module__ = module.__name__
    module.sync = sync  # type: ignore[attr-defined]
    module.asyncio = asyncio_  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module


def test_parallel_steps_give_one_outcome_per_job_and_start_none_after_a_failure() -> None:
    operation = _fake_operation()

    def job(number: int) -> Steps[int]:
        return (yield call(operation.sync, number)) * 10  # type: ignore[no-any-return]

    def steps(numbers: list[int], workers: int) -> Steps[list[object]]:
        outcomes: list[object] = yield parallel([job(n) for n in numbers], workers)
        return outcomes

    for workers in (1, 3):
        assert run_sync(object(), steps([1, 2, 3, 4], workers)) == [10, 20, 30, 40]  # type: ignore[arg-type]
        assert run_in_new_loop(run_async(object(), steps([1, 2, 3, 4], workers))) == [
            10,
            20,
            30,
            40,
        ]  # type: ignore[arg-type]
    # One worker: the failure stops the rest, in order.
    for outcomes in (
        run_sync(object(), steps([1, 0, 3], 1)),  # type: ignore[arg-type]
        run_in_new_loop(run_async(object(), steps([1, 0, 3], 1))),  # type: ignore[arg-type]
    ):
        assert outcomes[0] == 10
        assert isinstance(outcomes[1], ValueError)
        assert outcomes[2] is NOT_STARTED


def test_async_paged_list_walks_pages_by_cursor() -> None:
    asked: list[tuple[int, int, str | None]] = []

    async def fetch(page: int, size: int, cursor: str | None) -> Page[int]:
        asked.append((page, size, cursor))
        items = list(range((page - 1) * size, min(page * size, 5)))
        return Page(items, 5, page * size < 5, f"c{page}")

    async def walk() -> tuple[list[int], int, int | None, int]:
        paged = AsyncPagedList(fetch, 2)
        return (
            [i async for i in paged],
            await paged.count(),
            await paged.first(),
            await paged.get(-1),
        )

    items, count, first, last = run_in_new_loop(walk())
    assert items == [0, 1, 2, 3, 4]
    assert (count, first, last) == (5, 0, 4)
    assert asked[:3] == [(1, 2, None), (2, 2, "c1"), (3, 2, "c2")]
