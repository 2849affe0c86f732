"""``annota projects|tasks|assets|operations|workspaces|users``: list, show, delete and more.

Each resource is a declaration (:class:`Resource`): its columns and list filters. The
list, show and delete commands are written once for all of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annota import attributes
from annota.cli.context import Context, EnumChoices
from annota.cli.output import Column
from annota.errors import ConfigurationError

if TYPE_CHECKING:
    from annota_api.models.workspace_create_request import WorkspaceCreateRequestDict

    from annota.cli.context import Commands

PROJECT_TYPES = EnumChoices("ProjectType")


@dataclass(frozen=True)
class Filter:
    """A list filter: ``--<name>``, sent as the list parameter ``name``."""

    name: str
    help: str
    type: Callable[[str], Any] = str


@dataclass(frozen=True)
class Resource:
    """What the generic commands need to know of one resource."""

    name: str  # the command's name, plural: "projects"
    repo: Callable[[Context], Any]  # client.<name>
    columns: Sequence[Column]
    filters: Sequence[Filter] = ()
    removable: bool = True
    extra: Callable[[Commands], None] | None = None  # adds the resource's own commands


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def _size(value: int) -> str:
    if value < 1024:
        return f"{value} B"
    size = value / 1024
    for unit in ("KiB", "MiB"):
        if size < 1024:
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"


# ------------------------------------------------------------------------- the generic commands
def list_items(resource: Resource) -> Callable[[Context], int]:
    """``annota <resource> list``."""

    def run(ctx: Context) -> int:
        filters = {
            f.name: getattr(ctx.args, f.name)
            for f in resource.filters
            if getattr(ctx.args, f.name) is not None
        }
        items = resource.repo(ctx).list(**filters)
        if ctx.args.limit is not None:
            items = islice(items, ctx.args.limit)
        ctx.output.items(items, resource.columns)
        return 0

    return run


def show_item(resource: Resource) -> Callable[[Context], int]:
    """``annota <resource> show ID``."""

    def run(ctx: Context) -> int:
        ctx.output.item(resource.repo(ctx).retrieve(ctx.args.id), resource.columns)
        return 0

    return run


def delete_items(resource: Resource) -> Callable[[Context], int]:
    """``annota <resource> delete ID...``."""

    def run(ctx: Context) -> int:
        repo = resource.repo(ctx)
        for id in ctx.args.ids:
            repo.retrieve(id).remove()
            ctx.output.message(f"Deleted {resource.name[:-1]} {id}.")
        return 0

    return run


def register_resource(commands: Commands, resource: Resource) -> None:
    """Add ``annota <resource> list|show|delete`` and the resource's own commands."""
    parser = commands.add_parser(resource.name, help=f"work with {resource.name}")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    lister = actions.add_parser("list", help=f"list {resource.name}")
    for f in resource.filters:
        lister.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, type=f.type, help=f.help)
    lister.add_argument("--limit", type=int, help="show at most this many")
    lister.set_defaults(run=list_items(resource))

    shower = actions.add_parser("show", help=f"show one of the {resource.name}")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show_item(resource))

    if resource.removable:
        deleter = actions.add_parser("delete", help=f"delete {resource.name}")
        deleter.add_argument("ids", type=int, nargs="+", metavar="ID")
        deleter.set_defaults(run=delete_items(resource))
    if resource.extra is not None:
        resource.extra(actions)


# ------------------------------------------------------------------------------------- projects
def _label(text: str) -> dict[str, str]:
    name, _, kind = text.partition(":")
    return {"name": name, "kind": kind} if kind else {"name": name}


def _attribute(text: str) -> tuple[str, dict[str, Any]]:
    """``LABEL/NAME:TYPE[=VALUES][@DEFAULT][!]``: an attribute a label declares.

    VALUES are a select's options (``red,blue``) or a number's range (``2..5``, ``..5``);
    ``!`` makes it required.
    """
    where, colon, rest = text.partition(":")
    label, slash, name = where.partition("/")
    if not (colon and slash and label and name):
        raise argparse.ArgumentTypeError(f"{text!r} is not LABEL/NAME:TYPE[=VALUES][@DEFAULT][!]")
    required = rest.endswith("!")
    rest = rest.removesuffix("!")
    rest, at, default = rest.partition("@")
    kind, _, values = rest.partition("=")
    if kind not in attributes.TYPES:
        raise argparse.ArgumentTypeError(
            f"{kind!r}: the type is one of {', '.join(attributes.TYPES)}"
        )
    spec: dict[str, Any] = {"name": name, "type": kind, "required": required}
    if at:
        spec["default"] = default
    if kind == "select":
        spec["options"] = [option.strip() for option in values.split(",") if option.strip()]
    elif kind == "number" and values:
        low, dots, high = values.partition("..")
        try:
            spec["min"] = float(low) if low else None
            spec["max"] = float(high) if high else None
        except ValueError:
            raise argparse.ArgumentTypeError(f"{values!r} is not a range MIN..MAX") from None
        if not dots:
            raise argparse.ArgumentTypeError(f"{values!r} is not a range MIN..MAX")
    return label, spec


def _declared(label: Any) -> str:
    """A label and the attributes it declares: ``car (color: select, doors: number*)``."""
    specs = label.attributes if isinstance(label.attributes, list) else []
    if not specs:
        return str(label.name)
    listed = ", ".join(f"{s.name}: {s.type_}{'*' if s.required is True else ''}" for s in specs)
    return f"{label.name} ({listed})"


def create_project(ctx: Context) -> int:
    """``annota projects create NAME``."""
    args = ctx.args
    labels = [dict(label) for label in args.labels]
    by_name = {label["name"]: label for label in labels}
    for label_name, spec in args.attributes:
        if label_name not in by_name:
            raise ConfigurationError(
                f"--attribute {label_name}/{spec['name']}: no --label {label_name}"
            )
        by_name[label_name].setdefault("attributes", []).append(spec)
    body: dict[str, Any] = {"name": args.name, "type": args.type, "labels": labels}
    if args.description:
        body["description"] = args.description
    project = ctx.client.projects.create(body)  # type: ignore[arg-type]
    ctx.output.item(project, PROJECTS.columns)
    return 0


def _project_commands(actions: Commands) -> None:
    creator = actions.add_parser("create", help="create a project")
    creator.add_argument("name")
    creator.add_argument(
        "--type",
        default="detection",
        choices=PROJECT_TYPES,
        metavar="TYPE",
        help="one of %(choices)s (default: detection)",
    )
    creator.add_argument(
        "--label",
        dest="labels",
        type=_label,
        action="append",
        default=[],
        metavar="NAME[:KIND]",
        help="a label, optionally with its kind (bbox, polygon, ...); repeat for more",
    )
    creator.add_argument(
        "--attribute",
        dest="attributes",
        type=_attribute,
        action="append",
        default=[],
        metavar="LABEL/NAME:TYPE[=VALUES][@DEFAULT][!]",
        help=(
            "an attribute a label declares: TYPE select (VALUES a,b,c), checkbox, number "
            "(VALUES MIN..MAX) or text; ! makes it required; repeat for more"
        ),
    )
    creator.add_argument("--description")
    creator.set_defaults(run=create_project)


PROJECTS = Resource(
    "projects",
    lambda ctx: ctx.client.projects,
    [
        Column("id"),
        Column("name"),
        Column("type"),
        Column("workspace", lambda p: p.workspace.slug),
        Column("labels", lambda p: ", ".join(_declared(label) for label in p.labels)),
        Column("assets", lambda p: p.statistics.assets),
        Column("annotations", lambda p: p.statistics.annotations),
    ],
    [
        Filter("search", "a part of the name or description"),
        Filter("name", "exact name"),
        Filter("type", "project type"),
    ],
    extra=_project_commands,
)


# ---------------------------------------------------------------------------------------- tasks
def create_task(ctx: Context) -> int:
    """``annota tasks create PROJECT NAME [FILE...]``: create, then upload the files."""
    args = ctx.args
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:  # before the task exists, so that a typo leaves no empty task behind
        raise ConfigurationError(f"no such file: {', '.join(missing)}")
    spec: dict[str, Any] = {"project": args.project, "name": args.name}
    if args.subset is not None:
        spec["subset"] = args.subset
    if args.segment_size is not None:
        spec["segment_size"] = args.segment_size
    task = ctx.client.tasks.create(spec)  # type: ignore[arg-type]
    if args.files:
        _upload(ctx, task)
    ctx.output.item(task, TASKS.columns)
    return 0


def upload_to_task(ctx: Context) -> int:
    """``annota tasks upload TASK FILE...``."""
    task = ctx.client.tasks.retrieve(ctx.args.task)
    ctx.output.items(_upload(ctx, task), ASSETS.columns)
    return 0


def _upload(ctx: Context, task: Any) -> list[Any]:
    """Upload the command's files into ``task`` with its ``--workers`` and ``--resume``."""
    args = ctx.args
    return list(
        task.upload_assets(
            args.files, pbar=ctx.output.progress(), workers=args.workers, resume=args.resume
        )
    )


def _upload_options(parser: Any) -> None:
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="requests in flight (default 1: assets in the order given; 4 moves many small "
        "files faster, each request's files placed as it finishes)",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="after an interrupted upload of the same files: send only what was not stored",
    )


def _task_commands(actions: Commands) -> None:
    creator = actions.add_parser("create", help="create a task, with files to upload")
    creator.add_argument("project", type=int, help="the project's id")
    creator.add_argument("name")
    creator.add_argument("files", nargs="*", type=Path, metavar="FILE", help="images to upload")
    creator.add_argument("--subset", help="train, val, test, ...")
    creator.add_argument("--segment-size", type=int, help="assets per job (default: 50)")
    _upload_options(creator)
    creator.set_defaults(run=create_task)

    uploader = actions.add_parser("upload", help="upload files as a task's next assets")
    uploader.add_argument("task", type=int, help="the task's id")
    uploader.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _upload_options(uploader)
    uploader.set_defaults(run=upload_to_task)


TASKS = Resource(
    "tasks",
    lambda ctx: ctx.client.tasks,
    [
        Column("id"),
        Column("project"),
        Column("name"),
        Column("status"),
        Column("subset", lambda t: t.subset or "-"),
        Column("assets", lambda t: t.asset_count),
        Column("segment size", lambda t: t.segment_size),
    ],
    [Filter("project", "the project's id", int), Filter("name", "exact name")],
    extra=_task_commands,
)


# --------------------------------------------------------------------------------------- assets
def download_assets(ctx: Context) -> int:
    """``annota assets download (ID... | --task TASK) -o DIR``."""
    args = ctx.args
    repo = ctx.client.assets
    if bool(args.ids) == (args.task is not None):
        raise ConfigurationError("assets download: give asset ids or --task, not both or none")
    assets = repo.list(task=args.task) if args.task is not None else map(repo.retrieve, args.ids)
    args.output.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    count = 0
    for asset in assets:
        # Assets of a task may share a name: a later one gets its id added, not the same file.
        name = Path(asset.name).name
        if name in taken:
            name = f"{Path(name).stem}-{asset.id}{Path(name).suffix}"
        taken.add(name)
        saved = asset.download(
            args.output / name, pbar=ctx.output.progress(), verify=not args.no_verify
        )
        print(saved, file=ctx.output.stdout)
        count += 1
    ctx.output.message(f"Downloaded {count} asset(s) to {args.output}.")
    return 0


def _asset_commands(actions: Commands) -> None:
    downloader = actions.add_parser("download", help="save assets' files in a directory")
    downloader.add_argument("ids", type=int, nargs="*", metavar="ID")
    downloader.add_argument("--task", type=int, help="every asset of this task")
    downloader.add_argument("-o", "--output", type=Path, default=Path("."), help="directory")
    downloader.add_argument(
        "--no-verify", action="store_true", help="skip the SHA-256 check (faster on fast links)"
    )
    downloader.set_defaults(run=download_assets)


ASSETS = Resource(
    "assets",
    lambda ctx: ctx.client.assets,
    [
        Column("id"),
        Column("task"),
        Column("job"),
        Column("position"),
        Column("name"),
        Column("type", lambda a: a.media_type),
        Column("size", lambda a: _size(a.size)),
        Column("width x height", lambda a: f"{a.width}x{a.height}" if a.width else None),
    ],
    [
        Filter("task", "the task's id", int),
        Filter("job", "the job's id", int),
        Filter("name", "exact file name"),
    ],
    extra=_asset_commands,
)


# ----------------------------------------------------------------------------------- operations
def wait_for(ctx: Context) -> int:
    """``annota operations wait ID``."""
    operation = ctx.client.operations.retrieve(ctx.args.id)
    operation.wait(ctx.args.timeout, pbar=ctx.output.progress())
    ctx.output.item(operation, OPERATIONS.columns)
    return 0


def cancel(ctx: Context) -> int:
    """``annota operations cancel ID``."""
    operation = ctx.client.operations.retrieve(ctx.args.id).cancel()
    ctx.output.item(operation, OPERATIONS.columns)
    return 0


def _operation_commands(actions: Commands) -> None:
    waiter = actions.add_parser("wait", help="wait until an operation has ended")
    waiter.add_argument("id", type=int)
    waiter.add_argument("--timeout", type=float, help="seconds (the operation goes on after)")
    waiter.set_defaults(run=wait_for)
    canceller = actions.add_parser("cancel", help="cancel a queued or running operation")
    canceller.add_argument("id", type=int)
    canceller.set_defaults(run=cancel)


OPERATIONS = Resource(
    "operations",
    lambda ctx: ctx.client.operations,
    [
        Column("id"),
        Column("kind"),
        Column("project"),
        Column("format"),
        Column("status"),
        Column("progress", lambda o: _percent(o.progress)),
        Column("message", lambda o: o.message or "-"),
    ],
    [Filter("project", "the project's id", int), Filter("status", "queued, running, ...")],
    removable=False,
    extra=_operation_commands,
)


# ----------------------------------------------------------------------------------- workspaces
def create_workspace(ctx: Context) -> int:
    """``annota workspaces create SLUG NAME``."""
    args = ctx.args
    spec: WorkspaceCreateRequestDict = {"slug": args.slug, "name": args.name}
    if args.description is not None:
        spec["description"] = args.description
    ctx.output.item(ctx.client.workspaces.create(spec), WORKSPACES.columns)
    return 0


def _workspace_commands(actions: Commands) -> None:
    creator = actions.add_parser("create", help="create a shared workspace (you own it)")
    creator.add_argument("slug", help="its short name in URLs and -w/--workspace")
    creator.add_argument("name")
    creator.add_argument("--description")
    creator.set_defaults(run=create_workspace)


WORKSPACES = Resource(
    "workspaces",
    # Every workspace the caller belongs to, whatever -w scopes the other commands to.
    lambda ctx: ctx.client.with_workspace(None).workspaces,
    [
        Column("id"),
        Column("slug"),
        Column("name"),
        Column("personal", lambda w: w.is_personal),
        Column("owner", lambda w: w.owner.username),
        Column("role", lambda w: w.role),
    ],
    [
        Filter("slug", "exact slug"),
        Filter("owner", "the owner's username"),
        Filter("sort", "id, name, created_at, -updated_at (last activity first), ..."),
    ],
    removable=False,
    extra=_workspace_commands,
)

# ---------------------------------------------------------------------------------------- users
USERS = Resource(
    "users",
    lambda ctx: ctx.client.users,
    [
        Column("id"),
        Column("username"),
        Column("name", lambda u: f"{u.first_name} {u.last_name}".strip() or "-"),
        Column("email", lambda u: u.email or "-"),
        Column("admin", lambda u: u.is_admin),
        Column("active", lambda u: u.is_active),
        Column("2fa", lambda u: u.two_factor_enabled),
    ],
    [
        Filter("username", "exact username"),
        Filter("email", "email address (letter case aside)"),
        Filter("name", "part of the full name"),
        Filter("search", "part of the username or name"),
    ],
    removable=False,
)

RESOURCES = [PROJECTS, TASKS, ASSETS, OPERATIONS, WORKSPACES, USERS]


def register(commands: Commands) -> None:
    """Add every resource's commands."""
    for resource in RESOURCES:
        register_resource(commands, resource)
