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

import argparse
from collections.abc import Sequence

from annota import __version__
from annota.cli import datasets, resources, security, session
from annota.cli.context import Context
from annota.cli.output import Output
from annota.errors import AnnotaError, ConfigurationError, InvalidRequestError

__all__ = ["build_parser", "main"]

JSON_HELP = "print JSON, one object per line, instead of tables"


def build_parser() -> argparse.ArgumentParser:
    """The command line: global options, then a command."""
    parser = argparse.ArgumentParser(
        prog="annota", description="Work with an annota server from the shell."
    )
    parser.add_argument("--version", action="version", version=f"annota {__version__}")
    parser.add_argument("--host", help="the server (default: ANNOTA_HOST, .annota files)")
    parser.add_argument("--token", help="a personal access token (default: ANNOTA_TOKEN, ...)")
    parser.add_argument("-w", "--workspace", help="the workspace slug that scopes the command")
    parser.add_argument("--json", action="store_true", help=JSON_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    session.register(commands)
    resources.register(commands)
    datasets.register(commands)
    security.register(commands)
    for command in _leaves(parser):
        # `annota projects list --json` as well as `annota --json projects list`; SUPPRESS
        # keeps a command's default from overwriting the global option.
        command.add_argument(
            "--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP
        )
    return parser


def _leaves(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parsers that run a command (those without commands of their own)."""
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
