"""Run the benchmarks and write bench/RESULTS.md.

    python -m bench                      # everything, at full scale -> bench/RESULTS.md
    python -m bench per_call imports     # a subset -> bench/.work/RESULTS-per_call-imports.md
    python -m bench --quick listing      # small scale, for debugging the harness

Only a full run of every benchmark writes bench/RESULTS.md (unless --output says otherwise).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import signal
import sys
import time
import traceback
from pathlib import Path

from bench.harness import (
    BENCH,
    CVAT_SDK_VERSION,
    FULL,
    QUICK,
    ROOT,
    WORK,
    Context,
    Section,
    dist_version,
    load_average,
    machine_info,
)

ORDER = [
    "imports",
    "per_call",
    "deserialize",
    "listing",
    "deep_pages",
    "walk",
    "transfer",
    "server_load",
    "frontdoor",
    "compression",
    "export_memory",
    "dataset_formats",
    "bulk_writes",
    "s3_transfer",
    "bulk_upload",
    "bucket_register",
    "list_access",
    "hygiene",
    "webapp_open",
    "auto_annotation",
    "samples",
    "foreign_formats",
    "masks",
    "large_dataset",
    "mask_brush",
    "outbox",
    "evaluation",
    "async_client",
]


def _render(
    sections: list[Section],
    ctx: Context,
    names: list[str],
    total: float,
    load: tuple[str, str],
    started: datetime.datetime,
) -> str:
    import sqlite3

    machine = machine_info()
    versions = {
        "annota": dist_version("annota"),
        "urllib3": dist_version("urllib3"),
        "httpx": dist_version("httpx"),
        "attrs (stock client)": dist_version("attrs"),
        "openapi-python-client": dist_version("openapi-python-client"),
        "cvat-sdk": CVAT_SDK_VERSION if ctx.cvat_python else f"not installed ({ctx.cvat_error})",
        "server db": f"SQLite {sqlite3.sqlite_version}",
    }
    for section in sections:
        versions.update(section.versions)
    lines = [
        "# annota benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand. Every figure is a "
        "ratio to a baseline measured in the same run, in interleaved rounds (the order of the "
        "candidates rotates every round), and the median over the rounds.",
        "",
        "| | |",
        "|---|---|",
        f"| date | {started:%Y-%m-%d %H:%M} UTC |",
        *(f"| {key} | {value} |" for key, value in machine.items()),
        f"| load average (start / end) | {load[0]} / {load[1]} |",
        *(f"| {key} | {value} |" for key, value in versions.items()),
        f"| scale | {ctx.scale.name} ({', '.join(names)}) |",
        f"| total run time | {total:.0f} s |",
        "",
        "## Targets",
        "",
        "| target | measured | goal | verdict |",
        "|---|---|---|---|",
    ]
    for section in sections:
        for target in section.targets:
            lines.append(
                f"| {target.name} | {target.measured} | {target.goal} | {target.verdict} |"
            )
    lines.append("")
    for section in sections:
        lines += [f"## {section.title}", "", *section.lines]
        lines.append(f"_({section.seconds:.0f} s)_")
        lines.append("")
    if ctx.notes:
        lines += ["## Notes", "", *ctx.notes, ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(ORDER)}")
    parser.add_argument("--quick", action="store_true", help="small scale, to debug the harness")
    parser.add_argument("--output", type=Path, help="where to write the results (markdown)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(ORDER))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    names = [name for name in ORDER if name in args.names] or list(ORDER)
    scale = QUICK if args.quick else FULL
    full_run = names == ORDER and not args.quick
    output = args.output or (
        BENCH / "RESULTS.md"
        if full_run
        else WORK / f"RESULTS-{'-'.join(names)}{'-quick' if args.quick else ''}.md"
    )

    # A SIGTERM (make interrupted, CI time-out) still stops the servers and the PostgreSQL cluster.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.datetime.now(datetime.UTC)
    start = time.perf_counter()
    load_start = load_average()
    modules = {name: importlib.import_module(f"bench.{name}") for name in names}
    needs: set[str] = set().union(*(getattr(module, "NEEDS", set()) for module in modules.values()))
    ctx = Context(scale)
    sections: list[Section] = []
    failed = False
    try:
        ctx.prepare(needs)
        for name, module in modules.items():
            print(f"=== {name}", flush=True)
            began = time.perf_counter()
            try:
                section = module.run(ctx)
            except Exception as exc:  # one broken benchmark must not lose the others' figures
                failed = True
                traceback.print_exc()
                section = Section(f"{name}: FAILED")
                section.para(f"`{type(exc).__name__}: {str(exc)[:2000]}`")
            section.seconds = time.perf_counter() - began
            sections.append(section)
            print(f"=== {name} done in {section.seconds:.0f}s", flush=True)
    finally:
        ctx.close()
    total = time.perf_counter() - start
    text = _render(sections, ctx, names, total, (load_start, load_average()), started)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    print(f"total {total:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
