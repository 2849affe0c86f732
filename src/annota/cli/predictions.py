"""``annota auto-annotate`` and ``annota render``: a model's predictions, and a look at them."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota_api.models import ShapeSource

from annota.errors import InvalidRequestError

if TYPE_CHECKING:
    from annota.cli.context import Commands, Context

SOURCES = [s.value for s in ShapeSource]


def register(commands: Commands) -> None:
    """Add the prediction commands."""
    auto = commands.add_parser(
        "auto-annotate", help="run your detection function over a task, storing predictions"
    )
    auto.add_argument("task", type=int, help="the task's id")
    where = auto.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--function", metavar="MODULE:ATTRIBUTE", help="an importable detection function"
    )
    where.add_argument(
        "--function-file", metavar="PATH", type=Path, help="a .py file that is the function"
    )
    auto.add_argument("--threshold", type=float, help="drop predictions scored below this")
    auto.add_argument(
        "--no-replace",
        action="store_true",
        help="add to the function's earlier predictions instead of replacing them",
    )
    auto.set_defaults(run=auto_annotate)

    render = commands.add_parser("render", help="draw a task's shapes onto its images")
    render.add_argument("task", type=int, help="the task's id")
    render.add_argument("-o", "--output", required=True, type=Path, help="the directory")
    render.add_argument("--min-score", type=float, help="leave out predictions scored below")
    render.add_argument(
        "--source", action="append", choices=SOURCES, help="only shapes of this source (repeat)"
    )
    render.set_defaults(run=render_task)


def load_function(reference: str | None, file: Path | None) -> Any:
    """The function ``module:attribute`` names, or the module that ``file`` is."""
    if file is not None:
        if not file.is_file():
            raise InvalidRequestError(f"--function-file: no file {file}")
        name = f"annota_function_{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            raise InvalidRequestError(f"--function-file: cannot load {file} as Python")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses and pickling look their module up
        spec.loader.exec_module(module)
        return module
    assert reference is not None
    module_name, _, attribute = reference.partition(":")
    if not module_name:
        raise InvalidRequestError("--function: give MODULE:ATTRIBUTE (or MODULE)")
    try:
        module = importlib.import_module(module_name)
    except ImportError as missing:
        raise InvalidRequestError(f"--function: cannot import {module_name}: {missing}") from None
    if not attribute:
        return module
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise InvalidRequestError(f"--function: {module_name} has no {attribute!r}") from None


def auto_annotate(ctx: Context) -> int:
    """Run the function, upload its predictions, say what happened."""
    from annota.auto_annotation import annotate_task

    args = ctx.args
    function = load_function(args.function, args.function_file)
    try:
        result = annotate_task(
            ctx.client,
            args.task,
            function,
            threshold=args.threshold,
            replace=not args.no_replace,
            pbar=ctx.output.progress(),
        )
    except TypeError as wrong:
        raise InvalidRequestError(str(wrong)) from None
    ctx.output.message(
        f"Annotated {result.assets} assets of task {args.task}: {result.created} predictions "
        f"stored, {result.replaced} earlier ones replaced, "
        f"{result.below_threshold} below the threshold."
    )
    return 0


def render_task(ctx: Context) -> int:
    """Render every asset of the task into the directory, one file each."""
    from annota.render import render_bytes, shapes_by_asset

    args = ctx.args
    client = ctx.client
    task = client.tasks.retrieve(args.task)
    labels = {label.id: label for label in client.projects.retrieve(task.project).labels}
    grouped = shapes_by_asset(task.get_annotations(sources=args.source, min_score=args.min_score))
    args.output.mkdir(parents=True, exist_ok=True)
    count = 0
    for asset in task.get_assets():
        shapes = grouped.get(asset.id, [])
        saved = render_bytes(asset.read_bytes(), shapes, labels, args.output / asset.name)
        print(saved, file=ctx.output.stdout)
        count += 1
    ctx.output.message(f"Rendered {count} assets of task {task.id} into {args.output}.")
    return 0
