"""``annota export`` and ``annota import``: a project to and from a dataset archive."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota.cli.context import Context, EnumChoices
from annota.cli.resources import OPERATIONS, PROJECT_TYPES, PROJECTS
from annota.errors import LossyExportWarning

if TYPE_CHECKING:
    from annota.cli.context import Commands

FORMATS = EnumChoices("DatasetFormat")
# A metavar, so that argparse reads the choices only to show or check them (on use).
FORMAT_OPTION: dict[str, Any] = {
    "choices": FORMATS,
    "default": "coco",
    "metavar": "FORMAT",
    "help": "one of %(choices)s (default: coco)",
}
TASK_OPTION: dict[str, Any] = {
    "choices": EnumChoices("YoloTask"),
    "metavar": "TASK",
    "help": "a yolo export's task, one of %(choices)s (default: pose with points shapes, "
    "else segment with polygons, else detect)",
}


def register(commands: Commands) -> None:
    """Add the dataset commands."""
    exporter = commands.add_parser("export", help="export a project as a dataset archive")
    exporter.add_argument("project", type=int, help="the project's id")
    # A str, not a Path: a trailing "/" (a directory, made if missing) must survive.
    exporter.add_argument("path", help="the zip file, or a directory (out/) to save it in")
    exporter.add_argument("-f", "--format", **FORMAT_OPTION)
    exporter.add_argument("--images", action="store_true", help="put the images in the archive")
    exporter.add_argument("--task", **TASK_OPTION)
    exporter.add_argument(
        "--predictions", action="store_true", help="put model predictions in too (COCO: score)"
    )
    exporter.add_argument("--timeout", type=float, help="seconds to wait for the server")
    exporter.set_defaults(run=export)

    importer = commands.add_parser(
        "import", help="import a dataset archive into a project (or a new one)"
    )
    target = importer.add_mutually_exclusive_group(required=True)
    target.add_argument("--project", type=int, help="the id of the project to import into")
    target.add_argument("--new-project", metavar="NAME", help="create a project of this name")
    importer.add_argument("path", type=Path, help="the zip (or bare JSON) file")
    importer.add_argument("-f", "--format", **FORMAT_OPTION)
    importer.add_argument(
        "--type",
        default="detection",
        choices=PROJECT_TYPES,
        metavar="TYPE",
        help="the new project's type, one of %(choices)s (default: detection)",
    )
    importer.add_argument("--timeout", type=float, help="seconds to wait for the server")
    importer.set_defaults(run=import_)


def export(ctx: Context) -> int:
    """Export, wait, download."""
    args = ctx.args
    project = ctx.client.projects.retrieve(args.project)
    report_export(ctx, f"project {project.id}", lambda: project.export_dataset(
        args.format,
        args.path,
        include_images=args.images,
        include_predictions=args.predictions,
        task=args.task,
        pbar=ctx.output.progress(),
        timeout=args.timeout,
    ))  # fmt: skip
    return 0


def report_export(ctx: Context, what: str, run: Callable[[], Path]) -> None:
    """Run an export; say where it went and what the format could not hold."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossyExportWarning)
        saved = run()
    ctx.output.message(f"Exported {what} ({ctx.args.format}) to {saved}.")
    for warning in caught:  # what the format could not hold, one line per kind and label
        if isinstance(warning.message, LossyExportWarning):
            for kind, label, count in warning.message.skipped:
                ctx.output.message(f"Left out: {count} {kind} of label {label!r}.")
    print(saved, file=ctx.output.stdout)


def import_(ctx: Context) -> int:
    """Upload, wait; into an existing project or a new one."""
    args = ctx.args
    projects = ctx.client.projects
    pbar = ctx.output.progress()
    if args.new_project is not None:
        project = projects.create_from_dataset(
            {"name": args.new_project, "type": args.type},
            args.format,
            args.path,
            pbar=pbar,
            timeout=args.timeout,
        )
        ctx.output.item(project, PROJECTS.columns)
        return 0
    operation = projects.retrieve(args.project).import_dataset(
        args.format, args.path, pbar=pbar, timeout=args.timeout
    )
    ctx.output.item(operation, OPERATIONS.columns)
    return 0
