"""``annota webhooks``: register URLs that the server sends events to, and see what it sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annota.cli.context import Context
from annota.cli.output import Column

if TYPE_CHECKING:
    from annota.cli.context import Commands

COLUMNS = [
    Column("id"),
    Column("workspace"),
    Column("project", lambda w: w.project or ""),
    Column("url"),
    Column("events", lambda w: ",".join(w.events)),
    Column("active", lambda w: "yes" if w.is_active else "no"),
]
CREATED_COLUMNS = [*COLUMNS, Column("secret", lambda w: w.secret or "")]
DELIVERY_COLUMNS = [
    Column("id"),
    Column("kind"),
    Column("status", lambda d: d.status.value),
    Column("attempts", lambda d: len(d.attempts)),
    Column("last_status", lambda d: d.attempts[-1].status_code if d.attempts else ""),
    Column("delivery_id"),
]


def register(commands: Commands) -> None:
    """Add ``annota webhooks list|show|create|delete|ping|deliveries|redeliver``."""
    parser = commands.add_parser("webhooks", help="URLs the server sends events to")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    lister = actions.add_parser("list", help="list the webhooks you manage")
    lister.set_defaults(run=list_webhooks)

    shower = actions.add_parser("show", help="show one webhook (never its secret)")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show)

    creator = actions.add_parser(
        "create", help="register a webhook (its secret is shown this once)"
    )
    creator.add_argument("url")
    creator.add_argument(
        "--event", dest="events", action="append", required=True,
        help="an event kind to send (repeat it; * for all)",
    )  # fmt: skip
    creator.add_argument("--project", type=int, help="only this project's events")
    creator.add_argument("--description", default="")
    creator.set_defaults(run=create)

    remover = actions.add_parser("delete", help="delete a webhook")
    remover.add_argument("id", type=int)
    remover.set_defaults(run=delete)

    pinger = actions.add_parser("ping", help="queue a ping delivery")
    pinger.add_argument("id", type=int)
    pinger.set_defaults(run=ping)

    history = actions.add_parser("deliveries", help="a webhook's deliveries, newest first")
    history.add_argument("id", type=int)
    history.set_defaults(run=deliveries)

    again = actions.add_parser("redeliver", help="send a delivery again")
    again.add_argument("id", type=int, help="the webhook's id")
    again.add_argument("delivery", type=int, help="the delivery's id")
    again.set_defaults(run=redeliver)


def list_webhooks(ctx: Context) -> int:
    """``annota webhooks list``."""
    ctx.output.items(ctx.client.webhooks.list(), COLUMNS)
    return 0


def show(ctx: Context) -> int:
    """``annota webhooks show ID``."""
    ctx.output.item(ctx.client.webhooks.retrieve(ctx.args.id), COLUMNS)
    return 0


def create(ctx: Context) -> int:
    """``annota webhooks create URL --event KIND...``."""
    args = ctx.args
    body: dict[str, object] = {"url": args.url, "events": args.events}
    if args.project is not None:
        body["project"] = args.project
    if args.description:
        body["description"] = args.description
    ctx.output.item(ctx.client.webhooks.create(body), CREATED_COLUMNS)  # type: ignore[arg-type]
    return 0


def delete(ctx: Context) -> int:
    """``annota webhooks delete ID``."""
    ctx.client.webhooks.retrieve(ctx.args.id).remove()
    return 0


def ping(ctx: Context) -> int:
    """``annota webhooks ping ID``: the queued delivery."""
    ctx.output.item(ctx.client.webhooks.retrieve(ctx.args.id).ping(), DELIVERY_COLUMNS)
    return 0


def deliveries(ctx: Context) -> int:
    """``annota webhooks deliveries ID``."""
    ctx.output.items(ctx.client.webhooks.retrieve(ctx.args.id).deliveries(), DELIVERY_COLUMNS)
    return 0


def redeliver(ctx: Context) -> int:
    """``annota webhooks redeliver ID DELIVERY``: the new delivery."""
    hook = ctx.client.webhooks.retrieve(ctx.args.id)
    ctx.output.item(hook.delivery(ctx.args.delivery).redeliver(), DELIVERY_COLUMNS)
    return 0
