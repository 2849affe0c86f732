"""Import time of annota, annota_api, urllib3 and cvat_sdk, and the first request of a session.

Each import runs in a fresh interpreter: ``python -c "t=perf_counter(); import X; print(...)"``.
The figure used is the time of the ``import`` statement measured inside that interpreter: it
leaves out interpreter start-up (the same for every module) and its noise, which subtracting a
bare ``python -c pass`` would add back twice. The whole-process wall time minus a bare
interpreter's is shown beside it as a cross-check. Rounds are interleaved, order rotating, after
one warm-up round (which also writes any missing .pyc files).

First request: a fresh interpreter times from before ``import annota`` until the first
``retrieve()`` has returned its object, against ``import urllib3`` + the first GET +
``json.loads``: lazy imports that only move the cost to the first call show up here.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import (
    PYTHON,
    Context,
    Section,
    Target,
    child_env,
    interleaved,
    logger,
    median,
    num,
)

NEEDS = {"server", "cvat"}
TARGET = 1.3

_TIMED = "import time; t = time.perf_counter(); {body}; print(time.perf_counter() - t)"


def _child(python: str | Path, body: str, cwd: str) -> Callable[[], dict[str, float]]:
    code = _TIMED.format(body=body)

    def once() -> dict[str, float]:
        start = time.perf_counter()
        done = subprocess.run(
            [str(python), "-c", code],
            cwd=cwd,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{body!r} failed: {done.stderr[-1500:]}")
        return {"inside": float(done.stdout.strip().splitlines()[-1]), "wall": wall}

    return once


def _importtime_top(module: str, cwd: str, count: int = 12) -> list[tuple[str, int, int]]:
    """The modules with the largest cumulative time under ``import module`` (-X importtime)."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if found:
            rows.append((found.group(4), int(found.group(1)), int(found.group(2))))
    rows.sort(key=lambda row: -row[2])
    return rows[:count]


def run(ctx: Context) -> Section:
    with tempfile.TemporaryDirectory(prefix="annota-bench-imports-") as cwd:
        return _run(ctx, cwd)


def _run(ctx: Context, cwd: str) -> Section:
    scale = ctx.scale
    log = logger("imports")
    variants: dict[str, Callable[[], dict[str, float]]] = {
        "bare interpreter": _child(PYTHON, "pass", cwd),
        "urllib3": _child(PYTHON, "import urllib3", cwd),
        "annota": _child(PYTHON, "import annota", cwd),
        "annota_api": _child(PYTHON, "import annota_api", cwd),
    }
    cvat = ctx.cvat_python
    if cvat is not None:
        variants["bare interpreter (cvat venv)"] = _child(cvat, "pass", cwd)
        variants["urllib3 (cvat venv)"] = _child(cvat, "import urllib3", cwd)
        variants["cvat_sdk (cvat venv)"] = _child(cvat, "import cvat_sdk", cwd)

    url = f"{ctx.server.url}/api/projects/{ctx.project_id}"
    token = ctx.token
    first: dict[str, Callable[[], dict[str, float]]] = {
        "urllib3: import + PoolManager + GET + json.loads": _child(
            PYTHON,
            "import json, urllib3; json.loads(urllib3.PoolManager().request("
            f"'GET', {url!r}, headers={{'Authorization': 'Bearer {token}'}}).data)",
            cwd,
        ),
        "annota: import + make_client(token=) + projects.retrieve": _child(
            PYTHON,
            f"import annota; annota.make_client({ctx.server.url!r}, token={token!r})"
            f".projects.retrieve({ctx.project_id}).name",
            cwd,
        ),
        "annota_api: import + Client + projects_retrieve.sync": _child(
            PYTHON,
            "import annota_api; from annota_api.api.projects import projects_retrieve; "
            f"projects_retrieve.sync({ctx.project_id}, client=annota_api.Client("
            f"{ctx.server.url!r}, token={token!r})).name",
            cwd,
        ),
    }
    everything = {**variants, **first}
    for once in everything.values():  # warm-up: .pyc files, page cache
        once()
    log(f"{len(everything)} variants x {scale.import_rounds} rounds")
    results = interleaved(everything, scale.import_rounds, log=log)

    def inside(name: str) -> float:
        return median(r["inside"] for r in results[name])

    def wall_minus_bare(name: str, bare: str) -> float:
        return median(
            r["wall"] - b["wall"] for r, b in zip(results[name], results[bare], strict=True)
        )

    def rel(name: str, base: str) -> float:
        return median(
            r["inside"] / b["inside"] for r, b in zip(results[name], results[base], strict=True)
        )

    section = Section("Import and first request")
    section.para(
        f"{scale.import_rounds} interleaved rounds, each import in a fresh interpreter. "
        "*import* is the time of the `import` statement inside the interpreter (start-up left "
        'out); *wall - bare* is the whole `python -c "import X"` minus a bare `python -c pass` '
        "of the same venv in the same round. Ratios per round to `import urllib3` of the same "
        "venv, then the median. Byte-code caches are on for every module (in bench/.work/pycache, "
        "even where PYTHONDONTWRITEBYTECODE is set), as for a user who installed a wheel."
    )
    rows = []
    for name in variants:
        if name.startswith("bare"):
            continue
        cvat_venv = name.endswith("(cvat venv)")
        base = "urllib3 (cvat venv)" if cvat_venv else "urllib3"
        bare = "bare interpreter (cvat venv)" if cvat_venv else "bare interpreter"
        rows.append(
            (
                f"`import {name.split()[0]}`" + (" (cvat venv)" if cvat_venv else ""),
                num(inside(name) * 1e3, 1),
                f"{rel(name, base):.2f}",
                num(wall_minus_bare(name, bare) * 1e3, 1),
            )
        )
    section.table(["module", "import ms", "x import urllib3", "wall - bare ms"], rows)
    if cvat is None:
        section.para(f"cvat-sdk could not be installed, so it is not measured: {ctx.cvat_error}")

    floor = "urllib3: import + PoolManager + GET + json.loads"
    section.para(
        "First request of a session, against the harness's server (SQLite), in a fresh "
        "interpreter, timed from before the first import until the first object is there. "
        "`make_client` asks the server for its version before the first call (one more round "
        "trip than the floor, by design: scheme detection and the version check); with a "
        "token there is no login."
    )
    section.table(
        ["what", "ms", "x floor"],
        [(name, num(inside(name) * 1e3, 1), f"{rel(name, floor):.2f}") for name in first],
    )

    annota_ratio = rel("annota", "urllib3")
    met = annota_ratio <= TARGET
    section.targets.append(
        Target(
            "`import annota` ≤ 1.3x `import urllib3`",
            f"{annota_ratio:.2f}x ({inside('annota') * 1e3:.0f} ms vs "
            f"{inside('urllib3') * 1e3:.0f} ms)",
            f"≤ {TARGET}x",
            met,
        )
    )
    if not met:
        top = _importtime_top("annota", cwd)
        section.para('`python -X importtime -c "import annota"`, largest cumulative times:')
        section.table(
            ["module", "self µs", "cumulative µs"], [(m, num(s), num(c)) for m, s, c in top]
        )
    return section
