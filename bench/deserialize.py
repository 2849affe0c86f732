"""Deserialization: ``annota_api.models.Project.from_dict`` against ``json.loads``, and cvat-sdk.

The payload is one JSON array of realistic projects, every field filled: 4-6 labels, owner,
workspace, statistics, two date-times, a description; the same shape the server sends.
Per round (interleaved, order rotating): ``json.loads(payload)`` alone (the baseline), and
``json.loads`` + ``Project.from_dict`` of every item (annota, and the stock generator's attrs
model when it was generated). Runs in a fresh worker process so that the harness's own heap
does not change the garbage collector's work.

cvat-sdk 2.80 is measured in its own venv by bench/cvat_deserialize.py, against its own
``json.loads`` of the same bytes in the same process, so its ratio is same-run too.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from typing import Any

from bench.harness import (
    BENCH,
    STOCK_DIR,
    Context,
    Section,
    Target,
    median,
    num,
    profile_top,
    project_spec,
    run_json,
    worker_command,
)

NEEDS = {"cvat", "stock"}
TARGET = 4.0


def project_dict(index: int) -> dict[str, Any]:
    """One project as the server answers it (every field filled)."""
    spec = project_spec(index)
    workspace = index % 7 + 1
    return {
        "id": index + 1,
        "version": 1,
        "name": spec["name"],
        "description": spec["description"],
        "type": spec["type"],
        "status": ("active", "completed", "archived")[index % 3],
        "labels": [
            {"id": (index + 1) * 10 + k, "version": 1, "project": index + 1, **label}
            for k, label in enumerate(spec["labels"])
        ],
        "owner": {"id": index % 50 + 1, "username": f"annotator{index % 50 + 1}"},
        "workspace": {
            "id": workspace,
            "slug": f"team-{workspace}",
            "name": f"Vision team {workspace}",
        },
        "created_at": f"2026-{index % 12 + 1:02d}-{index % 28 + 1:02d}T10:11:12.{index:06d}Z",
        "updated_at": f"2026-11-{index % 28 + 1:02d}T08:09:10.{(index * 7) % 999999:06d}Z",
        "statistics": {
            "tasks": index % 40,
            "jobs": index % 40 * 4,
            "assets": index % 40 * 120,
            "annotated_assets": index % 40 * 90,
            "annotations": index % 40 * 1500,
        },
    }


def read_every_field(project: Any) -> None:
    """Read every field of a project model or entity through its typed attributes.

    annota's response models decode nested models on first read, so a figure that only calls
    ``from_dict`` would leave that work out; this reads all of it (enums, date-times, each
    label's kind, owner, workspace, statistics).
    """
    _ = (project.id, project.name, project.description, project.type_, project.status)
    for label in project.labels:
        _ = (label.id, label.name, label.color, label.kind)
    _ = (project.owner.username, project.workspace.slug, project.statistics.tasks)
    _ = (project.created_at, project.updated_at)


def worker(args: dict[str, Any]) -> dict[str, Any]:
    from annota_api.models import Project

    items, rounds = int(args["items"]), int(args["rounds"])
    payload = json.dumps([project_dict(i) for i in range(items)]).encode()
    models: dict[str, Any] = {"annota": Project}
    if args.get("stock"):
        sys.path.insert(0, args["stock"])
        from stock_api.models import Project as StockProject  # type: ignore[import-not-found]

        models["stock"] = StockProject

    if args.get("profile"):
        decoded = json.loads(payload)
        return {"profile": profile_top(lambda: [Project.from_dict(item) for item in decoded])}

    # Check once that every field arrives (and warm up).
    sample = Project.from_dict(json.loads(payload)[0])
    assert sample.labels
    assert sample.owner.username
    assert sample.statistics.tasks is not None
    assert sample.created_at.tzinfo is not None
    assert sample.workspace.slug

    def loads() -> dict[str, float]:
        gc.collect()
        start = time.perf_counter()
        json.loads(payload)
        return {"total": time.perf_counter() - start}

    def build(model: Any, read: bool = False) -> Any:
        def one() -> dict[str, float]:
            gc.collect()
            start = time.perf_counter()
            data = json.loads(payload)
            middle = time.perf_counter()
            objects = [model.from_dict(item) for item in data]
            if read:
                for project in objects:
                    read_every_field(project)
            end = time.perf_counter()
            if len(objects) != items:
                raise RuntimeError("not every item was built")
            return {"total": end - start, "from_dict": end - middle}

        return one

    variants = {
        "json.loads": loads,
        **{name: build(model) for name, model in models.items()},
        "annota_read": build(Project, read=True),
    }
    for variant in variants.values():
        variant()
    names = list(variants)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(variants[name]())
    return {"bytes_per_item": len(payload) / items, "results": results}


def run(ctx: Context) -> Section:
    scale = ctx.scale
    args = {
        "items": scale.deser_items,
        "rounds": scale.deser_rounds,
        "stock": str(STOCK_DIR) if ctx.stock_ready else None,
    }
    data = run_json(worker_command("deserialize", args), timeout=600)
    results = data["results"]
    base = results["json.loads"]
    n = scale.deser_items

    def speed(name: str) -> float:
        return n / median(r["total"] for r in results[name])

    def end_to_end(name: str) -> float:
        return median(r["total"] / b["total"] for r, b in zip(results[name], base, strict=True))

    def from_dict_only(name: str) -> float:
        return median(r["from_dict"] / b["total"] for r, b in zip(results[name], base, strict=True))

    labels = {
        "annota": "annota_api `Project.from_dict` (nested models decoded on first read)",
        "annota_read": "annota_api `Project.from_dict`, then every field read",
        "stock": "stock openapi-python-client `Project.from_dict` (attrs)",
    }
    rows = [("`json.loads` (baseline)", num(speed("json.loads")), "1.00", "-")]
    for name in ("annota", "annota_read", "stock"):
        if name in results:
            rows.append(
                (
                    labels[name],
                    num(speed(name)),
                    f"{end_to_end(name):.2f}",
                    f"{from_dict_only(name):.2f}",
                )
            )

    section = Section("Deserialization: 10,000 projects")
    section.para(
        f"{n:,} projects in one JSON array ({data['bytes_per_item']:.0f} bytes per project: "
        "4-6 labels, owner, workspace, statistics, two date-times, a description). "
        f"{scale.deser_rounds} interleaved rounds in a fresh process; ratios per round, then the "
        "median. *End to end* is `json.loads` + `from_dict` of every item over `json.loads` "
        "alone (what a client does with a response body); *from_dict only* leaves the "
        "`json.loads` out of the numerator. annota's response models decode nested models "
        "(labels, owner, workspace, statistics) when they are first read, so the row that "
        "reads every field afterwards is the one to compare with the stock client's eager "
        "`from_dict`.",
    )
    headers = [
        "method",
        "items/s (end to end)",
        "x json.loads (end to end)",
        "x json.loads (from_dict only)",
    ]
    cvat_rows, cvat_note = _cvat(ctx)
    section.table(headers, rows + cvat_rows)
    if not ctx.stock_ready:
        section.para(f"The stock generator's models are missing: {ctx.stock_error}.")
    section.para(cvat_note)
    ratio = end_to_end("annota")
    section.targets.append(
        Target(
            "`Project.from_dict` ≤ 4x json.loads (end to end: loads + from_dict)",
            f"{ratio:.2f}x (from_dict alone {from_dict_only('annota'):.2f}x; every field read "
            f"too {end_to_end('annota_read'):.2f}x)",
            f"≤ {TARGET:.0f}x",
            ratio <= TARGET,
        )
    )
    if ratio > TARGET:
        profiled = run_json(worker_command("deserialize", {**args, "profile": True}), timeout=600)
        section.para(f"cProfile of `Project.from_dict` over the {n:,} decoded items:")
        section.table(["function", "own time", "cumulative"], profiled["profile"])
    if ctx.cvat_python:
        section.versions["cvat-sdk"] = ctx.cvat_versions
    return section


def _cvat(ctx: Context) -> tuple[list[tuple[str, ...]], str]:
    scale = ctx.scale
    if ctx.cvat_python is None:
        return [("cvat-sdk 2.80", "not installed", "-", "-")], (
            f"cvat-sdk could not be installed, so it is not measured: {ctx.cvat_error}"
        )
    args = {"items": scale.cvat_items, "chunk": scale.cvat_chunk}
    try:
        data = run_json(
            [str(ctx.cvat_python), str(BENCH / "cvat_deserialize.py"), json.dumps(args)],
            timeout=900,
        )
    except Exception as exc:  # report it instead of failing the whole section
        return [("cvat-sdk 2.80", "failed", "-", "-")], f"cvat-sdk's measurement failed: {exc}"
    rounds = data["rounds"]
    speed = data["chunk"] / median(r["cvat"] for r in rounds)
    ratio = median(r["cvat"] / r["loads"] for r in rounds)
    ctx.cvat_versions = f"{data['version']} (Python {data['python']}, own venv)"
    row = (
        f"cvat-sdk {data['version']} `ApiClient.deserialize(.., ([ProjectRead],))`, type checks",
        num(speed),
        f"{ratio:.2f}",
        "-",
    )
    note = (
        f"cvat-sdk runs in bench/.work/cvat-venv (its own pins) on an equivalent ProjectRead "
        f"payload ({data['bytes_per_item']:.0f} bytes per project, every field filled). At about "
        f"{1e3 / speed:.1f} ms per item, {len(rounds)} rounds of the whole {scale.cvat_items:,} "
        f"would take minutes, so its {scale.cvat_items:,} items are deserialized once, as "
        f"{len(rounds)} rounds of {data['chunk']:,}-item pages, each against `json.loads` of the "
        "same bytes in the same process (alternating which goes first); its ratio already "
        "includes its own JSON decoding, like the end-to-end column."
    )
    return [row], note


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    print(json.dumps(worker(json.loads(sys.argv[2]))))
