"""List access: ``len()``, ``lst[i]`` and slices against walking the pages to the same item.

Candidates, on the listing workspace of the small size (every project of it, page_size 100):

- ``len(lst)`` (the server's count: one request) against counting by iterating every page;
- ``lst[-1]`` (the count comes with the last page's request... plus the page) and
  ``lst[n // 2 : n // 2 + 10]`` (one page) against iterating until that item.

Each candidate and its baseline run in interleaved rounds (the order rotates), fresh list
objects each time; the figure is the median time of the candidate over the median time of
the walk, from the same run, and the requests each one sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bench.harness import Context, Section, Target, interleaved, logger, median, num

NEEDS = {"server", "listing"}
PAGE_SIZE = 100
TARGET = 0.1  # lst[-1] costs at most a tenth of walking there, at the small listing size


def _timed(call: Callable[[], Any]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    return run


def run(ctx: Context) -> Section:
    import annota

    log = logger("list_access")
    data = ctx.listing_data()
    size = ctx.scale.listing_sizes[0]
    client = annota.make_client(ctx.server.url, token=ctx.token).with_workspace(
        data.workspaces[size]
    )
    requests = 0

    def count(*_: Any, **__: Any) -> None:
        nonlocal requests
        requests += 1

    client._api = client._api.with_options(on_request=count)  # noqa: SLF001 (counting only)

    def listed() -> Any:
        return client.projects.list(page_size=PAGE_SIZE, sort="id")

    middle = size // 2

    def walk_to(index: int) -> Any:
        for position, item in enumerate(listed()):
            if position == index:
                return item
        return None

    variants: dict[str, Callable[[], Any]] = {
        "len(lst)": lambda: len(listed()),
        "count by iterating": lambda: sum(1 for _ in listed()),
        "lst[-1]": lambda: listed()[-1],
        "walk to the last item": lambda: walk_to(size - 1),
        "lst[n/2 : n/2+10]": lambda: listed()[middle : middle + 10],
        "walk to item n/2+10": lambda: walk_to(middle + 10),
    }
    sent: dict[str, int] = {}
    for name, call in variants.items():  # warm-up, and the requests each one sends
        before = requests
        call()
        sent[name] = requests - before
    rounds = max(3, ctx.scale.listing_rounds)
    log(f"{size:,} projects, page_size={PAGE_SIZE}: {rounds} interleaved rounds")
    timings = interleaved({n: _timed(c) for n, c in variants.items()}, rounds, log=log)
    seconds = {name: median(values) for name, values in timings.items()}
    client.close()

    pairs = [
        ("len(lst)", "count by iterating"),
        ("lst[-1]", "walk to the last item"),
        ("lst[n/2 : n/2+10]", "walk to item n/2+10"),
    ]
    section = Section("List access: len(), indexing and slices")
    section.para(
        f"{size:,} projects in one workspace, page_size {PAGE_SIZE}, {rounds} interleaved "
        "rounds; median milliseconds, and the candidate over its baseline from the same run."
    )
    section.table(
        ["candidate", "ms", "requests", "baseline", "ms", "requests", "x baseline"],
        [
            (
                candidate,
                num(seconds[candidate] * 1000, 1),
                sent[candidate],
                baseline,
                num(seconds[baseline] * 1000, 1),
                sent[baseline],
                f"{seconds[candidate] / seconds[baseline]:.3f}",
            )
            for candidate, baseline in pairs
        ],
    )
    last = seconds["lst[-1]"] / seconds["walk to the last item"]
    section.targets.append(
        Target(
            "lst[-1] against walking there",
            f"{last:.3f}x ({sent['lst[-1]']} requests)",
            f"<= {TARGET}x",
            last <= TARGET,
        )
    )
    return section
