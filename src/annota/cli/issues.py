"""``annota issues``: review issues of jobs: list, show with comments, raise, answer, resolve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annota.cli.context import Context
from annota.cli.output import Column

if TYPE_CHECKING:
    from annota.cli.context import Commands


def _who(user: Any) -> str:
    return "-" if user is None else str(user.username)


def _where(issue: Any) -> str:
    region = issue.region
    pin = ""
    if region is not None:
        pin = f"{region.kind.value} " + " ".join(f"{p:g}" for p in region.points)
    return f"{pin} shape {issue.shape}".strip() if issue.shape is not None else pin


COLUMNS = [
    Column("id"),
    Column("job"),
    Column("asset"),
    Column("where", _where),
    Column("state", lambda i: "resolved" if i.resolved else "open"),
    Column("author", lambda i: _who(i.author)),
    Column("comments", lambda i: i.comment_count),
    Column("message"),
]
COMMENT_COLUMNS = [
    Column("id"),
    Column("author", lambda c: _who(c.author)),
    Column("created_at"),
    Column("message"),
]


def register(commands: Commands) -> None:
    """Add ``annota issues list|show|create|comment|resolve|reopen``."""
    parser = commands.add_parser("issues", help="review issues pinned to jobs' assets")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    lister = actions.add_parser("list", help="list issues (every job you see, or some)")
    for name in ("job", "task", "project", "asset"):
        lister.add_argument(f"--{name}", type=int, help=f"only issues of this {name} (its id)")
    lister.add_argument("--author", help="only issues raised by this username")
    state = lister.add_mutually_exclusive_group()
    state.add_argument("--open", action="store_true", help="only open issues")
    state.add_argument("--resolved", action="store_true", help="only resolved issues")
    lister.set_defaults(run=list_issues)

    shower = actions.add_parser("show", help="show an issue and its comments")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show)

    creator = actions.add_parser(
        "create",
        help="raise an issue on an asset of a job",
        description="Pin it to a point, a box or a shape (the job's reviewer or a maintainer).",
    )
    creator.add_argument("job", type=int, help="the job's id")
    creator.add_argument("asset", type=int, help="the id of an asset of the job")
    creator.add_argument("message", help="what is wrong")
    pin = creator.add_mutually_exclusive_group()
    pin.add_argument("--point", type=float, nargs=2, metavar=("X", "Y"), help="pin to a point")
    pin.add_argument(
        "--box", type=float, nargs=4, metavar=("X_MIN", "Y_MIN", "X_MAX", "Y_MAX"), help="or a box"
    )
    creator.add_argument("--shape", type=int, help="the id of a shape on the asset")
    creator.set_defaults(run=create)

    commenter = actions.add_parser("comment", help="answer an issue")
    commenter.add_argument("id", type=int)
    commenter.add_argument("message", help="the answer")
    commenter.set_defaults(run=comment)

    for verb, run in (("resolve", resolve), ("reopen", reopen)):
        changer = actions.add_parser(verb, help=f"{verb} an issue (optionally with a comment)")
        changer.add_argument("id", type=int)
        changer.add_argument("--comment", metavar="MESSAGE", help="answer it first")
        changer.set_defaults(run=run)


def list_issues(ctx: Context) -> int:
    """``annota issues list``."""
    args = ctx.args
    filters: dict[str, Any] = {
        name: getattr(args, name)
        for name in ("job", "task", "project", "asset", "author")
        if getattr(args, name) is not None
    }
    if args.open or args.resolved:
        filters["resolved"] = bool(args.resolved)
    ctx.output.items(ctx.client.issues.list(**filters), COLUMNS)
    return 0


def show(ctx: Context) -> int:
    """``annota issues show ID``: the issue, then its comments."""
    issue = ctx.client.issues.retrieve(ctx.args.id)
    ctx.output.item(issue, COLUMNS)
    comments = issue.get_comments()
    if not ctx.output.json_lines:
        print(file=ctx.output.stdout)
    ctx.output.items(comments, COMMENT_COLUMNS)
    return 0


def create(ctx: Context) -> int:
    """``annota issues create JOB ASSET MESSAGE --point X Y | --box ... | --shape ID``."""
    from annota.proxies.issues import JobIssues

    args = ctx.args
    region = args.point or args.box
    issues = JobIssues(ctx.client, args.job)  # no read of the job first: the server checks it
    issue = issues.create(args.asset, message=args.message, region=region, shape=args.shape)
    ctx.output.item(issue, COLUMNS)
    return 0


def comment(ctx: Context) -> int:
    """``annota issues comment ID MESSAGE``."""
    issue = ctx.client.issues.retrieve(ctx.args.id)
    ctx.output.item(issue.comment(ctx.args.message), COMMENT_COLUMNS)
    return 0


def _change(ctx: Context, resolved: bool) -> int:
    issue = ctx.client.issues.retrieve(ctx.args.id)
    if ctx.args.comment:
        issue.comment(ctx.args.comment)
    issue = issue.resolve() if resolved else issue.reopen()
    ctx.output.item(issue, COLUMNS)
    return 0


def resolve(ctx: Context) -> int:
    """``annota issues resolve ID [--comment MESSAGE]``."""
    return _change(ctx, True)


def reopen(ctx: Context) -> int:
    """``annota issues reopen ID [--comment MESSAGE]``."""
    return _change(ctx, False)
