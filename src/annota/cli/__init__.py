"""The ``annota`` command: everyday work on an annota server from a shell.

::

    annota login https://annota.example.com          # saves a token in ~/.annota
    annota projects create cats --label cat:bbox --label dog:bbox
    annota tasks create 1 "batch 1" images/*.jpg     # with a progress bar
    annota export 1 out/ --format coco --images
    annota projects list --json | jq .name

Credentials come from ``--host``/``--token``, then where :func:`annota.connect` looks (the
environment, ``.annota`` files). Tables are drawn with rich when the ``cli`` extra is
installed. Exit codes: 0 done, 1 the server or the operation refused, 2 a usage or
configuration error, 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from annota._version import __version__
from annota.cli.context import Context
from annota.cli.output import Output
from annota.errors import AnnotaError, ConfigurationError, InvalidRequestError

if TYPE_CHECKING:
    import argparse

__all__ = ["build_parser", "main"]

JSON_HELP = "print JSON, one object per line, instead of tables"

# The options every command takes, before or after the command's name.
GLOBAL_OPTIONS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("--host",), {"help": "the server (default: ANNOTA_HOST, .annota files)"}),
    (("--token",), {"help": "a personal access token (default: ANNOTA_TOKEN, ...)"}),
    (("-w", "--workspace"), {"help": "the workspace (slug, id or name) that scopes the command"}),
    (("--json",), {"action": "store_true", "help": JSON_HELP}),
]


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options, then a command."""
    import argparse  # with gettext, not needed by `annota --version`

    parser = argparse.ArgumentParser(
        prog="annota", description="Work with an annota server from the shell."
    )
    parser.add_argument("--version", action="version", version=f"annota {__version__}")
    for flags, options in GLOBAL_OPTIONS:
        parser.add_argument(*flags, **options)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # The command modules are imported here, not with the package: `annota --version` needs
    # none of them (they import the API's models only when a command runs).
    from annota.cli import (
        completion,
        datasets,
        issues,
        models,
        predictions,
        resources,
        security,
        session,
        storages,
        versions,
        webhooks,
    )

    session.register(commands)
    resources.register(commands)
    datasets.register(commands)
    predictions.register(commands)
    versions.register(commands)
    models.register(commands)
    storages.register(commands)
    issues.register(commands)
    webhooks.register(commands)
    security.register(commands)
    completion.register(commands, parser)
    for command in _leaves(parser):
        # `annota projects list --host X` as well as `annota --host X projects list`: every
        # command takes the global options too; SUPPRESS keeps its default from overwriting
        # the global one. A command's own argument of the same name wins (login's host).
        taken = {action.dest for action in command._actions}
        for flags, options in GLOBAL_OPTIONS:
            dest = flags[-1].lstrip("-").replace("-", "_")
            if dest not in taken:
                command.add_argument(*flags, **{**options, "default": argparse.SUPPRESS})
    return parser


def _leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parsers that run a command (those without commands of their own)."""
    import argparse

    children = [
        child
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for child in action.choices.values()
    ]
    if not children:
        return [parser]
    return [leaf for child in children for leaf in _leaves(child)]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns its exit code."""
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(f"annota {__version__}")  # what argparse would print, without building it
        return 0
    args = build_parser().parse_args(argv)
    output = Output(json_lines=args.json)
    ctx = Context(args, output)
    try:
        code: int = args.run(ctx)
        return code
    except (ConfigurationError, InvalidRequestError) as exc:
        output.message(f"annota: {exc}")
        return 2
    except (AnnotaError, OSError) as exc:  # OSError: a file to upload is missing, say
        output.message(f"annota: {exc}")
        return 1
    except KeyboardInterrupt:
        output.message("annota: interrupted")
        return 130
    finally:
        ctx.close()
