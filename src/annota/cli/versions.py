"""``annota versions``: freeze a project as a dataset version, list, export and remove them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota.cli.context import Context
from annota.cli.datasets import FORMAT_OPTION, TASK_OPTION, report_export
from annota.cli.output import Column

if TYPE_CHECKING:
    from annota.cli.context import Commands

COLUMNS = [
    Column("id"),
    Column("project"),
    Column("name"),
    Column("assets", lambda v: v.asset_count),
    Column("shapes", lambda v: v.shape_count),
    Column("manifest sha256", lambda v: v.manifest_sha256),
    Column("created", lambda v: v.created_at.isoformat(timespec="seconds")),
]


def register(commands: Commands) -> None:
    """Add ``annota versions list|show|create|export|remove``."""
    parser = commands.add_parser("versions", help="frozen dataset versions of a project")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    lister = actions.add_parser("list", help="list a project's versions, newest first")
    lister.add_argument("project", type=int, help="the project's id")
    lister.set_defaults(run=list_versions)

    shower = actions.add_parser("show", help="show one version")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show)

    creator = actions.add_parser("create", help="freeze a project as a new version")
    creator.add_argument("project", type=int, help="the project's id")
    creator.add_argument("name")
    creator.add_argument("--description")
    creator.add_argument("--timeout", type=float, help="seconds to wait for the server")
    creator.set_defaults(run=create)

    exporter = actions.add_parser("export", help="export a version as a dataset archive")
    exporter.add_argument("id", type=int, help="the version's id")
    exporter.add_argument("-f", "--format", **FORMAT_OPTION)
    # A str, not a Path: a trailing "/" (a directory, made if missing) must survive.
    exporter.add_argument("-o", "--output", default=".", help="the zip file, or a directory")
    exporter.add_argument("--images", action="store_true", help="put the images in the archive")
    exporter.add_argument("--task", **TASK_OPTION)
    exporter.add_argument("--timeout", type=float, help="seconds to wait for the server")
    exporter.set_defaults(run=export)

    remover = actions.add_parser("remove", help="delete versions (their images go when unused)")
    remover.add_argument("ids", type=int, nargs="+", metavar="ID")
    remover.set_defaults(run=remove)


def list_versions(ctx: Context) -> int:
    """``annota versions list PROJECT``."""
    ctx.output.items(ctx.client.projects.retrieve(ctx.args.project).get_versions(), COLUMNS)
    return 0


def show(ctx: Context) -> int:
    """``annota versions show ID``."""
    ctx.output.item(ctx.client.versions.retrieve(ctx.args.id), COLUMNS)
    return 0


def create(ctx: Context) -> int:
    """``annota versions create PROJECT NAME``: freeze, wait, show."""
    args = ctx.args
    project = ctx.client.projects.retrieve(args.project)
    version = project.create_version(
        args.name, args.description, pbar=ctx.output.progress(), timeout=args.timeout
    )
    ctx.output.item(version, COLUMNS)
    return 0


def export(ctx: Context) -> int:
    """``annota versions export ID -f FORMAT -o PATH``: export, wait, download."""
    args = ctx.args
    version = ctx.client.versions.retrieve(args.id)
    report_export(ctx, f"version {version.id}", lambda: version.export_dataset(
        args.format,
        args.output,
        include_images=args.images,
        task=args.task,
        pbar=ctx.output.progress(),
        timeout=args.timeout,
    ))  # fmt: skip
    return 0


def remove(ctx: Context) -> int:
    """``annota versions remove ID...``."""
    for id in ctx.args.ids:
        ctx.client.versions.retrieve(id).remove()
        ctx.output.message(f"Deleted version {id}.")
    return 0
