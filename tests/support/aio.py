"""Run a coroutine to its end from a test, whatever the test's thread already runs.

A worker that ran the browser tests first has Playwright's event loop running in its main
thread, and ``asyncio.run`` refuses to start another there: each coroutine gets a thread (and
a new event loop) of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_new_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` on a thread of its own; its result or its exception."""
    with ThreadPoolExecutor(1, thread_name_prefix="test-asyncio") as thread:
        return thread.submit(asyncio.run, coroutine).result()
