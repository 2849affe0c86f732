"""``annota storages``: register S3 buckets and fill tasks from them without copying objects."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from annota.cli.context import Context
from annota.cli.output import Column
from annota.errors import InvalidRequestError

if TYPE_CHECKING:
    from annota.cli.context import Commands

COLUMNS = [
    Column("id"),
    Column("workspace"),
    Column("name"),
    Column("bucket"),
    Column("prefix"),
    Column("endpoint", lambda s: s.endpoint_url or ""),
]
ASSET_COLUMNS = [Column("id"), Column("name"), Column("width"), Column("height")]
KEY_ID_ENV = "ANNOTA_BUCKET_ACCESS_KEY_ID"
SECRET_ENV = "ANNOTA_BUCKET_SECRET_ACCESS_KEY"


def register(commands: Commands) -> None:
    """Add ``annota storages list|show|create|fill``."""
    parser = commands.add_parser("storages", help="S3 buckets whose objects tasks reference")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    lister = actions.add_parser("list", help="list the registered buckets")
    lister.set_defaults(run=list_storages)

    shower = actions.add_parser("show", help="show one registered bucket")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show)

    creator = actions.add_parser(
        "create",
        help="register a bucket",
        description=f"The credentials come from {KEY_ID_ENV} and {SECRET_ENV}, else a prompt "
        "(never the command line, which shells keep in their history).",
    )
    creator.add_argument("name")
    creator.add_argument("bucket")
    creator.add_argument("--prefix", default="", help="only objects under this folder")
    creator.add_argument("--endpoint-url", help="the S3 endpoint (MinIO, Ceph...); none for AWS")
    creator.add_argument("--region")
    creator.set_defaults(run=create)

    filler = actions.add_parser("fill", help="make a bucket's images assets of a task")
    filler.add_argument("task", type=int, help="the task's id")
    filler.add_argument("storage", type=int, help="the registered bucket's id")
    filler.add_argument("--prefix", default="", help="only objects under this folder")
    filler.set_defaults(run=fill)


def list_storages(ctx: Context) -> int:
    """``annota storages list``."""
    ctx.output.items(ctx.client.storages.list(), COLUMNS)
    return 0


def show(ctx: Context) -> int:
    """``annota storages show ID``."""
    ctx.output.item(ctx.client.storages.retrieve(ctx.args.id), COLUMNS)
    return 0


def _credential(variable: str, prompt: str) -> str:
    import getpass  # only when a secret must be asked for (`--help` stays light)

    value = os.environ.get(variable) or getpass.getpass(prompt)
    if not value:
        raise InvalidRequestError(f"no {prompt.rstrip(': ')} (set {variable})")
    return value


def create(ctx: Context) -> int:
    """``annota storages create NAME BUCKET``: the server checks the bucket, then keeps it."""
    args = ctx.args
    storage = ctx.client.storages.create(
        {
            "name": args.name,
            "bucket": args.bucket,
            "prefix": args.prefix,
            "endpoint_url": args.endpoint_url,
            "region": args.region,
            "access_key_id": _credential(KEY_ID_ENV, "Access key id: "),
            "secret_access_key": _credential(SECRET_ENV, "Secret access key: "),
        }
    )
    ctx.output.item(storage, COLUMNS)
    return 0


def fill(ctx: Context) -> int:
    """``annota storages fill TASK STORAGE``: the new assets, then what was skipped."""
    args = ctx.args
    task = ctx.client.tasks.retrieve(args.task)
    added = task.add_assets_from(args.storage, prefix=args.prefix)
    ctx.output.items(added.assets, ASSET_COLUMNS)
    for skipped in added.skipped:
        ctx.output.message(f"Skipped {skipped.name}: {skipped.reason}")
    return 0
