"""``annota models`` and ``annota evaluations``: the model registry and evaluating predictions."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from annota.cli.context import Context
from annota.cli.output import Column

if TYPE_CHECKING:
    from annota.cli.context import Commands

MODEL_COLUMNS = [
    Column("id"),
    Column("workspace"),
    Column("name"),
    Column("versions", lambda m: m.version_count),
    Column("description"),
    Column("created", lambda m: m.created_at.isoformat(timespec="seconds")),
]
VERSION_COLUMNS = [
    Column("id"),
    Column("model", lambda v: v.model_name),
    Column("name"),
    Column("dataset version", lambda v: v.dataset_version),
    Column("artifact", lambda v: v.artifact and f"{v.artifact.name} ({v.artifact.size} B)"),
    Column("metadata", lambda v: json.dumps(v.metadata.to_dict(), sort_keys=True)),
    Column("created", lambda v: v.created_at.isoformat(timespec="seconds")),
]
ASSET_COLUMNS = [
    Column("asset"),
    Column("name"),
    Column("TP", lambda a: a.true_positives),
    Column("FP", lambda a: a.false_positives),
    Column("missed", lambda a: a.misses),
]


def register(commands: Commands) -> None:
    """Add ``annota models ...`` and ``annota evaluations ...``."""
    parser = commands.add_parser("models", help="registered models and their versions")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    lister = actions.add_parser("list", help="list models")
    lister.set_defaults(run=list_models)
    creator = actions.add_parser("create", help="register a model")
    creator.add_argument("name")
    creator.add_argument("--description")
    creator.set_defaults(run=create_model)
    versions = actions.add_parser("versions", help="list a model's versions, newest first")
    versions.add_argument("model", type=int, help="the model's id")
    versions.set_defaults(run=list_versions)
    adder = actions.add_parser("add-version", help="add a version to a model")
    adder.add_argument("model", type=int, help="the model's id")
    adder.add_argument("name")
    adder.add_argument("--metadata", help="free JSON (framework, parameters...)")
    adder.add_argument("--dataset-version", type=int, help="the dataset version it learnt from")
    adder.add_argument("--artifact", help="a file to store with it (its weights)")
    adder.set_defaults(run=add_version)
    remover = actions.add_parser("remove", help="delete a model with its versions")
    remover.add_argument("id", type=int)
    remover.set_defaults(run=remove_model)

    parser = commands.add_parser("evaluations", help="model versions against ground truth")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    runner = actions.add_parser("run", help="evaluate a model version's predictions in a project")
    runner.add_argument("project", type=int, help="the project's id")
    runner.add_argument("model_version", type=int, help="the model version's id")
    runner.add_argument(
        "--ground-truth",
        default="reviewed",
        type=_ground_truth,
        help="a dataset version's id, or 'reviewed' (accepted jobs; the default)",
    )
    runner.add_argument("--iou", type=float, default=0.5, help="the IoU of the table (0.5)")
    runner.add_argument(
        "--kinds", default="bbox", help="bbox, or polygon and/or mask, comma-separated"
    )
    runner.add_argument("--timeout", type=float, help="seconds to wait for the server")
    runner.set_defaults(run=run_evaluation)
    shower = actions.add_parser("show", help="print an evaluation's table")
    shower.add_argument("id", type=int)
    shower.set_defaults(run=show_evaluation)
    worst = actions.add_parser("assets", help="an evaluation's assets, worst first")
    worst.add_argument("id", type=int)
    worst.add_argument("--limit", type=int, default=20, help="how many (20)")
    worst.set_defaults(run=worst_assets)


def _ground_truth(text: str) -> str | int:
    """``reviewed`` or a dataset version's id."""
    if text == "reviewed":
        return text
    import argparse  # the parser has imported it already

    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a dataset version's id, or 'reviewed'") from None


def list_models(ctx: Context) -> int:
    """``annota models list``."""
    ctx.output.items(ctx.client.models.list(), MODEL_COLUMNS)
    return 0


def create_model(ctx: Context) -> int:
    """``annota models create NAME``."""
    model = ctx.client.models.create(ctx.args.name, description=ctx.args.description)
    ctx.output.item(model, MODEL_COLUMNS)
    return 0


def list_versions(ctx: Context) -> int:
    """``annota models versions MODEL``."""
    ctx.output.items(ctx.client.models.retrieve(ctx.args.model).get_versions(), VERSION_COLUMNS)
    return 0


def add_version(ctx: Context) -> int:
    """``annota models add-version MODEL NAME [--metadata JSON] [--artifact FILE]``."""
    args = ctx.args
    metadata: dict[str, Any] | None = None
    if args.metadata:
        try:
            metadata = json.loads(args.metadata)
        except json.JSONDecodeError as exc:
            ctx.output.message(f"--metadata is not JSON: {exc}")
            return 2
        if not isinstance(metadata, dict):
            ctx.output.message("--metadata must be a JSON object")
            return 2
    version = ctx.client.models.retrieve(args.model).create_version(
        args.name,
        metadata=metadata,
        dataset_version=args.dataset_version,
        artifact=args.artifact,
    )
    ctx.output.item(version, VERSION_COLUMNS)
    return 0


def remove_model(ctx: Context) -> int:
    """``annota models remove ID``."""
    ctx.client.models.retrieve(ctx.args.id).remove()
    ctx.output.message(f"Deleted model {ctx.args.id}.")
    return 0


def _print_table(ctx: Context, evaluation: Any) -> None:
    if ctx.output.json_lines:
        ctx.output.summary(evaluation.to_dict())
        return
    print(
        f"evaluation {evaluation.id}: model version {evaluation.model_version} against "
        f"{evaluation.ground_truth}, {evaluation.asset_count} assets, IoU {evaluation.iou:g}",
        file=ctx.output.stdout,
    )
    print(evaluation.table(), file=ctx.output.stdout)


def run_evaluation(ctx: Context) -> int:
    """``annota evaluations run PROJECT MODEL_VERSION``: evaluate, wait, print the table."""
    args = ctx.args
    evaluation = ctx.client.projects.retrieve(args.project).evaluate(
        args.model_version,
        ground_truth=args.ground_truth,
        iou=args.iou,
        kinds=[kind.strip() for kind in args.kinds.split(",") if kind.strip()],
        pbar=ctx.output.progress(),
        timeout=args.timeout,
    )
    _print_table(ctx, evaluation)
    return 0


def show_evaluation(ctx: Context) -> int:
    """``annota evaluations show ID``."""
    _print_table(ctx, ctx.client.evaluations.retrieve(ctx.args.id))
    return 0


def worst_assets(ctx: Context) -> int:
    """``annota evaluations assets ID``: the worst assets first."""
    assets = ctx.client.evaluations.retrieve(ctx.args.id).assets()
    ctx.output.items(assets[: ctx.args.limit], ASSET_COLUMNS)
    return 0
