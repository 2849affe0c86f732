"""``annota auto-annotate`` and ``annota render``: a model's predictions, and a look at them."""

from __future__ import annotations

import argparse
import math
import sys
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota.cli.context import EnumChoices
from annota.errors import InvalidRequestError

if TYPE_CHECKING:
    from annota.cli.context import Commands, Context

SOURCES = EnumChoices("ShapeSource")


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
    auto.add_argument("--threshold", type=share, help="drop predictions scored below this (0 to 1)")
    auto.add_argument(
        "--no-replace",
        action="store_true",
        help="add to the function's earlier predictions instead of replacing them",
    )
    auto.add_argument(
        "--model-version",
        type=int,
        help="the registered model version (id) to record as the predictions' maker",
    )
    auto.set_defaults(run=auto_annotate)

    render = commands.add_parser("render", help="draw a task's shapes onto its images")
    render.add_argument("task", type=int, help="the task's id")
    render.add_argument("-o", "--output", required=True, type=Path, help="the directory")
    render.add_argument(
        "--min-score", type=share, help="leave out predictions scored below this (0 to 1)"
    )
    render.add_argument(
        "--source",
        action="append",
        choices=SOURCES,
        metavar="SOURCE",
        help="only shapes of this source, one of %(choices)s (repeat)",
    )
    render.set_defaults(run=render_task)


def share(text: str) -> float:
    """A score bound from the command line: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    # A percentage would drop every prediction: with replacing, a run would delete them all.
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"give a score from 0 to 1, not {text!r}")
    return value


def _importable_from(folder: Path) -> None:
    # As `python -m` and `python file.py` do: a console script's sys.path has its own bin
    # directory first, not the user's, so the function's module (and its siblings) would
    # not be found.
    entry = str(folder.resolve())
    if entry not in sys.path:
        sys.path.insert(0, entry)


def _syntax_error(option: str, error: SyntaxError) -> InvalidRequestError:
    return InvalidRequestError(f"{option}: {error.filename}, line {error.lineno}: {error.msg}")


def load_function(reference: str | None, file: Path | None) -> Any:
    """The function ``module:attribute`` names, or the module that ``file`` is.

    Modules are looked up from the working directory first (``file``'s own directory for a
    file), as ``python`` does.
    """
    import importlib  # the CLI imports its modules on use: `annota --help` stays cheap
    import importlib.util

    if file is not None:
        if not file.is_file():
            raise InvalidRequestError(f"--function-file: no file {file}")
        name = f"annota_function_{file.stem}"
        spec = importlib.util.spec_from_file_location(name, file)
        if spec is None or spec.loader is None:
            raise InvalidRequestError(f"--function-file: cannot load {file} as Python")
        module = importlib.util.module_from_spec(spec)
        _importable_from(file.parent)
        sys.modules[name] = module  # dataclasses and pickling look their module up
        try:
            spec.loader.exec_module(module)
        except SyntaxError as error:
            del sys.modules[name]
            raise _syntax_error("--function-file", error) from None
        return module
    assert reference is not None
    module_name, _, attribute = reference.partition(":")
    if not module_name:
        raise InvalidRequestError("--function: give MODULE:ATTRIBUTE (or MODULE)")
    _importable_from(Path.cwd())
    try:
        module = importlib.import_module(module_name)
    except ImportError as missing:
        raise InvalidRequestError(f"--function: cannot import {module_name}: {missing}") from None
    except SyntaxError as error:
        raise _syntax_error("--function", error) from None
    if not attribute:
        return module
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise InvalidRequestError(f"--function: {module_name} has no {attribute!r}") from None


def auto_annotate(ctx: Context) -> int:
    """Run the function, upload its predictions, say what happened.

    With ``--json`` stdout gets one JSON object, the run's summary (with ``error`` when the
    function failed part-way: the counts are then what was stored before).
    """
    from annota.auto_annotation import AutoAnnotationError, _spec_of, annotate_task

    args = ctx.args
    function = load_function(args.function, args.function_file)
    # Checked here, not by catching TypeError around the run: one raised by the function's
    # own code is a bug to show with its traceback, not a usage error.
    try:
        spec = _spec_of(function)
    except TypeError as wrong:
        raise InvalidRequestError(str(wrong)) from None
    failure: AutoAnnotationError | None = None
    try:
        result = annotate_task(
            ctx.client,
            args.task,
            function,
            threshold=args.threshold,
            replace=not args.no_replace,
            pbar=ctx.output.progress(),
            model_version=args.model_version,
        )
    except AutoAnnotationError as failed:
        result, failure = failed.result, failed
    summary: dict[str, Any] = {"task": args.task, "model_name": spec.name, **asdict(result)}
    if failure is not None:
        summary["error"] = str(failure)
    ctx.output.summary(summary)
    if failure is not None:
        # The function's own bug, with its traceback: the person fixes it from there.
        traceback.print_exception(failure.__cause__, file=ctx.output.stderr)
        ctx.output.message(f"annota: {failure}")
        return 1
    ctx.output.message(
        f"Annotated {result.assets} assets of task {args.task}: {result.created} predictions "
        f"stored, {result.replaced} earlier ones replaced, "
        f"{result.below_threshold} below the threshold."
    )
    return 0


def _file_name(name: str, asset_id: int, taken: set[str]) -> str:
    """A file name for the rendering of asset ``name``, unlike those ``taken`` (added to it).

    Asset names need not be unique in a task, nor end in a suffix that says the format; the
    picture is saved in the format its suffix names, so one that names none gets ``.png``.
    """
    from annota.render import picture_name

    path = Path(picture_name(name))
    candidate, extra = path.name, 0
    while candidate.casefold() in taken:  # a case-insensitive file system is one name
        extra += 1
        tail = f"-{asset_id}" if extra == 1 else f"-{asset_id}-{extra}"
        candidate = f"{path.stem}{tail}{path.suffix}"
    taken.add(candidate.casefold())
    return candidate


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
    taken: set[str] = set()
    for asset in task.get_assets():
        shapes = grouped.get(asset.id, [])
        name = _file_name(asset.name, asset.id, taken)
        saved = render_bytes(asset.read_bytes(), shapes, labels, args.output / name)
        print(saved, file=ctx.output.stdout)
        count += 1
    ctx.output.message(f"Rendered {count} assets of task {task.id} into {args.output}.")
    return 0
